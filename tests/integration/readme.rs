//! The language manual's examples work: a newcomer can start from grammar/README.md alone.

use crate::common::*;

/// The fenced blocks of grammar/README.md.
fn blocks() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("grammar/README.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(b) => out.push(b),
                None => current = Some(String::new()),
            }
        } else if let Some(b) = current.as_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    out
}

#[test]
fn the_first_example_checks_and_renders_the_sentence_shown() {
    let blocks = blocks();
    let spec = &blocks[0];
    let shown = &blocks[1];
    let (_dir, path) = temp_spec(spec);
    let run = slagen(&["render", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sentence = shown.lines().last().unwrap();
    assert!(run.stdout.contains(sentence), "{}", run.stdout);
}

#[test]
fn every_term_example_is_in_a_spec_that_checks() {
    // tests/fixtures/readme/all_examples.sla holds the manual's term examples in one spec.
    let all =
        std::fs::read_to_string(root().join("tests/fixtures/readme/all_examples.sla")).unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let fixture = squash(&all);
    for block in blocks().iter().skip(2) {
        for line in block.lines() {
            let code = line.split("//").next().unwrap().trim();
            let is_term = [
                "calendar ",
                "hours ",
                "availability ",
                "exclusion ",
                "maintenance ",
                "severity ",
                "credit ",
                "notification ",
                "monitoring ",
                "backup ",
                "security ",
                "network ",
                "recovery ",
                "channels ",
                "after_hours ",
                "fact ",
            ]
            .iter()
            .any(|k| code.starts_with(k));
            if is_term && !code.contains("= synergy") && !code.contains('…') {
                assert!(
                    fixture.contains(&squash(code)),
                    "not in the fixture: {code}"
                );
            }
        }
    }
    let path = root().join("tests/fixtures/readme/all_examples.sla");
    let run = slagen(&["render", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
