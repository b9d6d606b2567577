//! Scores the quote detector against PolNeAR's attribution annotations.
//!
//! `quotes score`: the speaker ranker cross-validated on train (5 folds by article, each scored
//! by a ranker trained on the other four), then dev with the shipped ranker; each beside the
//! rules alone. `quotes score --split dev|train`: one split with the shipped ranker.
//! `--show missed|wrong|speakers|terms|unreachable` lists errors.
//! `quotes train [--epochs N] [--rate R] [--l2 L] [--perceptron]`: fits the speaker ranker on all
//! of train and writes `crates/factmark-core/data/speakers.weights` (deterministic).
//! `quotes list`: the quotes of the article on stdin, with label and speaker (for debugging
//! a rule on a text of one's own).
//!
//! Counted as `../shared/data/README.md` says: only statement quotes count; a predicted quote
//! is right when at least half of it lies in one gold Content; a gold direct quote (a Content
//! holding quotation marks) is found when at least half of the text between its quotation
//! marks is covered by predicted quotes; a speaker is right when its span overlaps the gold
//! Source of the Content its quote lies in; quote + speaker counts a quote when it matches and
//! its speaker is right (or its Content has no Source). Annotations come from the first annotator that
//! `metadata.tsv` lists for each article. Brat offsets count code points; they are converted
//! to byte spans through `OffsetMap`.

use anyhow::{bail, Context, Result};
use factmark_core::quotes::{self, ranker::Ranker, Ranked};
use factmark_core::{Label, OffsetMap, Span};
use factmark_lab::{data_dir, harmonic, ratio, Counts, Rng};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut split = None;
    let mut show = None;
    let mut fitting = Fitting {
        epochs: EPOCHS,
        softmax: true,
        rate: RATE,
        l2: L2,
    };
    let mut rest = args.iter();
    let command = rest.next().map(String::as_str);
    match command {
        Some("score" | "train") => {}
        Some("list") => return list(),
        _ => bail!(
            "usage: quotes score [--split dev|train] [--show missed|wrong|speakers|terms|unreachable] | quotes train [--epochs N] [--rate R] [--l2 L] [--perceptron] | quotes list"
        ),
    }
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--split" => split = Some(rest.next().context("--split needs dev or train")?.clone()),
            "--show" => {
                show = Some(
                    rest.next()
                        .context("--show needs missed, wrong, speakers, terms or unreachable")?
                        .clone(),
                )
            }
            "--epochs" => fitting.epochs = number(rest.next(), "--epochs")?,
            "--rate" => fitting.rate = number(rest.next(), "--rate")?,
            "--l2" => fitting.l2 = number(rest.next(), "--l2")?,
            "--perceptron" => fitting.softmax = false,
            other => bail!("unknown argument {other}"),
        }
    }
    if command == Some("train") {
        return train(fitting);
    }
    match split {
        Some(split) => score(&split, show.as_deref()),
        None => {
            // The k-fold figures on train, then dev with the shipped ranker.
            cross_validate(fitting, show.as_deref())?;
            score("dev", show.as_deref())
        }
    }
}

/// Passes over the training quotes.
const EPOCHS: usize = 10;
/// The AdaGrad step of the log-linear ranker.
const RATE: f64 = 0.1;
/// The L2 penalty of the log-linear ranker, per step.
const L2: f64 = 0.0001;

fn number<T: std::str::FromStr>(value: Option<&String>, flag: &str) -> Result<T> {
    value
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("{flag} needs a number"))
}

impl Fitting {
    fn describe(&self) -> String {
        if self.softmax {
            format!(
                "log-linear, {} epochs, rate {}, l2 {}",
                self.epochs, self.rate, self.l2
            )
        } else {
            format!("averaged perceptron, {} epochs", self.epochs)
        }
    }

    /// The `train` arguments that reproduce this fitting.
    fn arguments(&self) -> String {
        if self.softmax {
            format!("--epochs {} --rate {} --l2 {}", self.epochs, self.rate, self.l2)
        } else {
            format!("--perceptron --epochs {}", self.epochs)
        }
    }
}
/// Folds of the cross-validation on train, by article.
const FOLDS: usize = 5;
/// Where the shipped weights live, relative to the lab crate.
const WEIGHTS_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../factmark-core/data/speakers.weights"
);

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

