//! Each construct of the language parses into the expected typed model: for every statement of
//! `grammar/slagen.pest`, a small spec whose `slagen export --to json` has the expected values
//! (percentages as numbers, durations as amount and unit, windows, weekdays, annual closures,
//! resolved references, `use` of another spec, revision records). The fixture
//! `tests/fixtures/language/every_statement.sla` uses every statement at once; its export is a
//! snapshot and must validate against `slagen schema`.

use crate::common::*;
use crate::support::*;
use serde_json::{Value, json};

fn one_term(body: &str, id: &str) -> Value {
    let e = export(&spec(body));
    term(&e, id).clone()
}

// ---------------------------------------------------------------- metadata

#[test]
fn metadata() {
    let e = export(
        "sla calltree \"SLA（サービス品質保証）規定\" {
  service   \"CALLTREE\"
  company   \"株式会社テスト\"
  revised   2024-05
  effective 2024-06-01
  timezone  \"Asia/Tokyo\"
  parties { provider \"当社\"  customer \"利用者\" }
}
",
    );
    assert_eq!(e["format_version"], 1);
    assert_eq!(e["id"], "calltree");
    assert_eq!(e["title"], "SLA（サービス品質保証）規定");
    assert_eq!(e["service"], "CALLTREE");
    assert_eq!(e["company"], "株式会社テスト");
    assert_eq!(e["revised"], "2024-05");
    assert_eq!(e["effective"], "2024-06-01");
    assert_eq!(e["timezone"], "Asia/Tokyo");
    assert_eq!(
        e["parties"],
        json!({"provider": "当社", "customer": "利用者"})
    );
    assert_eq!(e["document"], json!([]));
    assert_eq!(e["terms"], json!([]));
}

#[test]
fn metadata_defaults() {
    let e = export(&spec(""));
    assert_eq!(e["timezone"], "Asia/Tokyo");
    assert_eq!(
        e["parties"],
        json!({"provider": "弊社", "customer": "お客様"})
    );
    assert!(e.get("company").is_none() && e.get("effective").is_none());
    assert_eq!(e["style"]["percent"], "%");
    assert_eq!(e["style"]["dates"], "western");
}

#[test]
fn revised_with_a_day() {
    let e = export("sla t \"t\" {\n  service \"X\"\n  revised 2017-05-08\n}\n");
    assert_eq!(e["revised"], "2017-05-08");
}

#[test]
fn style() {
    let e = export(&spec(
        "  style {\n    clause  \"●{title}\"\n    percent \"％\"\n    dates   \"wareki\"\n  }",
    ));
    assert_eq!(e["style"]["clause"], "●{title}");
    assert_eq!(e["style"]["percent"], "％");
    assert_eq!(e["style"]["dates"], "wareki");
    assert_eq!(
        e["style"]["chapter"], "第{n}章 {title}",
        "untouched keys keep defaults"
    );
}

#[test]
fn comments_are_ignored_everywhere() {
    let e = export(
        "// 先頭のコメント\nsla t \"t\" { // 行末\n  /* ブロック\n     コメント { } \" */\n  service \"X\" /* 途中 */ revised 2024-05\n  text \"// これは文字列 /* */\"\n}\n// 末尾",
    );
    assert_eq!(e["service"], "X");
    assert_eq!(e["document"][0]["text"], "// これは文字列 /* */");
}

// ---------------------------------------------------------------- document structure

