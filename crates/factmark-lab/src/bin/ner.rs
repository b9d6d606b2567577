//! Trains and scores the entity detector on CoNLL-2003 (read in place from `../shared/data/ner`).
//!
//! `ner train` learns an averaged perceptron over the core's hashed features and writes the
//! quantised weights to `crates/factmark-core/data/ner.weights`. `ner score` first trains on
//! k − 1 folds of the training documents and scores the whole detector (tagger and rules) on the
//! fold left out, for each fold: the figure to decide on. Then it runs the shipped
//! `entities::detect` over the dev documents, for a final look. Both score exact spans of the
//! documents written out as plain text.

use anyhow::{bail, Context, Result};
use factmark_core::entities::features::{self, best_tag, Featurizer, TAGS};
use factmark_core::entities::tagger::{self, Scorer, HEADER_END, MAGIC, ROW_BYTES, SCALES};
use factmark_core::entities::{detect_with, Rules};
use factmark_core::{entities, Label};
use factmark_lab::{data_dir, Counts, Rng};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Weight rows the feature hashes spread over, a multiple of 1024: sized so the weights and the
/// gazetteer stay under 250 KB gzipped.
const ROWS: usize = 32 * 1024;

/// The weight rows of this run: `--rows N` (in units of 1024) while exploring sizes, else `ROWS`.
fn rows() -> usize {
    static ROWS_CHOSEN: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *ROWS_CHOSEN.get_or_init(|| {
        option("--rows")
            .ok()
            .flatten()
            .map_or(ROWS, |k| k.clamp(1, 64) * 1024)
    })
}
const EPOCHS: usize = 12;
const SEED: u64 = 20_031;
/// Models trained from successive seeds and averaged (`--seeds N` while exploring): across
/// folds 3 seeds scored 87.3 against 86.9 for one, and 5 no better than 3.
const SEEDS: usize = 3;
/// Folds of the training documents for `ner score` (document `d` is in fold `d % FOLDS`).
const FOLDS: usize = 5;

fn main() -> Result<()> {
    let command = std::env::args().nth(1).unwrap_or_default();
    match command.as_str() {
        "train" => train(),
        "score" => score(),
        _ => bail!("usage: ner train | ner score [--epochs N] [--folds K] [--ablate] [--errors] [--no-dev] [--sample FILE [--retrain]]"),
    }
}

/// Training passes: `--epochs N` while exploring, else `EPOCHS`.
fn epochs_chosen() -> Result<usize> {
    Ok(option("--epochs")?.unwrap_or(EPOCHS))
}

/// The value after `--name` on the command line, if any.
fn option(name: &str) -> Result<Option<usize>> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        Some(at) => {
            let value = args
                .get(at + 1)
                .with_context(|| format!("{name} needs a number"))?;
            Ok(Some(
                value
                    .parse()
                    .with_context(|| format!("{name} {value}: not a number"))?,
            ))
        }
        None => Ok(None),
    }
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
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
        let size = rows() * TAGS;
        Perceptron {
            weights: vec![0.0; size],
            totals: vec![0.0; size],
            stamps: vec![0; size],
            step: 0,
        }
    }

    fn index(feature: u32, tag: u8) -> usize {
        tagger::row_of(feature, rows()) * TAGS + tag as usize
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
        let row = tagger::row_of(feature, rows()) * TAGS;
        for (score, weight) in scores.iter_mut().zip(&self.weights[row..row + TAGS]) {
            *score += weight;
        }
    }
}

/// Plain float weights, for scoring the averaged model before it is quantised.
struct Dense(Vec<f32>);

impl Scorer for Dense {
    fn add(&self, feature: u32, scores: &mut [f32; TAGS]) {
        let row = tagger::row_of(feature, rows()) * TAGS;
        for (score, weight) in scores.iter_mut().zip(&self.0[row..row + TAGS]) {
            *score += weight;
        }
    }
}

fn weights_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../factmark-core/data/ner.weights"
    ))
}

/// Inner folds for the first-pass tags the second pass learns from.
const INNER_FOLDS: usize = 5;