/// One article of a split: its text, gold attributions and the quotes the rules find, with
/// their speaker candidates.
struct Document {
    name: String,
    text: String,
    gold: Vec<Attribution>,
    ranked: Vec<Ranked>,
}

fn load(split: &str) -> Result<Vec<Document>> {
    let root = data_dir().join("quotes/polnear");
    let metadata = root.join("metadata.tsv");
    if !metadata.exists() {
        bail!(
            "{} is missing: set FACTMARK_DATA to the shared data directory",
            metadata.display()
        );
    }
    let annotators = first_annotators(&metadata)?;
    let text_dir = root.join(split).join("text");
    let mut names: Vec<String> = fs::read_dir(&text_dir)
        .with_context(|| format!("reading {}", text_dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(text_dir.join(format!("{name}.txt")))?;
            let annotator = annotators
                .get(&name)
                .with_context(|| format!("{name} is not in metadata.tsv"))?;
            let ann_path = root
                .join(split)
                .join("attributions")
                .join(format!("{name}_{annotator}.ann"));
            let ann =
                fs::read_to_string(&ann_path).with_context(|| format!("reading {}", ann_path.display()))?;
            let gold = parse_ann(&ann, &OffsetMap::new(&text));
            let entities = factmark_core::entities::detect(&text);
            let ranked = quotes::candidates(&text, &entities);
            Ok(Document {
                name,
                text,
                gold,
                ranked,
            })
        })
        .collect()
}

/// The gold attribution holding most of a predicted quote, when it holds at least half of it.
fn matching<'a>(doc: &'a Document, quote: Span) -> Option<&'a Attribution> {
    let length = chars(&doc.text, quote);
    let (covered, best) = doc
        .gold
        .iter()
        .map(|a| (overlap(&doc.text, quote, &a.content), a))
        .max_by_key(|(covered, _)| *covered)?;
    (2 * covered >= length && length > 0).then_some(best)
}

fn speaker_right(attribution: &Attribution, speaker: Option<Span>) -> bool {
    speaker.is_some_and(|s| attribution.source.iter().any(|g| g.overlaps(s)))
}

/// What the scores count, summed over articles.
#[derive(Default)]
struct Figures {
    predicted: Counts,
    recalled: Counts,
    speakers_right: usize,
    speakers_judged: usize,
    /// A quote counts when it matches and its speaker is right (or its Content has no Source).
    with_speaker: Counts,
    recalled_with_speaker: Counts,
}

impl Figures {
    fn print(&self, title: &str) {
        let (p, r) = (self.predicted.precision(), self.recalled.recall());
        let f1 = harmonic(p, r);
        let (ps, rs) = (self.with_speaker.precision(), self.recalled_with_speaker.recall());
        println!("{title}");
        println!(
            "  direct quotes      P {:5.1}  R {:5.1}  F1 {:5.1}",
            100.0 * p,
            100.0 * r,
            100.0 * f1
        );
        println!(
            "  speaker accuracy   {:5.1}  ({} of {} right quotes with a gold Source)",
            100.0 * ratio(self.speakers_right, self.speakers_judged),
            self.speakers_right,
            self.speakers_judged
        );
        println!(
            "  quote + speaker    P {:5.1}  R {:5.1}  F1 {:5.1}",
            100.0 * ps,
            100.0 * rs,
            100.0 * harmonic(ps, rs)
        );
    }
}