#[test]
fn chapters_sections_clauses_are_numbered_and_nested() {
    let e = export(&spec(
        "  chapter general \"総則\" {}
  chapter support \"カスタマーサポート\" {
    section s1 \"窓口\" {
      clause desk \"サポート窓口\" {}
      clause hours \"回答時間\" {
        clause sub \"細則\" { text \"本文\" }
      }
    }
  }",
    ));
    let doc = &e["document"];
    assert_eq!(doc[0]["type"], "division");
    assert_eq!(doc[0]["kind"], "chapter");
    assert_eq!(
        (doc[0]["id"].as_str(), doc[0]["number"].as_u64()),
        (Some("general"), Some(1))
    );
    assert_eq!(doc[1]["number"], 2);
    assert_eq!(doc[1]["title"], "カスタマーサポート");
    let section = &doc[1]["blocks"][0];
    assert_eq!(
        (section["kind"].as_str(), section["number"].as_u64()),
        (Some("section"), Some(1))
    );
    let hours = &section["blocks"][1];
    assert_eq!(hours["id"], "hours");
    assert_eq!(hours["number"], 2);
    assert_eq!(hours["depth"], 0);
    let sub = &hours["blocks"][0];
    assert_eq!(
        (sub["number"].as_u64(), sub["depth"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        sub["blocks"][0],
        json!({"type": "paragraph", "text": "本文"})
    );
}

#[test]
fn clause_without_title() {
    let e = export(&spec("  clause untitled { note \"注\" }"));
    assert!(e["document"][0].get("title").is_none());
    assert_eq!(
        e["document"][0]["blocks"][0],
        json!({"type": "note", "text": "注"})
    );
}

#[test]
fn text_note_field() {
    let e = export(&spec(
        "  text \"段落 {service}\"\n  note \"※注記\"\n  field \"サポート窓口\" \"電話 / メール\"",
    ));
    assert_eq!(
        e["document"],
        json!([
            {"type": "paragraph", "text": "段落 {service}"},
            {"type": "note", "text": "※注記"},
            {"type": "field", "label": "サポート窓口", "value": "電話 / メール"},
        ])
    );
}

#[test]
fn strings_escapes_and_text_blocks() {
    let e = export(&spec(
        "  text \"引用\\\"符\\\" \\\\ 改行\\n タブ\\t \\u{3042} {{括弧}}\"
  text \"\"\"
      一行目
        字下げ
      三行目
      \"\"\"",
    ));
    assert_eq!(
        e["document"][0]["text"],
        "引用\"符\" \\ 改行\n タブ\t あ {{括弧}}"
    );
    assert_eq!(e["document"][1]["text"], "一行目\n  字下げ\n三行目");
}

#[test]
fn lists_in_every_style() {
    let styles = [
        "bullet", "numbered", "paren", "roman", "alpha", "plain", "dash",
    ];
    let body: String = styles
        .iter()
        .map(|s| format!("  list {s} {{ \"一\" \"二\" }}\n"))
        .collect();
    let e = export(&spec(&format!("{body}  list {{ \"既定\" }}")));
    for (i, s) in styles.iter().enumerate() {
        assert_eq!(
            e["document"][i],
            json!({"type": "list", "style": s, "items": ["一", "二"]})
        );
    }
    assert_eq!(e["document"][7]["style"], "bullet", "bullet is the default");
}

#[test]
fn table() {
    let e = export(&spec(
        "  table {\n    columns \"項目\", \"内容\"\n    row \"ファイアウォール\", \"有り\"\n    row \"IDS\" \"なし\"\n  }",
    ));
    assert_eq!(
        e["document"][0],
        json!({"type": "table", "columns": ["項目", "内容"], "rows": [["ファイアウォール", "有り"], ["IDS", "なし"]]})
    );
}

#[test]
fn terms_appear_in_the_document_where_declared() {
    let e = export(&spec(
        "  clause c \"条\" {\n    text \"前\"\n    backup b { every 2h }\n    text \"後\"\n  }",
    ));
    assert_eq!(
        e["document"][0]["blocks"],
        json!([
            {"type": "paragraph", "text": "前"},
            {"type": "term", "id": "b"},
            {"type": "paragraph", "text": "後"},
        ])
    );
}

// ---------------------------------------------------------------- calendars and hours

#[test]
fn calendar_with_weekdays_holidays_and_annual_closures() {
    let t = one_term(
        "  calendar business \"営業日\" {
    open   mon..fri
    open   2024-12-28 \"特別営業日\"
    closed sat, sun, national_holidays \"祝日\", \"盆\" 08-13..08-16, \"年末年始\" 12-28..01-04, company_holidays, 2024-05-02 \"臨時休業\"
  }",
        "business",
    );
    assert_eq!(t["kind"], "calendar");
    assert_eq!(t["label"], "営業日");
    assert_eq!(
        t["rules"],
        json!({
            "open_days": ["mon", "tue", "wed", "thu", "fri"],
            "closed": [
                {"type": "weekdays", "days": ["sat", "sun"]},
                {"type": "national_holidays", "label": "祝日"},
                {"type": "annual", "name": "盆", "start": "08-13", "end": "08-16"},
                {"type": "annual", "name": "年末年始", "start": "12-28", "end": "01-04"},
                {"type": "company_holidays"},
                {"type": "date", "date": "2024-05-02", "name": "臨時休業"},
            ],
            "open_dates": [{"date": "2024-12-28", "name": "特別営業日"}],
        })
    );
}

#[test]
fn annual_closure_across_the_year_boundary_and_on_leap_day() {
    let t = one_term(
        "  calendar c { closed \"年末年始\" 12-29..01-03, \"閏日\" 02-29..02-29 }",
        "c",
    );
    assert_eq!(
        t["rules"]["closed"],
        json!([
            {"type": "annual", "name": "年末年始", "start": "12-29", "end": "01-03"},
            {"type": "annual", "name": "閏日", "start": "02-29", "end": "02-29"},
        ])
    );
    // Every weekday is open when the calendar does not say `open`.
    assert_eq!(
        t["rules"]["open_days"],
        json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    );
}

