//! `factmark-cli`: annotate an article, or convert between the exchange formats, on the command
//! line. The formats themselves live in `factmark_core::formats`; this file only reads files,
//! parses arguments and prints.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use factmark_core::export::{MAX_ARTICLE_BYTES, MAX_IMPORT_BYTES};
use factmark_core::formats::{self, claim_review, Format};
use factmark_core::Article;

const USAGE: &str = "\
Usage:
  factmark-cli annotate [FILE|-] [--format FORMAT]
  factmark-cli convert [--from FORMAT] --to FORMAT [--text FILE] [FILE|-]
  factmark-cli help

annotate  Reads an article (FILE, or stdin when FILE is '-' or missing) and prints it with its
          entities, quotes and claims. The default format, json, is one Factmark JSON object
          without timestamps, so the same text always gives the same output.
convert   Reads a file in one format and prints it in another. Without --from the format is
          guessed from the content. --text gives the article text for CSV files, and for W3C
          files that do not carry it (W3C annotations are then re-anchored in that text).

Formats (offsets always count Unicode code points):
  json         Factmark JSON: one article, or a library of several        read and write
  w3c          W3C Web Annotation collection (JSON-LD)                    read and write
  jsonl        doccano JSON Lines, one article per line                   read and write
  csv          one row per annotation                                     read and write
  md           Markdown report of the claims and quotes                   write
  claimreview  schema.org ClaimReview drafts of verified/disputed claims  write";

/// Exit status for a command line that cannot be understood (as sysexits' EX_USAGE is to shells).
const USAGE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let usage = error.is::<UsageError>();
            eprintln!("factmark-cli: {error:#}");
            if usage {
                eprintln!("\n{USAGE}");
                ExitCode::from(USAGE_ERROR)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// A command line that does not parse; printed with the usage.
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow!(UsageError(message.into()))
}

/// The parsed options of one command: `--name value` (or `--name=value`) pairs and at most one
/// positional argument.
struct Options {
    named: Vec<(String, String)>,
    input: Option<String>,
}

