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
    fn embedded_table_parses_and_override_must_be_complete() {
        let w = Wording::embedded();
        assert!(w.get("hours.closed").contains("{closed}"));
        let err = Wording::parse("[hours]\nclosed = \"x\"\n", "override.toml").unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
