//! The claim scorer's training: reading the labelled sentences, fitting the weights, and
//! validating them across sources (folds of whole debates), as the `claims` command uses them.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use factmark_core::claims::features::{self, Features, CUE_COUNT};
use factmark_core::claims::{self, model};

use crate::calibration::{self, Platt};

/// One labelled sentence. `id` is the CheckThat! `Sentence_id` (or a line number for the
/// hand-written news sentences).
#[derive(Clone, Debug)]
pub struct Row {
    pub id: u64,
    pub text: String,
    pub check_worthy: bool,
}

/// Reads a CheckThat! file: tab-separated with CSV quoting, a header row, then
/// `Sentence_id, Text, class_label`. Sorted by id so that training never depends on file order.
pub fn read_rows(path: &Path) -> Result<Vec<Row>> {
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

/// The hand-written news sentences that teach the news register (see the file's header).
pub fn news_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../factmark-core/data/claims_news.tsv")
}

/// Reads `Yes|No<TAB>sentence` lines, skipping `#` comments.
pub fn read_news(path: &Path) -> Result<Vec<Row>> {
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

/// The training settings. The defaults are the ones the shipped weights were trained with,
/// each chosen by the source-grouped cross-validation (`claims cv`).
#[derive(Clone, Debug)]
pub struct Options {
    pub bits: u32,
    pub epochs: usize,
    pub l2: f32,
    pub min_count: usize,
    pub news_weight: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            bits: 16,
            epochs: 3,
            l2: 1e-3,
            min_count: 10,
            news_weight: 10,
        }
    }
}

impl Options {
    /// Reads `--bits N --epochs N --l2 X --min-count N --news-weight N` flags; returns the
    /// flags it does not know, for the caller.
    pub fn parse(args: &[String]) -> Result<(Options, Vec<(String, String)>)> {
        let mut options = Options::default();
        let mut others = Vec::new();
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest.next().with_context(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--bits" => options.bits = value.parse()?,
                "--epochs" => options.epochs = value.parse()?,
                "--l2" => options.l2 = value.parse()?,
                "--min-count" => options.min_count = value.parse()?,
                "--news-weight" => options.news_weight = value.parse()?,
                _ => others.push((flag.clone(), value.clone())),
            }
        }
        Ok((options, others))
    }

    pub fn describe(&self) -> String {
        format!(
            "bits {}, epochs {}, l2 {}, min-count {}, news-weight {}",
            self.bits, self.epochs, self.l2, self.min_count, self.news_weight
        )
    }
}

/// A sentence's features in the training table's terms.
pub struct Example {
    buckets: Vec<u32>,
    cues: [f32; CUE_COUNT],
    scale: f32,
    label: f32,
}

/// The examples for `rows`, then each news sentence `news_weight` times: there are a few
/// hundred of them against twenty thousand debate sentences.
pub fn examples(rows: &[Row], news: &[Row], options: &Options) -> Vec<Example> {
    let mut features = Features::default();
    let mut out = Vec::with_capacity(rows.len() + news.len() * options.news_weight);
    let repeated = news
        .iter()
        .flat_map(|row| std::iter::repeat_n(row, options.news_weight));
    for row in rows.iter().chain(repeated) {
        features::extract(&row.text, &mut features);
        out.push(Example {
            buckets: features
                .ngrams
                .iter()
                .map(|&hash| model::bucket(hash, options.bits) as u32)
                .collect(),
            cues: features.cues,
            scale: features.ngram_scale,
            label: if row.check_worthy { 1.0 } else { 0.0 },
        });
    }
    out
}

/// Fitted weights, before quantising.
pub struct Fitted {
    pub bias: f32,
    pub cues: [f32; CUE_COUNT],
    pub ngrams: Vec<f32>,
    /// The mean of the n-grams' contribution over the training sentences.
    pub baseline: f32,
}

