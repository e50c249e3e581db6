//! A small block-style YAML writer for the configuration exports (OpenSLO, Prometheus rules,
//! Alertmanager). The exports build a [`Yaml`] tree whose maps keep their insertion order, so a
//! file reads in the order its consumer documents (`apiVersion`, `kind`, `metadata`, `spec`) and
//! the same spec always gives the same bytes.
//!
//! Every string is written double-quoted with JSON's escapes, which YAML's double-quoted scalars
//! share: no value can turn into a number, a boolean, a comment or a second document, whatever
//! the spec's text holds (PromQL braces and quotes, Japanese labels, `#`).

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A string, always quoted.
    Str(String),
    /// A number as written (`0.98`, `14.4`), a boolean or null: emitted verbatim.
    Raw(String),
    /// A mapping in insertion order.
    Map(Vec<(String, Yaml)>),
    /// A sequence.
    List(Vec<Yaml>),
}

impl Yaml {
    /// A quoted string.
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::Str(s.into())
    }

    /// A verbatim scalar (numbers, `true`).
    pub fn raw(s: impl Into<String>) -> Yaml {
        Yaml::Raw(s.into())
    }

    /// A map from pairs.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Yaml)>) -> Yaml {
        Yaml::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Writes the value as a document body (no `---`), ending with a newline.
    pub fn write(&self, out: &mut String) {
        block(self, 0, out);
    }
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn scalar(v: &Yaml, out: &mut String) {
    match v {
        Yaml::Str(s) => out.push_str(&serde_json::to_string(s).expect("strings serialise")),
        Yaml::Raw(s) => out.push_str(s),
        Yaml::Map(_) => out.push_str("{}"),
        Yaml::List(_) => out.push_str("[]"),
    }
}

fn is_block(v: &Yaml) -> bool {
    match v {
        Yaml::Map(m) => !m.is_empty(),
        Yaml::List(l) => !l.is_empty(),
        _ => false,
    }
}

fn key(k: &str, out: &mut String) {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    if plain {
        out.push_str(k);
    } else {
        out.push_str(&serde_json::to_string(k).expect("strings serialise"));
    }
}

/// Writes `v` starting at the beginning of a line, indented by `indent`.
fn block(v: &Yaml, indent: usize, out: &mut String) {
    match v {
        Yaml::Map(m) if !m.is_empty() => {
            for (k, val) in m {
                pad(indent, out);
                entry(k, val, indent, out);
            }
        }
        Yaml::List(l) if !l.is_empty() => {
            for item in l {
                pad(indent, out);
                out.push_str("- ");
                item_after_dash(item, indent + 2, out);
            }
        }
        _ => {
            pad(indent, out);
            scalar(v, out);
            out.push('\n');
        }
    }
}

/// `key: value` where the cursor is already indented.
fn entry(k: &str, val: &Yaml, indent: usize, out: &mut String) {
    key(k, out);
    if is_block(val) {
        out.push_str(":\n");
        block(val, indent + 2, out);
    } else {
        out.push_str(": ");
        scalar(val, out);
        out.push('\n');
    }
}

/// A sequence item after its `- `: a map's first entry goes on the dash's line.
fn item_after_dash(item: &Yaml, indent: usize, out: &mut String) {
    match item {
        Yaml::Map(m) if !m.is_empty() => {
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    pad(indent, out);
                }
                entry(k, val, indent, out);
            }
        }
        Yaml::List(l) if !l.is_empty() => {
            out.push('\n');
            block(item, indent, out);
        }
        _ => {
            scalar(item, out);
            out.push('\n');
        }
    }
}

/// A ratio from a percentage, exactly (98% → `0.98`, 99.95% → `0.9995`).
pub fn ratio(p: crate::model::Percent) -> String {
    let v = p.ten_thousandths();
    let int = v / 1_000_000;
    let frac = v % 1_000_000;
    if frac == 0 {
        format!("{int}")
    } else {
        let digits = format!("{frac:06}");
        format!("{int}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_maps_and_lists() {
        let y = Yaml::map([
            ("a", Yaml::str("x: #y")),
            (
                "b",
                Yaml::List(vec![
                    Yaml::map([("c", Yaml::raw("1")), ("d", Yaml::List(vec![]))]),
                    Yaml::str("e"),
                ]),
            ),
            ("日本", Yaml::Map(vec![])),
        ]);
        let mut out = String::new();
        y.write(&mut out);
        assert_eq!(
            out,
            "a: \"x: #y\"\nb:\n  - c: 1\n    d: []\n  - \"e\"\n\"日本\": {}\n"
        );
    }

    #[test]
    fn ratios_are_exact() {
        use crate::model::Percent;
        assert_eq!(ratio(Percent::parse("98").unwrap()), "0.98");
        assert_eq!(ratio(Percent::parse("99.95").unwrap()), "0.9995");
        assert_eq!(ratio(Percent::parse("99.9999").unwrap()), "0.999999");
        assert_eq!(ratio(Percent::parse("100").unwrap()), "1");
    }
}
