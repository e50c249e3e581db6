//! Typed terms → prose, lists and tables, with the sentences of `wording.toml`.
//!
//! Each kind has its public fields (what `{term.field}` and a term's own `wording` can use) and
//! its rendering. A term's `wording` replaces its lead sentence; parts that are lists or tables
//! (functions, checks, conditions, tiers) still follow it.

use super::RenderError;
use super::doc::Node;
use super::layout::{Renderer, Vals, lines};
use super::words;
use crate::model::*;

fn label(t: &TermHead, default: &str) -> String {
    t.label.clone().unwrap_or_else(|| default.to_string())
}

impl Renderer<'_> {
    /// The values a term offers to interpolation.
    pub fn fields(&self, term: &Term) -> Result<Vals, RenderError> {
        let st = self.style();
        let w = self.words;
        let provider = &self.spec.parties.provider;
        let mut v = Vals::new();
        // The days of a calendar, as the document words them.
        let calendar_fields = |v: &mut Vals, rules: &CalendarRules, company: &CompanyHolidays| {
            let company_label = company.label.as_deref();
            let closed = words::closures(&rules.closed, provider, company_label, st);
            v.insert("closed", words::enumerate(&closed, "および"));
            v.insert(
                "closed_short",
                words::closures_short(&rules.closed, provider, company_label),
            );
            v.insert("days", words::open_days(&rules.open_days));
        };
        let opt = |v: &mut Vals, k: &'static str, s: Option<String>| {
            if let Some(s) = s {
                v.insert(k, s);
            }
        };
        match term {
            Term::Calendar(c) => {
                v.insert("label", label(&c.head, "営業日"));
                calendar_fields(&mut v, &c.rules, &self.spec.company_holidays);
            }
            Term::Hours(h) => {
                v.insert("label", label(&h.head, w.get("labels.hours")));
                calendar_fields(&mut v, &h.rules, h.company_holidays(self.spec));
                v.insert("windows", words::windows(&h.windows, st));
                let hours = if h.always {
                    w.get("hours.around_the_clock").to_string()
                } else {
                    format!(
                        "{}{}",
                        words::open_days(&h.rules.open_days),
                        words::windows(&h.windows, st)
                    )
                };
                v.insert("hours", hours);
                let excluded: Vec<String> = h
                    .excludes
                    .iter()
                    .filter_map(|id| self.spec.term(id))
                    .map(|t| label(t.head(), w.get("labels.maintenance")))
                    .collect();
                if !excluded.is_empty() {
                    v.insert("excludes", words::join_and(&excluded));
                }
            }
            Term::Availability(a) => {
                v.insert("label", label(&a.head, w.get("labels.availability")));
                opt(&mut v, "target", a.target.map(|p| words::percent(p, st)));
                if a.target.is_some() {
                    v.insert(
                        "bound",
                        match a.bound {
                            Bound::Inclusive => "以上".into(),
                            Bound::Strict => "超".into(),
                        },
                    );
                }
                v.insert("period", period_adjective(a.period));
                v.insert(
                    "measures",
                    a.measures
                        .clone()
                        .unwrap_or_else(|| w.get("labels.measures").into()),
                );
                v.insert("functions", words::join(&a.functions));
                v.insert(
                    "audience",
                    a.audience
                        .clone()
                        .unwrap_or_else(|| w.get("labels.audience").into()),
                );
            }
            Term::Applies(s) => {
                v.insert("label", label(&s.head, w.get("labels.applies")));
                if !s.covers.is_empty() {
                    v.insert("covers", words::join_and(&s.covers));
                }
                if !s.not_covered.is_empty() {
                    v.insert("not_covered", words::join_and(&s.not_covered));
                }
            }
            Term::Latency(l) => {
                v.insert("label", label(&l.head, w.get("labels.latency")));
                v.insert("target", format!("{}ms", l.target_ms));
                v.insert("period", period_adjective(l.period));
                v.insert(
                    "between",
                    l.between
                        .clone()
                        .unwrap_or_else(|| w.get("labels.measures").into()),
                );
                opt(&mut v, "consecutive", l.consecutive.map(words::duration));
            }
            Term::Credits(t) => {
                v.insert("label", label(&t.head, ""));
            }
            Term::Exclusions(e) => {
                v.insert("label", label(&e.head, ""));
                let items: Vec<String> = e
                    .items
                    .iter()
                    .filter_map(|id| self.spec.term(id))
                    .filter_map(|t| match t {
                        Term::Exclusion(x) => Some(label(&x.head, "")),
                        _ => None,
                    })
                    .collect();
                v.insert("items", words::join(&items));
            }
            Term::Exclusion(e) => {
                v.insert("label", label(&e.head, ""));
                opt(&mut v, "notice", e.notice.map(words::duration));
                v.insert("examples", words::join(&e.examples));
            }
            Term::Maintenance(m) => {
                v.insert("label", label(&m.head, w.get("labels.maintenance")));
                opt(&mut v, "window", m.window.map(|w| words::window(w, st)));
                let schedule = match m.schedule {
                    ScheduleKind::Irregular => w.get("maintenance.irregular").to_string(),
                    ScheduleKind::Daily => w.get("maintenance.daily").to_string(),
                    ScheduleKind::Monthly => w.get("maintenance.monthly").to_string(),
                    ScheduleKind::Weekly => {
                        let days: Vec<String> =
                            m.days.iter().map(|d| d.japanese().to_string()).collect();
                        let mut vals = Vals::new();
                        vals.insert("days", words::join(&days));
                        self.sentence("maintenance.weekly", &vals)?
                    }
                };
                v.insert("schedule", schedule);
                v.insert("stops", words::join(&m.stops));
                opt(&mut v, "notice", m.notice.map(words::duration));
                v.insert("channels", words::join(&m.channels));
            }
            Term::Severities(s) => {
                v.insert("label", label(&s.head, ""));
            }
            Term::Credit(c) => {
                v.insert("label", label(&c.head, ""));
                v.insert(
                    "fee",
                    c.fee.clone().unwrap_or_else(|| w.get("labels.fee").into()),
                );
                opt(
                    &mut v,
                    "threshold",
                    c.tiers
                        .iter()
                        .map(|t| t.below)
                        .max()
                        .map(|p| words::percent(p, st)),
                );
                let cap = match (c.cap, c.cap_days) {
                    (Some(p), _) => Some(words::percent(p, st)),
                    (None, Some(n)) => {
                        let mut d = Vals::new();
                        d.insert("days", n.to_string());
                        Some(self.sentence("credit.days", &d)?)
                    }
                    (None, None) => None,
                };
                opt(&mut v, "cap", cap);
                let period = self.credit_period(c);
                v.insert("period", period_adjective(period));
                v.insert("form", w.get(form_key(c.form, "credit.form")).to_string());
                v.insert(
                    "amount",
                    w.get(form_key(c.form, "credit.amount")).to_string(),
                );
                let paid = match c.paid {
                    Some(Payout::NextMonthEnd) => {
                        let mut vals = Vals::new();
                        vals.insert("month", claim_month(period));
                        Some(self.sentence("credit.paid_month_end", &vals)?)
                    }
                    Some(Payout::NextInvoice) => {
                        Some(self.sentence("credit.paid_next_invoice", &Vals::new())?)
                    }
                    Some(Payout::InvoiceAfter { after }) => {
                        let mut vals = Vals::new();
                        vals.insert("current", target_period(period));
                        vals.insert("after", words::duration(after));
                        Some(self.sentence("credit.paid_invoice_after", &vals)?)
                    }
                    None => None,
                };
                opt(&mut v, "paid", paid);
                opt(&mut v, "minimum", c.minimum.as_ref().map(words::money));
                // `{claim}` is the deadline as a phrase (対象月の翌月1日から30日以内), which the
                // generated sentence and a spec's own wording both end with 「に申請」.
                let claim = match &c.claim {
                    Some(Claim::Within {
                        duration,
                        after_incident,
                    }) => {
                        let mut vals = Vals::new();
                        vals.insert("start", claim_start(period));
                        vals.insert("duration", words::duration(*duration));
                        let key = if *after_incident {
                            "credit.claim_within_incident"
                        } else {
                            "credit.claim_within"
                        };
                        Some(self.sentence(key, &vals)?)
                    }
                    Some(Claim::ByDayOfNextMonth { day }) => {
                        let mut vals = Vals::new();
                        vals.insert("month", claim_month(period));
                        vals.insert("day", day.to_string());
                        Some(self.sentence("credit.claim_by", &vals)?)
                    }
                    Some(Claim::Automatic | Claim::OnRequest) | None => None,
                };
                opt(&mut v, "claim", claim);
            }
            Term::Notification(n) => {
                v.insert("label", label(&n.head, w.get("labels.notification")));
                v.insert(
                    "within",
                    words::duration(Duration {
                        approx: false,
                        ..n.within
                    }),
                );
                v.insert("channels", words::join(&n.channels));
            }
            Term::Monitoring(m) => {
                v.insert("label", label(&m.head, w.get("labels.monitoring")));
                opt(&mut v, "interval", m.interval.map(words::duration));
                opt(&mut v, "tool", m.tool.clone());
                v.insert("checks", words::join(&m.checks));
                if m.always {
                    v.insert("hours", w.get("hours.around_the_clock").into());
                }
            }
            Term::Backup(b) => {
                v.insert("label", label(&b.head, w.get("labels.backup")));
                v.insert("every", words::duration(b.every));
                opt(&mut v, "between", b.between.map(|x| words::window(x, st)));
                opt(&mut v, "generations", b.generations.map(|g| g.to_string()));
                opt(&mut v, "keeps", b.keeps.map(words::duration));
            }
            Term::Security(s) => {
                v.insert("label", label(&s.head, ""));
            }
            Term::Network(n) => {
                v.insert("label", label(&n.head, ""));
            }
            Term::Recovery(r) => {
                v.insert("label", label(&r.head, ""));
                v.insert("scope", r.scope.clone());
                v.insert("stopped", r.stopped.clone());
                v.insert("action", r.action.clone());
                v.insert("quiet", words::window(r.quiet, st));
                v.insert("resume", words::time(r.resume, st));
            }
            Term::Channels(c) => {
                v.insert("label", label(&c.head, w.get("labels.channels")));
                let sep = c.separator.clone().unwrap_or_else(|| "、".into());
                v.insert("items", c.items.join(&sep));
            }
            Term::AfterHours(a) => {
                v.insert("label", label(&a.head, w.get("labels.after_hours")));
                v.insert("conditions", words::join(&a.conditions));
                let outside = a
                    .outside
                    .as_ref()
                    .and_then(|id| self.spec.term(id))
                    .and_then(|t| t.head().label.clone())
                    .unwrap_or_else(|| w.get("labels.hours").into());
                v.insert("outside", outside);
            }
            Term::Fact(f) => {
                v.insert("label", label(&f.head, ""));
                let value = match &f.value {
                    FactValue::Duration(d) => words::duration(*d),
                    FactValue::DurationRange(r) => words::duration_range(*r, st),
                    FactValue::Percent(p) => words::percent(*p, st),
                    FactValue::Bandwidth(b) => words::bandwidth(*b, st),
                    FactValue::Bool(true) => w.get("security.yes").into(),
                    FactValue::Bool(false) => w.get("security.no").into(),
                    FactValue::Count(n) => n.to_string(),
                    FactValue::Text(t) => t.clone(),
                };
                v.insert("value", value);
            }
        }
        Ok(v)
    }

    /// The term's own wording if it has one, else the table's sentence.
    fn lead(&self, term: &Term, vals: &Vals, key: &str) -> Result<String, RenderError> {
        match &term.head().wording {
            Some(t) => self.text(t, Some((term, vals))),
            None => self.sentence(key, vals),
        }
    }

    fn para(s: String) -> Node {
        Node::Paragraph { lines: lines(&s) }
    }

    /// A term where it is declared.
    pub fn term(&self, term: &Term) -> Result<Vec<Node>, RenderError> {
        let vals = self.fields(term)?;
        let st = self.style();
        let mut out = Vec::new();
        match term {
            Term::Calendar(_) | Term::Fact(_) | Term::Exclusion(_) => {}
            Term::Hours(h) => {
                let key = if let Some(r) = &h.refers_to {
                    let mut ext = vals.clone();
                    ext.insert("service", r.service.clone());
                    // 「Synergy!の第5章 カスタマーサポート 2.回答時間に準じます」 needs the titles
                    // of where the hours stand there; hours outside any division go by their label.
                    let titles = if r.titles.is_empty() {
                        label(&h.head, self.words.get("labels.hours"))
                    } else {
                        r.titles.concat()
                    };
                    ext.insert("titles", titles);
                    out.push(Self::para(match &h.head.wording {
                        Some(t) => self.text(t, Some((term, &ext)))?,
                        None => self.sentence("hours.external", &ext)?,
                    }));
                    return Ok(out);
                } else if h.always {
                    "hours.always"
                } else if h.rules.closed.is_empty() {
                    "hours.open"
                } else {
                    "hours.closed"
                };
                out.push(Self::para(self.lead(term, &vals, key)?));
                if h.head.wording.is_none() && !h.excludes.is_empty() {
                    out.push(Self::para(self.sentence("hours.excludes", &vals)?));
                }
            }
            Term::Availability(a) => {
                if a.target.is_some() || a.head.wording.is_some() {
                    let key = match (a.commitment, a.bound) {
                        (Commitment::Objective, Bound::Inclusive) => "availability.target",
                        (Commitment::Objective, Bound::Strict) => "availability.target_above",
                        (Commitment::Guarantee, Bound::Inclusive) => "availability.guarantee",
                        (Commitment::Guarantee, Bound::Strict) => "availability.guarantee_above",
                        (Commitment::Efforts, Bound::Inclusive) => "availability.efforts",
                        (Commitment::Efforts, Bound::Strict) => "availability.efforts_above",
                    };
                    out.push(Self::para(self.lead(term, &vals, key)?));
                }
                out.extend(self.scope(&a.covers, &a.not_covered, "availability.covers", &vals)?);
                if !a.functions.is_empty() {
                    out.push(Self::para(
                        self.sentence("availability.functions_lead", &vals)?,
                    ));
                    out.push(self.list(ListStyle::Plain, a.functions.clone()));
                    out.push(Self::para(
                        self.sentence("availability.functions_tail", &vals)?,
                    ));
                }
                if let Some(f) = &a.formula {
                    out.extend(self.formula(a, f)?);
                } else {
                    out.extend(self.inline_exclusions(a, &vals)?);
                }
                out.extend(self.down_definition(a)?);
                out.extend(self.measurement(a)?);
                out.extend(self.publish("availability", &a.publish, &vals)?);
            }
            Term::Applies(s) => {
                // A wording replaces the lead sentence; unless it says `{covers}` itself, the
                // list follows it.
                let scope = self.scope(&s.covers, &s.not_covered, "applies.covers", &vals)?;
                match &s.head.wording {
                    Some(t) => {
                        out.push(Self::para(self.text(t, Some((term, &vals)))?));
                        let says_covers = t.pieces.iter().any(|p| {
                            matches!(p, Piece::Ref { term: None, field, .. } if field == "covers")
                        });
                        if !says_covers && !s.covers.is_empty() {
                            out.push(self.list(ListStyle::Bullet, s.covers.clone()));
                        }
                    }
                    None => out.extend(scope),
                }
            }
            Term::Latency(l) => {
                let key = match (l.commitment, l.consecutive.is_some()) {
                    // A latency has no `efforts` statement: only an aim or a promise.
                    (Commitment::Objective | Commitment::Efforts, false) => "latency.target",
                    (Commitment::Objective | Commitment::Efforts, true) => {
                        "latency.target_consecutive"
                    }
                    (Commitment::Guarantee, false) => "latency.guarantee",
                    (Commitment::Guarantee, true) => "latency.guarantee_consecutive",
                };
                out.push(Self::para(self.lead(term, &vals, key)?));
                out.extend(self.scope(&[], &l.not_covered, "availability.covers", &vals)?);
                let mut lines = Vec::new();
                let mut v = vals.clone();
                if let Some(d) = l.interval {
                    v.insert("interval", words::duration(d));
                    lines.push(self.sentence("latency.rule_interval", &v)?);
                }
                if l.excludes_outages {
                    lines.push(self.sentence("latency.rule_excludes_outages", &v)?);
                }
                if !lines.is_empty() {
                    out.push(Node::Paragraph { lines });
                }
                out.extend(self.publish("latency", &l.publish, &vals)?);
            }
            Term::Exclusions(e) => {
                let items = e
                    .items
                    .iter()
                    .filter_map(|id| self.spec.term(id))
                    .map(|t| self.exclusion_sentence(t, false))
                    .collect::<Result<Vec<_>, _>>()?;
                out.push(self.list(ListStyle::Bullet, items));
            }
            Term::Maintenance(m) => {
                // Without a fixed time, the notice is the rule: 「…を実施する場合は、30日前までに…」.
                let fixed = m.window.is_some();
                if fixed || m.head.wording.is_some() {
                    out.push(Self::para(self.lead(term, &vals, "maintenance.window")?));
                }
                if m.head.wording.is_none() {
                    if !m.stops.is_empty() {
                        out.push(Self::para(self.sentence("maintenance.stops", &vals)?));
                    }
                    if m.notice.is_some() {
                        let key = match (fixed, m.channels.is_empty()) {
                            (true, true) => "maintenance.notice_plain",
                            (true, false) => "maintenance.notice",
                            (false, true) => "maintenance.notice_each_plain",
                            (false, false) => "maintenance.notice_each",
                        };
                        out.push(Self::para(self.sentence(key, &vals)?));
                    }
                }
                // The exception stands after the spec's own wording too: that words the notice.
                if m.emergency_exempt {
                    out.push(Self::para(self.sentence("maintenance.emergency", &vals)?));
                }
                if m.provider_schedules {
                    out.push(Self::para(
                        self.sentence("maintenance.provider_schedules", &vals)?,
                    ));
                }
                if m.off_peak {
                    out.push(Self::para(self.sentence("maintenance.off_peak", &vals)?));
                }
                if let Some(l) = m.limit {
                    let mut v = vals.clone();
                    v.insert("limit", words::duration(l.time));
                    let per = match l.per {
                        Period::Quarter => "maintenance.limit_quarter",
                        Period::Year => "maintenance.limit_year",
                        _ => "maintenance.limit_month",
                    };
                    v.insert("per", self.words.get(per).to_string());
                    out.push(Self::para(self.sentence("maintenance.limit", &v)?));
                }
            }
            Term::Severities(s) => {
                out.extend(self.scope(&s.covers, &[], "severities.covers", &vals)?);
                if !s.classified_by.is_empty() {
                    let mut v = vals.clone();
                    v.insert("classified_by", words::join_and(&s.classified_by));
                    out.push(Self::para(self.sentence("severities.classified_by", &v)?));
                }
                out.extend(self.severities(s)?);
            }
            Term::Credit(c) => out.extend(self.credit(term, c, &vals)?),
            Term::Credits(t) => out.extend(self.credit_table(t)?),
            Term::Notification(n) => {
                let key = if n.within.approx {
                    "notification.aim"
                } else if n.channels.is_empty() {
                    "notification.within_plain"
                } else {
                    "notification.within"
                };
                out.push(Self::para(self.lead(term, &vals, key)?));
            }
            Term::Monitoring(m) => {
                match &m.head.wording {
                    Some(t) => out.push(Self::para(self.text(t, Some((term, &vals)))?)),
                    None => {
                        let mut s = String::new();
                        match (m.always, m.manned) {
                            (true, true) => {
                                s.push_str(&self.sentence("monitoring.always_manned", &vals)?)
                            }
                            (true, false) => {
                                s.push_str(&self.sentence("monitoring.always", &vals)?)
                            }
                            (false, true) => {
                                s.push_str(&self.sentence("monitoring.manned", &vals)?)
                            }
                            (false, false) => {}
                        }
                        if m.interval.is_some() {
                            s.push_str(&self.sentence("monitoring.interval", &vals)?);
                        }
                        if m.tool.is_some() {
                            s.push_str(&self.sentence("monitoring.tool", &vals)?);
                        }
                        if !m.checks.is_empty() {
                            if !s.is_empty() {
                                s.push('\n');
                            }
                            s.push_str(&self.sentence("monitoring.checks", &vals)?);
                        }
                        if !s.is_empty() {
                            out.push(Self::para(s));
                        }
                    }
                }
                if !m.checks.is_empty() {
                    out.push(self.list(ListStyle::Bullet, m.checks.clone()));
                }
                if !m.areas.is_empty() {
                    let mut lines = Vec::new();
                    for a in &m.areas {
                        let mut av = Vals::new();
                        av.insert("name", a.name.clone());
                        av.insert("watches", a.watches.clone());
                        lines.push(self.sentence("monitoring.area", &av)?);
                    }
                    out.push(Node::Paragraph { lines });
                }
            }
            Term::Backup(b) => {
                let key = if b.between.is_some() {
                    "backup.between"
                } else {
                    "backup.every"
                };
                out.push(Self::para(self.lead(term, &vals, key)?));
                if b.head.wording.is_none() && b.generations.is_some() {
                    let key = if b.keeps.is_some() {
                        "backup.generations"
                    } else {
                        "backup.generations_plain"
                    };
                    out.push(Self::para(self.sentence(key, &vals)?));
                }
            }
            Term::Security(s) => {
                let head = if s.columns.is_empty() {
                    vec![
                        lines(self.words.get("security.column_name")),
                        lines(self.words.get("security.column_value")),
                    ]
                } else {
                    s.columns.iter().map(|c| lines(c)).collect()
                };
                let rows = s
                    .items
                    .iter()
                    .map(|i| {
                        let mut cell = Vec::new();
                        match i.present {
                            Some(true) => cell.push(self.words.get("security.yes").to_string()),
                            Some(false) => cell.push(self.words.get("security.no").to_string()),
                            None => {}
                        }
                        if let Some(t) = &i.text {
                            cell.extend(lines(t));
                        }
                        vec![lines(&i.name), cell]
                    })
                    .collect();
                out.push(Node::table(head, rows));
            }
            Term::Network(n) => {
                let head = if n.columns.is_empty() {
                    [
                        "network.column_name",
                        "network.column_down",
                        "network.column_up",
                    ]
                    .iter()
                    .map(|k| lines(self.words.get(k)))
                    .collect()
                } else {
                    n.columns.iter().map(|c| lines(c)).collect()
                };
                let rows = n
                    .tiers
                    .iter()
                    .map(|t| {
                        vec![
                            lines(&t.name),
                            lines(&words::bandwidth(t.down, st)),
                            lines(&words::bandwidth(t.up, st)),
                        ]
                    })
                    .collect();
                out.push(Node::table(head, rows));
            }
            Term::Recovery(_) => {
                out.push(Self::para(self.lead(term, &vals, "recovery.lead")?));
                let rules = vec![
                    self.sentence("recovery.rule", &vals)?,
                    self.sentence("recovery.quiet", &vals)?,
                ];
                out.push(self.list(ListStyle::Bullet, rules));
            }
            Term::Channels(_) => {
                out.push(Self::para(self.lead(term, &vals, "channels.line")?));
            }
            Term::AfterHours(a) => {
                out.push(Self::para(self.lead(term, &vals, "after_hours.lead")?));
                out.push(self.list(ListStyle::Bullet, a.conditions.clone()));
            }
        }
        Ok(out)
    }

    /// An exclusion as a sentence: its wording, or one generated from its kind, or its label.
    /// In a formula's list each item ends with 。.
    fn exclusion_sentence(&self, t: &Term, in_formula: bool) -> Result<String, RenderError> {
        let Term::Exclusion(e) = t else {
            // A maintenance window excluded from availability: its label and time.
            return match t {
                Term::Maintenance(m) => {
                    let vals = self.fields(t)?;
                    let label = vals.get("label").cloned().unwrap_or_default();
                    let mut s = match m.window {
                        Some(w) => format!("{label}（{}）の時間", words::window(w, self.style())),
                        None => format!("{label}の時間"),
                    };
                    if in_formula {
                        s.push('。');
                    }
                    Ok(s)
                }
                other => Ok(other.head().label.clone().unwrap_or_default()),
            };
        };
        let vals = self.fields(t)?;
        let mut s = match (&e.head.wording, e.kind, e.notice) {
            (Some(w), _, _) => self.text(w, Some((t, &vals)))?,
            (None, ExclusionKind::PlannedMaintenance, Some(_)) => {
                self.sentence("exclusion.planned_notice", &vals)?
            }
            (None, ExclusionKind::BeyondControl, _) => {
                self.sentence("exclusion.beyond_control", &vals)?
            }
            (None, _, _) => label(&e.head, ""),
        };
        if in_formula && !s.ends_with('。') {
            s.push('。');
        }
        if !e.examples.is_empty() {
            s.push_str(&self.sentence("exclusion.examples", &vals)?);
        }
        Ok(s)
    }

    /// Without a formula, the exclusions declared inside the objective still say what does not
    /// count: no other part of the document lists them. Those it names from elsewhere (an
    /// exclusions list, a maintenance window) are rendered where they are declared.
    fn inline_exclusions(&self, a: &Availability, vals: &Vals) -> Result<Vec<Node>, RenderError> {
        let listed: std::collections::HashSet<&str> = self
            .spec
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Exclusions(l) => Some(l.items.iter().map(String::as_str)),
                _ => None,
            })
            .flatten()
            .collect();
        let inline: Vec<&Term> = a
            .excludes
            .iter()
            .filter(|id| !listed.contains(id.as_str()))
            .filter_map(|id| self.spec.term(id))
            .filter(|t| matches!(t, Term::Exclusion(_)))
            .collect();
        if inline.is_empty() {
            return Ok(Vec::new());
        }
        let items = inline
            .iter()
            .map(|t| self.exclusion_sentence(t, true))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(vec![
            Self::para(self.sentence("availability.exclusions_plain", vals)?),
            self.list(ListStyle::Roman, items),
        ])
    }

    fn formula(&self, a: &Availability, f: &Formula) -> Result<Vec<Node>, RenderError> {
        if let Formula::TotalTime { length } = f {
            return self.total_time(a, *length);
        }
        let mut vals = Vals::new();
        vals.insert("current", current_period(a.period));
        let excluded: Vec<&Term> = a
            .excludes
            .iter()
            .filter_map(|id| self.spec.term(id))
            .collect();
        let excluded_name = match excluded.as_slice() {
            [] => None,
            [one] => Some(match one {
                Term::Exclusion(e) => label(&e.head, self.words.get("availability.excluded")),
                other => other
                    .head()
                    .label
                    .clone()
                    .unwrap_or_else(|| self.words.get("availability.excluded").into()),
            }),
            _ => Some(self.words.get("availability.excluded").to_string()),
        };
        let key = match (f, &excluded_name) {
            (Formula::CalendarMinutes, Some(_)) => "availability.formula_minutes",
            (Formula::CalendarMinutes, None) => "availability.formula_minutes_plain",
            (Formula::ServiceHours { .. }, Some(_)) => "availability.formula_hours",
            (Formula::ServiceHours { .. }, None) => "availability.formula_hours_plain",
            (Formula::Fixed { .. }, Some(_)) => "availability.formula_fixed",
            (Formula::Fixed { .. }, None) => "availability.formula_fixed_plain",
            (Formula::TotalTime { .. }, _) => unreachable!("total_time returned above"),
        };
        if let Formula::Fixed { length } = f {
            vals.insert("minutes", fixed_minutes(*length));
        }
        if let Formula::ServiceHours { hours } = f {
            let label = self
                .spec
                .term(hours)
                .and_then(|t| t.head().label.clone())
                .unwrap_or_else(|| self.words.get("labels.hours").into());
            vals.insert("hours", label);
        }
        if let Some(n) = excluded_name {
            vals.insert("excluded", n);
        }
        let mut out = vec![Node::Paragraph {
            lines: vec![
                self.sentence("availability.formula_total", &vals)?,
                self.sentence(key, &vals)?,
            ],
        }];
        if excluded.len() > 1 {
            out.push(Self::para(
                self.sentence("availability.exclusions_lead", &vals)?,
            ));
            let items = excluded
                .iter()
                .map(|t| self.exclusion_sentence(t, true))
                .collect::<Result<Vec<_>, _>>()?;
            out.push(self.list(ListStyle::Roman, items));
        }
        Ok(out)
    }

    fn severities(&self, s: &Severities) -> Result<Vec<Node>, RenderError> {
        let w = self.words;
        // Each target column: its heading, its value, and the sentence that words it
        // (「2時間以内」, or 「1時間ごと」 for the cadence of progress reports).
        type Target = (
            &'static str,
            fn(&Severity) -> Option<Duration>,
            &'static str,
        );
        let targets: Vec<Target> = vec![
            (
                "severities.column_respond",
                |l| l.respond,
                "severities.within",
            ),
            (
                "severities.column_resolve",
                |l| l.resolve,
                "severities.within",
            ),
            (
                "severities.column_notify",
                |l| l.notify,
                "severities.within",
            ),
            ("severities.column_update", |l| l.update, "severities.every"),
        ];
        let used: Vec<&Target> = targets
            .iter()
            .filter(|(_, get, _)| s.levels.iter().any(|l| get(l).is_some()))
            .collect();
        let worded = |d: Option<Duration>, key: &str| -> Result<String, RenderError> {
            match d {
                Some(d) => {
                    let mut v = Vals::new();
                    v.insert("target", words::duration(d));
                    self.sentence(key, &v)
                }
                None => Ok("－".into()),
            }
        };
        let examples = |l: &Severity| -> Result<String, RenderError> {
            if l.examples.is_empty() {
                return Ok(String::new());
            }
            let mut v = Vals::new();
            v.insert("examples", words::join(&l.examples));
            self.sentence("severities.examples", &v)
        };
        let has_examples = s.levels.iter().any(|l| !l.examples.is_empty());
        let has_description = s.levels.iter().any(|l| l.description.is_some());
        if s.layout == "list" {
            let mut lines = Vec::new();
            for l in &s.levels {
                let target = l.resolve.or(l.respond).or(l.notify);
                let line = match (&l.wording, target) {
                    (Some(t), _) => self.text(t, None)?,
                    (None, target) => {
                        let mut v = Vals::new();
                        v.insert("name", l.name.clone());
                        v.insert("target", target.map(words::duration).unwrap_or_default());
                        // A definition is printed as written; examples end in 「など」.
                        let (key, detail) = match (&l.description, l.examples.is_empty()) {
                            (Some(d), _) => ("severities.line_description", d.clone()),
                            (None, false) => ("severities.line", words::join(&l.examples)),
                            (None, true) => ("severities.line_plain", String::new()),
                        };
                        v.insert("examples", detail.clone());
                        v.insert("description", detail);
                        self.sentence(key, &v)?
                    }
                };
                lines.push(line);
            }
            return Ok(vec![Node::Paragraph { lines }]);
        }
        let head: Vec<Vec<String>> = if s.columns.is_empty() {
            let mut h = vec![lines(w.get("severities.column_name"))];
            if has_description {
                h.push(lines(w.get("severities.column_description")));
            }
            h.extend(used.iter().map(|(k, _, _)| lines(w.get(k))));
            if has_examples {
                h.push(lines(w.get("severities.column_examples")));
            }
            h
        } else {
            s.columns.iter().map(|c| lines(c)).collect()
        };
        let mut rows = Vec::new();
        for l in &s.levels {
            let mut row = vec![lines(&l.name)];
            if has_description {
                row.push(lines(l.description.as_deref().unwrap_or("")));
            }
            for (_, get, key) in &used {
                row.push(lines(&worded(get(l), key)?));
            }
            if has_examples {
                row.push(lines(&examples(l)?));
            }
            rows.push(row);
        }
        Ok(vec![Node::table(head, rows)])
    }

    /// The period of the objective a credit is measured on (a month when it names none).
    fn credit_period(&self, c: &Credit) -> Period {
        match c.basis.as_deref().and_then(|id| self.spec.term(id)) {
            Some(Term::Availability(a)) => a.period,
            _ => Period::Month,
        }
    }

    fn credit(&self, term: &Term, c: &Credit, vals: &Vals) -> Result<Vec<Node>, RenderError> {
        let st = self.style();
        let mut out = Vec::new();
        let mut vals = vals.clone();
        // 「99.9%未満」 for `below`, 「99.9%以下」 for `at_most`, in the sentence of the top tier.
        let under = |b: Bound| match b {
            Bound::Strict => "credit.under",
            Bound::Inclusive => "credit.at_most",
        };
        let top = c.tiers.iter().max_by_key(|t| t.below);
        vals.insert(
            "under",
            self.words
                .get(under(top.map_or(Bound::Strict, |t| t.bound)))
                .to_string(),
        );
        // 「下表の値を下回った場合」 reads wrong over a row 「99.9%以下」: an inclusive tier falls
        // to the value, it does not only go under it.
        let fall = if c.tiers.iter().any(|t| t.bound == Bound::Inclusive) {
            "credit.fall_at_most"
        } else {
            "credit.fall_below"
        };
        vals.insert("fall", self.words.get(fall).to_string());
        let vals = &vals;
        let all_discount = !c.tiers.is_empty() && c.tiers.iter().all(|t| t.credit.is_none());
        let worded = c.head.wording.is_some();
        if worded || all_discount {
            let key = form_key(c.form, "credit.discount");
            out.push(Self::para(self.lead(term, vals, key)?));
        }
        if !all_discount && !c.tiers.is_empty() {
            if !worded {
                let key = form_key(c.form, "credit.tiers_lead");
                out.push(Self::para(self.sentence(key, vals)?));
            }
            let mut tiers = c.tiers.clone();
            tiers.sort_by_key(|t| std::cmp::Reverse(t.below));
            let rows = tiers
                .iter()
                .map(|t| -> Result<Vec<Vec<String>>, RenderError> {
                    let mut v = Vals::new();
                    v.insert("below", words::percent(t.below, st));
                    v.insert("under", self.words.get(under(t.bound)).to_string());
                    Ok(vec![
                        lines(&self.sentence("credit.row_below", &v)?),
                        lines(&t.credit.map(|p| words::percent(p, st)).unwrap_or_default()),
                    ])
                })
                .collect::<Result<Vec<_>, _>>()?;
            out.push(Node::table(
                vec![
                    lines(&self.sentence("credit.column_availability", vals)?),
                    lines(self.words.get(form_key(c.form, "credit.column_credit"))),
                ],
                rows,
            ));
        }
        let amount = |a: CreditAmount| self.credit_amount(a);
        if !c.outage_tiers.is_empty() {
            if !worded {
                out.push(Self::para(self.sentence("credit.outage_lead", vals)?));
            }
            let rows = c
                .outage_tiers
                .iter()
                .map(|t| -> Result<Vec<Vec<String>>, RenderError> {
                    let mut v = Vals::new();
                    v.insert("over", words::duration(t.over));
                    Ok(vec![
                        lines(&self.sentence("credit.row_over", &v)?),
                        lines(&amount(t.credit)?),
                    ])
                })
                .collect::<Result<Vec<_>, _>>()?;
            // A share is headed by its rate (減額率); days of service by what is given.
            let in_days = c
                .outage_tiers
                .iter()
                .any(|t| matches!(t.credit, CreditAmount::Days(_)));
            let heading = if in_days {
                vals.get("form").cloned().unwrap_or_default()
            } else {
                self.words
                    .get(form_key(c.form, "credit.column_credit"))
                    .to_string()
            };
            out.push(Node::table(
                vec![
                    lines(self.words.get("credit.column_outage")),
                    lines(&heading),
                ],
                rows,
            ));
        }
        // A spec's own wording says the whole rule: the generated cap and claim sentences would
        // say it a second time.
        if worded {
            return Ok(out);
        }
        out.extend(self.credit_rules(c, vals)?);
        Ok(out)
    }

    /// `credits`: one lead, one table with a group of rows an objective (対象 | 月間稼働率 |
    /// 減額率), and the shared sentences of its credits once (the checker made them equal).
    fn credit_table(&self, t: &CreditTable) -> Result<Vec<Node>, RenderError> {
        let st = self.style();
        let credits: Vec<(&Term, &Credit)> = t
            .items
            .iter()
            .filter_map(|id| self.spec.term(id))
            .filter_map(|term| match term {
                Term::Credit(c) => Some((term, c)),
                _ => None,
            })
            .collect();
        let Some(&(first_term, first)) = credits.first() else {
            return Ok(Vec::new());
        };
        let mut vals = self.fields(first_term)?;
        let inclusive = credits
            .iter()
            .any(|(_, c)| c.tiers.iter().any(|t| t.bound == Bound::Inclusive));
        let fall = if inclusive {
            "credit.fall_at_most"
        } else {
            "credit.fall_below"
        };
        vals.insert("fall", self.words.get(fall).to_string());
        let mut rows = Vec::new();
        for (_, c) in &credits {
            // The objective a group of rows is for: what it measures, else its label.
            let objective = match c.basis.as_deref().and_then(|id| self.spec.term(id)) {
                Some(Term::Availability(a)) => a
                    .measures
                    .clone()
                    .unwrap_or_else(|| label(&a.head, self.words.get("labels.measures"))),
                _ => label(&c.head, ""),
            };
            let mut tiers = c.tiers.clone();
            tiers.sort_by_key(|t| std::cmp::Reverse(t.below));
            for (i, tier) in tiers.iter().enumerate() {
                let mut v = Vals::new();
                v.insert("below", words::percent(tier.below, st));
                let under = match tier.bound {
                    Bound::Strict => "credit.under",
                    Bound::Inclusive => "credit.at_most",
                };
                v.insert("under", self.words.get(under).to_string());
                rows.push(vec![
                    lines(if i == 0 { &objective } else { "" }),
                    lines(&self.sentence("credit.row_below", &v)?),
                    lines(
                        &tier
                            .credit
                            .map(|p| words::percent(p, st))
                            .unwrap_or_default(),
                    ),
                ]);
            }
        }
        let mut out = vec![Self::para(
            self.sentence(form_key(first.form, "credit.tiers_lead"), &vals)?,
        )];
        out.push(Node::table(
            vec![
                lines(self.words.get("credit.column_objective")),
                lines(&self.sentence("credit.column_availability", &vals)?),
                lines(self.words.get(form_key(first.form, "credit.column_credit"))),
            ],
            rows,
        ));
        out.extend(self.credit_rules(first, &vals)?);
        Ok(out)
    }

    /// What a credit gives, as a table cell or sentence: 10%, or 1日分 of service.
    fn credit_amount(&self, a: CreditAmount) -> Result<String, RenderError> {
        Ok(match a {
            CreditAmount::Share(p) => words::percent(p, self.style()),
            CreditAmount::Days(n) => {
                let mut v = Vals::new();
                v.insert("days", n.to_string());
                self.sentence("credit.days", &v)?
            }
        })
    }

    /// The sentences of a credit after its table: the repeating and pro-rata rules, conditions,
    /// cap, minimum, payout and claim (a credit table says them once for all its credits).
    fn credit_rules(&self, c: &Credit, vals: &Vals) -> Result<Vec<Node>, RenderError> {
        let amount = |a: CreditAmount| self.credit_amount(a);
        let mut rules = Vec::new();
        if let Some(e) = &c.each {
            let mut v = vals.clone();
            v.insert("every", words::duration(e.over));
            v.insert("credit", amount(e.credit)?);
            rules.push(self.sentence("credit.each", &v)?);
        }
        if c.pro_rata {
            rules.push(self.sentence("credit.pro_rata", vals)?);
        }
        if c.provider_fault {
            rules.push(self.sentence("credit.provider_fault", vals)?);
        }
        if c.cap.is_some() {
            rules.push(self.sentence("credit.cap", vals)?);
        }
        if c.cap.is_none() && c.cap_days.is_some() {
            rules.push(self.sentence("credit.cap", vals)?);
        }
        if c.minimum.is_some() {
            rules.push(self.sentence("credit.minimum", vals)?);
        }
        if c.paid.is_some() {
            rules.push(self.sentence("credit.paid", vals)?);
        }
        match &c.claim {
            Some(Claim::Automatic) => rules.push(self.sentence("credit.claim_automatic", vals)?),
            Some(Claim::OnRequest) => rules.push(self.sentence("credit.claim_on_request", vals)?),
            Some(_) => rules.push(self.sentence("credit.claim", vals)?),
            None => {}
        }
        // How a claim is made: where, with what, saying what.
        let mut how = vals.clone();
        // Channels are alternatives (メールまたはポータル); evidence and contents are all asked for.
        how.insert("claim_via", words::join_or(&c.claim_via));
        how.insert("evidence", words::join_and(&c.evidence));
        how.insert("claim_includes", words::join_and(&c.claim_includes));
        match (c.claim_via.is_empty(), c.evidence.is_empty()) {
            (false, false) => rules.push(self.sentence("credit.claim_via_evidence", &how)?),
            (false, true) => rules.push(self.sentence("credit.claim_via", &how)?),
            (true, false) => rules.push(self.sentence("credit.claim_evidence", &how)?),
            (true, true) => {}
        }
        if !c.claim_includes.is_empty() {
            rules.push(self.sentence("credit.claim_includes", &how)?);
        }
        if c.forfeit {
            rules.push(self.sentence("credit.forfeit", vals)?);
        }
        match (c.review, c.review_within) {
            (_, Some(within)) => {
                let mut v = vals.clone();
                v.insert("within", words::duration(within));
                rules.push(self.sentence("credit.review_within", &v)?);
            }
            (true, None) => rules.push(self.sentence("credit.review", vals)?),
            (false, None) => {}
        }
        match (c.sole_remedy, c.entire_liability) {
            (true, true) => rules.push(self.sentence("credit.sole_remedy_liability", vals)?),
            (true, false) => rules.push(self.sentence("credit.sole_remedy", vals)?),
            (false, true) => rules.push(self.sentence("credit.entire_liability", vals)?),
            (false, false) => {}
        }
        Ok(rules.into_iter().map(Self::para).collect())
    }

    /// `formula total_time`: the ratio as the SLA writes it, the total time, and the exclusions
    /// that are not outage time (those of an exclusions list by its name, where it lists them).
    fn total_time(
        &self,
        a: &Availability,
        length: Option<Duration>,
    ) -> Result<Vec<Node>, RenderError> {
        let mut vals = Vals::new();
        vals.insert("period", period_adjective(a.period));
        vals.insert("current", current_period(a.period));
        let total = match length {
            Some(d) => {
                vals.insert("length", fixed_minutes(d));
                self.sentence("availability.total_time_fixed", &vals)?
            }
            None => self.sentence("availability.total_time_days", &vals)?,
        };
        let mut out = vec![Node::Paragraph {
            lines: vec![
                self.sentence("availability.total_time_ratio", &vals)?,
                total,
            ],
        }];
        let lists: Vec<(&TermHead, &Vec<String>)> = self
            .spec
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Exclusions(l) => Some((&l.head, &l.items)),
                _ => None,
            })
            .collect();
        let mut named = Vec::new();
        let mut inline = Vec::new();
        for id in &a.excludes {
            match lists.iter().find(|(_, items)| items.contains(id)) {
                Some((head, _)) => {
                    let name = label(head, self.words.get("availability.excluded"));
                    if !named.contains(&name) {
                        named.push(name);
                    }
                }
                None => {
                    if let Some(t) = self.spec.term(id) {
                        inline.push(self.exclusion_sentence(t, true)?);
                    }
                }
            }
        }
        if !named.is_empty() {
            vals.insert("excluded", words::join_and(&named));
            out.push(Self::para(
                self.sentence("availability.total_time_named", &vals)?,
            ));
        }
        if !inline.is_empty() {
            out.push(Self::para(
                self.sentence("availability.total_time_lead", &vals)?,
            ));
            out.push(self.list(ListStyle::Roman, inline));
        }
        Ok(out)
    }

    /// What an objective or a support desk covers and leaves out: a sentence, or a lead and a
    /// list when the items are many or long.
    fn scope(
        &self,
        covers: &[String],
        not_covered: &[String],
        key: &str,
        vals: &Vals,
    ) -> Result<Vec<Node>, RenderError> {
        let mut out = Vec::new();
        let mut v = vals.clone();
        if !covers.is_empty() {
            if long_list(covers) {
                out.push(Self::para(self.sentence(&format!("{key}_lead"), &v)?));
                out.push(self.list(ListStyle::Bullet, covers.to_vec()));
            } else {
                v.insert("covers", words::join_and(covers));
                out.push(Self::para(self.sentence(key, &v)?));
            }
        }
        if !not_covered.is_empty() {
            v.insert("not_covered", words::join_and(not_covered));
            out.push(Self::para(self.sentence("availability.not_covered", &v)?));
        }
        Ok(out)
    }

    /// Where and how often measured figures are published (`publish monthly "当社Webサイト"`).
    fn publish(
        &self,
        section: &str,
        publish: &[Publish],
        vals: &Vals,
    ) -> Result<Vec<Node>, RenderError> {
        let mut lines = Vec::new();
        for p in publish {
            let mut v = vals.clone();
            v.insert("channels", words::join_or(&p.channels));
            let plain = if p.channels.is_empty() { "_plain" } else { "" };
            let cadence = p.cadence.as_deref().unwrap_or("where");
            let key = format!("{section}.publish_{cadence}{plain}");
            lines.push(self.sentence(&key, &v)?);
        }
        Ok(if lines.is_empty() {
            Vec::new()
        } else {
            vec![Node::Paragraph { lines }]
        })
    }

    /// What counts as down: one state in a sentence, several as a list.
    fn down_definition(&self, a: &Availability) -> Result<Vec<Node>, RenderError> {
        let mut v = Vals::new();
        Ok(match a.down_when.as_slice() {
            [] => Vec::new(),
            [one] => {
                v.insert("down_when", one.clone());
                vec![Self::para(self.sentence("availability.down_when", &v)?)]
            }
            many => vec![
                Self::para(self.sentence("availability.down_when_lead", &v)?),
                self.list(ListStyle::Bullet, many.to_vec()),
            ],
        })
    }

    /// The measurement rules of an objective that the customer must know to read the figure:
    /// probe interval, consecutive failures, minimum outage, truncation and rounding.
    fn measurement(&self, a: &Availability) -> Result<Vec<Node>, RenderError> {
        let mut lines = Vec::new();
        let mut v = Vals::new();
        if let Some(unit) = &a.per {
            v.insert(
                "unit",
                self.words
                    .get(&format!("availability.per_{unit}"))
                    .to_string(),
            );
            lines.push(self.sentence("availability.rule_per", &v)?);
        }
        if let Some(w) = &a.weighted {
            lines.push(self.sentence(&format!("availability.rule_weighted_{w}"), &v)?);
        }
        if let Some(p) = a.error_threshold {
            let slot = a.interval.unwrap_or(Duration {
                amount: 1,
                unit: TimeUnit::Minutes,
                approx: false,
            });
            v.insert("slot", words::duration(slot));
            v.insert("threshold", words::percent(p, self.style()));
            lines.push(self.sentence("availability.rule_error_threshold", &v)?);
        }
        if let Some(d) = a.interval {
            v.insert("interval", words::duration(d));
            lines.push(self.sentence("availability.rule_interval", &v)?);
        }
        if let Some(n) = a.down_after {
            v.insert("failures", n.to_string());
            match a.down_after_within {
                Some(d) => {
                    v.insert("within", words::duration(d));
                    lines.push(self.sentence("availability.rule_down_after_within", &v)?);
                }
                None => lines.push(self.sentence("availability.rule_down_after", &v)?),
            }
        }
        if let Some(d) = a.min_outage {
            v.insert("min_outage", words::duration(d));
            lines.push(self.sentence("availability.rule_min_outage", &v)?);
        }
        if let Some(d) = a.truncate {
            v.insert("truncate", words::duration(d));
            lines.push(self.sentence("availability.rule_truncate", &v)?);
        }
        if let Some(r) = a.rounding {
            v.insert("places", r.places.to_string());
            let key = match r.mode {
                RoundingMode::Down => "availability.rule_round_down",
                RoundingMode::Up => "availability.rule_round_up",
                RoundingMode::Nearest => "availability.rule_round_nearest",
            };
            lines.push(self.sentence(key, &v)?);
        }
        if !a.recorded_by.is_empty() {
            v.insert("recorded_by", words::join_or(&a.recorded_by));
            lines.push(self.sentence("availability.rule_recorded_by", &v)?);
        }
        // Japanese documents count in Japan time; another zone is part of the rule.
        if self.spec.timezone != "Asia/Tokyo" {
            v.insert("timezone", self.spec.timezone.clone());
            v.insert("current", current_period(a.period));
            lines.push(self.sentence("availability.rule_timezone", &v)?);
        }
        Ok(if lines.is_empty() {
            Vec::new()
        } else {
            vec![Node::Paragraph { lines }]
        })
    }
}

