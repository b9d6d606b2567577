//! Trains and scores the entity detector on CoNLL-2003 (read in place from `../shared/data/ner`).
//!
//! `ner train` learns an averaged perceptron over the core's hashed features and writes the
//! quantised weights to `crates/factmark-core/data/ner.weights`. `ner score` runs the shipped
//! `entities::detect` over the dev documents as plain text and scores exact spans.

use anyhow::{bail, Context, Result};
use factmark_core::entities::features::{self, best_tag, Featurizer, TAGS};
use factmark_core::entities::tagger::{self, Scorer, HEADER_END, MAGIC};
use factmark_core::{entities, Label};
use factmark_lab::{data_dir, Counts};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Weight rows the feature hashes spread over, a multiple of 1024: sized so the weights and the
/// gazetteer stay under 250 KB gzipped.
const ROWS: usize = 32 * 1024;
const EPOCHS: usize = 12;
const SEED: u64 = 20_031;

fn main() -> Result<()> {
    let command = std::env::args().nth(1).unwrap_or_default();
    match command.as_str() {
        "train" => train(),
        "score" => score(),
        _ => bail!("usage: ner train | ner score [--errors]"),
    }
}

/// A CoNLL document: its sentences, each a list of (word, tag, whether the tag was B-).
struct Document {
    sentences: Vec<Vec<(String, u8, bool)>>,
}

impl Document {
    fn words(&self) -> (Vec<&str>, Vec<bool>, Vec<u8>) {
        let mut words = Vec::new();
        let mut starts = Vec::new();
        let mut tags = Vec::new();
        for sentence in &self.sentences {
            for (index, (word, tag, _)) in sentence.iter().enumerate() {
                words.push(word.as_str());
                starts.push(index == 0);
                tags.push(*tag);
            }
        }
        (words, starts, tags)
    }
}

fn read_conll(path: &Path) -> Result<Vec<Document>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut documents = Vec::new();
    let mut sentences: Vec<Vec<(String, u8, bool)>> = Vec::new();
    let mut sentence = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            continue;
        }
        if fields[0] == "-DOCSTART-" {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            if !sentences.is_empty() {
                documents.push(Document {
                    sentences: std::mem::take(&mut sentences),
                });
            }
            continue;
        }
        let (Some(word), Some(tag)) = (fields.first(), fields.last()) else {
            continue;
        };
        sentence.push((
            word.to_string(),
            features::tag_from_name(tag),
            tag.starts_with("B-"),
        ));
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    if !sentences.is_empty() {
        documents.push(Document { sentences });
    }
    Ok(documents)
}

/// Training weights: the current vector and the running sum for averaging.
struct Perceptron {
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
}

impl Perceptron {
    fn new() -> Perceptron {
        let size = ROWS * TAGS;
        Perceptron {
            weights: vec![0.0; size],
            totals: vec![0.0; size],
            stamps: vec![0; size],
            step: 0,
        }
    }

    fn index(feature: u32, tag: u8) -> usize {
        tagger::row_of(feature, ROWS) * TAGS + tag as usize
    }

    fn update(&mut self, feature: u32, tag: u8, delta: f32) {
        let index = Perceptron::index(feature, tag);
        // Lazy averaging: add the weight's value for the steps it stayed unchanged.
        self.totals[index] += (self.step - self.stamps[index]) as f64 * self.weights[index] as f64;
        self.stamps[index] = self.step;
        self.weights[index] += delta;
    }

    fn averaged(&self) -> Vec<f32> {
        let steps = self.step.max(1) as f64;
        self.weights
            .iter()
            .zip(&self.totals)
            .zip(&self.stamps)
            .map(|((&w, &total), &stamp)| ((total + (self.step - stamp) as f64 * w as f64) / steps) as f32)
            .collect()
    }
}

