//! Criterion benchmarks: each detector pass alone, and the whole analysis, on one test article
//! (`tests/fixtures/articles/wire-report.txt`, ~800 words) and on about 1 MB of news text built
//! from all of Factmark's test articles. Throughput is in words.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use factmark_core::{claims, entities, quotes, sentences};
use std::hint::black_box;

/// Factmark's own test articles, so the benchmarks need nothing beside the repository.
const ARTICLES: [&str; 5] = [
    include_str!("../../../tests/fixtures/articles/wire-report.txt"),
    include_str!("../../../tests/fixtures/articles/interview-feature.txt"),
    include_str!("../../../tests/fixtures/articles/opinion-column.txt"),
    include_str!("../../../tests/fixtures/articles/data-report.txt"),
    include_str!("../../../tests/fixtures/articles/many-scripts.txt"),
];

/// About 1 MB of news text: the test articles in turn, over and over.
fn megabyte_article() -> String {
    let mut text = String::with_capacity(1 << 20);
    for article in ARTICLES.iter().cycle() {
        if text.len() >= 1 << 20 {
            break;
        }
        text.push_str(article);
        text.push('\n');
    }
    text
}

fn bench_passes(c: &mut Criterion) {
    let text = megabyte_article();
    let found_sentences = sentences::split(&text);
    let found_entities = entities::detect(&text);
    let found_quotes = quotes::detect(&text, &found_entities);
    let mut group = c.benchmark_group("passes-1mb");
    group.throughput(Throughput::Elements(text.split_whitespace().count() as u64));
    group.sample_size(10);
    group.bench_function("entities", |b| b.iter(|| entities::detect(black_box(&text))));
    group.bench_function("quotes", |b| {
        b.iter(|| quotes::detect(black_box(&text), &found_entities))
    });
    group.bench_function("sentences", |b| b.iter(|| sentences::split(black_box(&text))));
    group.bench_function("claims", |b| {
        b.iter(|| claims::detect(black_box(&text), &found_sentences, &found_entities, &found_quotes))
    });
    group.finish();
}

fn bench_analyze(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for (name, text) in [("article", ARTICLES[0].to_owned()), ("1mb", megabyte_article())] {
        group.throughput(Throughput::Elements(text.split_whitespace().count() as u64));
        group.sample_size(10);
        group.bench_function(name, |b| b.iter(|| factmark_core::analyze(black_box(&text))));
        group.bench_function(format!("{name}-annotate"), |b| {
            b.iter(|| factmark_core::annotate(black_box(&text)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_passes, bench_analyze);
criterion_main!(benches);
