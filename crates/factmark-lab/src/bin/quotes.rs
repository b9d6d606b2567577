//! Scores the quote detector against PolNeAR's attribution annotations.
//!
//! `quotes score [--split dev|train] [--show missed|wrong|speakers|terms]`
//! `quotes list`: the quotes of the article on stdin, with label and speaker (for debugging
//! a rule on a text of one's own).
//!
//! Counted as `../shared/data/README.md` says: only statement quotes count; a predicted quote
//! is right when at least half of it lies in one gold Content; a gold direct quote (a Content
//! holding quotation marks) is found when at least half of the text between its quotation
//! marks is covered by predicted quotes; a speaker is right when its span overlaps the gold
//! Source of the Content its quote lies in. Annotations come from the first annotator that
//! `metadata.tsv` lists for each article. Brat offsets count code points; they are converted
//! to byte spans through `OffsetMap`.

use anyhow::{bail, Context, Result};
use factmark_core::{quotes::QuoteMention, Label, OffsetMap, Span};
use factmark_lab::{data_dir, Counts};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut split = "dev".to_owned();
    let mut show = None;
    let mut rest = args.iter();
    match rest.next().map(String::as_str) {
        Some("score") => {}
        Some("list") => return list(),
        _ => bail!("usage: quotes score [--split dev|train] [--show missed|wrong|speakers|terms]"),
    }
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--split" => split = rest.next().context("--split needs dev or train")?.clone(),
            "--show" => {
                show = Some(
                    rest.next()
                        .context("--show needs missed, wrong or speakers")?
                        .clone(),
                )
            }
            other => bail!("unknown argument {other}"),
        }
    }
    score(&split, show.as_deref())
}

/// Prints each quote of the text on stdin with its label and speaker.
fn list() -> Result<()> {
    let text = std::io::read_to_string(std::io::stdin()).context("reading stdin")?;
    for quote in factmark_core::analyze(&text).quotes {
        let speaker = quote.speaker.map_or("-", |s| s.span.slice(&text));
        println!("{:?}\t{:?}\t{speaker}", quote.label, quote.span.slice(&text));
    }
    Ok(())
}

/// One attribution event of the gold annotation, in byte spans.
struct Attribution {
    content: Vec<Span>,
    source: Vec<Span>,
}