impl Scorer for Perceptron {
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]) {
        let row = tagger::row_of(feature, ROWS) * TAGS;
        for (score, weight) in scores.iter_mut().zip(&self.weights[row..row + TAGS]) {
            *score += weight;
        }
    }
}

/// Plain float weights, for scoring the averaged model before it is quantised.
struct Dense(Vec<f32>);

impl Scorer for Dense {
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]) {
        let row = tagger::row_of(feature, ROWS) * TAGS;
        for (score, weight) in scores.iter_mut().zip(&self.0[row..row + TAGS]) {
            *score += weight;
        }
    }
}

/// A fixed-seed xorshift generator: the same shuffles on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn weights_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../factmark-core/data/ner.weights"
    ))
}

fn train() -> Result<()> {
    let train_path = data_dir().join("ner/conll2003_train.txt");
    let dev_path = data_dir().join("ner/conll2003_dev.txt");
    let documents = read_conll(&train_path)?;
    let dev = read_conll(&dev_path)?;
    eprintln!(
        "{} training documents, {} dev documents",
        documents.len(),
        dev.len()
    );
    let mut model = Perceptron::new();
    let mut featurizer = Featurizer::default();
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut rng = Rng(SEED);
    let mut features_buffer = Vec::with_capacity(64);
    for epoch in 0..EPOCHS {
        // Fisher–Yates with the fixed-seed generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut mistakes = 0;
        let mut seen = 0;
        for &d in &order {
            let (words, starts, gold) = documents[d].words();
            featurizer.prepare(&words, &starts);
            let (mut prev, mut prev2) = Featurizer::start_tags();
            for index in 0..words.len() {
                if starts[index] {
                    (prev, prev2) = Featurizer::start_tags();
                }
                features_buffer.clear();
                featurizer.static_features(index, words[index], &mut features_buffer);
                featurizer.tag_features(index, prev, prev2, &mut features_buffer);
                let mut scores = [0.0f32; TAGS];
                for &feature in &features_buffer {
                    model.add(feature, &mut scores);
                }
                let guess = best_tag(&scores);
                model.step += 1;
                if guess != gold[index] {
                    mistakes += 1;
                    for &feature in &features_buffer {
                        model.update(feature, gold[index], 1.0);
                        model.update(feature, guess, -1.0);
                    }
                }
                seen += 1;
                // The history is what the model predicted, as it will be when detecting.
                featurizer.remember(index, guess);
                prev2 = prev;
                prev = guess;
            }
        }
        let averaged = Dense(model.averaged());
        let f1 = tagger_f1(&averaged, &dev);
        eprintln!(
            "epoch {:2}: {:.2}% token errors, dev typed F1 on gold tokens {:.2}",
            epoch + 1,
            100.0 * mistakes as f64 / seen as f64,
            100.0 * f1
        );
    }
    let averaged = model.averaged();
    let (scales, bytes, table) = quantise(&averaged);
    let quantised = Dense(
        bytes
            .iter()
            .enumerate()
            .map(|(i, &b)| (b as i8) as f32 * table[scales[i / TAGS] as usize])
            .collect(),
    );
    eprintln!(
        "quantised: dev typed F1 on gold tokens {:.2}",
        100.0 * tagger_f1(&quantised, &dev)
    );
    let mut file = Vec::new();
    file.extend_from_slice(header().as_bytes());
    file.extend_from_slice(HEADER_END);
    file.extend_from_slice(MAGIC);
    file.push(0);
    file.push(TAGS as u8);
    file.extend_from_slice(&((ROWS / 1024) as u16).to_le_bytes());
    for value in table {
        file.extend_from_slice(&value.to_le_bytes());
    }
    file.extend_from_slice(&scales);
    file.extend_from_slice(&bytes);
    std::fs::write(weights_path(), &file).context("writing the weights")?;
    eprintln!("wrote {} ({} bytes)", weights_path().display(), file.len());
    Ok(())
}