/// Averaged perceptron weights learned from `documents` in `epochs` passes; `dev`, when given,
/// is scored on gold tokens after each epoch.
///
/// The second pass learns from first-pass tags the way it will meet them: tags of documents the
/// tagger never saw. Each document's first-pass tags come from a one-pass model trained on the
/// other inner folds (tags from the model being trained were near perfect on its own training
/// documents, and the second pass learned to trust them: no gain across folds).
fn train_weights(documents: &[&Document], epochs: usize, dev: Option<&[Document]>) -> Vec<f32> {
    let seeds = option("--seeds").ok().flatten().unwrap_or(SEEDS).max(1);
    let first_pass = first_pass_tags(documents, epochs);
    let mut sum = vec![0.0f32; rows() * TAGS];
    for seed in 0..seeds as u64 {
        let weights = train_seed(documents, epochs, SEED + seed, Some(&first_pass), dev);
        sum.iter_mut()
            .zip(weights)
            .for_each(|(s, w)| *s += w / seeds as f32);
    }
    sum
}

/// Each document's tags from a one-pass model that did not train on it.
fn first_pass_tags(documents: &[&Document], epochs: usize) -> Vec<Vec<u8>> {
    let mut tags = vec![Vec::new(); documents.len()];
    let mut featurizer = Featurizer::default();
    for fold in 0..INNER_FOLDS {
        let training: Vec<&Document> = documents
            .iter()
            .enumerate()
            .filter(|(d, _)| d % INNER_FOLDS != fold)
            .map(|(_, document)| *document)
            .collect();
        let model = Dense(train_seed(&training, epochs, SEED, None, None));
        for (d, document) in documents
            .iter()
            .enumerate()
            .filter(|(d, _)| d % INNER_FOLDS == fold)
        {
            let (words, starts, _) = document.words();
            featurizer.prepare(&words, &starts);
            tags[d] = run_pass(Weights::Fixed(&model), &mut featurizer, &words, &starts, None);
        }
    }
    tags
}

/// How a pass over a document uses its weights.
enum Weights<'a, S> {
    /// Fixed weights: only tag.
    Fixed(&'a S),
    /// The perceptron being trained, updated on each mistake against `gold`.
    Learning {
        model: &'a mut Perceptron,
        gold: &'a [u8],
        mistakes: &'a mut usize,
    },
}

/// One greedy pass over a prepared document, as `tagger::tag` makes it; with `first_pass` tags,
/// the second pass (which reads them through `Featurizer::document_features`). Returns the tags
/// chosen.
fn run_pass<S: Scorer>(
    mut weights: Weights<S>,
    featurizer: &mut Featurizer,
    words: &[&str],
    starts: &[bool],
    first_pass: Option<&[u8]>,
) -> Vec<u8> {
    let mut chosen = Vec::with_capacity(words.len());
    let mut features = Vec::with_capacity(64);
    if let Some(tags) = first_pass {
        featurizer.gather(tags);
    }
    let (mut prev, mut prev2) = Featurizer::start_tags();
    for index in 0..words.len() {
        if starts[index] {
            (prev, prev2) = Featurizer::start_tags();
        }
        features.clear();
        featurizer.static_features(index, words[index], &mut features);
        featurizer.tag_features(index, prev, prev2, &mut features);
        if let Some(tags) = first_pass {
            featurizer.document_features(index, tags, &mut features);
        }
        let mut scores = [0.0f32; TAGS];
        let guess = match &mut weights {
            Weights::Fixed(scorer) => {
                for &feature in &features {
                    scorer.add(feature, &mut scores);
                }
                best_tag(&scores)
            }
            Weights::Learning {
                model,
                gold,
                mistakes,
            } => {
                for &feature in &features {
                    model.add(feature, &mut scores);
                }
                let guess = best_tag(&scores);
                model.step += 1;
                if guess != gold[index] {
                    **mistakes += 1;
                    for &feature in &features {
                        model.update(feature, gold[index], 1.0);
                        model.update(feature, guess, -1.0);
                    }
                }
                guess
            }
        };
        // The history is what the model predicted, as it will be when detecting.
        featurizer.remember(index, guess);
        chosen.push(guess);
        prev2 = prev;
        prev = guess;
    }
    chosen
}

