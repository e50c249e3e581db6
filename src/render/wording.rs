//! The sentence table (`templates/ja/wording.toml`) and filling `{placeholders}`.

use super::RenderError;
use crate::model::{Piece, Text};
use std::collections::BTreeMap;

/// The embedded default sentences.
pub const DEFAULT: &str = include_str!("../../templates/ja/wording.toml");

/// Sentences by `section.key`.
#[derive(Debug, Clone)]
pub struct Wording {
    map: BTreeMap<String, String>,
    /// Where the table came from, for messages.
    source: String,
}

impl Wording {
    /// The embedded table.
    pub fn embedded() -> Wording {
        Wording::parse(DEFAULT, "templates/ja/wording.toml (embedded)")
            .expect("the embedded wording table is valid")
    }

    /// Reads a table; every key of the embedded table must be present, and no other.
    pub fn parse(text: &str, source: &str) -> Result<Wording, RenderError> {
        let bad = |message: String| RenderError::Template {
            file: source.to_string(),
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut map = BTreeMap::new();
        for (section, value) in table {
            let toml::Value::Table(inner) = value else {
                return Err(bad(format!("`{section}` must be a table of sentences")));
            };
            for (key, v) in inner {
                let toml::Value::String(s) = v else {
                    return Err(bad(format!("`{section}.{key}` must be a string")));
                };
                if let Err(e) = Text::parse(&s) {
                    return Err(bad(format!("`{section}.{key}`: {}", e.message)));
                }
                map.insert(format!("{section}.{key}"), s);
            }
        }
        let w = Wording {
            map,
            source: source.to_string(),
        };
        if source.contains("(embedded)") {
            return Ok(w);
        }
        let default = Wording::embedded();
        let missing: Vec<&String> = default
            .map
            .keys()
            .filter(|k| !w.map.contains_key(*k))
            .collect();
        if let Some(k) = missing.first() {
            return Err(bad(format!(
                "missing `{k}` (and {} more); copy templates/ja/wording.toml and edit it",
                missing.len() - 1
            )));
        }
        if let Some(k) = w.map.keys().find(|k| !default.map.contains_key(*k)) {
            return Err(bad(format!("unknown sentence `{k}`")));
        }
        Ok(w)
    }

    /// The sentence for a key (keys are fixed in code; a missing one is a bug).
    pub fn get(&self, key: &str) -> &str {
        self.map
            .get(key)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("wording key `{key}` is missing from the embedded table"))
    }

    /// Where the table came from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The same table in である調 (`style { tone "dearu" }`): every sentence ends in the plain
    /// form (「…とする。」「…をいう。」「…含めない。」). Only the table's own words change; the values
    /// filled in (a spec's strings, its `wording`s) are the contract's words and stay as written.
    pub fn dearu(&self) -> Wording {
        Wording {
            map: self
                .map
                .iter()
                .map(|(k, v)| (k.clone(), plain_style(v)))
                .collect(),
            source: self.source.clone(),
        }
    }
}

/// The polite endings the sentence table uses and their plain (である) forms, the longer before
/// the shorter they end with (「みなします」 before 「します」). A copied table that ends a sentence
/// another way keeps that ending; `tests::every_embedded_sentence_has_a_plain_form` keeps this
/// list complete for the embedded table.
const PLAIN_ENDINGS: &[(&str, &str)] = &[
    ("ご利用いただけません", "利用できない"),
    ("ではありません", "ではない"),
    ("限定されません", "限定されない"),
    ("適用しません", "適用しない"),
    ("含めません", "含めない"),
    ("含みますが", "含むが"),
    ("行っています", "行っている"),
    ("切り捨てます", "切り捨てる"),
    ("切り上げます", "切り上げる"),
    ("をいたします", "を行う"),
    ("みなします", "みなす"),
    ("いいます", "いう"),
    ("指します", "指す"),
    ("除きます", "除く"),
    ("よります", "よる"),
    ("準じます", "準じる"),
    ("定めます", "定める"),
    ("行います", "行う"),
    ("します", "する"),
    ("です", "である"),
];

/// A sentence of the table with its polite endings in the plain form.
fn plain_style(sentence: &str) -> String {
    let mut out = sentence.to_string();
    for (polite, plain) in PLAIN_ENDINGS {
        out = out.replace(polite, plain);
    }
    out
}

/// Fills a text's references with `lookup(term, field)`; an unknown one is an error naming it.
pub fn fill(
    text: &Text,
    lookup: &dyn Fn(Option<&str>, &str) -> Option<String>,
) -> Result<String, String> {
    let mut out = String::new();
    for p in &text.pieces {
        match p {
            Piece::Literal(s) => out.push_str(s),
            Piece::Ref { term, field, .. } => match lookup(term.as_deref(), field) {
                Some(v) => out.push_str(&v),
                None => {
                    return Err(match term {
                        Some(t) => format!("{{{t}.{field}}}"),
                        None => format!("{{{field}}}"),
                    });
                }
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_sentence_has_a_plain_form() {
        let plain = Wording::embedded().dearu();
        for (key, sentence) in &plain.map {
            for polite in ["ます", "です", "ません"] {
                assert!(
                    !sentence.contains(polite),
                    "`{key}` keeps 「{polite}」 in である調: {sentence}"
                );
            }
            assert!(Text::parse(sentence).is_ok(), "`{key}`: {sentence}");
        }
        assert_eq!(
            plain.get("availability.rule_min_outage"),
            "{min_outage}未満の停止は、停止時間に含めない。"
        );
        assert_eq!(plain_style("停止とみなします。"), "停止とみなす。");
        assert_eq!(plain_style("対象外とします。"), "対象外とする。");
    }

    #[test]
    fn embedded_table_parses_and_override_must_be_complete() {
        let w = Wording::embedded();
        assert!(w.get("hours.closed").contains("{closed}"));
        let err = Wording::parse("[hours]\nclosed = \"x\"\n", "override.toml").unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
