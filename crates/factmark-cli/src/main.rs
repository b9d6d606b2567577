//! `factmark-cli`: annotate an article from a file or stdin and print it as Factmark JSON.

use std::io::Read;

use anyhow::{bail, Context, Result};
use factmark_core::{export, Article};

const USAGE: &str = "\
Usage: factmark-cli annotate [FILE|-]

Reads an article (FILE, or stdin when FILE is '-' or missing) and prints it with its
entities, quotes and claims as one Factmark JSON object. Offsets count Unicode code points.";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["annotate"] | ["annotate", "-"] => annotate(&read_stdin()?),
        ["annotate", path] => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            annotate(&text)
        }
        ["-h"] | ["--help"] | ["help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unrecognised arguments {args:?}\n\n{USAGE}"),
    }
}

fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the article from stdin (is it UTF-8?)")?;
    Ok(text)
}

fn annotate(text: &str) -> Result<()> {
    let article = Article {
        title: Article::title_of(text),
        text: text.to_owned(),
        annotations: factmark_core::annotate(text),
    };
    println!("{}", export::to_json(&article));
    Ok(())
}