/// One averaged perceptron, its documents shuffled each epoch from `seed`. With `first_pass`
/// tags (one list per document) it learns both passes of `tagger::tag`, else the first alone.
fn train_seed(
    documents: &[&Document],
    epochs: usize,
    seed: u64,
    first_pass: Option<&[Vec<u8>]>,
    dev: Option<&[Document]>,
) -> Vec<f32> {
    let mut model = Perceptron::new();
    let mut featurizer = Featurizer::default();
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut rng = Rng(seed);
    for epoch in 0..epochs {
        // Fisher–Yates with the fixed-seed generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut mistakes = 0;
        let mut seen = 0;
        for &d in &order {
            let (words, starts, gold) = documents[d].words();
            featurizer.prepare(&words, &starts);
            let passes: &[Option<&[u8]>] = match first_pass {
                Some(tags) => &[None, Some(&tags[d])],
                None => &[None],
            };
            for &tags in passes {
                let weights: Weights<Dense> = Weights::Learning {
                    model: &mut model,
                    gold: &gold,
                    mistakes: &mut mistakes,
                };
                run_pass(weights, &mut featurizer, &words, &starts, tags);
                seen += words.len();
            }
        }
        if let Some(dev) = dev {
            let averaged = Dense(model.averaged());
            eprintln!(
                "epoch {:2}: {:.2}% token errors, dev typed F1 on gold tokens {:.2}",
                epoch + 1,
                100.0 * mistakes as f64 / seen as f64,
                100.0 * tagger_f1(&averaged, dev)
            );
        }
    }
    model.averaged()
}

/// The weights file for `averaged`: the text header, then the quantised rows.
fn weights_file(averaged: &[f32]) -> Vec<u8> {
    let (scales, bytes, table) = quantise(averaged);
    let mut file = Vec::new();
    file.extend_from_slice(header().as_bytes());
    file.extend_from_slice(HEADER_END);
    file.extend_from_slice(MAGIC);
    file.push(0);
    file.push(TAGS as u8);
    file.extend_from_slice(&((rows() / 1024) as u16).to_le_bytes());
    for value in table {
        file.extend_from_slice(&value.to_le_bytes());
    }
    // Per row, two weights a byte (the first in the low four bits, two's complement), then the
    // scale code in the last four bits.
    for (row, &code) in bytes.chunks(TAGS).zip(&scales) {
        let mut nibbles = [0u8; ROW_BYTES * 2];
        for (nibble, &weight) in nibbles.iter_mut().zip(row) {
            *nibble = weight & 0x0f;
        }
        nibbles[ROW_BYTES * 2 - 1] = code;
        file.extend(nibbles.chunks(2).map(|pair| pair[0] | pair[1] << 4));
    }
    file
}

/// The model the detector would embed for `averaged`, exactly as quantised in the file.
fn quantised_model(averaged: &[f32]) -> Result<tagger::Model> {
    let file: &'static [u8] = Box::leak(weights_file(averaged).into_boxed_slice());
    tagger::Model::parse(file).context("the quantised weights do not parse")
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
    let all: Vec<&Document> = documents.iter().collect();
    let averaged = train_weights(&all, epochs_chosen()?, Some(&dev));
    eprintln!(
        "quantised: dev typed F1 on gold tokens {:.2}",
        100.0 * tagger_f1(&quantised_model(&averaged)?, &dev)
    );
    let file = weights_file(&averaged);
    let path = std::env::args()
        .skip_while(|a| a != "--out")
        .nth(1)
        .map_or_else(weights_path, PathBuf::from);
    std::fs::write(&path, &file).context("writing the weights")?;
    eprintln!("wrote {} ({} bytes)", path.display(), file.len());
    Ok(())
}

fn header() -> String {
    let rows = rows();
    format!(
        "Factmark named-entity tagger weights (averaged perceptron, two greedy passes, hashed features, {rows} rows x {TAGS} IO tags, a scale code per row and four signed bits per weight).\n\
         Source: learned from CoNLL-2003 English train (../shared/data/ner/conll2003_train.txt); contains numbers only, no text.\n\
         Licence: MIT OR Apache-2.0 (Factmark's); the CoNLL-2003 annotations are free, the Reuters text is not shipped.\n\
         Command: cargo run --release -p factmark-lab --bin ner -- train  ({EPOCHS} epochs, {SEEDS} models from seeds {SEED}.. averaged)",
    )
}

/// Rows whose largest centred weight is under this are dropped: across folds they did not change
/// the figure (1.5 cost 0.3 F1), and zeros compress well.
const PRUNE: f32 = 1.0;

/// The pruning threshold of this run: `--prune N` (thousandths) while exploring, else `PRUNE`.
fn prune() -> f32 {
    option("--prune")
        .ok()
        .flatten()
        .map_or(PRUNE, |n| n as f32 / 1000.0)
}

/// The largest stored magnitude: `--levels N` (at most 7) while exploring, else 7, the most a
/// signed four-bit weight holds.
fn levels() -> f32 {
    option("--levels")
        .ok()
        .flatten()
        .map_or(7.0, |n| n.clamp(1, 7) as f32)
}

