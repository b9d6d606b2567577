//! Runs the built `factmark-cli` binary as a user (or the external judge) would.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use factmark_core::export;
use factmark_core::formats::{self, Format};
use factmark_core::Article;

const BIN: &str = env!("CARGO_BIN_EXE_factmark-cli");

/// A news article written for Factmark (`tests/fixtures/articles/`), with the quotes,
/// entities and claims every format carries.
fn article_text() -> String {
    include_str!("../../../tests/fixtures/articles/wire-report.txt").to_owned()
}

/// Runs the binary with `args`, feeding `stdin`.
fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_owned();
    // Write from another thread so a child that answers before reading everything cannot block us.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let output = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("the writer finishes");
    output
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file in the target directory's scratch space for this test.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("factmark-cli-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path
}

#[test]
fn annotate_prints_reproducible_factmark_json_by_default() {
    let text = article_text();
    let expected = Article {
        title: Article::title_of(&text),
        text: text.clone(),
        annotations: factmark_core::annotate(&text),
    };
    let from_stdin = stdout(&run(&["annotate", "-"], &text));
    assert_eq!(from_stdin, format!("{}\n", export::to_json(&expected)));
    assert!(!from_stdin.contains("\"created\"") && !from_stdin.contains("\"updated\""));
    assert_eq!(stdout(&run(&["annotate"], &text)), from_stdin);
    let path = scratch("article.txt", text.as_bytes());
    let path = path.to_str().expect("a UTF-8 path");
    assert_eq!(stdout(&run(&["annotate", path], "")), from_stdin);
    assert_eq!(
        stdout(&run(&["annotate", path, "--format", "json"], "")),
        from_stdin
    );
    assert_eq!(export::from_json(&from_stdin), Ok(expected));
}

#[test]
fn annotate_writes_every_format() {
    let text = article_text();
    for format in Format::ALL {
        let output = stdout(&run(&["annotate", "-", "--format", format.name()], &text));
        assert!(output.ends_with('\n'), "{format:?}");
        if format.can_read() && !format.needs_text() {
            let imported = formats::import(format, &output, None).expect("reads back");
            assert_eq!(imported.articles[0].text, text, "{format:?}");
        }
    }
    let csv = stdout(&run(&["annotate", "--format=csv"], &text));
    assert!(csv.starts_with("id,kind,label,start,end,text,status,note,evidence,speaker,score\r\n"));
}

#[test]
fn convert_goes_between_formats_and_back() {
    let text = article_text();
    let json = stdout(&run(&["annotate"], &text));
    let article = export::from_json(&json).expect("valid");
    let w3c = stdout(&run(&["convert", "--to", "w3c"], &json));
    assert_eq!(formats::detect(&w3c), Some(Format::W3c));
    let back = stdout(&run(&["convert", "--from", "w3c", "--to", "json"], &w3c));
    assert_eq!(back, json, "json → w3c → json is the identity");
    let jsonl = stdout(&run(&["convert", "--to", "jsonl", "-"], &json));
    let from_jsonl = stdout(&run(&["convert", "--to", "json"], &jsonl));
    assert_eq!(export::from_json(&from_jsonl).expect("valid").text, text);
    let csv = stdout(&run(&["convert", "--to", "csv"], &json));
    let text_path = scratch("article-for-csv.txt", text.as_bytes());
    let from_csv = stdout(&run(
        &[
            "convert",
            "--to",
            "json",
            "--text",
            text_path.to_str().expect("utf-8"),
        ],
        &csv,
    ));
    let from_csv = export::from_json(&from_csv).expect("valid");
    let spans = |a: &Article| {
        a.annotations
            .iter()
            .filter(|a| !a.dismissed)
            .map(|a| (a.start, a.end, a.kind))
            .collect::<Vec<_>>()
    };
    assert_eq!(spans(&from_csv), spans(&article));

    let report = stdout(&run(&["convert", "--to", "md"], &json));
    assert!(report.starts_with("# "));
    let drafts = run(&["convert", "--to", "claimreview"], &json);
    assert_eq!(stdout(&drafts).trim(), "[]");
    assert!(stderr(&drafts).contains("author, datePublished, url"));

    // A library converts to formats that hold several articles, and refuses the others.
    let library = export::library_to_json(&[article.clone(), article]);
    let lines = stdout(&run(&["convert", "--to", "jsonl"], &library));
    assert_eq!(lines.lines().count(), 2);
    let refused = run(&["convert", "--to", "w3c"], &library);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("convert them one at a time"),
        "{}",
        stderr(&refused)
    );
}

