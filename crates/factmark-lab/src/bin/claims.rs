//! Trains and scores the claim scorer on the CLEF-2024 CheckThat! check-worthiness data.
//!
//! `claims train` fits a logistic regression over `factmark_core::claims::features` on
//! `claims/ct24_train.tsv` and writes `crates/factmark-core/data/claims.weights`.
//! `claims score` runs every sentence of `claims/ct24_dev.tsv` through the product's own path
//! (`factmark_core::analyze`) and reports P/R/F1 of the check-worthy class at the default
//! threshold and the average precision of the ranking by score.

use std::path::Path;

use anyhow::{bail, Context, Result};
use factmark_core::claims::features::{self, Cue, Features, CUE_COUNT};
use factmark_core::claims::{self, model};
use factmark_core::Kind;
use factmark_lab::{average_precision, data_dir, Counts};

const USAGE: &str = "usage: claims train [--bits N] [--epochs N] [--l2 X] [--min-count N] [--news-weight N] [--out FILE] | claims score [--sweep] | claims explain FILE [WEIGHTS]";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => train(&Options::parse(&args[1..])?),
        Some("score") => score(args.iter().any(|a| a == "--sweep")),
        Some("explain") => explain(args.get(1).context(USAGE)?, args.get(2)),
        _ => bail!(USAGE),
    }
}

/// The training settings. The defaults are the ones the shipped weights were trained with.
struct Options {
    bits: u32,
    epochs: usize,
    l2: f32,
    min_count: usize,
    news_weight: usize,
    out: std::path::PathBuf,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            bits: 18,
            epochs: 5,
            l2: 1e-3,
            min_count: 3,
            news_weight: 10,
            out: Path::new(env!("CARGO_MANIFEST_DIR")).join("../factmark-core/data/claims.weights"),
        };
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest
                .next()
                .with_context(|| format!("{flag} needs a value; {USAGE}"))?;
            match flag.as_str() {
                "--bits" => options.bits = value.parse()?,
                "--epochs" => options.epochs = value.parse()?,
                "--l2" => options.l2 = value.parse()?,
                "--min-count" => options.min_count = value.parse()?,
                "--news-weight" => options.news_weight = value.parse()?,
                "--out" => options.out = value.into(),
                _ => bail!("unknown flag {flag}; {USAGE}"),
            }
        }
        Ok(options)
    }
}

/// One labelled sentence.
struct Row {
    id: u64,
    text: String,
    check_worthy: bool,
}

/// Reads a CheckThat! file: tab-separated with CSV quoting, a header row, then
/// `Sentence_id, Text, class_label`. Sorted by id so that training never depends on file order.
fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut records = parse_tsv(&raw).into_iter();
    let header = records.next().context("an empty file")?;
    if header.len() < 3 || header[1] != "Text" {
        bail!("{}: unexpected header {header:?}", path.display());
    }
    let mut rows = Vec::new();
    for (line, record) in records.enumerate() {
        if record.len() == 1 && record[0].is_empty() {
            continue;
        }
        let [id, text, label, ..] = record.as_slice() else {
            bail!(
                "{}: record {} has {} fields",
                path.display(),
                line + 2,
                record.len()
            );
        };
        let check_worthy = match label.trim() {
            "Yes" => true,
            "No" => false,
            other => bail!("{}: record {}: label {other:?}", path.display(), line + 2),
        };
        rows.push(Row {
            id: id
                .trim()
                .parse()
                .with_context(|| format!("record {}: id {id:?}", line + 2))?,
            text: text.clone(),
            check_worthy,
        });
    }
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// Splits tab-separated text with CSV quoting ("" inside a quoted field is one ").
fn parse_tsv(raw: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = raw.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '\t' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\r' => {}
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// A sentence's features in the training table's terms.
struct Example {
    buckets: Vec<u32>,
    cues: [f32; CUE_COUNT],
    scale: f32,
    label: f32,
}

/// The hand-written news sentences that teach the news register (see the file's header).
fn news_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../factmark-core/data/claims_news.tsv")
}

/// Reads `Yes|No<TAB>sentence` lines, skipping `#` comments.
fn read_news(path: &Path) -> Result<Vec<Row>> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (number, line) in raw.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((label, text)) = line.split_once('\t') else {
            bail!(
                "{}:{}: expected a label, a tab and a sentence",
                path.display(),
                number + 1
            );
        };
        rows.push(Row {
            id: number as u64,
            text: text.to_owned(),
            check_worthy: match label {
                "Yes" => true,
                "No" => false,
                other => bail!("{}:{}: label {other:?}", path.display(), number + 1),
            },
        });
    }
    Ok(rows)
}