impl Options {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Options> {
        let mut options = Options {
            named: Vec::new(),
            input: None,
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            if let Some(name) = arg.strip_prefix("--") {
                let (name, value) = match name.split_once('=') {
                    Some((name, value)) => (name.to_owned(), value.to_owned()),
                    None => {
                        let value = rest
                            .next()
                            .ok_or_else(|| usage(format!("--{name} needs a value")))?;
                        (name.to_owned(), value.clone())
                    }
                };
                if !allowed.contains(&name.as_str()) {
                    return Err(usage(format!("unknown option --{name}")));
                }
                if options.get(&name).is_some() {
                    return Err(usage(format!("--{name} is given twice")));
                }
                options.named.push((name, value));
            } else if arg.starts_with('-') && arg != "-" {
                return Err(usage(format!("unknown option {arg}")));
            } else if options.input.replace(arg.clone()).is_some() {
                return Err(usage(format!("more than one input file (at {arg:?})")));
            }
        }
        Ok(options)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn format(&self, name: &str) -> Result<Option<Format>> {
        self.get(name)
            .map(|value| {
                Format::parse(value).ok_or_else(|| {
                    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                    usage(format!(
                        "unknown format {value:?} for --{name}; use one of {}",
                        names.join(", ")
                    ))
                })
            })
            .transpose()
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    match command.as_str() {
        "annotate" => {
            let options = Options::parse(rest, &["format"])?;
            annotate(&options)
        }
        "convert" => {
            let options = Options::parse(rest, &["from", "to", "text"])?;
            convert(&options)
        }
        "help" | "-h" | "--help" => emit(USAGE),
        other => Err(usage(format!("unknown command {other:?}"))),
    }
}

fn annotate(options: &Options) -> Result<()> {
    let format = options.format("format")?.unwrap_or(Format::Factmark);
    let text = read_input(options.input.as_deref(), MAX_ARTICLE_BYTES, "article")?;
    let article = Article {
        title: Article::title_of(&text),
        text: text.clone(),
        annotations: factmark_core::annotate(&text),
    };
    if format == Format::ClaimReview {
        // Fresh annotations are all unverified, so this is always empty; say why.
        eprintln!(
            "factmark-cli: ClaimReview drafts cover verified and disputed claims; a fresh analysis has none."
        );
    }
    emit(&formats::export(format, &article))
}

fn convert(options: &Options) -> Result<()> {
    let to = options
        .format("to")?
        .ok_or_else(|| usage("convert needs --to FORMAT"))?;
    let input = read_input(options.input.as_deref(), MAX_IMPORT_BYTES, "file")?;
    let from = match options.format("from")? {
        Some(format) => format,
        None => formats::detect(&input)
            .ok_or_else(|| usage("cannot tell the input's format; give --from json, w3c, jsonl or csv"))?,
    };
    if !from.can_read() {
        return Err(usage(format!("{} can be written but not read", from.describe())));
    }
    let text = options
        .get("text")
        .map(|path| read_input(Some(path), MAX_ARTICLE_BYTES, "article text"))
        .transpose()?;
    let imported = formats::import(from, &input, text.as_deref())
        .with_context(|| format!("cannot read the input as {}", from.describe()))?;
    for skipped in &imported.skipped {
        eprintln!("factmark-cli: left out {skipped}");
    }
    let articles = imported.articles;
    if to == Format::ClaimReview {
        if let [article] = articles.as_slice() {
            let drafts = claim_review::drafts(article);
            eprintln!(
                "factmark-cli: {} ClaimReview draft(s); {} unverified claim(s) left out. Before publishing, fill in: {}.",
                drafts.count,
                drafts.unverified,
                drafts.missing.join(", ")
            );
        }
    }
    let output = formats::export_all(to, &articles).ok_or_else(|| {
        anyhow!(
            "{} holds one article and the input has {}; convert them one at a time",
            to.describe(),
            articles.len()
        )
    })?;
    emit(&output)
}

/// Reads FILE, or stdin for `-` or no file, as UTF-8, refusing more than `limit` bytes.
fn read_input(path: Option<&str>, limit: usize, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    // One byte more than the limit is enough to know it is too big without reading it all.
    let cap = limit as u64 + 1;
    match path {
        None | Some("-") => {
            std::io::stdin()
                .take(cap)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read the {what} from stdin"))?;
        }
        Some(path) => {
            let file = std::fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if size > limit as u64 {
                bail!(too_large(what, Some(size), limit));
            }
            file.take(cap)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {path}"))?;
        }
    }
    if bytes.len() > limit {
        bail!(too_large(what, None, limit));
    }
    String::from_utf8(bytes).map_err(|error| {
        anyhow!(
            "the {what} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
            error.utf8_error().valid_up_to()
        )
    })
}

fn too_large(what: &str, size: Option<u64>, limit: usize) -> String {
    let mb = |bytes: f64| bytes / (1024.0 * 1024.0);
    let size = size.map_or_else(
        || "bigger than that".to_owned(),
        |s| format!("{:.1} MB", mb(s as f64)),
    );
    let rule = if limit == MAX_ARTICLE_BYTES {
        "Factmark handles articles up to"
    } else {
        "Factmark reads files up to"
    };
    format!(
        "{rule} {:.0} MB; the {what} is {size}. Split it into smaller parts.",
        mb(limit as f64)
    )
}

/// Prints `output` with a final newline. A reader that stops early (`| head`) closes the pipe:
/// that is not an error, so it ends quietly instead of panicking as `println!` would.
fn emit(output: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_all(output.as_bytes())
        .and_then(|()| {
            if output.ends_with('\n') {
                Ok(())
            } else {
                stdout.write_all(b"\n")
            }
        })
        .and_then(|()| stdout.flush());
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write the output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_both_spellings_and_refuse_the_rest() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let options = Options::parse(&args(&["--to=w3c", "--from", "json", "in.json"]), &["from", "to"])
            .expect("valid");
        assert_eq!(options.format("to").expect("known"), Some(Format::W3c));
        assert_eq!(options.format("from").expect("known"), Some(Format::Factmark));
        assert_eq!(options.input.as_deref(), Some("in.json"));
        for bad in [
            &["--to"][..],
            &["--colour", "red"],
            &["a", "b"],
            &["-x"],
            &["--to", "x", "--to", "y"],
        ] {
            assert!(Options::parse(&args(bad), &["to"]).is_err(), "{bad:?}");
        }
        let options = Options::parse(&args(&["--to", "pdf"]), &["to"]).expect("parses");
        assert!(options.format("to").is_err());
        // The size check message names the limit.
        assert!(
            too_large("file", Some(200 * 1024 * 1024), MAX_IMPORT_BYTES).contains(&format!(
                "{} MB; the file is 200.0 MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ))
        );
    }
}
