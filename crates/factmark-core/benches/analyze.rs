//! Criterion benchmarks: each detector pass alone, and the whole analysis, on the seed article
//! and on about 1 MB of news text. Throughput is in words.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use factmark_core::{claims, entities, quotes, sentences};
use std::hint::black_box;

fn seed_article() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/samples/seed-article.txt"
    ))
    .expect("the seed article is beside the checkout at ../shared")
}

/// About 1 MB of news text: the seed article repeated.
fn megabyte_article() -> String {
    let seed = seed_article();
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(&seed);
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
    for (name, text) in [("seed", seed_article()), ("1mb", megabyte_article())] {
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