fn train(options: &Options) -> Result<()> {
    let path = data_dir().join("claims/ct24_train.tsv");
    let mut rows = read_rows(&path)?;
    let news = read_news(&news_path())?;
    let news_count = news.len();
    // Each news sentence counts `news_weight` times: there are a hundred or so of them
    // against twenty thousand debate sentences.
    for row in &news {
        for _ in 0..options.news_weight {
            rows.push(Row {
                id: row.id,
                text: row.text.clone(),
                check_worthy: row.check_worthy,
            });
        }
    }
    let mut features = Features::default();
    let examples: Vec<Example> = rows
        .iter()
        .map(|row| {
            features::extract(&row.text, &mut features);
            Example {
                buckets: features
                    .ngrams
                    .iter()
                    .map(|&hash| model::bucket(hash, options.bits) as u32)
                    .collect(),
                cues: features.cues,
                scale: features.ngram_scale,
                label: if row.check_worthy { 1.0 } else { 0.0 },
            }
        })
        .collect();
    let positives = examples.iter().filter(|e| e.label > 0.5).count();
    eprintln!("{} sentences, {positives} check-worthy", examples.len());

    let fitted = fit(&examples, options);
    let header = vec![
        "Factmark claim check-worthiness weights: logistic regression over hashed word n-grams and named cues."
            .to_owned(),
        "Source: CLEF-2024 CheckThat! task 1 English training sentences (ClaimBuster US presidential".to_owned(),
        "debates), ../shared/data/claims/ct24_train.tsv from isyufeng/FactFinders, whose licence is not".to_owned(),
        "stated (the collection is published openly for research). Only learned numbers ship, no text.".to_owned(),
        "Licence of these weights: MIT OR Apache-2.0, as Factmark.".to_owned(),
        format!(
            "Command: cargo run --release -p factmark-lab --bin claims -- train (bits {}, epochs {}, l2 {}, min-count {}, news-weight {}).",
            options.bits, options.epochs, options.l2, options.min_count, options.news_weight
        ),
        format!(
            "Read {} debate sentences and {news_count} hand-written news sentences (crates/factmark-core/data/claims_news.tsv) weighted {}.",
            examples.len() - news_count * options.news_weight,
            options.news_weight
        ),
        "Format: see crates/factmark-core/src/claims/model.rs.".to_owned(),
    ];
    let baseline = examples
        .iter()
        .map(|e| e.buckets.iter().map(|&b| fitted.ngrams[b as usize]).sum::<f32>() * e.scale)
        .sum::<f32>()
        / examples.len().max(1) as f32;
    let trained = model::Trained {
        bias: fitted.bias,
        cues: fitted.cues,
        ngrams: &fitted.ngrams,
        baseline,
    };
    let bytes = model::write(&header, &trained);
    let written = model::Model::parse(&bytes)?;
    let dev = read_rows(&data_dir().join("claims/ct24_dev.tsv"))?;
    let (counts, ap) = evaluate(&dev, &written, claims::DEFAULT_THRESHOLD);
    eprintln!(
        "dev at {:.2}: {}  AP {ap:.4}",
        claims::DEFAULT_THRESHOLD,
        counts.summary()
    );
    for threshold in [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] {
        let (counts, _) = evaluate(&dev, &written, threshold);
        eprintln!("  at {threshold:.2}: {}", counts.summary());
    }
    std::fs::write(&options.out, &bytes).with_context(|| format!("writing {}", options.out.display()))?;
    eprintln!("wrote {} ({} bytes)", options.out.display(), bytes.len());
    for cue in Cue::ALL {
        eprintln!("  {:<16} {:+.3}", cue.name(), fitted.cues[cue.index()]);
    }
    eprintln!(
        "  bias             {:+.3}  (n-gram baseline {baseline:+.3})",
        fitted.bias
    );
    Ok(())
}

struct Fitted {
    bias: f32,
    cues: [f32; CUE_COUNT],
    ngrams: Vec<f32>,
}

