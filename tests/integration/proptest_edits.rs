//! Random edits of the real specs never make slagen panic, overflow its stack or hang.
//!
//! Each case takes a spec from `specs/` and applies a few edits: delete, insert, duplicate or
//! swap byte ranges, insert characters that matter to the grammar (braces, quotes, `"""`,
//! `/*`, multi-byte Japanese, a BOM, CRLF, huge numbers, invalid UTF-8). Most edits keep
//! character boundaries, so that the checker past the parser is exercised too; some cut
//! through multi-byte characters on purpose.
//!
//! The library is called directly for speed (`Loader::load_bytes`), on a thread with the
//! main thread's stack size and a time limit per case. A smaller number of cases runs the
//! binary, whose exit code must be 0 or 1: never 101 (panic) or a signal.
//!
//! `PROPTEST_CASES` sets the number of library cases (default 256; the binary runs a tenth).

use crate::common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Text that matters to the grammar, to insert at random places.
const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"{{",
    b"}}",
    b"\"",
    b"\"\"\"",
    b"/*",
    b"*/",
    b"//",
    b"\\",
    b"\\u{",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b" ",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe3\x81",
    b"\0",
    b"..",
    b"=>",
    b"-",
    b":",
    b",",
    b"%",
    b"~",
    b"=",
    "稼働率".as_bytes(),
    "年末年始".as_bytes(),
    "％".as_bytes(),
    "～".as_bytes(),
    "　".as_bytes(),
    "「{service}」".as_bytes(),
    b"{av.target}",
    b"{nope",
    b"99.99999%",
    b"101%",
    b"25:00",
    b"22:00-09:00 overnight",
    b"2023-02-30",
    b"99999999999999999999999",
    b"4294967296",
    b"2 business_days",
    b"clause x \"y\" {",
    b"chapter c \"c\" { section s \"s\" {",
    b"severity p9 \"p9\" { resolve 9h }",
    b"below 1% => 1%",
    b"revision 1999-01 { reason x \"r\" }",
    b"use me = \"calltree.sla\"\n",
    b"use up = \"../calltree.sla\"\n",
    b"hours h = synergy.nope",
    b"sla",
    b"service",
    b"revised",
];

/// One edit. Positions are taken modulo the length at the time of the edit.
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: usize },
    InsertBytes { at: usize, bytes: Vec<u8> },
    Duplicate { from: usize, len: usize, to: usize },
    Swap { a: usize, b: usize, len: usize },
    Truncate { at: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), 0usize..200).prop_map(|(at, len)| Edit::Delete { at, len }),
        6 => (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Edit::Insert { at, piece }),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Edit::InsertBytes { at, bytes }),
        3 => (any::<usize>(), 1usize..400, any::<usize>())
            .prop_map(|(from, len, to)| Edit::Duplicate { from, len, to }),
        2 => (any::<usize>(), any::<usize>(), 1usize..100)
            .prop_map(|(a, b, len)| Edit::Swap { a, b, len }),
        1 => any::<usize>().prop_map(|at| Edit::Truncate { at }),
    ]
}

/// The nearest character boundary at or before `at` (when `align`), else `at` itself.
fn place(text: &[u8], at: usize, align: bool) -> usize {
    let mut at = if text.is_empty() {
        0
    } else {
        at % (text.len() + 1)
    };
    if align {
        while at > 0 && at < text.len() && (text[at] & 0xC0) == 0x80 {
            at -= 1;
        }
    }
    at
}

fn apply(mut text: Vec<u8>, edits: &[Edit], align: bool) -> Vec<u8> {
    for e in edits {
        match e {
            Edit::Delete { at, len } => {
                let s = place(&text, *at, align);
                let end = place(&text, s + len, align).max(s);
                text.drain(s..end.min(text.len()));
            }
            Edit::Insert { at, piece } => {
                let s = place(&text, *at, align);
                text.splice(s..s, PIECES[*piece].iter().copied());
            }
            Edit::InsertBytes { at, bytes } => {
                let s = place(&text, *at, align);
                text.splice(s..s, bytes.iter().copied());
            }
            Edit::Duplicate { from, len, to } => {
                let s = place(&text, *from, align);
                let end = place(&text, s + len, align).clamp(s, text.len());
                let chunk = text[s..end].to_vec();
                let t = place(&text, *to, align);
                text.splice(t..t, chunk);
            }
            Edit::Swap { a, b, len } => {
                let (a, b) = {
                    let a = place(&text, *a, align);
                    let b = place(&text, *b, align);
                    (a.min(b), a.max(b))
                };
                let a_end = place(&text, a + len, align).clamp(a, b);
                let b_end = place(&text, b + len, align).clamp(b, text.len());
                let first = text[a..a_end].to_vec();
                let second = text[b..b_end].to_vec();
                text.splice(b..b_end, first);
                text.splice(a..a_end, second);
            }
            Edit::Truncate { at } => {
                let s = place(&text, *at, align);
                text.truncate(s);
            }
        }
    }
    text
}