/// Scores one article's statements, their speakers given by `speaker` (quote index → span).
fn evaluate(
    doc: &Document,
    speaker: &dyn Fn(usize) -> Option<Span>,
    show: Option<&str>,
    figures: &mut Figures,
) {
    let text = &doc.text;
    let name = &doc.name;
    if show == Some("terms") {
        for term in doc
            .ranked
            .iter()
            .map(|r| &r.quote)
            .filter(|q| q.label == Label::Term)
        {
            let inside = doc
                .gold
                .iter()
                .map(|a| overlap(text, term.span, &a.content))
                .max()
                .unwrap_or(0);
            let verdict = if 2 * inside >= chars(text, term.span) {
                "IN "
            } else {
                "OUT"
            };
            println!("TERM {verdict} {:?}", context(text, term.span));
        }
    }
    let statements: Vec<(usize, Span)> = doc
        .ranked
        .iter()
        .enumerate()
        .filter(|(_, r)| r.quote.label == Label::Statement)
        .map(|(i, r)| (i, r.quote.span))
        .collect();
    // Quotes whose speaker is right, for the recall of quote + speaker.
    let mut right_spans: Vec<(Span, usize)> = Vec::new();
    for &(index, span) in &statements {
        let said = speaker(index);
        match matching(doc, span) {
            Some(attribution) => {
                figures.predicted.true_positives += 1;
                let right = speaker_right(attribution, said);
                if attribution.source.is_empty() || right {
                    figures.with_speaker.true_positives += 1;
                    let which = doc
                        .gold
                        .iter()
                        .position(|a| std::ptr::eq(a, attribution))
                        .unwrap_or(usize::MAX);
                    right_spans.push((span, which));
                } else {
                    figures.with_speaker.false_positives += 1;
                }
                if !attribution.source.is_empty() {
                    figures.speakers_judged += 1;
                    figures.speakers_right += usize::from(right);
                    if !right && show == Some("speakers") {
                        let said = said.map_or("-", |s| s.slice(text));
                        let gold: Vec<&str> = attribution.source.iter().map(|s| s.slice(text)).collect();
                        println!(
                            "SPEAKER {name}: {:?} gave {said:?}, gold {gold:?}",
                            context(text, span)
                        );
                    }
                }
            }
            None => {
                figures.predicted.false_positives += 1;
                figures.with_speaker.false_positives += 1;
                if show == Some("wrong") {
                    println!("WRONG {name}: {:?}", context(text, span));
                }
            }
        }
    }

    // Recall: the text between each gold direct quote's marks, covered by predicted quotes.
    let predicted_spans: Vec<Span> = statements.iter().map(|&(_, s)| s).collect();
    for (which, attribution) in doc.gold.iter().enumerate() {
        let Some(between) = between_marks(text, &attribution.content) else {
            continue;
        };
        let total: usize = between.iter().map(|&s| chars(text, s)).sum();
        if total == 0 {
            continue;
        }
        let covered: usize = between.iter().map(|&s| overlap(text, s, &predicted_spans)).sum();
        let found = 2 * covered >= total;
        if found {
            figures.recalled.true_positives += 1;
        } else {
            figures.recalled.false_negatives += 1;
            if show == Some("missed") {
                let shown: Vec<String> = between.iter().map(|&s| context(text, s)).collect();
                println!("MISSED {name}: {shown:?}");
            }
        }
        let right: Vec<Span> = right_spans
            .iter()
            .filter(|&&(_, w)| w == which)
            .map(|&(s, _)| s)
            .collect();
        let covered_right: usize = between.iter().map(|&s| overlap(text, s, &right)).sum();
        if 2 * covered_right >= total {
            figures.recalled_with_speaker.true_positives += 1;
        } else {
            figures.recalled_with_speaker.false_negatives += 1;
        }
    }
}

fn rules_speaker(doc: &Document, index: usize) -> Option<Span> {
    doc.ranked[index].quote.speaker.as_ref().map(|s| s.span)
}

fn score(split: &str, show: Option<&str>) -> Result<()> {
    let docs = load(split)?;
    let ranker = Ranker::embedded();
    let mut rules = Figures::default();
    let mut shipped = Figures::default();
    for doc in &docs {
        evaluate(doc, &|i| rules_speaker(doc, i), None, &mut rules);
        let chosen = quotes::speakers(&doc.ranked, ranker);
        evaluate(doc, &|i| chosen[i], show, &mut shipped);
    }
    println!("split {split}: {} articles", docs.len());
    rules.print("rules alone");
    shipped.print("rules + shipped speaker ranker");
    Ok(())
}

/// One training quote: each candidate's features and whether it overlaps the gold Source.
struct Example {
    candidates: Vec<Vec<u16>>,
    right: Vec<bool>,
}