fn score(split: &str, show: Option<&str>) -> Result<()> {
    let root = data_dir().join("quotes/polnear");
    let annotators = first_annotators(&root.join("metadata.tsv"))?;
    let text_dir = root.join(split).join("text");
    let mut names: Vec<String> = fs::read_dir(&text_dir)
        .with_context(|| format!("reading {}", text_dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();

    let mut predicted = Counts::default();
    let mut recalled = Counts::default();
    let (mut speakers_right, mut speakers_judged) = (0usize, 0usize);
    for name in &names {
        let text = fs::read_to_string(text_dir.join(format!("{name}.txt")))?;
        let annotator = annotators
            .get(name)
            .with_context(|| format!("{name} is not in metadata.tsv"))?;
        let ann_path = root
            .join(split)
            .join("attributions")
            .join(format!("{name}_{annotator}.ann"));
        let ann = fs::read_to_string(&ann_path).with_context(|| format!("reading {}", ann_path.display()))?;
        let offsets = OffsetMap::new(&text);
        let gold = parse_ann(&ann, &offsets);
        let all = factmark_core::analyze(&text).quotes;
        if show == Some("terms") {
            for term in all.iter().filter(|q| q.label == Label::Term) {
                let inside = gold
                    .iter()
                    .map(|a| overlap(&text, term.span, &a.content))
                    .max()
                    .unwrap_or(0);
                let verdict = if 2 * inside >= chars(&text, term.span) {
                    "IN "
                } else {
                    "OUT"
                };
                println!("TERM {verdict} {:?}", context(&text, term.span));
            }
        }
        let quotes: Vec<QuoteMention> = all.into_iter().filter(|q| q.label == Label::Statement).collect();

        // Precision and speakers: each predicted statement against the Content holding most of it.
        for quote in &quotes {
            let best = gold
                .iter()
                .map(|a| (overlap(&text, quote.span, &a.content), a))
                .max_by_key(|(covered, _)| *covered);
            let length = chars(&text, quote.span);
            match best {
                Some((covered, attribution)) if 2 * covered >= length && length > 0 => {
                    predicted.true_positives += 1;
                    if !attribution.source.is_empty() {
                        speakers_judged += 1;
                        let right = quote
                            .speaker
                            .as_ref()
                            .is_some_and(|s| attribution.source.iter().any(|g| g.overlaps(s.span)));
                        speakers_right += usize::from(right);
                        if !right && show == Some("speakers") {
                            let said = quote.speaker.as_ref().map_or("-", |s| s.span.slice(&text));
                            let gold: Vec<&str> = attribution.source.iter().map(|s| s.slice(&text)).collect();
                            println!(
                                "SPEAKER {name}: {:?} gave {said:?}, gold {gold:?}",
                                context(&text, quote.span)
                            );
                        }
                    }
                }
                _ => {
                    predicted.false_positives += 1;
                    if show == Some("wrong") {
                        println!("WRONG {name}: {:?}", context(&text, quote.span));
                    }
                }
            }
        }

        // Recall: the text between each gold direct quote's marks, covered by predicted quotes.
        let predicted_spans: Vec<Span> = quotes.iter().map(|q| q.span).collect();
        for attribution in &gold {
            let Some(between) = between_marks(&text, &attribution.content) else {
                continue;
            };
            let total: usize = between.iter().map(|&s| chars(&text, s)).sum();
            let covered: usize = between.iter().map(|&s| overlap(&text, s, &predicted_spans)).sum();
            if total == 0 {
                continue;
            }
            if 2 * covered >= total {
                recalled.true_positives += 1;
            } else {
                recalled.false_negatives += 1;
                if show == Some("missed") {
                    let shown: Vec<String> = between.iter().map(|&s| context(&text, s)).collect();
                    println!("MISSED {name}: {shown:?}");
                }
            }
        }
    }

    let (p, r) = (predicted.precision(), recalled.recall());
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    println!("split {split}: {} articles", names.len());
    println!(
        "direct quotes  P {:5.1}  R {:5.1}  F1 {:5.1}",
        100.0 * p,
        100.0 * r,
        100.0 * f1
    );
    println!("  predicted statements: {}", predicted.summary());
    println!("  gold direct quotes:   {}", recalled.summary());
    let accuracy = if speakers_judged == 0 {
        0.0
    } else {
        speakers_right as f64 / speakers_judged as f64
    };
    println!(
        "speaker accuracy {:5.1}  ({speakers_right} of {speakers_judged} right quotes with a gold Source)",
        100.0 * accuracy
    );
    Ok(())
}

/// Article name → the first annotator listed for it.
fn first_annotators(path: &Path) -> Result<HashMap<String, String>> {
    let metadata = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = metadata.lines();
    let header: Vec<&str> = lines
        .next()
        .context("metadata.tsv is empty")?
        .split('\t')
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("no {name} column"))
    };
    let (file, annotators) = (column("filename")?, column("annotators")?);
    let mut map = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if let (Some(name), Some(list)) = (fields.get(file), fields.get(annotators)) {
            if let Some(first) = list.split('|').next() {
                map.insert((*name).to_owned(), first.to_owned());
            }
        }
    }
    Ok(map)
}