/// Logistic regression by stochastic gradient descent with AdaGrad step sizes, in a shuffled
/// order fixed by a seed, returning the average of the weights over the last epoch (averaging
/// smooths the last steps' noise and generalises better). The cue weights are regularised less
/// than the n-grams, so that what a cue and a word share is credited to the nameable cue.
fn fit(examples: &[Example], options: &Options) -> Fitted {
    let size = 1usize << options.bits;
    let mut weights = vec![0.0f32; size];
    let mut weight_g2 = vec![1e-8f32; size];
    let mut cues = [0.0f32; CUE_COUNT];
    let mut cue_g2 = [1e-8f32; CUE_COUNT];
    let mut bias = 0.0f32;
    let mut bias_g2 = 1e-8f32;
    let rate = 0.1f32;
    let cue_l2 = options.l2 * 0.1;

    let mut sum_weights = vec![0.0f32; size];
    let mut sum_cues = [0.0f32; CUE_COUNT];
    let mut sum_bias = 0.0f32;
    let mut averaged = 0usize;

    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut random = 0x2545_f491_4f6c_dd1du64;
    for epoch in 0..options.epochs {
        // Fisher-Yates with xorshift: the same order on every machine.
        for i in (1..order.len()).rev() {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            order.swap(i, (random % (i as u64 + 1)) as usize);
        }
        let mut loss = 0.0f64;
        for &index in &order {
            let example = &examples[index];
            let mut logit = bias;
            for (weight, value) in cues.iter().zip(&example.cues) {
                logit += weight * value;
            }
            let scale = example.scale;
            let mut ngrams = 0.0;
            for &bucket in &example.buckets {
                ngrams += weights[bucket as usize];
            }
            logit += ngrams * scale;
            let predicted = model::logistic(logit);
            let error = predicted - example.label;
            loss -= if example.label > 0.5 {
                (predicted.max(1e-7) as f64).ln()
            } else {
                ((1.0 - predicted).max(1e-7) as f64).ln()
            };
            bias_g2 += error * error;
            bias -= rate * error / bias_g2.sqrt();
            for i in 0..CUE_COUNT {
                let gradient = error * example.cues[i] + cue_l2 * cues[i];
                cue_g2[i] += gradient * gradient;
                cues[i] -= rate * gradient / cue_g2[i].sqrt();
            }
            for &bucket in &example.buckets {
                let b = bucket as usize;
                let gradient = error * scale + options.l2 * weights[b] * examples.len() as f32 / 1000.0;
                weight_g2[b] += gradient * gradient;
                weights[b] -= rate * gradient / weight_g2[b].sqrt();
            }
            if epoch >= options.epochs / 2 {
                for (sum, weight) in sum_weights.iter_mut().zip(&weights) {
                    *sum += weight;
                }
                for (sum, weight) in sum_cues.iter_mut().zip(&cues) {
                    *sum += weight;
                }
                sum_bias += bias;
                averaged += 1;
            }
        }
        eprintln!("epoch {epoch}: mean loss {:.4}", loss / examples.len() as f64);
    }
    // An n-gram seen in fewer than `min_count` training sentences has a weight learned from
    // too little to trust; zeroing it also keeps it from colliding with unseen words.
    let mut seen = vec![0usize; size];
    for example in examples {
        for &bucket in &example.buckets {
            seen[bucket as usize] += 1;
        }
    }
    for (sum, &count) in sum_weights.iter_mut().zip(&seen) {
        if count < options.min_count {
            *sum = 0.0;
        }
    }
    let n = averaged.max(1) as f32;
    Fitted {
        bias: sum_bias / n,
        cues: sum_cues.map(|sum| sum / n),
        ngrams: sum_weights.into_iter().map(|sum| sum / n).collect(),
    }
}

/// Scores `rows` with `weights` through the product's sentence splitter and claim detector at
/// `threshold`: counts at that threshold and the average precision.
fn evaluate(rows: &[Row], weights: &model::Model, threshold: f32) -> (Counts, f64) {
    let mut counts = Counts::default();
    let mut ranked = Vec::with_capacity(rows.len());
    for row in rows {
        let text = row.text.as_str();
        let analysis = factmark_core::analyze(text);
        let sentences = factmark_core::sentences::split(text);
        let found = claims::detect_with(weights, text, &sentences, &analysis.entities, &analysis.quotes);
        let length = text.trim().len().max(1);
        let covered: usize = found
            .iter()
            .filter(|claim| claim.score >= threshold)
            .map(|claim| claim.span.len())
            .sum();
        let predicted = 2 * covered >= length && covered > 0;
        let best = found
            .iter()
            .max_by_key(|claim| claim.span.len())
            .map_or(0.0, |claim| claim.score);
        counts.add(Counts {
            true_positives: usize::from(predicted && row.check_worthy),
            false_positives: usize::from(predicted && !row.check_worthy),
            false_negatives: usize::from(!predicted && row.check_worthy),
        });
        ranked.push((best as f64, row.check_worthy));
    }
    (counts, average_precision(&ranked))
}

