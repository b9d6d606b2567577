//! Trains and scores the claim scorer on the CLEF-2024 CheckThat! check-worthiness data.
//!
//! `claims train` validates the settings across sources (folds of whole debates), calibrates
//! the scores on the out-of-fold predictions, fits on `claims/ct24_train.tsv` and the
//! hand-written news sentences, and writes `crates/factmark-core/data/claims.weights`.
//! `claims cv` prints the cross-source figures of other settings, to choose them.
//! `claims score` prints the shipped scorer's dev figures (through `factmark_core::annotate`,
//! as the judging runs it), the cross-source figures and the reliability of the scores.
//! `claims check TEXT GOLD` lists an article's gold claims and non-claims found and missed.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use factmark_core::claims::features::{self, Cue, Features};
use factmark_core::claims::{self, model};
use factmark_core::Kind;
use factmark_lab::calibration::{self, Platt};
use factmark_lab::claims::{self as training, Options, Row, Scored};
use factmark_lab::{average_precision, data_dir, Counts};

const USAGE: &str = "usage: claims train [--bits N] [--epochs N] [--l2 X] [--min-count N] [--news-weight N] [--out FILE] | claims cv [the same settings] | claims score [--sweep] | claims explain FILE [WEIGHTS] | claims check TEXT GOLD";

/// Of the thresholds whose out-of-fold F1 is within this of the best, the lowest ships.
const F1_TOLERANCE: f64 = 0.005;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("train") => train(&args[1..]),
        Some("cv") => cv(&args[1..]),
        Some("score") => score(args.iter().any(|a| a == "--sweep")),
        Some("explain") => explain(args.get(1).context(USAGE)?, args.get(2)),
        Some("check") => check(
            Path::new(args.get(1).context(USAGE)?),
            Path::new(args.get(2).context(USAGE)?),
        ),
        _ => bail!(USAGE),
    }
}

fn train_rows() -> Result<Vec<Row>> {
    training::read_rows(&data_dir().join("claims/ct24_train.tsv"))
}

fn dev_rows() -> Result<Vec<Row>> {
    training::read_rows(&data_dir().join("claims/ct24_dev.tsv"))
}