/// Each row (one feature's weights for the five tags) is stored as five signed four-bit values
/// times a per-row scale, the scale being one of 15 values spaced geometrically (four bits per
/// row).
///
/// A feature adds its row to all five scores at once, so only the differences within a row
/// matter: each row is first shifted to centre its range on zero (which halves the largest
/// magnitude), then gets its own step. With a step per row, 15 levels (−7..=7) scored as well
/// as 255 across the folds of the training data (uniform steps over all rows had lost 3 points),
/// and rows whose largest centred weight is under `PRUNE` (features seen once or twice, 39% of
/// the rows) are zero at no cost. Returns the scale codes, the weights (−7..=7) and the table.
fn quantise(weights: &[f32]) -> (Vec<u8>, Vec<u8>, [f32; SCALES]) {
    let centred: Vec<f32> = weights
        .chunks(TAGS)
        .flat_map(|row| {
            let low = row.iter().fold(f32::INFINITY, |m, &w| m.min(w));
            let high = row.iter().fold(f32::NEG_INFINITY, |m, &w| m.max(w));
            let middle = (low + high) / 2.0;
            row.iter().map(move |w| w - middle)
        })
        .collect();
    let (prune, levels) = (prune(), levels());
    let largest = centred.iter().fold(prune, |m, w| m.max(w.abs()));
    let base = prune / levels;
    // Codes 1..SCALES spaced geometrically from `prune` to the largest weight: 15 scales scored
    // as well as 255 across folds.
    let codes = SCALES - 1;
    let ratio = (largest / prune).powf(1.0 / (codes - 1) as f32);
    let mut table = [0.0f32; SCALES];
    for (code, value) in table.iter_mut().enumerate().skip(1) {
        *value = base * ratio.powi(code as i32 - 1);
    }
    let mut scales = Vec::with_capacity(weights.len() / TAGS);
    let mut bytes = Vec::with_capacity(weights.len());
    for row in centred.chunks(TAGS) {
        let row_largest = row.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        if row_largest < prune {
            scales.push(0);
            bytes.extend(std::iter::repeat_n(0u8, TAGS));
            continue;
        }
        // The scale nearest (in ratio) to the one that maps the row's largest weight to 7.
        let wanted = row_largest / levels;
        let code = ((wanted / base).ln() / ratio.ln()).round() as i64 + 1;
        let code = code.clamp(1, codes as i64) as usize;
        scales.push(code as u8);
        let scale = table[code];
        bytes.extend(
            row.iter()
                .map(|w| (w / scale).round().clamp(-levels, levels) as i8 as u8),
        );
    }
    if flag("--verbose") {
        let zero = scales.iter().filter(|&&c| c == 0).count();
        eprintln!("quantised: {zero} of {} rows pruned", scales.len());
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
        tagger::tag(scorer, &mut featurizer, &words, Rules::ALL, &mut tags);
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

/// Exact-span counts of a detector over documents: typed, per CoNLL type and untyped.
#[derive(Default)]
struct Scores {
    typed: Counts,
    per_type: [Counts; 4],
    untyped: Counts,
    words: usize,
}

impl Scores {
    fn add(&mut self, other: &Scores) {
        self.typed.add(other.typed);
        self.untyped.add(other.untyped);
        for (mine, theirs) in self.per_type.iter_mut().zip(&other.per_type) {
            mine.add(*theirs);
        }
        self.words += other.words;
    }

    fn print(&self) {
        println!("typed    {}", self.typed.summary());
        for (kind, counts) in TYPES.iter().zip(&self.per_type) {
            println!("  {kind:<5}  {}", counts.summary());
        }
        println!("untyped  {}", self.untyped.summary());
    }
}

/// A document as the detector sees it: tokens joined by single spaces, one sentence per line;
/// and its gold names as (start byte, end byte, CoNLL type).
fn as_text(document: &Document) -> (String, BTreeSet<(usize, usize, u8)>) {
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
    (text, gold)
}

/// Scores `detect` on `documents` written out as text; `show_errors` lists every miss on stderr.
fn score_documents<'d>(
    documents: impl IntoIterator<Item = &'d Document>,
    detect: impl Fn(&str) -> Vec<entities::EntityMention>,
    show_errors: bool,
) -> Scores {
    let mut scores = Scores::default();
    for document in documents {
        let (text, gold) = as_text(document);
        scores.words += document.sentences.iter().map(Vec::len).sum::<usize>();
        let predicted: BTreeSet<(usize, usize, u8)> = detect(&text)
            .iter()
            .filter_map(|m| conll_type(m.label).map(|k| (m.span.start, m.span.end, k)))
            .collect();
        add_comparison(&mut scores, &predicted, &gold, &text, show_errors);
    }
    scores
}

/// Adds the comparison of `predicted` with `gold` names of `text` to `scores`.
fn add_comparison(
    scores: &mut Scores,
    predicted: &BTreeSet<(usize, usize, u8)>,
    gold: &BTreeSet<(usize, usize, u8)>,
    text: &str,
    show_errors: bool,
) {
    scores.typed.add(compare(predicted, gold));
    if show_errors {
        for &(start, end, kind) in predicted.difference(gold) {
            eprintln!("FP {:<4} {:?}", TYPES[kind as usize], &text[start..end]);
        }
        for &(start, end, kind) in gold.difference(predicted) {
            eprintln!("FN {:<4} {:?}", TYPES[kind as usize], &text[start..end]);
        }
    }
    let strip = |set: &BTreeSet<(usize, usize, u8)>| -> BTreeSet<(usize, usize)> {
        set.iter().map(|&(s, e, _)| (s, e)).collect()
    };
    scores.untyped.add(compare(&strip(predicted), &strip(gold)));
    for (kind, counts) in scores.per_type.iter_mut().enumerate() {
        let only = |set: &BTreeSet<(usize, usize, u8)>| -> BTreeSet<(usize, usize, u8)> {
            set.iter().filter(|m| m.2 == kind as u8).copied().collect()
        };
        counts.add(compare(&only(predicted), &only(gold)));
    }
}

/// Names in a text: (start byte, end byte, CoNLL type).
type Names = BTreeSet<(usize, usize, u8)>;

/// A hand-labelled sample kept outside the repository: documents separated by blank lines,
/// `#` lines ignored, each name marked `[TYPE text]` with a CoNLL type. Returns each document's
/// text without the marks and its names.
fn read_marked(path: &Path) -> Result<Vec<(String, Names)>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut documents = Vec::new();
    for block in file.split("\n\n") {
        let mut text = String::new();
        let mut gold = BTreeSet::new();
        for line in block.lines().filter(|l| !l.starts_with('#')) {
            let mut rest = line;
            while let Some(open) = rest.find('[') {
                let Some((kind, after)) = TYPES.iter().enumerate().find_map(|(k, t)| {
                    rest[open + 1..]
                        .strip_prefix(t)?
                        .strip_prefix(' ')
                        .map(|a| (k, a))
                }) else {
                    text.push_str(&rest[..open + 1]);
                    rest = &rest[open + 1..];
                    continue;
                };
                let close = after
                    .find(']')
                    .with_context(|| format!("unclosed mark in {line:?}"))?;
                text.push_str(&rest[..open]);
                let start = text.len();
                text.push_str(&after[..close]);
                gold.insert((start, text.len(), kind as u8));
                rest = &after[close + 1..];
            }
            text.push_str(rest);
            text.push('\n');
        }
        if !text.trim().is_empty() {
            documents.push((text, gold));
        }
    }
    Ok(documents)
}