/// Scores the dev sentences through `factmark_core::annotate`, as the judging does: a sentence
/// is predicted check-worthy when highlighted claims cover at least half of it, and ranked by
/// the score of the claim that covers most of it.
fn score(sweep: bool) -> Result<()> {
    let path = data_dir().join("claims/ct24_dev.tsv");
    let rows = read_rows(&path)?;
    let mut counts = Counts::default();
    let mut ranked = Vec::with_capacity(rows.len());
    for row in &rows {
        let text = row.text.as_str();
        let annotations = factmark_core::annotate(text);
        let length = text.trim().chars().count().max(1);
        let claims: Vec<_> = annotations.iter().filter(|a| a.kind == Kind::Claim).collect();
        let covered: usize = claims
            .iter()
            .filter(|claim| claim.highlighted == Some(true))
            .map(|claim| claim.end - claim.start)
            .sum();
        let predicted = 2 * covered >= length && covered > 0;
        let best = claims
            .iter()
            .max_by_key(|claim| claim.end - claim.start)
            .and_then(|claim| claim.score)
            .unwrap_or(0.0);
        counts.add(Counts {
            true_positives: usize::from(predicted && row.check_worthy),
            false_positives: usize::from(predicted && !row.check_worthy),
            false_negatives: usize::from(!predicted && row.check_worthy),
        });
        ranked.push((best as f64, row.check_worthy));
    }
    println!(
        "{} dev sentences ({} check-worthy)",
        rows.len(),
        rows.iter().filter(|r| r.check_worthy).count()
    );
    println!("threshold {:.2}: {}", claims::DEFAULT_THRESHOLD, counts.summary());
    println!("average precision {:.4}", average_precision(&ranked));
    if sweep {
        // Ranking by score alone, to see which threshold would give the best F1.
        for step in 10..=90 {
            let threshold = step as f64 / 100.0;
            let mut at = Counts::default();
            for &(score, positive) in &ranked {
                let predicted = score >= threshold;
                at.add(Counts {
                    true_positives: usize::from(predicted && positive),
                    false_positives: usize::from(predicted && !positive),
                    false_negatives: usize::from(!predicted && positive),
                });
            }
            println!("  at {threshold:.2}: {}", at.summary());
        }
    }
    Ok(())
}

/// Prints how each sentence of an article scored: the bias, each cue's contribution, the
/// n-grams' total and the words that weigh most, to see what drives the model.
fn explain(path: &str, weights_path: Option<&String>) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let bytes = match weights_path {
        Some(path) => std::fs::read(path).with_context(|| format!("reading {path}"))?,
        None => Vec::new(),
    };
    let weights = match weights_path {
        Some(_) => model::Model::parse(&bytes)?,
        None => model::Model::embedded(),
    };
    let mut features = Features::default();
    for span in factmark_core::sentences::split(&text) {
        let sentence = span.slice(&text);
        features::extract(sentence, &mut features);
        let breakdown = weights.breakdown(&features);
        println!("{:.2} {}", breakdown.score(), sentence);
        let cues: Vec<String> = Cue::ALL
            .iter()
            .filter(|cue| breakdown.cues[cue.index()] != 0.0)
            .map(|cue| format!("{} {:+.2}", cue.name(), breakdown.cues[cue.index()]))
            .collect();
        println!(
            "     bias {:+.2}  ngrams {:+.2}  {}",
            weights.bias,
            breakdown.ngrams,
            cues.join("  ")
        );
        let mut words: Vec<(f32, &str)> = features
            .words
            .iter()
            .map(|&(hash, start, end)| {
                (
                    weights.ngram(hash) * features.ngram_scale,
                    &sentence[start as usize..end as usize],
                )
            })
            .collect();
        words.sort_by(|a, b| a.0.total_cmp(&b.0));
        let shown: Vec<String> = words.iter().map(|(w, word)| format!("{word} {w:+.2}")).collect();
        println!("     {}", shown.join(", "));
    }
    Ok(())
}