fn specs() -> Vec<(PathBuf, Vec<u8>)> {
    spec_files()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Checks `bytes` as if it were the spec at `path` (its `use` paths resolve next to it), on
/// a thread with the main thread's 8 MiB stack, within `limit`. Returns an error message for a
/// panic or a timeout.
fn check_in_time(path: &Path, bytes: Vec<u8>, limit: Duration) -> Result<bool, String> {
    let display = path.to_path_buf();
    let base = path.parent().unwrap().to_path_buf();
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("check".into())
        .stack_size(8 << 20)
        .spawn(move || {
            let mut loader = slagen::check::Loader::new();
            let checked = loader.load_bytes(&display, &base, bytes);
            // Rendering every diagnostic exercises positions and source lines too.
            for d in &checked.diagnostics {
                let _ = loader.sources.render(d, false);
                let _ = loader.sources.to_json(d);
            }
            let _ = tx.send(checked.has_errors());
        })
        .expect("thread starts");
    match rx.recv_timeout(limit) {
        Ok(has_errors) => {
            let _ = handle.join();
            Ok(has_errors)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no result within {limit:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the checker panicked".into()),
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(cases()))]

    /// The library never panics or hangs on an edited spec.
    #[test]
    fn edited_specs_never_panic_or_hang(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
        align in prop::bool::weighted(0.8),
    ) {
        let all = specs();
        let (path, original) = which.get(&all).clone();
        let edited = apply(original, &edits, align);
        // The syntax tree holds every byte of whatever the edit made (issue 9), and `fmt` of
        // an edit that still parses keeps its meaning and comments.
        if let Ok(text) = std::str::from_utf8(&edited) {
            let tree = slagen::syntax::parse(text, 0).syntax();
            prop_assert_eq!(tree.to_string(), text);
            crate::syntax_tree::assert_fmt_properties(&path, text);
        }
        let outcome = check_in_time(&path, edited, Duration::from_secs(20));
        prop_assert!(outcome.is_ok(), "{}: {}", path.display(), outcome.unwrap_err());
    }
}

proptest! {
    #![proptest_config(config((cases() / 10).max(16)))]

    /// Through the binary: exit 0 (the edit kept the spec valid) or 1, never a panic (101) or
    /// a signal, and a position for every diagnostic.
    #[test]
    fn edited_specs_exit_0_or_1(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
        align in prop::bool::weighted(0.8),
    ) {
        let all = specs();
        let (path, original) = which.get(&all).clone();
        let edited = apply(original, &edits, align);
        // Next to the original, so that `use` resolves; the name keeps it apart.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("specs");
        copy_tree(&root().join("specs"), &copy);
        let rel = path.strip_prefix(root().join("specs")).unwrap();
        let target = copy.join(rel);
        std::fs::write(&target, &edited).unwrap();
        let run = slagen_in(
            target.parent().unwrap(),
            &["check", "--message-format", "json", target.file_name().unwrap().to_str().unwrap()],
            None,
        );
        prop_assert!(run.code == 0 || run.code == 1, "exit {}: {}", run.code, run.stderr);
        for d in json_diagnostics(&run.stderr) {
            prop_assert!(d["line"].as_u64().unwrap_or(0) >= 1, "{d}");
            prop_assert!(d["column"].as_u64().unwrap_or(0) >= 1, "{d}");
        }
        if run.code == 1 {
            prop_assert!(!json_diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// The edits do what they say (a check of the harness itself).
#[test]
fn edits_apply_as_described() {
    let text = "ab稼cd".as_bytes().to_vec();
    assert_eq!(
        apply(text.clone(), &[Edit::Delete { at: 2, len: 3 }], true),
        b"abcd"
    );
    // Unaligned, the same delete cuts the character.
    assert_eq!(
        apply(text.clone(), &[Edit::Delete { at: 3, len: 1 }], false).len(),
        text.len() - 1
    );
    assert_eq!(
        apply(text.clone(), &[Edit::Insert { at: 0, piece: 0 }], true),
        "{ab稼cd".as_bytes()
    );
    assert_eq!(
        apply(
            b"0123456789".to_vec(),
            &[Edit::Swap { a: 1, b: 6, len: 2 }],
            true
        ),
        b"0673451289"
    );
    assert_eq!(
        apply(
            b"abc".to_vec(),
            &[Edit::Duplicate {
                from: 0,
                len: 2,
                to: 3
            }],
            true
        ),
        b"abcab"
    );
}
