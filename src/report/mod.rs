//! Model × outage log → the monthly availability and service-credit report.
//!
//! The report answers, for each month and each availability objective of a spec, "was the
//! target met, and what do we owe?", by the spec's own rules:
//!
//! - [`log`] reads an outage log (CSV, JSON, JSON Lines) from bytes into [`log::Outage`]
//!   records, reporting every bad record with its position.
//! - [`compute`] applies the objective's formula (calendar minutes, or service hours only), its
//!   exclusions (by kind, with the notice they require; maintenance windows only inside their
//!   window; the SLA-wide exclusion lists), `min_outage`, `interval` and `rounding`, then the
//!   credit tiers, cap and claim deadline on the spec's business calendar. Every second of
//!   downtime and every excluded second is attributed to one record and one rule, so each
//!   figure can be traced back to the log.
//! - [`document`] turns the result into the Japanese report (Markdown, HTML with an SVG chart,
//!   Typst/PDF with the chart drawn by Typst) through the embedded, overridable templates, or
//!   JSON.
//!
//! - [`measured`] turns the samples of each objective's `measure`, read from Prometheus by
//!   [`crate::source::prometheus`], into `unplanned` records for the down time the log does not
//!   already explain.
//!
//! The computation only sees [`log::Outage`] records, whatever produced them, so the log and the
//! measured down time go through the same exclusions, formula and credits.

pub mod compute;
pub mod document;
pub mod log;
pub mod measured;

pub use compute::{Report, compute};
use std::fmt;

/// Why an outage happened, as an outage log says it. Each kind is matched against the spec's
/// exclusion kinds ([`OutageKind::excluded_by`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutageKind {
    /// An unplanned stop (障害): it always counts.
    Unplanned,
    /// Planned maintenance (計画停止, 定期メンテナンス).
    Planned,
    /// Emergency maintenance (緊急メンテナンス).
    Emergency,
    /// Force majeure (天災地変その他の不可抗力).
    ForceMajeure,
    /// Another cause beyond the provider's reasonable control.
    BeyondControl,
    /// The customer's fault or environment.
    Customer,
    /// Third-party software, services or lines.
    ThirdParty,
    /// An attack by a third party.
    Attack,
    /// Rate or access limits.
    RateLimit,
}

impl OutageKind {
    /// The keywords, as a log writes them.
    pub const KEYWORDS: [&'static str; 9] = [
        "unplanned",
        "planned",
        "emergency",
        "force_majeure",
        "beyond_control",
        "customer",
        "third_party",
        "attack",
        "rate_limit",
    ];
    const ALL: [OutageKind; 9] = [
        OutageKind::Unplanned,
        OutageKind::Planned,
        OutageKind::Emergency,
        OutageKind::ForceMajeure,
        OutageKind::BeyondControl,
        OutageKind::Customer,
        OutageKind::ThirdParty,
        OutageKind::Attack,
        OutageKind::RateLimit,
    ];

    /// Reads a keyword.
    pub fn parse(text: &str) -> Option<OutageKind> {
        let i = Self::KEYWORDS.iter().position(|k| *k == text)?;
        Some(Self::ALL[i])
    }