/// Logistic regression by stochastic gradient descent with AdaGrad step sizes, in a shuffled
/// order fixed by a seed, returning the average of the weights at the ends of the later half
/// of the epochs (averaging smooths the last steps' noise and generalises better). The cue
/// weights are regularised less than the n-grams, so that what a cue and a word share is
/// credited to the nameable cue.
pub fn fit(examples: &[Example], options: &Options) -> Fitted {
    let size = 1usize << options.bits;
    let mut weights = vec![0.0f32; size];
    let mut weight_g2 = vec![1e-8f32; size];
    let mut cues = [0.0f32; CUE_COUNT];
    let mut cue_g2 = [1e-8f32; CUE_COUNT];
    let mut bias = 0.0f32;
    let mut bias_g2 = 1e-8f32;
    let rate = 0.1f32;
    let cue_l2 = options.l2 * 0.1;
    let l2 = options.l2 * examples.len() as f32 / 1000.0;

    let mut sum_weights = vec![0.0f32; size];
    let mut sum_cues = [0.0f32; CUE_COUNT];
    let mut sum_bias = 0.0f32;
    let mut averaged = 0usize;

    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut random = crate::Rng(0x2545_f491_4f6c_dd1d);
    for epoch in 0..options.epochs {
        // Fisher-Yates with the lab's fixed-seed generator: the same order on every machine.
        for i in (1..order.len()).rev() {
            order.swap(i, (random.next_u64() % (i as u64 + 1)) as usize);
        }
        for &index in &order {
            let example = &examples[index];
            let mut logit = bias;
            for (weight, value) in cues.iter().zip(&example.cues) {
                logit += weight * value;
            }
            let scale = example.scale;
            let ngrams: f32 = example.buckets.iter().map(|&b| weights[b as usize]).sum();
            logit += ngrams * scale;
            let error = model::logistic(logit) - example.label;
            bias_g2 += error * error;
            bias -= rate * error / bias_g2.sqrt();
            for i in 0..CUE_COUNT {
                let gradient = error * example.cues[i] + cue_l2 * cues[i];
                cue_g2[i] += gradient * gradient;
                cues[i] -= rate * gradient / cue_g2[i].sqrt();
            }
            for &bucket in &example.buckets {
                let b = bucket as usize;
                let gradient = error * scale + l2 * weights[b];
                weight_g2[b] += gradient * gradient;
                weights[b] -= rate * gradient / weight_g2[b].sqrt();
            }
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
    let ngrams: Vec<f32> = sum_weights.into_iter().map(|sum| sum / n).collect();
    let baseline = examples
        .iter()
        .map(|e| e.buckets.iter().map(|&b| ngrams[b as usize]).sum::<f32>() * e.scale)
        .sum::<f32>()
        / examples.len().max(1) as f32;
    Fitted {
        bias: sum_bias / n,
        cues: sum_cues.map(|sum| sum / n),
        ngrams,
        baseline,
    }
}

/// The weights file for `fitted`, with Platt scaling folded into the weights: every weight
/// is multiplied by `a` and `b` is added to the bias, so the shipped logit is the calibrated
/// one and each reason is still its own share of it.
pub fn weights_file(header: &[String], fitted: &Fitted, platt: Platt) -> Vec<u8> {
    let a = platt.a as f32;
    let ngrams: Vec<f32> = fitted.ngrams.iter().map(|w| w * a).collect();
    model::write(
        header,
        &model::Trained {
            bias: fitted.bias * a + platt.b as f32,
            cues: fitted.cues.map(|w| w * a),
            ngrams: &ngrams,
            baseline: fitted.baseline * a,
        },
    )
}

/// How many folds the cross-validation uses.
pub const FOLDS: usize = 8;

/// The fold of each row of `rows` (sorted by id): `FOLDS` runs of consecutive sentence ids,
/// of equal size. ClaimBuster numbers its sentences debate by debate (the candidates named
/// change in blocks of about a thousand ids), so a run of ids is a run of whole debates, and
/// only the debate cut at each of the seven boundaries can fall in two folds.
pub fn folds(rows: &[Row]) -> Vec<usize> {
    debug_assert!(rows.windows(2).all(|pair| pair[0].id <= pair[1].id));
    (0..rows.len())
        .map(|rank| rank * FOLDS / rows.len().max(1))
        .collect()
}

/// A sentence scored as the judging scores it: its length in characters, and the calibrated
/// log-odds and length of each claim candidate the product found in it.
#[derive(Clone, Debug)]
pub struct Scored {
    pub id: u64,
    pub length: usize,
    pub claims: Vec<(usize, f64)>,
    pub check_worthy: bool,
    pub fold: usize,
}

impl Scored {
    /// Check-worthy at `threshold` when claims scoring at least that cover half the sentence.
    pub fn predicted(&self, platt: Platt, threshold: f64) -> bool {
        let covered: usize = self
            .claims
            .iter()
            .filter(|&&(_, logit)| platt.apply(logit) >= threshold)
            .map(|&(length, _)| length)
            .sum();
        covered > 0 && 2 * covered >= self.length
    }

    /// The ranking score: that of the candidate covering most of the sentence.
    pub fn score(&self, platt: Platt) -> f64 {
        self.claims
            .iter()
            .max_by_key(|&&(length, _)| length)
            .map_or(0.0, |&(_, logit)| platt.apply(logit))
    }
}

/// Runs each row through the product's splitter and claim detector with `weights`.
pub fn score_rows(rows: &[Row], weights: &model::Model, fold: usize) -> Vec<Scored> {
    rows.iter()
        .map(|row| {
            let text = row.text.as_str();
            let sentences = factmark_core::sentences::split(text);
            // The entities and quotes only word the reasons; the scores do not read them.
            let found = claims::detect_with(weights, text, &sentences, &[], &[]);
            Scored {
                id: row.id,
                length: text.trim().chars().count().max(1),
                claims: found
                    .iter()
                    .map(|claim| {
                        (
                            claim.span.slice(text).chars().count(),
                            calibration::logit(claim.score as f64),
                        )
                    })
                    .collect(),
                check_worthy: row.check_worthy,
                fold,
            }
        })
        .collect()
}

/// Source-grouped cross-validation: for each fold, fits on the other folds (and the news
/// sentences) and scores the fold through the product's path. Returns every row's
/// out-of-fold scores.
pub fn cross_validate(rows: &[Row], news: &[Row], options: &Options) -> Vec<Scored> {
    let fold_of = folds(rows);
    let mut scored = Vec::with_capacity(rows.len());
    for fold in 0..FOLDS {
        let train: Vec<Row> = rows
            .iter()
            .zip(&fold_of)
            .filter(|&(_, &f)| f != fold)
            .map(|(row, _)| row.clone())
            .collect();
        let held: Vec<Row> = rows
            .iter()
            .zip(&fold_of)
            .filter(|&(_, &f)| f == fold)
            .map(|(row, _)| row.clone())
            .collect();
        let fitted = fit(&examples(&train, news, options), options);
        let bytes = weights_file(&[String::from("cross-validation fold")], &fitted, Platt::IDENTITY);
        let weights = model::Model::parse(&bytes).expect("weights just written read back");
        scored.extend(score_rows(&held, &weights, fold));
    }
    scored
}

/// The (score, check-worthy) pairs for average precision and reliability.
pub fn ranked(scored: &[Scored], platt: Platt) -> Vec<(f64, bool)> {
    scored.iter().map(|s| (s.score(platt), s.check_worthy)).collect()
}

/// Platt scaling fitted on the out-of-fold scores.
pub fn calibrate(scored: &[Scored]) -> Platt {
    let logits: Vec<(f64, bool)> = scored
        .iter()
        .map(|s| (calibration::logit(s.score(Platt::IDENTITY)), s.check_worthy))
        .collect();
    Platt::fit(&logits)
}

/// Each fold's scores calibrated by a Platt scaling fitted on the other folds only, so that
/// the reliability measured is that on sources the calibration never saw.
pub fn cross_calibrated(scored: &[Scored]) -> Vec<Scored> {
    let mut out = Vec::with_capacity(scored.len());
    for fold in 0..FOLDS {
        let others: Vec<Scored> = scored.iter().filter(|s| s.fold != fold).cloned().collect();
        let platt = calibrate(&others);
        for s in scored.iter().filter(|s| s.fold == fold) {
            out.push(Scored {
                claims: s
                    .claims
                    .iter()
                    .map(|&(length, logit)| (length, platt.a * logit + platt.b))
                    .collect(),
                ..s.clone()
            });
        }
    }
    out
}

/// The counts at `threshold`, a sentence predicted check-worthy as the judging decides.
pub fn counts(scored: &[Scored], platt: Platt, threshold: f64) -> crate::Counts {
    let mut counts = crate::Counts::default();
    for s in scored {
        let predicted = s.predicted(platt, threshold);
        counts.add(crate::Counts {
            true_positives: usize::from(predicted && s.check_worthy),
            false_positives: usize::from(predicted && !s.check_worthy),
            false_negatives: usize::from(!predicted && s.check_worthy),
        });
    }
    counts
}
