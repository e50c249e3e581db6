//! Rules that look at the whole spec once it is built: interpolations, credit tiers, severity
//! order, revision dates.

use super::Checker;
use super::build::Collected;
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{Piece, SPEC_FIELDS, Spec, Term};
use crate::syntax::ast::Span;

impl Checker<'_> {
    /// Runs the rules; the revision dates are compared only when the spec's own date is known.
    pub(super) fn spec_rules(
        &mut self,
        spec: &Spec,
        out: &Collected,
        revision_spans: &[Span],
        revised_known: bool,
    ) {
        self.interpolations(spec, out);
        self.credit_tiers(spec, out);
        self.severity_order(spec, out);
        if revised_known {
            self.revision_order(spec, revision_spans);
        }
    }

    /// Every `{term.field}` names a term and one of its fields; `{field}` names a field of the
    /// enclosing term or of the spec.
    fn interpolations(&mut self, spec: &Spec, out: &Collected) {
        // Terms by id: a spec of thousands of terms has thousands of texts that name them.
        let terms: rustc_hash::FxHashMap<&str, &Term> =
            spec.terms.iter().map(|t| (t.id(), t)).rev().collect();
        // A value is missing also when its statement was written but invalid, which is already
        // reported: E0110 is looked for only in a spec without other errors, so that one mistake
        // is reported once.
        let values_known = !self.diags.iter().any(|d| d.is_error());
        for pending in &out.texts {
            // A term that could not be built keeps an empty slot; its errors are reported,
            // and its wording cannot be checked against fields it does not have.
            let owner = pending.owner.and_then(|i| spec.terms.get(i));
            if owner.is_some_and(|t| t.id().is_empty()) {
                continue;
            }
            for piece in &pending.text.pieces {
                let Piece::Ref {
                    term,
                    field,
                    offset,
                } = piece
                else {
                    continue;
                };
                let at = self.offset_in_literal(pending.span, &pending.text.source, *offset);
                let len = field.len() + term.as_ref().map_or(0, |t| t.len() + 1) + 2;
                let span = Span::new(at, at + len);
                match term {
                    Some(t) => match terms.get(t.as_str()).copied() {
                        Some(found) => {
                            if !found.fields().contains(&field.as_str()) {
                                self.error(
                                    Problem::UnknownField {
                                        term: format!("`{t}`"),
                                        field: field.clone(),
                                        known: found.fields().to_vec(),
                                    },
                                    span,
                                );
                            } else if values_known && !found.has_value(field) {
                                self.error(
                                    Problem::NoValue {
                                        term: Some(t.clone()),
                                        field: field.clone(),
                                        written: format!("{{{t}.{field}}}"),
                                    },
                                    span,
                                );
                            }
                        }
                        // Declared, but not built because of an error already reported.
                        None if self.ids.contains_key(t.as_str()) => {}
                        None => {
                            let suggestion = spec
                                .terms
                                .iter()
                                .map(|x| x.id())
                                .filter(|id| super::edit_distance(t, id) <= 2)
                                .min_by_key(|id| super::edit_distance(t, id))
                                .map(str::to_string);
                            self.error(
                                Problem::UnknownReference {
                                    name: t.clone(),
                                    expected: "term",
                                    suggestion,
                                },
                                span,
                            );
                        }
                    },
                    None => {
                        let own: &[&str] = match pending.owner.and_then(|i| spec.terms.get(i)) {
                            Some(t) => t.fields(),
                            None => &[],
                        };
                        let is_fact = matches!(terms.get(field.as_str()), Some(Term::Fact(_)))
                            || matches!(
                                self.ids.get(field.as_str()),
                                Some((super::IdKind::Term(crate::syntax::Kind::Fact), _))
                            );
                        let missing = if !values_known {
                            None
                        } else if own.contains(&field.as_str()) {
                            owner
                                .filter(|t| !t.has_value(field))
                                .map(|t| Some(t.id().to_string()))
                        } else if SPEC_FIELDS.contains(&field.as_str()) && !is_fact {
                            (!spec.has_value(field)).then_some(None)
                        } else {
                            None
                        };
                        if let Some(term) = missing {
                            self.error(
                                Problem::NoValue {
                                    term,
                                    field: field.clone(),
                                    written: format!("{{{field}}}"),
                                },
                                span,
                            );
                        } else if !own.contains(&field.as_str())
                            && !SPEC_FIELDS.contains(&field.as_str())
                            && !is_fact
                        {
                            let mut known: Vec<&'static str> = own.to_vec();
                            known.extend(SPEC_FIELDS);
                            self.error(
                                Problem::UnknownField {
                                    term: match pending.owner.and_then(|i| spec.terms.get(i)) {
                                        Some(t) => format!("`{}`", t.id()),
                                        None => "the spec".into(),
                                    },
                                    field: field.clone(),
                                    known,
                                },
                                span,
                            );
                        }
                    }
                }
            }
        }
    }

    /// Tiers sorted by threshold, highest first, must give strictly more as the threshold falls.
    fn credit_tiers(&mut self, spec: &Spec, out: &Collected) {
        for (index, spans) in &out.tier_spans {
            let Some(Term::Credit(credit)) = spec.terms.get(*index) else {
                continue;
            };
            let mut tiers: Vec<(usize, _)> = credit.tiers.iter().enumerate().collect();
            tiers.sort_by_key(|t| std::cmp::Reverse(t.1.below));
            for pair in tiers.windows(2) {
                let (_, upper) = pair[0];
                let (i, lower) = pair[1];
                let worse = match (upper.credit, lower.credit) {
                    (Some(u), Some(l)) => l <= u,
                    (Some(_), None) => true,
                    _ => false,
                };
                if worse || upper.below == lower.below {
                    self.error(
                        Problem::CreditNotIncreasing {
                            tier: format!(
                                "below {}% => {}",
                                lower.below,
                                lower
                                    .credit
                                    .map(|c| format!("{c}%"))
                                    .unwrap_or_else(|| "discount".into())
                            ),
                        },
                        spans.get(i).copied().unwrap_or_default(),
                    );
                }
            }
        }
    }

    /// A more severe level should not have a longer target than a less severe one.
    fn severity_order(&mut self, spec: &Spec, out: &Collected) {
        let scales = spec.terms.iter().filter_map(|t| match t {
            Term::Severities(s) => Some(s),
            _ => None,
        });
        for (scale, spans) in scales.zip(&out.severity_spans) {
            // A business day lasts as long as the support hours of a day: 8 business hours and
            // 1 business day compare as equal on 9:00-17:00 hours, not as 8h against 24h.
            let day_minutes = |level: &crate::model::Severity| -> u64 {
                let hours = level.hours.as_ref().or(scale.hours.as_ref());
                match hours.and_then(|h| spec.term(h)) {
                    Some(Term::Hours(h)) if !h.windows.is_empty() => {
                        u64::from(h.windows.iter().map(|w| w.minutes()).sum::<u32>())
                    }
                    _ => 8 * 60,
                }
            };
            let seconds = |d: crate::model::Duration, level: &crate::model::Severity| -> u64 {
                match d.unit {
                    crate::model::TimeUnit::BusinessDays => {
                        u64::from(d.amount) * day_minutes(level) * 60
                    }
                    _ => d.nominal_seconds(),
                }
            };
            for (name, get) in [
                (
                    "respond",
                    (|s: &crate::model::Severity| s.respond) as fn(&_) -> _,
                ),
                ("resolve", |s| s.resolve),
                ("notify", |s| s.notify),
            ] {
                // One warning a level at most, naming the less severe level with the tightest
                // target: found from the end with the running minimum, so a scale of n levels
                // costs n steps, not n² pairs (issue 15, item 6).
                let values: Vec<Option<u64>> = scale
                    .levels
                    .iter()
                    .map(|l| get(l).map(|d| seconds(d, l)))
                    .collect();
                let mut tightest_after: Option<(u64, usize)> = None;
                let mut found = Vec::new();
                for i in (0..values.len()).rev() {
                    let Some(a) = values[i] else { continue };
                    if let Some((b, j)) = tightest_after
                        && a > b
                    {
                        found.push((i, j));
                    }
                    if tightest_after.is_none_or(|(b, _)| a < b) {
                        tightest_after = Some((a, i));
                    }
                }
                for (i, j) in found.into_iter().rev() {
                    let d = Diagnostic::new(
                        Problem::SeverityLooser {
                            target: name,
                            severe: scale.levels[i].name.clone(),
                            lenient: scale.levels[j].name.clone(),
                        },
                        self.file,
                        spans.get(i).copied().unwrap_or_default(),
                    )
                    .with_label(
                        self.file,
                        spans.get(j).copied().unwrap_or_default(),
                        "the less severe level",
                    );
                    self.diags.push(d);
                }
            }
        }
    }

    /// Revision records are listed oldest first and none is newer than `revised`. A date given
    /// as a month (`2024-05`) stands for any day of it: `revised 2024-05` and a record of
    /// 2024-05-20 agree.
    fn revision_order(&mut self, spec: &Spec, spans: &[Span]) {
        for (i, pair) in spec.revisions.windows(2).enumerate() {
            if pair[1].date.last_day() < pair[0].date.first_day() {
                let d = Diagnostic::new(
                    Problem::RevisionOutOfOrder {
                        date: pair[1].date.to_string(),
                        previous: pair[0].date.to_string(),
                    },
                    self.file,
                    head(spans[i + 1]),
                )
                .with_label(self.file, head(spans[i]), "the previous record");
                self.diags.push(d);
            }
        }
        for (r, span) in spec.revisions.iter().zip(spans) {
            if r.date.first_day() > spec.revised.last_day() {
                self.error(
                    Problem::RevisionAfterRevised {
                        date: r.date.to_string(),
                        revised: spec.revised.to_string(),
                    },
                    head(*span),
                );
            }
        }
        // The newest record, wherever it is listed (an out-of-order one is reported above).
        let newest = spec
            .revisions
            .iter()
            .zip(spans)
            .max_by_key(|(r, _)| r.date.last_day());
        if let Some((latest, span)) = newest
            && latest.date.last_day() < spec.revised.first_day()
        {
            self.diags.push(Diagnostic::new(
                Problem::RevisedNotLatest {
                    revised: spec.revised.to_string(),
                    latest: latest.date.to_string(),
                },
                self.file,
                head(*span),
            ));
        }
    }
}

/// The `revision DATE` part of a record.
fn head(span: Span) -> Span {
    Span::new(span.start, span.start + "revision".len())
}