    /// The keyword.
    pub fn keyword(self) -> &'static str {
        Self::KEYWORDS[self as usize]
    }

    /// The Japanese name the report uses.
    pub fn japanese(self) -> &'static str {
        match self {
            OutageKind::Unplanned => "障害",
            OutageKind::Planned => "計画停止",
            OutageKind::Emergency => "緊急メンテナンス",
            OutageKind::ForceMajeure => "不可抗力",
            OutageKind::BeyondControl => "管理できない事由",
            OutageKind::Customer => "お客様起因",
            OutageKind::ThirdParty => "第三者起因",
            OutageKind::Attack => "第三者の攻撃",
            OutageKind::RateLimit => "流量・アクセス制限",
        }
    }

    /// Whether an exclusion of `kind` covers outages of this kind. Force majeure is also a cause
    /// beyond reasonable control (Synergy! lists 不可抗力 among them); customer covers both the
    /// customer's fault and environment; third party both software and services.
    pub fn excluded_by(self, kind: crate::model::ExclusionKind) -> bool {
        use crate::model::ExclusionKind as E;
        match self {
            OutageKind::Unplanned => false,
            OutageKind::Planned => kind == E::PlannedMaintenance,
            OutageKind::Emergency => kind == E::EmergencyMaintenance,
            OutageKind::ForceMajeure => matches!(kind, E::ForceMajeure | E::BeyondControl),
            OutageKind::BeyondControl => kind == E::BeyondControl,
            OutageKind::Customer => matches!(kind, E::CustomerFault | E::CustomerEnvironment),
            OutageKind::ThirdParty => {
                matches!(kind, E::ThirdPartySoftware | E::ThirdPartyService)
            }
            OutageKind::Attack => kind == E::Attack,
            OutageKind::RateLimit => kind == E::RateLimit,
        }
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Year.
    pub year: i16,
    /// Month, 1..=12.
    pub month: i8,
}

impl Month {
    /// The first day.
    pub fn first_day(self) -> jiff::civil::Date {
        jiff::civil::date(self.year, self.month, 1)
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    fn parse_one(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (year, month): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
        ((1948..=2099).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The most months one report covers.
pub const MAX_MONTHS: usize = 120;

/// Reads `2026-10` or a range `2026-04..2026-09` (both ends included).
pub fn parse_months(text: &str) -> Result<Vec<Month>, String> {
    let bad = || {
        format!(
            "invalid month `{text}`: expected YYYY-MM (1948–2099) or a range YYYY-MM..YYYY-MM, e.g. 2026-04..2026-09"
        )
    };
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (
            Month::parse_one(a).ok_or_else(bad)?,
            Month::parse_one(b.strip_prefix('=').unwrap_or(b)).ok_or_else(bad)?,
        ),
        None => {
            let m = Month::parse_one(text).ok_or_else(bad)?;
            (m, m)
        }
    };
    if from > to {
        return Err(format!(
            "the range {from}..{to} is empty: the first month must not be after the last"
        ));
    }
    let mut out = vec![from];
    while *out.last().unwrap_or(&to) < to {
        let next = out[out.len() - 1].next();
        out.push(next);
        if out.len() > MAX_MONTHS {
            return Err(format!("a report covers at most {MAX_MONTHS} months"));
        }
    }
    Ok(out)
}

/// What can stop a report besides bad records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportError {
    /// A month the spec does not govern.
    MonthNotCovered(NotCovered),
    /// The spec cannot be used for a report (no objectives, an unknown zone, …).
    Spec(String),
}

/// A month before the revision a spec is (or before its effective date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCovered {
    /// The month asked for.
    pub month: Month,
    /// The spec's id.
    pub spec: String,
    /// The spec's revision.
    pub revised: String,
    /// The first day this revision governs.
    pub from: jiff::civil::Date,
    /// Whether `from` is the spec's `effective` date (else its `revised` date).
    pub by_effective: bool,
    /// The revision the spec's records show in force on the month's first day, if any.
    pub in_force: Option<String>,
}

impl NotCovered {
    /// The sentence: what is wrong.
    pub fn message(&self) -> String {
        format!(
            "{} is before this revision of `{}` ({}, in force from {})",
            self.month, self.spec, self.revised, self.from
        )
    }

    /// The revision to use instead.
    pub fn help(&self) -> String {
        match &self.in_force {
            Some(r) => format!(
                "on {} the revision in force was {r}: report that month with the spec of that revision",
                self.month.first_day()
            ),
            None => format!(
                "no revision of `{}` before {} is recorded",
                self.spec, self.revised
            ),
        }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::MonthNotCovered(n) => write!(f, "{}; {}", n.message(), n.help()),
            ReportError::Spec(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ReportError {}
