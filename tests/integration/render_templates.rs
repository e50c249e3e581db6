//! `--templates DIR`: files in the directory replace the embedded templates one by one; a bad
//! directory, template or sentence table is a clear error naming the file, exit 2, and no output.

use crate::common::*;
use crate::render_common::*;
use std::path::Path;

const FORMATS: [&str; 3] = ["md", "html", "pdf"];

/// Renders `spec` in `format` with `--templates dir` into a fresh `-o` file and requires the
/// failure to be a usage error that names `names` and writes nothing.
fn assert_fails(spec: &Path, format: &str, dir: &Path, names: &[&str]) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join(format!("out.{format}"));
    let run = slagen(&[
        "render",
        spec.to_str().unwrap(),
        "--format",
        format,
        "--templates",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{format}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
    assert!(
        run.stderr.starts_with("error: "),
        "{format}: {}",
        run.stderr
    );
    for name in names {
        assert!(
            run.stderr.contains(name),
            "{format}: `{name}` not in {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let left: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert!(
        left.is_empty(),
        "{format}: no output file, no temporary file: {left:?}"
    );
    run.stderr
}

fn embedded(name: &str) -> String {
    std::fs::read_to_string(root().join("templates/ja").join(name)).unwrap()
}

#[test]
fn a_missing_template_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-dir");
    let calltree = spec("calltree.sla");
    for format in FORMATS {
        assert_fails(
            &calltree,
            format,
            &missing,
            &[missing.to_str().unwrap(), "does not exist"],
        );
    }
    // A file where a directory is expected.
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    assert_fails(
        &calltree,
        "md",
        &file,
        &[file.to_str().unwrap(), "not a directory"],
    );
}

#[test]
fn a_template_with_a_syntax_error_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("document.md.j2");
    std::fs::write(&bad, "# {{ doc.title }}\n{% for x in %}\n{% endfor %}\n").unwrap();
    let stderr = assert_fails(
        &spec("calltree.sla"),
        "md",
        dir.path(),
        &[bad.to_str().unwrap(), "syntax error", "line 2"],
    );
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
}

#[test]
fn a_template_referring_to_an_unknown_value_is_named() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("md", "document.md.j2"),
        ("html", "document.html.j2"),
        ("pdf", "document.typ.j2"),
    ] {
        // The embedded template with one unknown value added: strict undefined, not a blank.
        let text = embedded(name).replace("{{ doc.title }}", "{{ doc.title }}{{ doc.nope }}");
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        assert_fails(
            &spec("calltree.sla"),
            format,
            dir.path(),
            &[path.to_str().unwrap(), "doc.nope", "undefined"],
        );
    }
}

#[test]
fn an_incomplete_or_invalid_wording_table_is_named() {
    let full = embedded("wording.toml");
    let cases: [(&str, String, &[&str]); 5] = [
        (
            "incomplete",
            "[labels]\nhours = \"営業時間\"\n".into(),
            &["missing `"],
        ),
        ("not TOML", "[labels\nhours = ".into(), &["TOML", "line 1"]),
        (
            "not a string",
            full.replace("hours = \"営業時間\"", "hours = 1"),
            &["`labels.hours` must be a string"],
        ),
        (
            "unknown key",
            format!("{full}\n[extra]\nsentence = \"x\"\n"),
            &["unknown sentence `extra.sentence`"],
        ),
        (
            "bad placeholder syntax",
            full.replace(
                "around_the_clock = \"24時間365日\"",
                "around_the_clock = \"24時間{365日\"",
            ),
            &["`hours.around_the_clock`"],
        ),
    ];
    for (what, text, names) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wording.toml");
        std::fs::write(&path, &text).unwrap();
        for format in FORMATS {
            let mut all = vec![path.to_str().unwrap()];
            all.extend_from_slice(names);
            let stderr = assert_fails(&spec("calltree.sla"), format, dir.path(), &all);
            assert!(!stderr.is_empty(), "{what}");
        }
    }
}