/// Each rule switched off in turn, by name, for `--ablate`.
fn ablations() -> Vec<(&'static str, Rules)> {
    let all = Rules::ALL;
    vec![
        (
            "headline common words",
            Rules {
                headline_common_words: false,
                ..all
            },
        ),
        (
            "merge neighbours",
            Rules {
                merge_neighbours: false,
                ..all
            },
        ),
        ("titles", Rules { titles: false, ..all }),
        (
            "relations",
            Rules {
                relations: false,
                ..all
            },
        ),
        (
            "initials",
            Rules {
                initials: false,
                ..all
            },
        ),
        (
            "complements",
            Rules {
                complements: false,
                ..all
            },
        ),
        ("laws", Rules { laws: false, ..all }),
        (
            "quoted titles",
            Rules {
                quoted_titles: false,
                ..all
            },
        ),
        (
            "datelines",
            Rules {
                datelines: false,
                ..all
            },
        ),
        (
            "linking",
            Rules {
                linking: false,
                ..all
            },
        ),
    ]
}

/// K-fold figures on the training documents, then the shipped detector on dev.
fn score() -> Result<()> {
    let show_errors = flag("--errors");
    let folds = option("--folds")?.unwrap_or(FOLDS).max(2);
    let epochs = epochs_chosen()?;
    let train_path = data_dir().join("ner/conll2003_train.txt");
    let documents = read_conll(&train_path)?;
    let variants = if flag("--ablate") { ablations() } else { Vec::new() };
    let mut total = Scores::default();
    let mut without: Vec<Scores> = variants.iter().map(|_| Scores::default()).collect();
    for fold in 0..folds {
        let training: Vec<&Document> = documents
            .iter()
            .enumerate()
            .filter(|(d, _)| d % folds != fold)
            .map(|(_, document)| document)
            .collect();
        let held_out = || {
            documents
                .iter()
                .enumerate()
                .filter(move |(d, _)| d % folds == fold)
                .map(|(_, document)| document)
        };
        let model = quantised_model(&train_weights(&training, epochs, None))?;
        let scores = score_documents(held_out(), |text| detect_with(text, &model, Rules::ALL), false);
        eprintln!(
            "fold {}/{folds}: typed F1 {:.2}",
            fold + 1,
            100.0 * scores.typed.f1()
        );
        total.add(&scores);
        for ((name, rules), sum) in variants.iter().zip(&mut without) {
            sum.add(&score_documents(
                held_out(),
                |text| detect_with(text, &model, *rules),
                false,
            ));
            if show_errors {
                // What the rule changed, as the rule's output against the output without it.
                for document in held_out() {
                    let (text, gold) = as_text(document);
                    let spans = |mentions: Vec<entities::EntityMention>| -> BTreeSet<(usize, usize, u8)> {
                        mentions
                            .iter()
                            .filter_map(|m| conll_type(m.label).map(|k| (m.span.start, m.span.end, k)))
                            .collect()
                    };
                    let with = spans(detect_with(&text, &model, Rules::ALL));
                    let without = spans(detect_with(&text, &model, *rules));
                    for &(start, end, kind) in with.symmetric_difference(&without) {
                        let side = if with.contains(&(start, end, kind)) {
                            "by"
                        } else {
                            "without"
                        };
                        let right = if gold.contains(&(start, end, kind)) {
                            "right"
                        } else {
                            "wrong"
                        };
                        eprintln!(
                            "{name}: {side} rule, {right}: {} {:?}",
                            TYPES[kind as usize],
                            &text[start..end]
                        );
                    }
                }
            }
        }
    }
    println!(
        "CoNLL-2003 train, {folds}-fold ({epochs} epochs), {} documents, {} words ({})",
        documents.len(),
        total.words,
        train_path.display()
    );
    total.print();
    for ((name, _), scores) in variants.iter().zip(&without) {
        println!(
            "  without {name:<22} typed F1 {:5.2} ({:+.2})",
            100.0 * scores.typed.f1(),
            100.0 * (scores.typed.f1() - total.typed.f1())
        );
    }
    if let Some(path) = std::env::args().skip_while(|a| a != "--sample").nth(1) {
        let sample = read_marked(Path::new(&path))?;
        // `--retrain`: a model trained here on all the training documents with this run's
        // options, to compare choices before shipping one.
        let retrained = if flag("--retrain") {
            let all: Vec<&Document> = documents.iter().collect();
            Some(quantised_model(&train_weights(&all, epochs, None))?)
        } else {
            None
        };
        let mut scores = Scores::default();
        for (text, gold) in &sample {
            let mentions = match &retrained {
                Some(model) => detect_with(text, model, Rules::ALL),
                None => entities::detect(text),
            };
            let predicted: BTreeSet<(usize, usize, u8)> = mentions
                .iter()
                .filter_map(|m| conll_type(m.label).map(|k| (m.span.start, m.span.end, k)))
                .collect();
            add_comparison(&mut scores, &predicted, gold, text, show_errors);
        }
        let which = if retrained.is_some() {
            "retrained"
        } else {
            "shipped"
        };
        println!(
            "hand-labelled sample, {which} model, {} documents ({path})",
            sample.len()
        );
        scores.print();
    }
    if flag("--no-dev") {
        return Ok(());
    }
    let dev_path = data_dir().join("ner/conll2003_dev.txt");
    let dev = read_conll(&dev_path)?;
    let clock = std::time::Instant::now();
    let scores = score_documents(&dev, entities::detect, show_errors);
    let elapsed = clock.elapsed();
    println!(
        "CoNLL-2003 dev, shipped model, {} documents, {} words ({})",
        dev.len(),
        scores.words,
        dev_path.display()
    );
    scores.print();
    println!(
        "detect: {:.0} words/s in this build, scoring included ({elapsed:.2?})",
        scores.words as f64 / elapsed.as_secs_f64(),
    );
    Ok(())
}