/// A list of scope items too long for one sentence: more than three, or one over 30 characters.
fn long_list(items: &[String]) -> bool {
    items.len() > 3 || items.iter().any(|c| c.chars().count() > 30)
}

/// A fixed length in minutes, with the length as written when it is not in minutes
/// (「43,200[分]（720時間）」).
fn fixed_minutes(length: Duration) -> String {
    let minutes = length.unit.fixed_seconds().unwrap_or(60) / 60 * u64::from(length.amount);
    let grouped = format!("{}[分]", words::grouped(&minutes.to_string()));
    if length.unit == TimeUnit::Minutes {
        grouped
    } else {
        format!("{}（{}）", grouped, words::duration(length))
    }
}

/// The sentence of a credit's form: `credit.discount` for a reduction (the seeds' wording),
/// `credit.discount_refund`, `credit.discount_service_credit`, `credit.discount_extension`.
fn form_key(form: CreditForm, key: &'static str) -> &'static str {
    macro_rules! keys {
        ($($k:literal),*) => {
            match (key, form) {
                $(
                    ($k, CreditForm::Reduction) => concat!($k, "_reduction"),
                    ($k, CreditForm::Refund) => concat!($k, "_refund"),
                    ($k, CreditForm::ServiceCredit) => concat!($k, "_service_credit"),
                    ($k, CreditForm::Extension) => concat!($k, "_extension"),
                )*
                _ => key,
            }
        };
    }
    keys!(
        "credit.discount",
        "credit.tiers_lead",
        "credit.column_credit",
        "credit.form",
        "credit.amount"
    )
}

/// 対象月, 対象四半期, 対象年, 対象期間.
fn target_period(p: Period) -> String {
    match p {
        Period::Month => "対象月".into(),
        Period::Quarter => "対象四半期".into(),
        Period::Year => "対象年".into(),
        Period::Rolling { .. } => "対象期間".into(),
    }
}

/// 月間, 四半期, 年間, 30日間の.
fn period_adjective(p: Period) -> String {
    match p {
        Period::Month => "月間".into(),
        Period::Quarter => "四半期".into(),
        Period::Year => "年間".into(),
        Period::Rolling { days } => format!("{days}日間の"),
    }
}

/// Where a claim period counted from the end of the credit's period starts: the day after it.
fn claim_start(p: Period) -> String {
    match p {
        Period::Month => "対象月の翌月1日".into(),
        Period::Quarter => "対象四半期の翌月1日".into(),
        Period::Year => "対象年の翌年1月1日".into(),
        Period::Rolling { .. } => "対象期間の末日の翌日".into(),
    }
}

/// The month after the credit's period, for `claim by day N of next month`.
fn claim_month(p: Period) -> String {
    match p {
        Period::Month => "対象月の翌月".into(),
        Period::Quarter => "対象四半期の翌月".into(),
        Period::Year => "対象年の翌年1月".into(),
        Period::Rolling { .. } => "対象期間の末日の翌月".into(),
    }
}

/// 当月, 当四半期, 当年, 対象期間.
fn current_period(p: Period) -> String {
    match p {
        Period::Month => "当月".into(),
        Period::Quarter => "当四半期".into(),
        Period::Year => "当年".into(),
        Period::Rolling { .. } => "対象期間".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::wording::Wording;

    /// The renderer offers a value for exactly the fields the model says have one
    /// ([`Term::has_value`], what the checker holds interpolations to): every term of every
    /// real spec, whose terms leave out many optional statements (`credit` without `cap`, …).
    #[test]
    fn rendered_fields_are_the_fields_with_values() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        // The fixture that uses every statement, for the optional fields the real specs leave
        // out (`paid`, `minimum`, a maintenance without a `window`, …).
        let mut paths = vec![
            root.join("calltree.sla"),
            root.join("../tests/fixtures/language/every_statement.sla"),
        ];
        for dir in ["synergy", "synergy-link"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                paths.push(e.unwrap().path());
            }
        }
        let words = Wording::embedded();
        let (mut checked_terms, mut absent) = (0, 0);
        for path in paths {
            let mut loader = crate::check::Loader::new();
            let checked = loader.load(&path).unwrap();
            let spec = checked.spec.expect("a real spec checks");
            let r = Renderer {
                spec: &spec,
                words: &words,
                date: None,
            };
            for term in &spec.terms {
                let vals = r.fields(term).unwrap();
                for field in term.fields() {
                    assert_eq!(
                        vals.contains_key(field),
                        term.has_value(field),
                        "{}: `{}.{field}`",
                        path.display(),
                        term.id()
                    );
                    absent += usize::from(!term.has_value(field));
                }
                checked_terms += 1;
            }
        }
        assert!(
            checked_terms > 50 && absent > 10,
            "{checked_terms} terms, {absent} absent"
        );
    }
}
