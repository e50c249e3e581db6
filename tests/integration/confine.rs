//! What a spec may read (issue 15, item 3): files it names (`use`, holiday files) only inside
//! its root — the git work tree that holds it, else its directory, or `--root DIR` — with links
//! resolved first; files under `--templates` only inside that directory; and no diagnostic that
//! shows what such a file holds. The language server keeps the same rule with the workspace
//! folder as the root.

use crate::common::slagen_in;
use crate::lsp::{Client, url};
use crate::support::{Checked, describe, parse_diags, spec, strip_mark};
use serde_json::json;
use std::path::Path;

/// A line no diagnostic may print: it stands for a secret in a file the spec points at.
const SECRET: &str = "root:$6$hunter2secret:19000:0:99999:7:::";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `slagen check --message-format json` on `spec` with extra arguments, run in its directory.
fn check_with(spec: &Path, extra: &[&str]) -> Checked {
    let mut args = vec!["check", "--message-format", "json"];
    args.extend_from_slice(extra);
    args.push(spec.file_name().unwrap().to_str().unwrap());
    let run = slagen_in(spec.parent().unwrap(), &args, None);
    Checked {
        code: run.code,
        diags: parse_diags(&run.stderr),
        stderr: run.stderr,
    }
}

#[test]
fn a_use_outside_the_spec_directory_is_refused_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("other/b.sla"), &spec(""));
    let (text, pos) = strip_mark(&format!("use b = ‸\"../other/b.sla\"\n{}", spec("")));
    let main = dir.path().join("mine/spec.sla");
    write(&main, &text);
    let c = check_with(&main, &[]);
    assert_eq!(c.code, 1, "{}", describe(&c));
    let d = &c.with_code("E0111")[0];
    assert_eq!(Some((d.line, d.column)), pos, "{}", describe(&c));
    assert!(d.message.contains("mine"), "names the root: {}", d.message);
    // `--root` widens the tree; the same spec is then fine.
    let wide = check_with(&main, &["--root", ".."]);
    assert_eq!(wide.code, 0, "{}", describe(&wide));
    // ... and narrows it: the spec's own directory is not the tree any more.
    write(&dir.path().join("mine/sub/c.sla"), &spec(""));
    let narrow_spec = dir.path().join("mine/narrow.sla");
    write(
        &narrow_spec,
        &format!("use c = \"sub/c.sla\"\n{}", spec("")),
    );
    let narrow = check_with(&narrow_spec, &["--root", "sub"]);
    assert_eq!(narrow.code, 0, "{}", describe(&narrow));
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = check_with(
        &narrow_spec,
        &["--root", elsewhere.path().to_str().unwrap()],
    );
    assert_eq!(outside.codes(), ["E0111"], "{}", describe(&outside));
}

#[test]
fn the_default_root_is_the_git_work_tree_that_holds_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(&dir.path().join("synergy/a.sla"), &spec(""));
    let main = dir.path().join("link/spec.sla");
    write(
        &main,
        &format!("use a = \"../synergy/a.sla\"\n{}", spec("")),
    );
    let c = check_with(&main, &[]);
    assert_eq!(c.code, 0, "{}", describe(&c));
}

#[cfg(unix)]
#[test]
fn a_link_that_points_out_of_the_tree_is_refused_and_its_content_never_shown() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("shadow");
    write(&secret, &format!("{SECRET}\n"));
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("holidays.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("linked.sla")).unwrap();
    let (text, pos) = strip_mark(&format!(
        "use l = \"linked.sla\"\n{}",
        spec("  company_holidays { file ‸\"holidays.txt\" }")
    ));
    let main = dir.path().join("spec.sla");
    write(&main, &text);
    for format in ["json", "human"] {
        let run = slagen_in(
            dir.path(),
            &["check", "--message-format", format, "spec.sla"],
            None,
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
        assert_eq!(run.stderr.matches("E0111").count(), 2, "{}", run.stderr);
    }
    let c = check_with(&main, &[]);
    let holiday = c
        .with_code("E0111")
        .into_iter()
        .find(|d| d.message.contains("holidays.txt"))
        .expect("the holiday file is refused");
    assert_eq!(Some((holiday.line, holiday.column)), pos);
}

#[test]
fn a_holiday_file_that_is_not_a_holiday_list_is_reported_without_its_content() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("holidays.txt"),
        &format!("2024-08-15 創立記念日\n{SECRET}\n"),
    );
    let main = dir.path().join("spec.sla");
    write(&main, &spec("  company_holidays { file \"holidays.txt\" }"));
    for format in ["json", "human"] {
        let run = slagen_in(
            dir.path(),
            &["check", "--message-format", format, "spec.sla"],
            None,
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("E0309"), "{}", run.stderr);
        assert!(run.stderr.contains("line 2"), "{}", run.stderr);
        assert!(!run.stderr.contains("root:"), "{}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_template_that_links_out_of_the_template_directory_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("shadow");
    write(&secret, &format!("{SECRET}\n"));
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink(&secret, templates.join("document.md.j2")).unwrap();
    write(&dir.path().join("spec.sla"), &spec("  text \"本文\""));
    let run = slagen_in(
        dir.path(),
        &["render", "spec.sla", "--templates", "templates"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("outside"), "{}", run.stderr);
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

#[test]
fn the_language_server_reads_inside_the_workspace_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("other/b.sla"), &spec(""));
    let main = dir.path().join("mine/spec.sla");
    let text = format!("use b = \"../other/b.sla\"\n{}", spec(""));
    write(&main, &text);
    let uri = url(&main);
    // The workspace is `mine`: the used spec is outside it.
    let mut c = Client::start_in(Some(&dir.path().join("mine")));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri);
    let codes: Vec<_> = diags.iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [json!("E0111")], "{diags:?}");
    c.shutdown();
    // The whole directory as the workspace: the same spec is fine.
    let mut c = Client::start_in(Some(dir.path()));
    c.open(&uri, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<serde_json::Value>::new());
    c.shutdown();
}