#[test]
fn weekday_ranges_wrap_around_the_week() {
    let t = one_term("  calendar c { open fri..mon }", "c");
    assert_eq!(t["rules"]["open_days"], json!(["mon", "fri", "sat", "sun"]));
}

#[test]
fn company_holidays_inline_and_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("holidays.txt"),
        "# 弊社所定の休日\n2024-08-15 創立記念日\n\n2024-01-04   仕事始め前\n2024-12-27\n",
    )
    .unwrap();
    let e = export_in(
        dir.path(),
        "spec.sla",
        &spec(
            "  company_holidays \"弊社所定の休日\" {\n    2024-05-01 \"メーデー\"\n    file \"holidays.txt\"\n    2024-08-15 \"重複は一つに\"\n  }",
        ),
    );
    assert_eq!(
        e["company_holidays"],
        json!({
            "label": "弊社所定の休日",
            "dates": [
                {"date": "2024-01-04", "name": "仕事始め前"},
                {"date": "2024-05-01", "name": "メーデー"},
                {"date": "2024-08-15", "name": "創立記念日"},
                {"date": "2024-12-27"},
            ]
        })
    );
}

#[test]
fn hours_always() {
    let t = one_term(
        "  hours service_hours \"利用可能時間\" always",
        "service_hours",
    );
    assert_eq!(t["always"], true);
    assert_eq!(t["windows"], json!([{"start": "00:00", "end": "24:00"}]));
    assert_eq!(t["rules"]["open_days"].as_array().unwrap().len(), 7);
}