fn header() -> String {
    format!(
        "Factmark named-entity tagger weights (averaged perceptron, hashed features, {ROWS} rows x {TAGS} IO tags, a scale code per row and one signed byte per weight).\n\
         Source: learned from CoNLL-2003 English train (../shared/data/ner/conll2003_train.txt); contains numbers only, no text.\n\
         Licence: MIT OR Apache-2.0 (Factmark's); the CoNLL-2003 annotations are free, the Reuters text is not shipped.\n\
         Command: cargo run --release -p factmark-lab --bin ner -- train  ({EPOCHS} epochs, seed {SEED})",
    )
}

/// Magnitudes under this are dropped: they barely change a decision, and zeros compress well.
const PRUNE: f32 = 0.005;

/// Each row (one feature's weights for the nine tags) is stored as nine signed bytes times a
/// per-row scale, the scale being one of 255 values spaced geometrically (a byte per row).
///
/// A feature adds its row to all nine scores at once, so only the differences within a row
/// matter: each row is first shifted to centre its range on zero (which halves the largest
/// magnitude), then gets its own step. The tagger turned out to need fine steps (with 60 steps
/// per row it lost 3 points of F1), and per-row steps keep that precision for the few very large
/// rows (bias and tag transitions) and the many small ones alike. Returns the scale codes, the
/// weight bytes and the scale table.
fn quantise(weights: &[f32]) -> (Vec<u8>, Vec<u8>, [f32; 256]) {
    let centred: Vec<f32> = weights
        .chunks(TAGS)
        .flat_map(|row| {
            let low = row.iter().fold(f32::INFINITY, |m, &w| m.min(w));
            let high = row.iter().fold(f32::NEG_INFINITY, |m, &w| m.max(w));
            let middle = (low + high) / 2.0;
            row.iter().map(move |w| w - middle)
        })
        .collect();
    let largest = centred.iter().fold(PRUNE, |m, w| m.max(w.abs()));
    let base = PRUNE / 127.0;
    let ratio = (largest / PRUNE).powf(1.0 / 254.0);
    let mut table = [0.0f32; 256];
    for (code, value) in table.iter_mut().enumerate().skip(1) {
        *value = base * ratio.powi(code as i32 - 1);
    }
    let mut scales = Vec::with_capacity(weights.len() / TAGS);
    let mut bytes = Vec::with_capacity(weights.len());
    for row in centred.chunks(TAGS) {
        let row_largest = row.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        if row_largest < PRUNE {
            scales.push(0);
            bytes.extend(std::iter::repeat_n(0u8, TAGS));
            continue;
        }
        // The scale nearest (in ratio) to the one that maps the row's largest weight to 127.
        let wanted = row_largest / 127.0;
        let code = ((wanted / base).ln() / ratio.ln()).round() as i64 + 1;
        let code = code.clamp(1, 255) as usize;
        scales.push(code as u8);
        let scale = table[code];
        bytes.extend(
            row.iter()
                .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8),
        );
    }
    (scales, bytes, table)
}

/// Typed exact-span F1 of the tagger on gold tokens: the quick check between epochs.
fn tagger_f1<S: Scorer>(scorer: &S, documents: &[Document]) -> f64 {
    let mut featurizer = Featurizer::default();
    let mut counts = Counts::default();
    let mut tags = Vec::new();
    for document in documents {
        let (words, starts, gold) = document.words();
        featurizer.prepare(&words, &starts);
        tagger::tag(scorer, &mut featurizer, &words, &mut tags);
        let predicted: BTreeSet<_> = entities::entity_runs(&tags).into_iter().collect();
        let expected: BTreeSet<_> = entities::entity_runs(&gold).into_iter().collect();
        counts.add(compare(&predicted, &expected));
    }
    counts.f1()
}

fn compare<T: Ord>(predicted: &BTreeSet<T>, expected: &BTreeSet<T>) -> Counts {
    let hits = predicted.intersection(expected).count();
    Counts {
        true_positives: hits,
        false_positives: predicted.len() - hits,
        false_negatives: expected.len() - hits,
    }
}