/// Each row: arguments, stdin, exit code, what stderr must say.
#[test]
fn bad_input_and_bad_arguments_get_clear_errors() {
    let truncated = r#"{"format":"factmark","version":1,"title":"t","text":"ab","annotations":[{"id""#;
    let rows: &[(&[&str], &str, i32, &str)] = &[
        (&["convert", "--to", "w3c"], truncated, 1, "ends too early"),
        (
            &["convert", "--from", "json", "--to", "w3c"],
            "[1,2]",
            1,
            "expected a JSON object",
        ),
        (
            &["convert", "--to", "json"],
            r#"{"format":"factmark","version":1,"title":"","text":"ab","annotations":[{"id":"x","kind":"claim","label":null,"start":0,"end":7,"text":"ab"}]}"#,
            1,
            "annotations[0]: offsets 0..7 lie outside the text",
        ),
        (
            &["convert", "--to", "json"],
            "just words",
            2,
            "cannot tell the input's format",
        ),
        (
            &["convert", "--from", "md", "--to", "json"],
            "# x",
            2,
            "can be written but not read",
        ),
        (
            &["convert", "--from", "csv", "--to", "json"],
            "id,kind,start,end\n",
            1,
            "CSV holds annotations but not the article text",
        ),
        (&["convert"], "", 2, "convert needs --to"),
        (&["annotate", "--format", "pdf"], "", 2, "unknown format \"pdf\""),
        (&["annotate", "a", "b"], "", 2, "more than one input file"),
        (
            &["annotate", "/nonexistent/article.txt"],
            "",
            1,
            "cannot open /nonexistent/article.txt",
        ),
        (&["frobnicate"], "", 2, "unknown command"),
        (&[], "", 2, "no command given"),
    ];
    for &(args, stdin, code, expected) in rows {
        let output = run(args, stdin);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {message}");
        assert!(
            message.contains(expected),
            "{args:?}:\n  {message}\nshould contain\n  {expected}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
    let help = stdout(&run(&["help"], ""));
    assert!(help.contains("factmark-cli convert"));
}

#[test]
fn oversized_and_non_utf8_input_is_refused() {
    // One byte over the import limit, as a sparse file: refused by its size, before any read.
    let big = scratch("big.json", b"");
    let limit = factmark_core::export::MAX_IMPORT_BYTES as u64;
    std::fs::File::options()
        .write(true)
        .open(&big)
        .and_then(|file| file.set_len(limit + 1))
        .expect("a sparse file");
    let output = run(&["convert", "--to", "json", big.to_str().expect("utf-8")], "");
    assert_eq!(output.status.code(), Some(1));
    let mb = limit as f64 / (1024.0 * 1024.0);
    assert!(
        stderr(&output).contains(&format!("reads files up to {mb:.0} MB; the file is {mb:.1} MB")),
        "{}",
        stderr(&output)
    );
    let output = run(&["annotate"], &"word ".repeat(500_000));
    assert!(
        stderr(&output).contains("handles articles up to 2 MB"),
        "{}",
        stderr(&output)
    );
    let latin1 = scratch("latin1.txt", b"caf\xe9");
    let output = run(&["annotate", latin1.to_str().expect("utf-8")], "");
    assert!(
        stderr(&output).contains("not UTF-8 text (invalid byte at offset 3)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // A long article gives output far bigger than a pipe buffer; close the pipe after one read.
    let text = article_text().repeat(40);
    let mut child = Command::new(BIN)
        .args(["annotate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("the child reads its input");
    let mut first = [0u8; 64];
    let mut out = child.stdout.take().expect("stdout");
    out.read_exact(&mut first).expect("some output");
    drop(out);
    let mut errors = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut errors)
        .expect("stderr");
    let status = child.wait().expect("finishes");
    assert!(!errors.contains("panicked"), "{errors}");
    assert!(status.success(), "{status:?}: {errors}");
}