#[test]
fn hours_with_several_windows_a_day() {
    let t = one_term(
        "  hours support_hours \"回答時間\" {
    open   mon..fri 10:00-12:00, 13:00-18:00
    closed sat, sun, national_holidays, \"年末年始\" 12-28..01-04, company_holidays
  }",
        "support_hours",
    );
    assert_eq!(t["always"], false);
    assert_eq!(
        t["windows"],
        json!([{"start": "10:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}])
    );
    assert_eq!(
        t["rules"]["open_days"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert_eq!(t["rules"]["closed"][2]["type"], "annual");
}

#[test]
fn hours_on_a_calendar_declared_later() {
    let t = one_term(
        "  hours support \"サポート受付\" {\n    calendar business\n    windows 10:00-19:00\n    wording \"{label}：{closed_short}を除く{windows}\"\n  }\n  calendar business { open mon..fri closed national_holidays }",
        "support",
    );
    assert_eq!(t["calendar"], "business");
    assert_eq!(
        t["rules"]["open_days"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert_eq!(t["rules"]["closed"], json!([{"type": "national_holidays"}]));
    assert_eq!(t["windows"], json!([{"start": "10:00", "end": "19:00"}]));
    assert_eq!(t["wording"], "{label}：{closed_short}を除く{windows}");
}

#[test]
fn windows_crossing_midnight_and_other_separators() {
    let t = one_term(
        "  hours night { windows 22:00-09:00 overnight }\n  hours day { windows 9:00～12:00, 13:00 ~ 24:00 }",
        "night",
    );
    assert_eq!(
        t["windows"],
        json!([{"start": "22:00", "end": "09:00", "overnight": true}])
    );
    let e = export(&spec("  hours day { windows 9:00～12:00, 13:00 ~ 24:00 }"));
    assert_eq!(
        term(&e, "day")["windows"],
        json!([{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "24:00"}])
    );
}

#[test]
fn hours_alias_of_local_hours() {
    let t = one_term(
        "  hours a { windows 10:00-18:00 }\n  hours b \"同じ時間\" = a",
        "b",
    );
    assert_eq!(t["refers_to"]["term"], "a");
    assert_eq!(t["label"], "同じ時間");
    // The alias carries the hours it names, as an alias into another spec does.
    assert_eq!(t["windows"], json!([{"start": "10:00", "end": "18:00"}]));
    assert_eq!(t["rules"]["open_days"].as_array().unwrap().len(), 7);
    // Through a chain of aliases too (a circle of aliases is E0109, tested in checks.rs).
    let e = export(&spec(
        "  hours a { windows 09:00-17:00 }
  hours b = a
  hours c = b",
    ));
    assert_eq!(
        term(&e, "c")["windows"],
        json!([{"start": "09:00", "end": "17:00"}])
    );
}

#[test]
fn hours_from_another_spec_through_use() {
    let dir = tempfile::tempdir().unwrap();
    // In a repository (the default root), so `../base` may be read.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("base")).unwrap();
    std::fs::write(
        dir.path().join("base/main.sla"),
        "sla base \"基本\" {
  service \"Synergy!\"
  revised 2017-05-08
  chapter support \"カスタマーサポート\" {
    clause hours \"回答時間\" {
      hours support_hours \"回答時間\" { open mon..fri 10:00-12:00, 13:00-18:00  closed sat, sun }
    }
  }
}
",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("link")).unwrap();
    let e = export_in(
        &dir.path().join("link"),
        "spec.sla",
        "use synergy = \"../base/main.sla\"
sla link \"LINK\" {
  service \"Synergy!LINK\"
  revised 2017-05-08
  hours support_hours \"回答時間\" = synergy.support_hours
}
",
    );
    assert_eq!(
        e["uses"],
        json!([{"name": "synergy", "path": "../base/main.sla", "spec": "base", "service": "Synergy!"}])
    );
    let t = term(&e, "support_hours");
    assert_eq!(
        t["refers_to"],
        json!({"spec": "synergy", "service": "Synergy!", "term": "support_hours", "titles": ["カスタマーサポート", "回答時間"]})
    );
    // The referred hours are copied, typed.
    assert_eq!(
        t["windows"],
        json!([{"start": "10:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}])
    );
    assert_eq!(
        t["rules"]["open_days"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
}

// ---------------------------------------------------------------- availability and exclusions

#[test]
fn availability_with_every_field() {
    let e = export(&spec(
        "  hours h { windows 09:00-18:00 }
  maintenance regular { window 00:00-05:00 schedule irregular }
  exclusions ex { exclusion fm \"不可抗力\" { kind force_majeure } }
  availability av \"目標運用値\" {
    target     99.95%
    period     rolling 4 weeks
    measures   \"コンシューマ機能\"
    functions  \"フォーム機能\", \"アンケート機能\"
    audience   \"一般ユーザ\"
    formula    service_hours h
    excludes   regular, fm
    exclusion  planned \"計画停止\" { kind planned_maintenance notice 2 weeks }
    min_outage 5 min
    rounding   down 2
    interval   1 min
    wording    \"「{label}」{target}以上\"
  }",
    ));
    let t = term(&e, "av");
    assert_eq!(
        *t,
        json!({
            "kind": "availability",
            "id": "av",
            "label": "目標運用値",
            "wording": "「{label}」{target}以上",
            "target": 99.95,
            "period": {"type": "rolling", "days": 28},
            "measures": "コンシューマ機能",
            "functions": ["フォーム機能", "アンケート機能"],
            "audience": "一般ユーザ",
            "formula": {"type": "service_hours", "hours": "h"},
            "excludes": ["regular", "fm", "planned"],
            "min_outage": {"amount": 5, "unit": "minutes"},
            "rounding": {"mode": "down", "places": 2},
            "interval": {"amount": 1, "unit": "minutes"},
        })
    );
    // The inline exclusion is a term of its own.
    assert_eq!(
        term(&e, "planned")["notice"],
        json!({"amount": 2, "unit": "weeks"})
    );
}

#[test]
fn availability_measured_by_a_probe_or_an_event_ratio() {
    let probe = one_term(
        "  availability a {\n    target 98%\n    measure {\n      probe    \"probe_success{job=\\\"calltree\\\"}\"\n      internal 99%\n    }\n  }",
        "a",
    );
    assert_eq!(
        probe["measure"],
        json!({"sli": {"type": "probe", "query": "probe_success{job=\"calltree\"}"}, "internal": 99.0})
    );
    let events = one_term(
        "  availability a {\n    target 99%\n    measure {\n      errors \"sum(rate(e[{{.window}}]))\"\n      total  \"sum(rate(t[{{.window}}]))\"\n    }\n  }",
        "a",
    );
    assert_eq!(
        events["measure"],
        json!({"sli": {"type": "events", "errors": "sum(rate(e[{{.window}}]))", "total": "sum(rate(t[{{.window}}]))"}})
    );
    // A contract-only objective has no measure.
    let plain = one_term("  availability a { target 99% }", "a");
    assert!(plain.get("measure").is_none());
}

#[test]
fn availability_periods_and_formula() {
    for (written, period) in [
        ("month", json!({"type": "month"})),
        ("quarter", json!({"type": "quarter"})),
        ("year", json!({"type": "year"})),
        ("rolling 30 days", json!({"type": "rolling", "days": 30})),
    ] {
        let t = one_term(
            &format!("  availability a {{ target 98% period {written} formula calendar_minutes }}"),
            "a",
        );
        assert_eq!(t["period"], period, "{written}");
        assert_eq!(t["formula"], json!({"type": "calendar_minutes"}));
    }
}

#[test]
fn percentages_are_numbers() {
    for (written, value) in [
        ("98%", 98.0),
        ("99.9%", 99.9),
        ("99.95％", 99.95),
        ("0%", 0.0),
        ("100%", 100.0),
        ("99.9999%", 99.9999),
    ] {
        let t = one_term(&format!("  availability a {{ target {written} }}"), "a");
        assert_eq!(t["target"].as_f64(), Some(value), "{written}");
    }
}

#[test]
fn exclusions_with_every_kind() {
    let kinds = [
        "planned_maintenance",
        "emergency_maintenance",
        "force_majeure",
        "beyond_control",
        "customer_fault",
        "third_party_software",
        "third_party_service",
        "attack",
        "rate_limit",
        "customer_environment",
        "contract",
    ];
    let body: String = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| format!("    exclusion x{i} \"除外{i}\" {{ kind {k} }}\n"))
        .collect();
    let e = export(&spec(&format!(
        "  exclusions ex \"SLAの適用外\" {{\n{body}  }}"
    )));
    let list = term(&e, "ex");
    assert_eq!(list["kind"], "exclusions");
    assert_eq!(list["items"].as_array().unwrap().len(), kinds.len());
    for (i, k) in kinds.iter().enumerate() {
        let x = term(&e, &format!("x{i}"));
        assert_eq!(x["type"], *k);
        assert_eq!(x["label"], format!("除外{i}"));
    }
}

#[test]
fn exclusion_with_examples_and_notice() {
    let t = one_term(
        "  exclusions ex {\n    exclusion bc \"合理的に管理できない事由\" {\n      kind beyond_control\n      notice 2 weeks\n      examples \"不可抗力\", \"行政行為\", \"洪水\", \"火災\", \"地震\"\n      wording \"{label}\"\n    }\n  }",
        "bc",
    );
    assert_eq!(t["notice"], json!({"amount": 2, "unit": "weeks"}));
    assert_eq!(
        t["examples"],
        json!(["不可抗力", "行政行為", "洪水", "火災", "地震"])
    );
}

// ---------------------------------------------------------------- maintenance, severities, credit

#[test]
fn maintenance() {
    let t = one_term(
        "  maintenance regular \"通常メンテナンス\" {\n    window   00:00-05:00\n    schedule weekly sun, wed\n    stops    \"通話機能\", \"録音\"\n    notice   2 weeks\n    channels \"メール\", \"管理画面\"\n  }",
        "regular",
    );
    assert_eq!(
        t,
        json!({
            "kind": "maintenance",
            "id": "regular",
            "label": "通常メンテナンス",
            "window": {"start": "00:00", "end": "05:00"},
            "schedule": "weekly",
            "days": ["sun", "wed"],
            "stops": ["通話機能", "録音"],
            "notice": {"amount": 2, "unit": "weeks"},
            "channels": ["メール", "管理画面"],
        })
    );
    for s in ["irregular", "daily", "monthly"] {
        let t = one_term(
            &format!("  maintenance m {{ window 22:00-02:00 overnight schedule {s} }}"),
            "m",
        );
        assert_eq!(t["schedule"], s);
        assert_eq!(t["window"]["overnight"], true);
    }
}

#[test]
fn severities_with_targets_in_clock_and_business_time() {
    let e = export(&spec(
        "  hours support { windows 10:00-19:00 }
  severities levels \"障害レベル\" {
    hours   support
    layout  list
    columns \"重要度\", \"初動\", \"解決目標時間\", \"通知\", \"事象の例\"
    severity critical \"緊急\" {
      respond 30 min
      resolve 2h
      notify  1 hour
      examples \"ログインができない\", \"発信、受信できない\"
    }
    severity major \"重度\" { resolve 4h }
    severity minor \"軽度\" { resolve 2 business_days  hours support  wording \"{label}\" }
  }",
    ));
    let t = term(&e, "levels");
    assert_eq!(t["hours"], "support");
    assert_eq!(t["layout"], "list");
    assert_eq!(
        t["columns"],
        json!(["重要度", "初動", "解決目標時間", "通知", "事象の例"])
    );
    let levels = t["levels"].as_array().unwrap();
    assert_eq!(
        levels[0],
        json!({
            "id": "critical",
            "name": "緊急",
            "respond": {"amount": 30, "unit": "minutes"},
            "resolve": {"amount": 2, "unit": "hours"},
            "notify": {"amount": 1, "unit": "hours"},
            "examples": ["ログインができない", "発信、受信できない"],
        })
    );
    assert_eq!(
        levels[2]["resolve"],
        json!({"amount": 2, "unit": "business_days"})
    );
    assert_eq!(levels[2]["hours"], "support");
    assert_eq!(levels[2]["wording"], "{label}");
}

#[test]
fn durations_in_every_unit() {
    for (written, amount, unit) in [
        ("15s", 15, "seconds"),
        ("15 sec", 15, "seconds"),
        ("2 seconds", 2, "seconds"),
        ("5min", 5, "minutes"),
        ("1 minute", 1, "minutes"),
        ("2h", 2, "hours"),
        ("3 hours", 3, "hours"),
        ("3d", 3, "days"),
        ("1 day", 1, "days"),
        ("2w", 2, "weeks"),
        ("2 weeks", 2, "weeks"),
        ("2 months", 2, "months"),
        ("1 month", 1, "months"),
        ("1 year", 1, "years"),
        ("5 years", 5, "years"),
        ("4 business_hours", 4, "business_hours"),
        ("1 business_day", 1, "business_days"),
    ] {
        let t = one_term(&format!("  fact f {written}"), "f");
        assert_eq!(
            t["value"],
            json!({"type": "duration", "value": {"amount": amount, "unit": unit}}),
            "{written}"
        );
    }
}

#[test]
fn approximate_durations_and_ranges() {
    let e = export(&spec(
        "  fact a ~2 months\n  fact b 約3 days\n  fact c \"パッチ\" 1..2 weeks\n  fact d ~1..2 w",
    ));
    assert_eq!(
        term(&e, "a")["value"],
        json!({"type": "duration", "value": {"amount": 2, "unit": "months", "approx": true}})
    );
    assert_eq!(
        term(&e, "c")["value"],
        json!({"type": "duration_range", "value": {"min": 1, "max": 2, "unit": "weeks"}})
    );
    assert_eq!(
        term(&e, "d")["value"],
        json!({"type": "duration_range", "value": {"min": 1, "max": 2, "unit": "weeks", "approx": true}})
    );
}

#[test]
fn credit_with_tiers_cap_and_claims() {
    let e = export(&spec(
        "  availability av { target 99.9% }
  credit sc \"サービスクレジット\" {
    fee   \"月額利用料\"
    basis av
    below 99.9% => 10%
    below 99%   => 25%
    below 95%   => 100%
    cap   50%
    claim within 30 days
    wording \"{threshold}未満は{fee}の{cap}まで\"
  }
  credit d { fee \"障害発生月の発信ライセンス料\" below 98% => discount claim by day 15 of next month }
  credit auto { fee \"月額\" below 98% => 5% claim automatic }",
    ));
    let sc = term(&e, "sc");
    assert_eq!(sc["fee"], "月額利用料");
    assert_eq!(sc["basis"], "av");
    assert_eq!(
        sc["tiers"],
        json!([
            {"below": 99.9, "credit": 10.0},
            {"below": 99.0, "credit": 25.0},
            {"below": 95.0, "credit": 100.0},
        ])
    );
    assert_eq!(sc["cap"], 50.0);
    assert_eq!(
        sc["claim"],
        json!({"type": "within", "duration": {"amount": 30, "unit": "days"}})
    );
    assert_eq!(term(&e, "d")["tiers"], json!([{"below": 98.0}]));
    assert_eq!(
        term(&e, "d")["claim"],
        json!({"type": "by_day_of_next_month", "day": 15})
    );
    assert_eq!(term(&e, "auto")["claim"], json!({"type": "automatic"}));
}

// ---------------------------------------------------------------- operations

#[test]
fn notification_and_monitoring() {
    let e = export(&spec(
        "  notification notice \"障害通知\" { within ~1h channels \"メール\", \"Webサイト\" }
  monitoring live \"監視\" {
    always
    interval 15s
    tool     \"Prometheus\"
    checks   \"サービスが起動しているか\", \"負荷が一定値以下か\"
    area \"Infra\" \"サーバー、CPU\"
    area \"MySQL\" \"コネクション数\"
  }",
    ));
    assert_eq!(
        term(&e, "notice")["within"],
        json!({"amount": 1, "unit": "hours", "approx": true})
    );
    assert_eq!(
        term(&e, "notice")["channels"],
        json!(["メール", "Webサイト"])
    );
    let m = term(&e, "live");
    assert_eq!(m["always"], true);
    assert_eq!(m["interval"], json!({"amount": 15, "unit": "seconds"}));
    assert_eq!(m["tool"], "Prometheus");
    assert_eq!(m["checks"].as_array().unwrap().len(), 2);
    assert_eq!(
        m["areas"],
        json!([{"name": "Infra", "watches": "サーバー、CPU"}, {"name": "MySQL", "watches": "コネクション数"}])
    );
}

#[test]
fn backup() {
    let t = one_term(
        "  backup db \"利用者データ\" {\n    every 2h\n    between 08:00-22:00\n    generations 21\n    keeps 3 days\n  }",
        "db",
    );
    assert_eq!(
        t,
        json!({
            "kind": "backup",
            "id": "db",
            "label": "利用者データ",
            "every": {"amount": 2, "unit": "hours"},
            "between": {"start": "08:00", "end": "22:00"},
            "generations": 21,
            "keeps": {"amount": 3, "unit": "days"},
        })
    );
}

#[test]
fn security_items() {
    let t = one_term(
        "  security measures {\n    columns \"項目\", \"内容\"\n    item \"ファイアウォール設置等\" yes\n    item \"ネットワーク監視\" \"責任を負わない\"\n    item \"不正侵入検知\" no \"未実施\"\n  }",
        "measures",
    );
    assert_eq!(t["columns"], json!(["項目", "内容"]));
    assert_eq!(
        t["items"],
        json!([
            {"name": "ファイアウォール設置等", "present": true},
            {"name": "ネットワーク監視", "text": "責任を負わない"},
            {"name": "不正侵入検知", "present": false, "text": "未実施"},
        ])
    );
}

#[test]
fn network_bandwidths() {
    let t = one_term(
        "  network bw \"推奨帯域\" {
    tier \"最低ライン\" down 10..20 Mbps  up 1..5 Mbps
    tier \"理想\"       down 100.. Mbps   up 30.. Mbps
    tier \"固定\"       down 1.5 Gbps     up 512 kbps
  }",
        "bw",
    );
    assert_eq!(
        t["tiers"],
        json!([
            {"name": "最低ライン", "down": {"min_kbps": 10000, "max_kbps": 20000}, "up": {"min_kbps": 1000, "max_kbps": 5000}},
            {"name": "理想", "down": {"min_kbps": 100000}, "up": {"min_kbps": 30000}},
            {"name": "固定", "down": {"min_kbps": 1500000, "exact": true}, "up": {"min_kbps": 512, "exact": true}},
        ])
    );
}

#[test]
fn recovery_channels_after_hours() {
    let e = export(&spec(
        "  hours support { windows 10:00-19:00 }
  recovery redelivery {
    scope   \"リターゲティングメール機能\"
    stopped \"メール配信が停止した\"
    action  \"再配信\"
    quiet   22:00-09:00 overnight => 09:00
  }
  channels desk \"サポート窓口\" { items \"電話\", \"メール\", \"LINE\" separator \" / \" }
  after_hours emergency \"時間外対応\" { outside support conditions \"ログインできない\", \"発信できない\" }",
    ));
    assert_eq!(
        *term(&e, "redelivery"),
        json!({
            "kind": "recovery",
            "id": "redelivery",
            "scope": "リターゲティングメール機能",
            "stopped": "メール配信が停止した",
            "action": "再配信",
            "quiet": {"start": "22:00", "end": "09:00", "overnight": true},
            "resume": "09:00",
        })
    );
    assert_eq!(term(&e, "desk")["items"], json!(["電話", "メール", "LINE"]));
    assert_eq!(term(&e, "desk")["separator"], " / ");
    assert_eq!(term(&e, "emergency")["outside"], "support");
    assert_eq!(
        term(&e, "emergency")["conditions"],
        json!(["ログインできない", "発信できない"])
    );
}

#[test]
fn facts_of_every_type() {
    let e = export(&spec(
        "  fact a \"割合\" 99%
  fact b yes
  fact c no
  fact d 42
  fact e \"説明\" \"テキストの値\"
  fact f 10..20 Mbps
  fact g 3 days",
    ));
    assert_eq!(
        term(&e, "a")["value"],
        json!({"type": "percent", "value": 99.0})
    );
    assert_eq!(term(&e, "a")["label"], "割合");
    assert_eq!(
        term(&e, "b")["value"],
        json!({"type": "bool", "value": true})
    );
    assert_eq!(
        term(&e, "c")["value"],
        json!({"type": "bool", "value": false})
    );
    assert_eq!(
        term(&e, "d")["value"],
        json!({"type": "count", "value": 42})
    );
    assert_eq!(
        term(&e, "e")["value"],
        json!({"type": "text", "value": "テキストの値"})
    );
    assert_eq!(
        term(&e, "f")["value"],
        json!({"type": "bandwidth", "value": {"min_kbps": 10000, "max_kbps": 20000}})
    );
    // Facts are terms but not blocks of the document.
    assert_eq!(e["document"], json!([]));
}

#[test]
fn a_text_fact_without_a_label() {
    let e = export(&spec("  fact note \"テキストだけ\""));
    assert_eq!(
        term(&e, "note")["value"],
        json!({"type": "text", "value": "テキストだけ"})
    );
}

// ---------------------------------------------------------------- references and revisions

#[test]
fn interpolations_resolve_terms_spec_fields_and_facts() {
    let c = check_text(&spec(
        "  availability av \"目標値\" { target 98% }
  fact log_retention 3 days
  text \"{av.target} {av.label} {service} {revised} {provider} {log_retention} {log_retention.label}\"
  backup b { every 2h wording \"{every}ごと、{label}\" }",
    ));
    assert_eq!(c.code, 0, "{}", describe(&c));
    assert!(c.diags.is_empty(), "{}", describe(&c));
}

#[test]
fn references_may_point_forward() {
    let c = check_text(&spec(
        "  after_hours a { outside later conditions \"c\" }\n  credit c { fee \"f\" basis av below 99% => 5% }\n  hours later { windows 10:00-12:00 }\n  availability av { target 99% }",
    ));
    assert_eq!(c.code, 0, "{}", describe(&c));
}

#[test]
fn revision_records() {
    let e = export(
        "sla t \"t\" {
  service \"X\"
  revised 2021-08-24
  chapter ops \"保守・運用\" {
    clause monitoring \"監視体制\" {}
    clause redundancy \"システム冗長性\" {}
  }
  revision 2007-04-02 { summary \"サービス品質保証制度(SLA)を導入します。\" }
  revision 2017-05 { reason monitoring \"{clause}の営業時間を変更します。\" }
  revision 2021-08-24 {
    summary \"クラウドサービス(AWS)移行後にも適応した内容に変更します。\"
    reason monitoring, redundancy \"{clauses}において、表現を修正します。\"
    reason ops \"{chapter}の見直し\"
  }
}
",
    );
    assert_eq!(
        e["revisions"],
        json!([
            {"date": "2007-04-02", "summary": "サービス品質保証制度(SLA)を導入します。", "reasons": []},
            {"date": "2017-05", "reasons": [{"targets": ["monitoring"], "text": "{clause}の営業時間を変更します。"}]},
            {"date": "2021-08-24", "summary": "クラウドサービス(AWS)移行後にも適応した内容に変更します。", "reasons": [
                {"targets": ["monitoring", "redundancy"], "text": "{clauses}において、表現を修正します。"},
                {"targets": ["ops"], "text": "{chapter}の見直し"},
            ]},
        ])
    );
}

// ---------------------------------------------------------------- the whole language at once

#[test]
fn every_statement_fixture_exports_the_expected_model() {
    let dir = root().join("tests/fixtures/language");
    let run = slagen_in(&dir, &["export", "every_statement.sla"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "no warnings: {}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();

    let schema = slagen(&["schema"]);
    let schema: Value = serde_json::from_str(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // Every statement keyword of the grammar appears in the fixture.
    let grammar = std::fs::read_to_string(root().join("grammar/slagen.pest")).unwrap();
    let fixture = std::fs::read_to_string(dir.join("every_statement.sla")).unwrap();
    let mut missing = Vec::new();
    for line in grammar.lines() {
        let Some((_, rhs)) = line.split_once("= {") else {
            continue;
        };
        let rhs = rhs.trim_start();
        if let Some(rest) = rhs.strip_prefix('"') {
            let keyword = rest.split('"').next().unwrap_or_default();
            if keyword.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !fixture.contains(&format!("{keyword} "))
                && !fixture.contains(&format!("{keyword}\n"))
            {
                missing.push(keyword.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "statements not in the fixture: {missing:?}"
    );

    insta::assert_snapshot!(
        "every_statement_export",
        serde_json::to_string_pretty(&value).unwrap()
    );
}

#[test]
fn calltree_numbers_are_typed() {
    // A few typed values of the real specs, as a cross-check of the seeds' numbers.
    let run = slagen(&["export", "specs/calltree.sla"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(term(&e, "service")["target"], 98.0);
    assert_eq!(term(&e, "database_backup")["generations"], 21);
    assert_eq!(
        term(&e, "database_backup")["every"],
        json!({"amount": 2, "unit": "hours"})
    );
    assert_eq!(
        term(&e, "liveness")["interval"],
        json!({"amount": 15, "unit": "seconds"})
    );
}
