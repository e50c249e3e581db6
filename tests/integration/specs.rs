//! Every spec in `specs/` checks clean and exports JSON that validates against the schema.

use crate::common::*;

#[test]
fn every_spec_checks_clean() {
    let files = spec_files();
    assert!(files.len() >= 9, "specs/ holds the seeds' SLAs: {files:?}");
    let run = slagen(
        &[
            &["check".to_string()][..],
            &files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>(),
        ]
        .concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_spec_exports_json_valid_against_the_schema() {
    let schema = slagen(&["schema"]);
    assert_eq!(schema.code, 0, "{}", schema.stderr);
    let schema: serde_json::Value = serde_json::from_str(&schema.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for file in spec_files() {
        let run = slagen(&["export", file.to_str().unwrap(), "--to", "json"]);
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("export is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn export_is_deterministic_and_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("calltree.json");
    let spec = root().join("specs/calltree.sla");
    let a = slagen(&[
        "export",
        spec.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let first = std::fs::read(&out).unwrap();
    let b = slagen(&["export", spec.to_str().unwrap()]);
    assert_eq!(first, b.bytes);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn an_impossible_revision_date_does_not_hide_later_errors() {
    let spec = r#"sla t "テスト" {
  service "X"
  revised 2023-02-30
  availability a { target 99% }
  clause c "条項" {
    text "目標は{a.targ}です"
  }
  credit c2 { fee "料金"  below 99% => 10%  below 98% => 5% }
}
"#;
    let (_dir, path) = temp_spec(spec);
    let run = slagen(&["--message-format", "json", "check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let codes: Vec<String> = json_diagnostics(&run.stderr)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["E0203", "E0107", "E0304"], "{}", run.stderr);
}