fn examples(doc: &Document) -> Vec<Example> {
    doc.ranked
        .iter()
        .filter(|r| r.quote.label == Label::Statement && !r.candidates.is_empty())
        .filter_map(|r| {
            let attribution = matching(doc, r.quote.span).filter(|a| !a.source.is_empty())?;
            let right: Vec<bool> = r
                .candidates
                .iter()
                .map(|c| speaker_right(attribution, Some(c.span)))
                .collect();
            right.contains(&true).then(|| Example {
                candidates: r.candidates.iter().map(|c| c.features.to_vec()).collect(),
                right,
            })
        })
        .collect()
}

/// How the ranker is fitted: an averaged perceptron, or a log-linear (softmax) ranker.
#[derive(Clone, Copy)]
struct Fitting {
    epochs: usize,
    softmax: bool,
    rate: f64,
    l2: f64,
}

fn fit(examples: &[&Example], fitting: Fitting) -> Ranker {
    if fitting.softmax {
        fit_softmax(examples, fitting)
    } else {
        fit_perceptron(examples, fitting.epochs)
    }
}

/// The examples in a fixed pseudo-random order for each epoch, so training is deterministic.
fn shuffle(order: &mut [usize], rng: &mut Rng) {
    for i in (1..order.len()).rev() {
        order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
}

fn dot(weights: &[f64], features: &[u16]) -> f64 {
    features.iter().map(|&f| weights[f as usize]).sum()
}

/// A log-linear ranker: the probability of each candidate is the softmax of its score, and
/// training raises the probability of the right ones (AdaGrad steps, L2 penalty).
fn fit_softmax(examples: &[&Example], fitting: Fitting) -> Ranker {
    let size = quotes::ranker::WEIGHTS;
    let mut weights = vec![0.0f64; size];
    let mut squares = vec![1e-8f64; size];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut gradient: HashMap<u16, f64> = HashMap::new();
    for _ in 0..fitting.epochs {
        shuffle(&mut order, &mut rng);
        for &e in &order {
            let example = examples[e];
            let scores: Vec<f64> = example.candidates.iter().map(|c| dot(&weights, c)).collect();
            let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let exps: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
            let all: f64 = exps.iter().sum();
            let right: f64 = exps
                .iter()
                .zip(&example.right)
                .filter(|(_, r)| **r)
                .map(|(x, _)| x)
                .sum();
            gradient.clear();
            for (c, features) in example.candidates.iter().enumerate() {
                // d(-log P(right))/d score_c = p_c - p_c|right.
                let p = exps[c] / all;
                let q = if example.right[c] { exps[c] / right } else { 0.0 };
                for &f in features {
                    *gradient.entry(f).or_default() += p - q;
                }
            }
            let mut keys: Vec<u16> = gradient.keys().copied().collect();
            keys.sort_unstable();
            for f in keys {
                let i = f as usize;
                let g = gradient[&f] + fitting.l2 * weights[i];
                squares[i] += g * g;
                weights[i] -= fitting.rate * g / squares[i].sqrt();
            }
        }
    }
    Ranker::new(weights.into_iter().map(|w| w as f32).collect())
}

/// An averaged perceptron over rankings: when the best-scored candidate is wrong, the best
/// right one gains its features and the wrong one loses them.
fn fit_perceptron(examples: &[&Example], epochs: usize) -> Ranker {
    let size = quotes::ranker::WEIGHTS;
    let mut weights = vec![0.0f64; size];
    let mut totals = vec![0.0f64; size];
    let mut stamps = vec![0usize; size];
    let mut clock = 0usize;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..epochs {
        shuffle(&mut order, &mut rng);
        for &e in &order {
            clock += 1;
            let example = examples[e];
            let best = |only_right: bool| {
                (0..example.candidates.len())
                    .filter(|&c| !only_right || example.right[c])
                    .map(|c| (c, dot(&weights, &example.candidates[c])))
                    .fold(None, |top: Option<(usize, f64)>, (c, s)| match top {
                        Some((_, t)) if t >= s => top,
                        _ => Some((c, s)),
                    })
                    .map(|(c, _)| c)
            };
            let (Some(guess), Some(truth)) = (best(false), best(true)) else {
                continue;
            };
            if example.right[guess] {
                continue;
            }
            for (features, delta) in [
                (&example.candidates[truth], 1.0),
                (&example.candidates[guess], -1.0),
            ] {
                for &f in features {
                    let f = f as usize;
                    totals[f] += (clock - stamps[f]) as f64 * weights[f];
                    stamps[f] = clock;
                    weights[f] += delta;
                }
            }
        }
    }
    let averaged = (0..weights.len())
        .map(|f| {
            let total = totals[f] + (clock - stamps[f]) as f64 * weights[f];
            (total / clock.max(1) as f64) as f32
        })
        .collect();
    Ranker::new(averaged)
}

/// Trains on four fifths of train's articles and scores the fifth, for each fifth in turn.
fn cross_validate(fitting: Fitting, show: Option<&str>) -> Result<()> {
    let docs = load("train")?;
    let mut rules = Figures::default();
    let mut folded = Figures::default();
    for fold in 0..FOLDS {
        let training: Vec<Example> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .flat_map(|(_, d)| examples(d))
            .collect();
        let refs: Vec<&Example> = training.iter().collect();
        let ranker = fit(&refs, fitting);
        for doc in docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
            .map(|(_, d)| d)
        {
            evaluate(doc, &|i| rules_speaker(doc, i), None, &mut rules);
            let chosen = quotes::speakers(&doc.ranked, &ranker);
            evaluate(doc, &|i| chosen[i], show, &mut folded);
        }
    }
    println!(
        "split train, {FOLDS}-fold by article: {} articles, {}",
        docs.len(),
        fitting.describe()
    );
    rules.print("rules alone");
    folded.print("rules + speaker ranker (trained on the other folds)");
    // The ceiling of any ranking: quotes where a candidate overlaps the gold Source.
    let reachable: usize = docs.iter().map(|d| examples(d).len()).sum();
    println!("  a right candidate exists for {reachable} quotes");
    if show == Some("unreachable") {
        for doc in &docs {
            for r in doc.ranked.iter().filter(|r| r.quote.label == Label::Statement) {
                let Some(attribution) = matching(doc, r.quote.span).filter(|a| !a.source.is_empty()) else {
                    continue;
                };
                if !r
                    .candidates
                    .iter()
                    .any(|c| speaker_right(attribution, Some(c.span)))
                {
                    let gold: Vec<&str> = attribution.source.iter().map(|s| s.slice(&doc.text)).collect();
                    println!(
                        "UNREACHABLE {}: {:?} gold {gold:?}, {} candidates",
                        doc.name,
                        context(&doc.text, r.quote.span),
                        r.candidates.len()
                    );
                }
            }
        }
    }
    Ok(())
}

/// Trains the ranker on all of train and writes the shipped weights file.
fn train(fitting: Fitting) -> Result<()> {
    let docs = load("train")?;
    let training: Vec<Example> = docs.iter().flat_map(examples).collect();
    let refs: Vec<&Example> = training.iter().collect();
    let ranker = fit(&refs, fitting);
    let header = format!(
        "# Factmark speaker ranker: a linear scorer over small integer features of the mentions around\n\
         # a quote (see crates/factmark-core/src/quotes/ranker.rs), fitted as {}.\n\
         # Source: PolNeAR train attributions (networkdynamics/PolNeAR, licence not stated; first annotator per\n\
         # article), ../shared/data/quotes/polnear/train; {} articles, {} training quotes.\n\
         # Only learned numbers ship, no text. Licence of these weights: MIT OR Apache-2.0, as Factmark.\n\
         # Command: cargo run --release -p factmark-lab --bin quotes -- train {}\n",
        fitting.describe(),
        docs.len(),
        training.len(),
        fitting.arguments()
    );
    let file = ranker.write(&header);
    fs::write(WEIGHTS_PATH, &file).with_context(|| format!("writing {WEIGHTS_PATH}"))?;
    println!(
        "wrote {WEIGHTS_PATH}: {} bytes, {} training quotes",
        file.len(),
        training.len()
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