/// CT24 train and dev together, sorted by id, for the folds.
fn all_rows() -> Result<Vec<Row>> {
    let mut rows = train_rows()?;
    rows.extend(dev_rows()?);
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// The cross-source figures of `options`: pooled out-of-fold F1 at `threshold` and at the
/// recall-leaning threshold, average precision, each fold's F1, and the calibration fitted.
struct CrossSource {
    scored: Vec<Scored>,
    platt: Platt,
    threshold: f64,
}

fn cross_source(options: &Options) -> Result<CrossSource> {
    let rows = all_rows()?;
    let news = training::read_news(&training::news_path())?;
    let scored = training::cross_validate(&rows, &news, options);
    let platt = training::calibrate(&scored);
    let calibrated = training::ranked(&scored, platt);
    let (threshold, _) = calibration::recall_leaning_threshold(&calibrated, F1_TOLERANCE);
    Ok(CrossSource {
        scored,
        platt,
        threshold,
    })
}

/// Prints pooled and per-fold figures of out-of-fold `scored` at `threshold`, the scores
/// mapped by `platt`.
fn print_cross_source(scored: &[Scored], platt: Platt, threshold: f64) {
    println!(
        "  at {threshold:.2}: {}  AP {:.4}",
        training::counts(scored, platt, threshold).summary(),
        average_precision(&training::ranked(scored, platt))
    );
    let per_fold: Vec<String> = (0..training::FOLDS)
        .map(|fold| {
            let inside: Vec<Scored> = scored.iter().filter(|s| s.fold == fold).cloned().collect();
            format!("{:.1}", 100.0 * training::counts(&inside, platt, threshold).f1())
        })
        .collect();
    println!("  F1 by fold: {}", per_fold.join(" "));
}

/// The out-of-fold scores of the CT24 dev sentences alone: a cleaner set than train (its F1
/// and AP are far higher for every model), scored here by models that never saw their debates.
fn dev_only(scored: &[Scored]) -> Result<Vec<Scored>> {
    let ids: std::collections::HashSet<u64> = dev_rows()?.iter().map(|row| row.id).collect();
    Ok(scored.iter().filter(|s| ids.contains(&s.id)).cloned().collect())
}

fn cv(args: &[String]) -> Result<()> {
    let (options, others) = Options::parse(args)?;
    if let Some((flag, _)) = others.first() {
        bail!("unknown flag {flag}; {USAGE}");
    }
    let found = cross_source(&options)?;
    println!(
        "{}: calibration a {:.3} b {:+.3}, recall-leaning threshold {:.2}",
        options.describe(),
        found.platt.a,
        found.platt.b,
        found.threshold
    );
    print_cross_source(&found.scored, found.platt, found.threshold);
    print_cross_source(&found.scored, found.platt, claims::DEFAULT_THRESHOLD as f64);
    let dev = dev_only(&found.scored)?;
    println!("  of which the dev sentences:");
    for threshold in [found.threshold, claims::DEFAULT_THRESHOLD as f64] {
        println!(
            "  at {threshold:.2}: {}  AP {:.4}",
            training::counts(&dev, found.platt, threshold).summary(),
            average_precision(&training::ranked(&dev, found.platt))
        );
    }
    Ok(())
}

fn train(args: &[String]) -> Result<()> {
    let (options, others) = Options::parse(args)?;
    let mut out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../factmark-core/data/claims.weights");
    for (flag, value) in others {
        match flag.as_str() {
            "--out" => out = PathBuf::from(value),
            _ => bail!("unknown flag {flag}; {USAGE}"),
        }
    }
    let found = cross_source(&options)?;
    println!(
        "cross-source ({} folds of whole debates): calibration a {:.3} b {:+.3}",
        training::FOLDS,
        found.platt.a,
        found.platt.b
    );
    print_cross_source(&found.scored, found.platt, found.threshold);
    println!(
        "the out-of-fold F1 is within {:.1} point of its best from {:.2}: set DEFAULT_THRESHOLD to it",
        100.0 * F1_TOLERANCE,
        found.threshold
    );

    let rows = train_rows()?;
    let news = training::read_news(&training::news_path())?;
    let examples = training::examples(&rows, &news, &options);
    let fitted = training::fit(&examples, &options);
    let header = vec![
        "Factmark claim check-worthiness weights: logistic regression over hashed word n-grams and named cues,"
            .to_owned(),
        "calibrated (Platt scaling fitted on out-of-fold scores of 8 folds of whole debates).".to_owned(),
        "Source: CLEF-2024 CheckThat! task 1 English training sentences (ClaimBuster US presidential".to_owned(),
        "debates), ../shared/data/claims/ct24_train.tsv from isyufeng/FactFinders, whose licence is not".to_owned(),
        "stated (the collection is published openly for research); its dev file only for validation.".to_owned(),
        "Only learned numbers ship, no text. Licence of these weights: MIT OR Apache-2.0, as Factmark.".to_owned(),
        format!(
            "Command: cargo run --release -p factmark-lab --bin claims -- train ({}).",
            options.describe()
        ),
        format!(
            "Read {} debate sentences and {} hand-written news sentences (crates/factmark-core/data/claims_news.tsv).",
            rows.len(),
            news.len()
        ),
        format!(
            "Calibration folded into the weights: a {:.4}, b {:+.4}.",
            found.platt.a, found.platt.b
        ),
        "Format: see crates/factmark-core/src/claims/model.rs.".to_owned(),
    ];
    let bytes = training::weights_file(&header, &fitted, found.platt);
    let written = model::Model::parse(&bytes)?;
    let dev = training::score_rows(&dev_rows()?, &written, 0);
    for threshold in [claims::DEFAULT_THRESHOLD as f64, found.threshold] {
        println!(
            "dev at {threshold:.2}: {}",
            training::counts(&dev, Platt::IDENTITY, threshold).summary()
        );
    }
    println!(
        "dev AP {:.4}",
        average_precision(&training::ranked(&dev, Platt::IDENTITY))
    );
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    for cue in Cue::ALL {
        println!("  {:<16} {:+.3}", cue.name(), written.cues[cue.index()]);
    }
    println!("  bias             {:+.3}", written.bias);
    Ok(())
}

/// The shipped scorer through `factmark_core::annotate`, as the judging runs it: a sentence
/// is predicted check-worthy when highlighted claims cover at least half of it, and ranked by
/// the score of the claim that covers most of it.
fn annotate_row(row: &Row) -> (bool, f64) {
    let text = row.text.as_str();
    let annotations = factmark_core::annotate(text);
    let length = text.trim().chars().count().max(1);
    let claims: Vec<_> = annotations.iter().filter(|a| a.kind == Kind::Claim).collect();
    let covered: usize = claims
        .iter()
        .filter(|claim| claim.highlighted == Some(true))
        .map(|claim| claim.end - claim.start)
        .sum();
    let best = claims
        .iter()
        .max_by_key(|claim| claim.end - claim.start)
        .and_then(|claim| claim.score)
        .unwrap_or(0.0);
    (2 * covered >= length && covered > 0, best as f64)
}

fn score(sweep: bool) -> Result<()> {
    let rows = dev_rows()?;
    let mut counts = Counts::default();
    let mut ranked = Vec::with_capacity(rows.len());
    for row in &rows {
        let (predicted, best) = annotate_row(row);
        counts.add(Counts {
            true_positives: usize::from(predicted && row.check_worthy),
            false_positives: usize::from(predicted && !row.check_worthy),
            false_negatives: usize::from(!predicted && row.check_worthy),
        });
        ranked.push((best, row.check_worthy));
    }
    println!(
        "dev (the shipped weights through factmark_core::annotate): {} sentences, {} check-worthy",
        rows.len(),
        rows.iter().filter(|r| r.check_worthy).count()
    );
    println!(
        "  threshold {:.2}: {}  AP {:.4}",
        claims::DEFAULT_THRESHOLD,
        counts.summary(),
        average_precision(&ranked)
    );
    println!("  reliability on dev:");
    calibration::print_reliability(&calibration::reliability(&ranked));

    let options = Options::default();
    let all = all_rows()?;
    let news = training::read_news(&training::news_path())?;
    let scored = training::cross_validate(&all, &news, &options);
    // Each fold calibrated by the other folds alone: the reliability of scores on debates
    // that neither the weights nor the calibration saw.
    let calibrated = training::cross_calibrated(&scored);
    println!(
        "cross-source (CT24 train + dev, {} folds of whole debates, out-of-fold, {}): {} sentences",
        training::FOLDS,
        options.describe(),
        all.len()
    );
    print_cross_source(&calibrated, Platt::IDENTITY, claims::DEFAULT_THRESHOLD as f64);
    let pairs = training::ranked(&calibrated, Platt::IDENTITY);
    println!("  reliability across sources (each fold calibrated on the others):");
    calibration::print_reliability(&calibration::reliability(&pairs));
    let (best_low, best_f1) = calibration::recall_leaning_threshold(&pairs, 0.0);
    let (lean, lean_f1) = calibration::recall_leaning_threshold(&pairs, F1_TOLERANCE);
    println!(
        "  best out-of-fold F1 {:.1} from {best_low:.2}; within {:.1} point of it ({:.1}) from {lean:.2}",
        100.0 * best_f1,
        100.0 * F1_TOLERANCE,
        100.0 * lean_f1
    );
    let dev = dev_only(&calibrated)?;
    println!(
        "  of which the CT24 dev sentences, scored by models that never saw their debates: AP {:.4}",
        average_precision(&training::ranked(&dev, Platt::IDENTITY))
    );
    if sweep {
        println!("  threshold  all out-of-fold                                  dev sentences out-of-fold");
        for (threshold, _) in calibration::f1_curve(&pairs).into_iter().step_by(2) {
            println!(
                "  at {threshold:.2}: {}  {}",
                training::counts(&calibrated, Platt::IDENTITY, threshold).summary(),
                training::counts(&dev, Platt::IDENTITY, threshold).summary()
            );
        }
    }
    Ok(())
}

/// Lists the gold claims and non-claims of an article (a Factmark gold file: `annotations`
/// with `kind` "claim", and `not_claims`, in code points) that the shipped scorer highlights
/// and misses at the default threshold, with each one's score.
fn check(text_path: &Path, gold_path: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(text_path).with_context(|| format!("reading {}", text_path.display()))?;
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(gold_path).with_context(|| format!("reading {}", gold_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", gold_path.display()))?;
    let annotations = factmark_core::annotate(&text);
    let claims: Vec<_> = annotations.iter().filter(|a| a.kind == Kind::Claim).collect();
    let highlighted_share = |start: usize, end: usize| {
        let inside: usize = claims
            .iter()
            .filter(|a| a.highlighted == Some(true))
            .map(|a| a.end.min(end).saturating_sub(a.start.max(start)))
            .sum();
        2 * inside >= end - start
    };
    let score_of = |start: usize, end: usize| {
        claims
            .iter()
            .filter(|a| a.start < end && start < a.end)
            .map(|a| format!("{:.2}", a.score.unwrap_or(f32::NAN)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let span = |item: &serde_json::Value| -> Option<(usize, usize, String)> {
        Some((
            item["start"].as_u64()? as usize,
            item["end"].as_u64()? as usize,
            item["text"].as_str().unwrap_or("").chars().take(80).collect(),
        ))
    };
    let gold_claims: Vec<_> = gold["annotations"]
        .as_array()
        .context("gold without annotations")?
        .iter()
        .filter(|a| a["kind"] == "claim")
        .filter_map(span)
        .collect();
    let not_claims: Vec<_> = gold["not_claims"]
        .as_array()
        .map(|items| items.iter().filter_map(span).collect())
        .unwrap_or_default();
    let found = gold_claims
        .iter()
        .filter(|(start, end, _)| highlighted_share(*start, *end))
        .count();
    let flagged = not_claims
        .iter()
        .filter(|(start, end, _)| highlighted_share(*start, *end))
        .count();
    println!(
        "threshold {:.2}: {found}/{} claims highlighted, {flagged}/{} non-claims highlighted",
        claims::DEFAULT_THRESHOLD,
        gold_claims.len(),
        not_claims.len()
    );
    // Each item with whether it is highlighted, marked in capitals where that is wrong.
    let list = |what: &str, items: &[(usize, usize, String)], marks: [&str; 2]| {
        for (start, end, words) in items {
            let mark = marks[usize::from(highlighted_share(*start, *end))];
            println!("  {what:<9} {mark:<4} {} {words}", score_of(*start, *end));
        }
    };
    list("claim", &gold_claims, ["MISS", "hit"]);
    list("not-claim", &not_claims, ["ok", "FLAG"]);
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