const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The CoNLL type an OntoNotes label is scored as; figures are not scored.
fn conll_type(label: Label) -> Option<u8> {
    match label {
        Label::Person => Some(0),
        Label::Org => Some(1),
        Label::Gpe | Label::Loc | Label::Fac => Some(2),
        Label::Norp | Label::Event | Label::Product | Label::WorkOfArt | Label::Law | Label::Language => {
            Some(3)
        }
        _ => None,
    }
}

/// Scores the shipped detector on the dev set; `--errors` also lists every miss on stderr.
fn score() -> Result<()> {
    let show_errors = std::env::args().any(|a| a == "--errors");
    let dev_path = data_dir().join("ner/conll2003_dev.txt");
    let documents = read_conll(&dev_path)?;
    let mut typed = Counts::default();
    let mut untyped = Counts::default();
    let mut per_type = [Counts::default(); 4];
    let mut words_total = 0;
    let started = std::time::Instant::now();
    let mut detect_time = std::time::Duration::ZERO;
    for document in &documents {
        // The document as text: tokens joined by single spaces, one sentence per line.
        let mut text = String::new();
        let mut gold = BTreeSet::new();
        for sentence in &document.sentences {
            let mut open: Option<(usize, u8)> = None;
            let mut last_end = text.len();
            for (word, tag, begin) in sentence {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(word);
                words_total += 1;
                let kind = features::tag_type(*tag);
                let continues = !begin && kind.is_some() && open.is_some_and(|(_, k)| Some(k) == kind);
                if !continues {
                    if let Some((first, k)) = open.take() {
                        gold.insert((first, last_end, k));
                    }
                    if let Some(kind) = kind {
                        open = Some((start, kind));
                    }
                }
                last_end = text.len();
            }
            if let Some((first, k)) = open {
                gold.insert((first, last_end, k));
            }
            text.push('\n');
        }
        let clock = std::time::Instant::now();
        let mentions = entities::detect(&text);
        detect_time += clock.elapsed();
        let predicted: BTreeSet<(usize, usize, u8)> = mentions
            .iter()
            .filter_map(|m| conll_type(m.label).map(|k| (m.span.start, m.span.end, k)))
            .collect();
        typed.add(compare(&predicted, &gold));
        if show_errors {
            for &(start, end, kind) in predicted.difference(&gold) {
                eprintln!("FP {:<4} {:?}", TYPES[kind as usize], &text[start..end]);
            }
            for &(start, end, kind) in gold.difference(&predicted) {
                eprintln!("FN {:<4} {:?}", TYPES[kind as usize], &text[start..end]);
            }
        }
        let strip = |set: &BTreeSet<(usize, usize, u8)>| -> BTreeSet<(usize, usize)> {
            set.iter().map(|&(s, e, _)| (s, e)).collect()
        };
        untyped.add(compare(&strip(&predicted), &strip(&gold)));
        for (kind, counts) in per_type.iter_mut().enumerate() {
            let only = |set: &BTreeSet<(usize, usize, u8)>| -> BTreeSet<(usize, usize, u8)> {
                set.iter().filter(|m| m.2 == kind as u8).copied().collect()
            };
            counts.add(compare(&only(&predicted), &only(&gold)));
        }
    }
    println!(
        "CoNLL-2003 dev, {} documents, {} words ({})",
        documents.len(),
        words_total,
        dev_path.display()
    );
    println!("typed    {}", typed.summary());
    for (kind, counts) in TYPES.iter().zip(&per_type) {
        println!("  {kind:<5}  {}", counts.summary());
    }
    println!("untyped  {}", untyped.summary());
    println!(
        "detect: {:.0} words/s in this build ({:.2?} total, {:.2?} wall)",
        words_total as f64 / detect_time.as_secs_f64(),
        detect_time,
        started.elapsed()
    );
    Ok(())
}