#[test]
fn a_sentence_using_a_value_it_does_not_have_is_named() {
    // The Synergy! support hours are worded with `hours.closed`.
    let text = embedded("wording.toml").replace(
        "closed = \"{closed}を除く、{days}{windows}を{label}とします。\"",
        "closed = \"{closed}を除く、{days}{windows}を{label}とします。{nope}\"",
    );
    assert!(text.contains("{nope}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wording.toml");
    std::fs::write(&path, text).unwrap();
    for format in FORMATS {
        assert_fails(
            &spec("synergy/2021-08-24.sla"),
            format,
            dir.path(),
            &[path.to_str().unwrap(), "`hours.closed`", "{nope}"],
        );
    }
}

#[test]
fn an_override_directory_replaces_only_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let md = embedded("document.md.j2");
    assert!(
        md.contains("\n# {{ doc.title }}\n"),
        "the title line of the embedded template"
    );
    std::fs::write(
        dir.path().join("document.md.j2"),
        md.replace("\n# {{ doc.title }}\n", "\n# 【改定版】{{ doc.title }}\n"),
    )
    .unwrap();
    let wording = embedded("wording.toml").replace(
        "around_the_clock = \"24時間365日\"",
        "around_the_clock = \"24時間365日（年中無休）\"",
    );
    std::fs::write(dir.path().join("wording.toml"), wording).unwrap();
    let d = dir.path().to_str().unwrap();

    let calltree = spec("calltree.sla");
    let default_md = render_ok(&calltree, "md", &[]);
    let custom_md = render_ok(&calltree, "md", &["--templates", d]);
    assert!(
        custom_md.starts_with("# 【改定版】SLA（サービス品質保証）規定\n"),
        "{custom_md}"
    );
    // Everything else is the embedded template's, with the overriding sentence.
    let expected = default_md.replacen("# SLA", "# 【改定版】SLA", 1).replace(
        "利用可能時間：24時間365日",
        "利用可能時間：24時間365日（年中無休）",
    );
    assert_eq!(custom_md, expected);

    // No HTML template in the directory: the embedded one, with the directory's sentences.
    let default_html = render_ok(&calltree, "html", &[]);
    let custom_html = render_ok(&calltree, "html", &["--templates", d]);
    assert_eq!(
        custom_html,
        default_html.replace(
            "利用可能時間：<span class=\"nobr\">24時間365日</span>",
            "利用可能時間：<span class=\"nobr\">24時間365日</span>（年中無休）"
        )
    );

    // An overriding template still escapes what it prints.
    let injected = render_ok(&fixture("injection/spec.sla"), "md", &["--templates", d]);
    assert!(
        injected.starts_with("# 【改定版】注入\\<script\\>alert(1)\\</script\\>\n"),
        "{injected}"
    );
}

#[test]
fn an_empty_override_directory_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let calltree = spec("calltree.sla");
    for format in ["md", "html", "typst"] {
        assert_eq!(
            render_ok(&calltree, format, &["--templates", d]),
            render_ok(&calltree, format, &[]),
            "{format}"
        );
    }
}

/// A template that would make gigabytes or never end stops on its budget (issue 15, item 8):
/// a clear error naming the file, exit 2, no output — not an abort when memory runs out.
#[test]
fn a_template_that_would_not_end_stops_on_its_budget() {
    let calltree = spec("calltree.sla");
    for (format, name) in [
        ("md", "document.md.j2"),
        ("html", "document.html.j2"),
        ("pdf", "document.typ.j2"),
    ] {
        for body in [
            // slagen's own filter: 100 TB of `x`.
            "{{ doc.title }}{{ 'x' | repeat(10**14) }}",
            // minijinja's string repetition.
            "{{ doc.title }}{{ 'x' * 10**14 }}",
            // 10^15 iterations.
            "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}x{% endfor %}{% endfor %}{% endfor %}",
            // Output doubling in a loop.
            "{% set s = namespace(t='x') %}{% for i in range(100) %}{% set s.t = s.t ~ s.t %}{% endfor %}{{ s.t }}",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            std::fs::write(&path, body).unwrap();
            let started = std::time::Instant::now();
            assert_fails(
                &calltree,
                format,
                dir.path(),
                &[path.to_str().unwrap(), "the template stopped"],
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "{format} {body}: {:?}",
                started.elapsed()
            );
        }
    }
}