/// The attribution events of a brat `.ann` file. Text-bound lines give typed spans in code
/// points (`T3\tContent 10 20;25 40\t…`); event lines join them by role.
fn parse_ann(ann: &str, offsets: &OffsetMap) -> Vec<Attribution> {
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = body.split_once(' ') else {
                continue;
            };
            let fragments = ranges
                .split(';')
                .filter_map(|range| {
                    let (start, end) = range.trim().split_once(' ')?;
                    Some(offsets.chars_to_span(start.parse().ok()?, end.parse().ok()?))
                })
                .collect();
            spans.insert(id, fragments);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    events
        .into_iter()
        .filter_map(|body| {
            let mut content = Vec::new();
            let mut source = Vec::new();
            for role in body.split(' ') {
                let Some((name, target)) = role.split_once(':') else {
                    continue;
                };
                let found = spans.get(target).cloned().unwrap_or_default();
                if name.starts_with("Content") {
                    content.extend(found);
                } else if name == "Source" {
                    source.extend(found);
                }
            }
            (!content.is_empty()).then_some(Attribution { content, source })
        })
        .collect()
}

/// For a Content holding double quotation marks, the parts of it between its first and last
/// mark (to its end, or from its start, when it holds one mark); `None` for other Contents.
fn between_marks(text: &str, content: &[Span]) -> Option<Vec<Span>> {
    let mut marks = Vec::new();
    for fragment in content {
        let slice = fragment.slice(text);
        let mut iter = slice.char_indices().peekable();
        while let Some((offset, c)) = iter.next() {
            let start = fragment.start + offset;
            let two_apostrophes = c == '\'' && iter.peek().is_some_and(|&(_, n)| n == '\'');
            if two_apostrophes {
                iter.next();
                marks.push(Span::new(start, start + 2));
            } else if matches!(c, '"' | '“' | '”' | '„' | '«' | '»') {
                marks.push(Span::new(start, start + c.len_utf8()));
            }
        }
    }
    let first = *marks.first()?;
    let start = content.iter().map(|s| s.start).min()?;
    let end = content.iter().map(|s| s.end).max()?;
    // Marks pair up in order; a lone last mark opens a quote that runs to the Content's end,
    // or closes one that began before it when it is followed by a space.
    let mut regions: Vec<Span> = marks
        .chunks(2)
        .map(|pair| match pair {
            [open, close] => Span::new(open.end, close.start.max(open.end)),
            _ => {
                let opens = text[first.end..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace());
                if marks.len() > 1 || opens {
                    Span::new(pair[0].end, end.max(pair[0].end))
                } else {
                    Span::new(start, pair[0].start)
                }
            }
        })
        .collect();
    regions.retain(|r| !r.is_empty());
    Some(
        content
            .iter()
            .flat_map(|s| {
                regions.iter().filter_map(move |r| {
                    let (start, end) = (s.start.max(r.start), s.end.min(r.end));
                    (start < end).then(|| Span::new(start, end))
                })
            })
            .collect(),
    )
}
/// Code points of `span` that lie in any of `spans`.
fn overlap(text: &str, span: Span, spans: &[Span]) -> usize {
    let mut cuts: Vec<Span> = spans
        .iter()
        .filter_map(|s| {
            let (start, end) = (s.start.max(span.start), s.end.min(span.end));
            (start < end).then(|| Span::new(start, end))
        })
        .collect();
    cuts.sort();
    let mut total = 0;
    let mut reached = span.start;
    for cut in cuts {
        let start = cut.start.max(reached);
        if start < cut.end {
            total += chars(text, Span::new(start, cut.end));
            reached = cut.end;
        }
    }
    total
}

fn chars(text: &str, span: Span) -> usize {
    span.slice(text).chars().count()
}

/// The span with a little of the text around it, on one line, for error listings.
fn context(text: &str, span: Span) -> String {
    let start = floor(text, span.start.saturating_sub(60));
    let end = floor(text, (span.end + 60).min(text.len()));
    format!(
        "{}[[{}]]{}",
        &text[start..span.start],
        span.slice(text),
        &text[span.end..end]
    )
    .replace('\n', "|")
}

fn floor(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
