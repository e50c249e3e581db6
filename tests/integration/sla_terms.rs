//! What real SLAs say (issue 13): each construct added for them renders the sentence the
//! contract means, and each output that was wrong before stays fixed. Every test renders a small
//! spec to Markdown (or checks it) through the real binary.

use crate::common::*;
use crate::support::*;

/// Renders `body` (inside the usual head) to Markdown; panics with the diagnostics if it fails.
#[track_caller]
fn md(body: &str) -> String {
    let (_dir, path) = temp_spec(&spec(body));
    let run = slagen(&["render", path.to_str().unwrap(), "--format", "md"]);
    assert_eq!(run.code, 0, "render failed:\n{}\n{body}", run.stderr);
    run.stdout
}

const QUARTERLY: &str = r#"
  availability sla "稼働率" {
    target 99.9%
    period quarter
  }
  credit c {
    basis sla
    fee   "当四半期の利用料金"
    below 99.9% => 10%
    below 99%   => 25%
    claim within 30 days
  }
  credit d {
    basis sla
    fee   "当四半期の利用料金"
    below 99% => discount
    claim by day 15 of next month
  }
"#;

// ---------------------------------------------------------------- wrong today

#[test]
fn a_quarterly_credit_speaks_of_the_quarter() {
    let out = md(QUARTERLY);
    assert!(!out.contains("月間稼働率"), "{out}");
    assert!(!out.contains("対象月"), "{out}");
    assert!(
        out.contains(
            "四半期稼働率が下表の値を下回った場合、当四半期の利用料金から下表の割合を減額します。"
        ),
        "{out}"
    );
    assert!(out.contains("| 四半期稼働率 | 減額率 |"), "{out}");
    assert!(
        out.contains("お客様は対象四半期の翌月1日から30日以内に申請するものとします。"),
        "{out}"
    );
    assert!(
        out.contains("四半期稼働率が99%未満だった場合、当四半期の利用料金を割引します。"),
        "{out}"
    );
    assert!(
        out.contains("お客様は対象四半期の翌月15日までに申請"),
        "{out}"
    );
}

#[test]
fn yearly_and_rolling_credits_speak_of_their_period() {
    let year = md(&QUARTERLY.replace("period quarter", "period year"));
    assert!(
        year.contains("年間稼働率が下表の値を下回った場合"),
        "{year}"
    );
    assert!(year.contains("対象年の翌年1月1日から30日以内"), "{year}");
    assert!(year.contains("対象年の翌年1月15日までに"), "{year}");
    let rolling = md(&QUARTERLY.replace("period quarter", "period rolling 30 days"));
    assert!(
        rolling.contains("30日間の稼働率が下表の値を下回った場合"),
        "{rolling}"
    );
    assert!(
        rolling.contains("対象期間の末日の翌日から30日以内"),
        "{rolling}"
    );
    assert!(!rolling.contains("月間"), "{rolling}");
}

#[test]
fn claim_in_a_wording_is_the_deadline_not_a_sentence() {
    let out = md(r#"
  credit c {
    fee     "月額料金"
    below   99% => 10%
    cap     50%
    claim   within 30 days
    wording "稼働率が{threshold}を下回った場合は、{claim}に申請してください。"
  }
"#);
    assert!(
        out.contains(
            "稼働率が99%を下回った場合は、対象月の翌月1日から30日以内に申請してください。"
        ),
        "{out}"
    );
    // The wording says the rule: the generated cap and claim sentences are not printed again.
    assert!(!out.contains("申請するものとします"), "{out}");
    assert!(!out.contains("減額の上限"), "{out}");
    assert!(
        out.contains("| 99%未満 | 10% |"),
        "the tiers table still follows:\n{out}"
    );
}

#[test]
fn claim_of_an_automatic_credit_cannot_be_interpolated() {
    expect_at(
        "E0110",
        &spec(
            r#"  credit c {
    fee     "月額料金"
    below   99% => 10%
    claim   automatic
    wording "‸{claim}に申請してください。"
  }"#,
        ),
    );
}

#[test]
fn an_objective_without_formula_keeps_its_inline_exclusions() {
    let out = md(r#"
  availability a "稼働率" {
    target 99.5%
    exclusion planned "計画停止" { kind planned_maintenance  notice 5 days }
    exclusion force "不可抗力" { kind force_majeure }
  }
"#);
    assert!(
        out.contains("本サービスの月間稼働率の算定にあたっては、以下の時間を除外します。"),
        "{out}"
    );
    assert!(
        out.contains("弊社が5日以上前に通知を行う計画停止時間。"),
        "{out}"
    );
    assert!(out.contains("不可抗力。"), "{out}");
}

#[test]
fn exclusions_listed_elsewhere_are_not_repeated_under_an_objective() {
    let out = md(r#"
  exclusions common {
    exclusion force "不可抗力" { kind force_majeure }
  }
  availability a "稼働率" {
    target   99.5%
    excludes force
  }
"#);
    assert_eq!(out.matches("不可抗力").count(), 1, "{out}");
    assert!(!out.contains("以下の時間を除外します"), "{out}");
}

#[test]
fn a_description_is_not_examples() {
    let out = md(r#"
  severities levels {
    severity s1 "レベル1" {
      description "サービス全体が利用できない状態"
      respond     30min
    }
    severity s2 "レベル2" {
      respond  2h
      examples "一部の画面が表示されない"
    }
  }
"#);
    assert!(
        out.contains("| 重要度 | 内容 | 初動対応目標時間 | 事象の例 |"),
        "{out}"
    );
    assert!(
        out.contains("| レベル1 | サービス全体が利用できない状態 | 30分以内 |  |"),
        "{out}"
    );
    assert!(!out.contains("利用できない状態など"), "{out}");
    assert!(out.contains("一部の画面が表示されないなど"), "{out}");
}

#[test]
fn a_description_in_the_list_layout_has_no_nado() {
    let out = md(r#"
  severities levels {
    layout list
    severity s1 "レベル1" { description "全面停止"  respond 30min }
    severity s2 "レベル2" { respond 2h }
  }
"#);
    assert!(out.contains("レベル1：30分以内　全面停止"), "{out}");
    assert!(!out.contains("全面停止など"), "{out}");
    assert!(out.contains("レベル2：2時間以内"), "{out}");
    assert!(!out.contains("　など"), "{out}");
}

#[test]
fn a_zero_fact_is_still_a_value() {
    let e = export(&spec("  fact grace \"猶予\" 0 days"));
    assert_eq!(term(&e, "grace")["value"]["value"]["amount"], 0);
}

#[test]
fn percentages_keep_their_written_decimals() {
    let out = md(r#"
  availability a "稼働率" { target 99.90% }
  credit c {
    basis a
    fee   "月額料金"
    below 99.90% => 10.0%
    cap   100%
  }
"#);
    assert!(
        out.contains("月間稼働率が99.90%以上となることを目標とします。"),
        "{out}"
    );
    assert!(out.contains("| 99.90%未満 | 10.0% |"), "{out}");
    let html = {
        let (_dir, path) = temp_spec(&spec(r#"  availability a "稼働率" { target 99.90% }"#));
        let run = slagen(&["render", path.to_str().unwrap(), "--format", "html"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert!(html.contains("99.90%"), "{html}");
}

// ---------------------------------------------------------------- guarantee or objective

#[test]
fn a_guarantee_says_hoshou_and_above_is_strict() {
    let out = md(r#"
  availability g "保証値" { guarantee 99.9% }
  availability s "目標値" { target above 99% }
  availability b "保証値" { guarantee above 99.5% }
"#);
    assert!(
        out.contains("本サービスの月間稼働率が99.9%以上となることを保証します。"),
        "{out}"
    );
    assert!(
        out.contains("本サービスの月間稼働率が99%を超えることを目標とします。"),
        "{out}"
    );
    assert!(
        out.contains("本サービスの月間稼働率が99.5%を超えることを保証します。"),
        "{out}"
    );
    let e = export(&spec("  availability g { guarantee above 99.9% }"));
    assert_eq!(term(&e, "g")["commitment"], "guarantee");
    assert_eq!(term(&e, "g")["bound"], "strict");
    assert_eq!(term(&e, "g")["target"], 99.9);
}

#[test]
fn target_and_guarantee_together_are_an_error() {
    expect_at(
        "E0303",
        &spec("  availability g {\n    target 99%\n    ‸guarantee 99.9%\n  }"),
    );
}

#[test]
fn at_most_tiers_include_their_threshold() {
    let out = md(r#"
  credit c {
    fee     "月額料金"
    at_most 99.9% => 10%
    at_most 99%   => 25%
  }
"#);
    assert!(out.contains("| 99.9%以下 | 10% |"), "{out}");
    assert!(out.contains("| 99%以下 | 25% |"), "{out}");
    let all = md("  credit c {\n    fee \"月額料金\"\n    at_most 99% => discount\n  }");
    assert!(
        all.contains("月間稼働率が99%以下だった場合、月額料金を割引します。"),
        "{all}"
    );
}

// ---------------------------------------------------------------- credit form and payout

#[test]
fn the_sentences_follow_the_credit_form() {
    let base = r#"
  credit c {
    form  FORM
    fee   "月額料金"
    below 99% => 10%
    cap   50%
    claim automatic
  }
"#;
    let refund = md(&base.replace("FORM", "refund"));
    assert!(
        refund.contains("月額料金のうち下表の割合を返金します。"),
        "{refund}"
    );
    assert!(refund.contains("| 月間稼働率 | 返金率 |"), "{refund}");
    assert!(
        refund.contains("返金の上限は月額料金の50%とします。"),
        "{refund}"
    );
    assert!(
        refund.contains("返金は、お客様からの申請を要さず適用します。"),
        "{refund}"
    );
    assert!(!refund.contains("減額"), "{refund}");
    let sc = md(&base.replace("FORM", "service_credit"));
    assert!(
        sc.contains("下表の割合のサービスクレジットを付与します。"),
        "{sc}"
    );
    assert!(sc.contains("サービスクレジットの上限は"), "{sc}");
    let ext = md(&base.replace("FORM", "extension"));
    assert!(ext.contains("利用期間を延長します。"), "{ext}");
    let reduction = md(&base.replace("FORM", "reduction"));
    assert!(
        reduction.contains("月額料金から下表の割合を減額します。"),
        "{reduction}"
    );
}

#[test]
fn payout_minimum_and_how_to_claim_render() {
    let out = md(r#"
  availability q { target 99.9%  period quarter }
  credit c {
    basis          q
    form           refund
    fee            "当該四半期の利用料金"
    below 99.9% => 10%
    minimum        1 USD
    paid           invoice_after 2 months
    claim          within 24h after incident
    claim_via      "メール", "サポートポータル"
    evidence       "稼働率を証明するデータ"
    claim_includes "契約ID", "障害の発生日時"
  }
  credit d {
    fee   "月額料金"
    below 99% => 5%
    minimum 100 JPY
    paid  next_month_end
    claim on_request
  }
  credit e {
    fee   "月額料金"
    below 99% => 5%
    paid  next_invoice
  }
"#);
    for s in [
        "返金額が1米ドルに満たない場合は、返金を適用しません。",
        "返金は、対象四半期の2ヶ月後のご請求時に適用します。",
        "返金の適用を受けるには、お客様は障害発生から24時間以内に申請するものとします。",
        "申請は、稼働率を証明するデータを添えてメールまたはサポートポータルにて行うものとします。",
        "申請には契約IDおよび障害の発生日時を記載するものとします。",
        "減額する金額が100円に満たない場合は、減額を適用しません。",
        "減額は、対象月の翌月末までに適用します。",
        "減額は、お客様からの申請に基づき適用します。",
        "減額は、次回のご請求時に適用します。",
    ] {
        assert!(out.contains(s), "missing {s}:\n{out}");
    }
    let e = export(&spec(
        "  credit c {\n    form refund\n    fee \"f\"\n    below 99% => 10%\n    minimum 1 USD\n    paid invoice_after 2 months\n    claim within 24h after incident\n  }",
    ));
    let c = term(&e, "c");
    assert_eq!(c["form"], "refund");
    assert_eq!(c["minimum"]["currency"], "USD");
    assert_eq!(c["paid"]["type"], "invoice_after");
    assert_eq!(c["claim"]["after_incident"], true);
    assert_eq!(c["claim"]["duration"]["unit"], "hours");
}

// ---------------------------------------------------------------- maintenance without a window

#[test]
fn maintenance_without_a_window_is_announced_each_time() {
    let body = r#"
  maintenance m "計画メンテナンス" {
    notice   30 days
    channels "Webサイト", "メール"
  }
"#;
    let out = md(body);
    assert!(
        out.contains(
            "計画メンテナンスを実施する場合は、30日以上前にWebサイト、メールにて通知します。"
        ),
        "{out}"
    );
    assert!(!out.contains("実施時間"), "{out}");
    let (_dir, path) = temp_spec(&spec(body));
    let ics = slagen(&["export", path.to_str().unwrap(), "--to", "ical"]);
    assert_eq!(ics.code, 0, "{}", ics.stderr);
    // RFC 5545 folds long lines: unfold before reading.
    let unfolded = ics.stdout.replace("\r\n ", "");
    assert!(
        unfolded.contains("計画メンテナンスは実施のたびに通知されるため"),
        "{unfolded}"
    );
    assert!(!unfolded.contains("BEGIN:VEVENT"), "{unfolded}");
}

#[test]
fn maintenance_needs_a_window_or_a_notice() {
    expect_at("E0301", &spec("  ‸maintenance m { channels \"メール\" }"));
}

// ---------------------------------------------------------------- measurement rules

#[test]
fn measurement_rules_render_in_the_document() {
    let out = md(r#"
  availability a {
    target     99.9%
    formula    fixed 720h
    interval   1min
    down_after 2 failures
    min_outage 5min
    truncate   1min
    rounding   down 2
  }
"#);
    for s in [
        "当月のサービス提供時間[分]",
        "= 43,200[分]",
        "稼働状況は1分間隔で確認します。",
        "2回連続して応答がない場合に、停止とみなします。",
        "5分未満の停止は、停止時間に含めません。",
        "停止時間は、1分未満を切り捨てて計上します。",
        "稼働率は、小数点以下第2位未満を切り捨てます。",
    ] {
        assert!(out.replace('\\', "").contains(s), "missing {s}:\n{out}");
    }
    expect_at(
        "E0214",
        &spec("  availability a {\n    target 99%\n    down_after ‸0 failures\n  }"),
    );
}

#[test]
fn a_fixed_month_is_counted_by_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("s.sla");
    std::fs::write(
        &spec_path,
        spec(
            "  availability a {\n    target  99.9%\n    formula fixed 720h\n  }\n  credit c {\n    basis a\n    fee \"月額料金\"\n    at_most 99.9% => 10%\n    form refund\n  }",
        ),
    )
    .unwrap();
    let log = dir.path().join("o.csv");
    std::fs::write(
        &log,
        "start,end,kind,notified_at,objectives,functions,note\n2026-02-03T10:00:00+09:00,2026-02-03T10:43:12+09:00,unplanned,,,,x\n",
    )
    .unwrap();
    let run = slagen(&[
        "report",
        spec_path.to_str().unwrap(),
        "--month",
        "2026-02",
        "--outages",
        log.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let o = &r["months"][0]["objectives"][0];
    // February has 28 days; the contract's month is 720 hours all the same.
    assert_eq!(o["period_seconds"], 720 * 3600, "{o:#}");
    let text = run.stdout;
    assert!(text.contains("以下のため"), "{text}");
    assert!(text.contains("を返金します"), "{text}");
}

// ---------------------------------------------------------------- the amendment table

#[test]
fn the_amendment_table_shows_a_change_of_a_new_term() {
    let dir = tempfile::tempdir().unwrap();
    let old = r#"sla t "テスト" {
  service "X"
  revised 2024-05
  clause sla "稼働率" {
    availability a { guarantee 99.9% }
    credit c {
      basis a
      fee   "月額料金"
      below 99.9% => 10%
      claim on_request
    }
  }
}
"#;
    let new = old
        .replace("guarantee 99.9%", "target 99.9%")
        .replace(
            "claim on_request",
            "claim within 30 days\n      form  refund",
        )
        .replace("revised 2024-05", "revised 2024-06");
    std::fs::write(dir.path().join("old.sla"), old).unwrap();
    std::fs::write(dir.path().join("new.sla"), new).unwrap();
    let run = slagen_in(
        dir.path(),
        &["diff", "old.sla", "new.sla", "--format", "md"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = run.stdout;
    assert!(md.contains("となることを<del>保証します</del>。"), "{md}");
    assert!(md.contains("となることを<ins>目標とします</ins>。"), "{md}");
    assert!(md.contains("<ins>返金率</ins>"), "{md}");
    // A promise that becomes an aim, and a claim that gets a deadline, are unfavourable.
    assert!(
        run.stderr.contains("保証値が目標値に変わります"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("申請に期限が設けられます"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- credits not by tiers

#[test]
fn credits_by_outage_length_each_stretch_and_pro_rata() {
    let out = md(r#"
  credit outage {
    form  extension
    fee   "月額料金"
    over  4h  => 1 day
    over  24h => 3 days
    each  96h => 1 day
    cap   30 days
  }
  credit share {
    fee  "月額料金"
    over 1h => 10%
  }
  credit prorata {
    form     refund
    fee      "月額料金"
    pro_rata
  }
"#);
    for s in [
        "1回の障害による停止時間が下表の時間を超えた場合、月額料金について下表のとおり利用期間の延長を適用します。",
        "| 1回の停止時間 | 利用期間の延長 |",
        "| 4時間を超える | 1日分 |",
        "| 24時間を超える | 3日分 |",
        "停止がさらに96時間継続するごとに、1日分を加算して利用期間の延長を適用します。",
        "利用期間の延長の上限は月額料金の30日分とします。",
        "| 1回の停止時間 | 減額率 |",
        "| 1時間を超える | 10% |",
        "返金額は、月額料金に、当該期間のサービス提供時間に対する停止時間の割合を乗じた額とします。",
    ] {
        assert!(out.contains(s), "missing {s}:\n{out}");
    }
    let e = export(&spec(
        "  credit c {\n    fee \"f\"\n    over 4h => 1 day\n    each 96h => 10%\n    pro_rata\n    cap 30 days\n  }",
    ));
    let c = term(&e, "c");
    assert_eq!(c["outage_tiers"][0]["over"]["amount"], 4);
    assert_eq!(c["outage_tiers"][0]["credit"]["type"], "days");
    assert_eq!(c["each"]["credit"]["value"], 10.0);
    assert_eq!(c["pro_rata"], true);
    assert_eq!(c["cap_days"], 30);
    expect_at(
        "E0208",
        &spec("  credit c {\n    fee \"f\"\n    over 4h => 2 ‸weeks\n  }"),
    );
}

#[test]
fn scope_unit_weighting_and_error_threshold_render() {
    let out = md(r#"
  availability a {
    target          99.9%
    per             region
    weighted        requests
    error_threshold 5%
  }
"#);
    for s in [
        "稼働率は、リージョンごとに算定します。",
        "稼働率は、全リクエストに対する正常に処理されたリクエストの割合とします。",
        "1分間のリクエストのうち5%以上がエラーとなった場合、その1分間を停止とみなします。",
    ] {
        assert!(out.contains(s), "missing {s}:\n{out}");
    }
    let e = export(&spec(
        "  availability a {\n    target 99%\n    per line\n  }",
    ));
    assert_eq!(term(&e, "a")["per"], "line");
}

// ---------------------------------------------------------------- round 2: scope, down, latency

#[test]
fn at_most_tiers_are_led_by_at_or_below_not_below() {
    let out = md(r#"
  credit c {
    fee     "月額料金"
    at_most 99.9% => 10%
    below   99%   => 25%
  }
"#);
    assert!(
        out.contains("月間稼働率が下表の値以下となった場合、月額料金から下表の割合を減額します。"),
        "{out}"
    );
    assert!(!out.contains("下回った"), "{out}");
    let below = md("  credit c {\n    fee \"月額料金\"\n    below 99% => 10%\n  }");
    assert!(below.contains("下表の値を下回った場合"), "{below}");
}

#[test]
fn a_fixed_length_in_hours_keeps_its_unit() {
    let out = md(r#"
  availability a "稼働率" {
    target  95%
    formula fixed 720h
  }
"#);
    assert!(out.contains("= 43,200\\[分\\]（720時間）"), "{out}");
    let minutes = md("  availability a {\n    target 95%\n    formula fixed 43200min\n  }");
    assert!(minutes.contains("= 43,200\\[分\\]"), "{minutes}");
    assert!(!minutes.contains("（43200分）"), "{minutes}");
}

#[test]
fn total_time_prints_the_ratio_and_names_listed_exclusions_once() {
    let out = md(r#"
  availability a "稼働率" {
    guarantee 99.99%
    formula   total_time fixed 43200min
    excludes  maint
    exclusion own "お客様の責による停止" { kind customer_fault }
  }
  exclusions ex "適用除外事項" {
    exclusion maint "メンテナンスによる停止" { kind planned_maintenance }
  }
"#);
    assert!(
        out.contains(
            "月間稼働率\\[%\\] = (月間総稼働時間 - 累計障害時間) ÷ 月間総稼働時間 × 100\\\n月間総稼働時間 = 43,200\\[分\\]"
        ),
        "{out}"
    );
    assert!(
        out.contains("累計障害時間には、適用除外事項に定める時間を含めません。"),
        "{out}"
    );
    assert!(
        out.contains("累計障害時間には、以下の時間を含めません。"),
        "{out}"
    );
    assert_eq!(out.matches("メンテナンスによる停止").count(), 1, "{out}");
    let days =
        md("  availability a {\n    target 99%\n    period quarter\n    formula total_time\n  }");
    assert!(
        days.contains("四半期総稼働時間 = 当四半期の日数×24時間"),
        "{days}"
    );
}

#[test]
fn total_time_is_typed_in_the_export() {
    let e = export(&spec(
        "  availability a {\n    target 99%\n    formula total_time fixed 720h\n  }",
    ));
    assert_eq!(term(&e, "a")["formula"]["type"], "total_time");
    assert_eq!(term(&e, "a")["formula"]["length"]["amount"], 720);
}

#[test]
fn scope_down_and_records_render_as_sentences() {
    let out = md(r#"
  availability a "稼働率" {
    guarantee   99.9%
    covers      "SaaSプラン", "ASPプラン"
    not_covered "高火力シリーズの時間課金"
    down_when   "APIが全く稼働していない状態"
    down_after  2 failures within 5min
    recorded_by "ステータスページでの報告", "お客様の申告を当社が認めたもの"
    weighted    servers
    publish     monthly "当社Webサイト"
    publish     realtime "ステータスページ"
  }
"#);
    for want in [
        "稼働率の対象は、SaaSプランおよびASPプランとします。",
        "高火力シリーズの時間課金は対象外とします。",
        "停止とは、APIが全く稼働していない状態をいいます。",
        "5分以内に2回連続して応答がない場合に、停止とみなします。",
        "停止時間は、ステータスページでの報告またはお客様の申告を当社が認めたものに基づき算定します。",
        "影響を受けたサーバーの台数に応じてサーバーの停止時間として算定します。",
        "稼働率の実績は、毎月当社Webサイトにて公開します。",
        "稼働状況は、ステータスページにて随時公開します。",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    let many = md(r#"
  availability a {
    target    99%
    down_when "ログインできない状態", "アクセスできない状態"
  }
"#);
    assert!(
        many.contains(
            "停止とは、以下のいずれかに該当する状態をいいます。\n\n・ログインできない状態"
        ),
        "{many}"
    );
    let e = export(&spec(
        "  availability a {\n    target 99%\n    covers \"A\"\n    down_when \"B\"\n    publish on_request\n  }",
    ));
    assert_eq!(term(&e, "a")["covers"][0], "A");
    assert_eq!(term(&e, "a")["down_when"][0], "B");
    assert_eq!(term(&e, "a")["publish"][0]["cadence"], "on_request");
}

#[test]
fn a_time_zone_other_than_japan_is_said() {
    let (_dir, path) = temp_spec(
        "sla t \"テスト\" {\n  service \"X\"\n  revised 2024-05\n  timezone \"UTC\"\n  availability a { target 99% }\n}\n",
    );
    let run = slagen(&["render", path.to_str().unwrap(), "--format", "md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("当月の始まりと終わりは、UTCの時刻によります。"),
        "{}",
        run.stdout
    );
    assert!(!md("  availability a { target 99% }").contains("時刻によります"));
}

#[test]
fn credit_conditions_review_and_forfeit_render() {
    let out = md(r#"
  credit c {
    fee   "月額料金"
    below 99% => 10%
    claim by day 15 of next month
    provider_fault
    forfeit
    review
  }
"#);
    for want in [
        "減額は、弊社の責に帰すべき事由による停止に限り適用します。",
        "期限までに申請がない場合、減額は適用しません。",
        "弊社は、申請の内容を調査のうえ、減額の適用の可否を判断します。",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
}

#[test]
fn forfeit_without_a_deadline_is_an_error() {
    expect_at(
        "E0303",
        &spec(
            "  credit c {\n    fee \"x\"\n    below 99% => 10%\n    claim automatic\n    ‸forfeit\n  }",
        ),
    );
}

#[test]
fn emergency_exempt_follows_the_notice_and_needs_one() {
    let out = md(r#"
  maintenance m "計画メンテナンス" {
    notice    30 days
    channels  "Webサイト"
    emergency exempt
  }
"#);
    assert!(
        out.contains("計画メンテナンスを実施する場合は、30日以上前にWebサイトにて通知します。\n\nただし、緊急を要する場合は、この限りではありません。"),
        "{out}"
    );
    expect_at(
        "E0303",
        &spec(
            "  maintenance m {\n    window 1:00-2:00\n    schedule daily\n    ‸emergency exempt\n  }",
        ),
    );
}

#[test]
fn a_review_time_and_a_sole_remedy_render_and_export() {
    let out = md(r#"
  credit c {
    fee         "月額料金"
    below 99% => 10%
    review      within 15 business_days
    sole_remedy
  }
"#);
    for want in [
        "弊社は、申請の内容を調査のうえ、申請を受けてから15営業日以内に減額の適用の可否を回答します。",
        "減額は、本サービスが本SLAに定める水準を満たさなかった場合におけるお客様の唯一の救済手段とします。",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    // Without a time, `review` keeps its sentence; without `sole_remedy`, nothing is said of it.
    let plain = md("  credit c {\n    below 99% => 10%\n    review\n  }");
    assert!(plain.contains("減額の適用の可否を判断します。"), "{plain}");
    assert!(!plain.contains("唯一の救済手段"), "{plain}");
    let e = export(&spec(
        "  credit c {\n    below 99% => 10%\n    review within 15 business_days\n    sole_remedy\n  }",
    ));
    assert_eq!(term(&e, "c")["review"], true);
    assert_eq!(term(&e, "c")["review_within"]["amount"], 15);
    assert_eq!(term(&e, "c")["review_within"]["unit"], "business_days");
    assert_eq!(term(&e, "c")["sole_remedy"], true);
}

#[test]
fn the_entire_liability_joins_the_sole_remedy_or_stands_alone() {
    let both = md("  credit c {\n    below 99% => 10%\n    sole_remedy\n    entire_liability\n  }");
    assert!(
        both.contains("減額は、本サービスが本SLAに定める水準を満たさなかった場合におけるお客様の唯一の救済手段であり、弊社が負う責任のすべてとします。"),
        "{both}"
    );
    assert!(!both.contains("限られるものとします"), "said once: {both}");
    says_and_exports(
        "  credit c {\n    below 99% => 10%\n    entire_liability\n  }",
        "本サービスが本SLAに定める水準を満たさなかった場合に弊社が負う責任は、減額に限られるものとします。",
        ("c", "entire_liability"),
    );
}

#[test]
fn the_provider_may_set_the_maintenance_time() {
    says_and_exports(
        "  maintenance m \"計画停止\" {\n    notice 30 days\n    provider_schedules\n  }",
        "計画停止の実施日時は、弊社が定めます。",
        ("m", "provider_schedules"),
    );
}

#[test]
fn what_decides_a_level_is_said_before_the_table() {
    let body = "  severities s {\n    classified_by \"影響度\", \"緊急度\"\n    severity a \"高\" { respond 1h }\n  }";
    let out = md(body);
    assert!(
        out.contains("障害の重要度は、影響度および緊急度により判定します。\n\n|"),
        "{out}"
    );
    assert_eq!(
        term(&export(&spec(body)), "s")["classified_by"][1],
        "緊急度"
    );
}

const CREDIT_TABLE: &str = r#"
  availability web { guarantee 99.9%  measures "Webサーバー" }
  availability db "DB稼働率" { guarantee 99.5% }
  credits rates "減額率" {
    credit web_credit {
      basis web
      fee   "月額利用料金"
      below 99.9% => 10%
      below 99%   => 30%
      claim within 30 days
      review
    }
    credit db_credit {
      basis db
      fee   "月額利用料金"
      below 99.5% => 10%
      claim within 30 days
      review
    }
  }
"#;

#[test]
fn a_credit_table_has_a_row_group_an_objective_and_says_the_shared_terms_once() {
    let out = md(CREDIT_TABLE);
    assert!(
        out.contains("| 対象 | 月間稼働率 | 減額率 |\n| --- | --- | --- |\n| Webサーバー | 99.9%未満 | 10% |\n|  | 99%未満 | 30% |\n| DB稼働率 | 99.5%未満 | 10% |"),
        "{out}"
    );
    for once in [
        "月間稼働率が下表の値を下回った場合、月額利用料金から下表の割合を減額します。",
        "減額の適用を受けるには、お客様は対象月の翌月1日から30日以内に申請するものとします。",
        "弊社は、申請の内容を調査のうえ、減額の適用の可否を判断します。",
    ] {
        assert_eq!(out.matches(once).count(), 1, "{once}\n{out}");
    }
    // Each credit stays a typed term of its own (the report and the exports read it).
    let e = export(&spec(CREDIT_TABLE));
    assert_eq!(term(&e, "rates")["items"][1], "db_credit");
    assert_eq!(term(&e, "db_credit")["basis"], "db");
    assert_eq!(term(&e, "db_credit")["tiers"][0]["credit"], 10.0);
}

#[test]
fn the_credits_of_a_table_share_their_terms_and_are_by_tier() {
    let other = CREDIT_TABLE.replace(
        "      below 99.5% => 10%\n      claim within 30 days",
        "      below 99.5% => 10%\n      claim within 60 days",
    );
    let marked = other.replace("    credit db_credit", "    ‸credit db_credit");
    expect_at("E0303", &spec(&marked));
    let by_length = CREDIT_TABLE
        .replace("      below 99.5% => 10%\n", "      over 4h => 10%\n")
        .replace("    credit db_credit", "    ‸credit db_credit");
    expect_at("E0303", &spec(&by_length));
    expect_at("E0301", &spec("  ‸credits empty {\n  }"));
}

/// Renders `body` expecting `sentence`, and exports it expecting the flag `field` of the term
/// `id` to be set.
#[track_caller]
fn says_and_exports(body: &str, sentence: &str, (id, field): (&str, &str)) {
    let out = md(body);
    assert!(out.contains(sentence), "{sentence}\n{out}");
    assert_eq!(term(&export(&spec(body)), id)[field], true, "{field}");
}

#[test]
fn a_best_efforts_level_is_neither_aimed_at_nor_promised() {
    let out = md("  availability a {\n    efforts 99.9%\n  }");
    assert!(
        out.contains("本サービスの月間稼働率が99.9%以上となるよう、商業上合理的な努力を行います。"),
        "{out}"
    );
    assert!(
        !out.contains("保証します") && !out.contains("目標とします"),
        "{out}"
    );
    let above = md("  availability a {\n    efforts above 99%\n  }");
    assert!(
        above.contains("99%を超えるよう、商業上合理的な努力を行います。"),
        "{above}"
    );
    let e = export(&spec("  availability a {\n    efforts 99.9%\n  }"));
    assert_eq!(term(&e, "a")["commitment"], "efforts");
    assert_eq!(term(&e, "a")["target"], 99.9);
    expect_at(
        "E0303",
        &spec("  availability a {\n    guarantee 99%\n    ‸efforts 99%\n  }"),
    );
}

#[test]
fn a_review_time_in_minutes_or_of_zero_is_an_error() {
    expect_at(
        "E0208",
        &spec("  credit c {\n    below 99% => 10%\n    review within 30‸min\n  }"),
    );
    expect_at(
        "E0214",
        &spec("  credit c {\n    below 99% => 10%\n    review within ‸0 days\n  }"),
    );
}

#[test]
fn off_peak_maintenance_and_a_limit_per_period_render_and_export() {
    let out = md(r#"
  maintenance m "定期メンテナンス" {
    notice    7 days
    emergency exempt
    off_peak
    limit     4h per quarter
  }
"#);
    assert!(
        out.contains("ただし、緊急を要する場合は、この限りではありません。\n\n定期メンテナンスは、本サービスの利用が少ない時間帯に実施します。\n\n定期メンテナンスの実施時間は、四半期あたり4時間までとします。"),
        "{out}"
    );
    let monthly =
        md("  maintenance m \"保守\" {\n    notice 7 days\n    limit 90min per month\n  }");
    assert!(
        monthly.contains("保守の実施時間は、1ヶ月あたり90分までとします。"),
        "{monthly}"
    );
    let e = export(&spec(
        "  maintenance m {\n    notice 7 days\n    off_peak\n    limit 4h per year\n  }",
    ));
    assert_eq!(term(&e, "m")["off_peak"], true);
    assert_eq!(term(&e, "m")["limit"]["time"]["amount"], 4);
    assert_eq!(term(&e, "m")["limit"]["per"]["type"], "year");
}

#[test]
fn a_maintenance_limit_needs_a_length_and_a_period() {
    expect_at(
        "E0208",
        &spec("  maintenance m {\n    notice 7 days\n    limit 30‸s per month\n  }"),
    );
    expect_at(
        "E0214",
        &spec("  maintenance m {\n    notice 7 days\n    limit ‸0h per month\n  }"),
    );
    expect_at(
        "E0001",
        &spec("  maintenance m {\n    notice 7 days\n    limit 4h per ‸week\n  }"),
    );
}

/// A spec whose generated sentences cover most kinds of term, in `style { tone "dearu" }`.
const DEARU: &str = r#"
  style { tone "dearu" }
  availability a "稼働率" {
    guarantee   99.9%
    formula     total_time
    down_when   "サービスにログインできない状態"
    min_outage  5min
    interval    1min
    down_after  2 failures
    not_covered "試用環境"
    exclusion force "不可抗力" {
      kind     beyond_control
      examples "天災"
    }
  }
  maintenance m "定期保守" {
    notice    30 days
    channels  "Webサイト"
    emergency exempt
    stops     "全機能"
  }
  monitoring w {
    always
    interval 5min
  }
  credit c {
    basis          a
    below 99.9% => 10%
    claim          within 30 days
    claim_via      "メール"
    review
    forfeit
    provider_fault
  }
  applies s "適用範囲" { covers "本サービス" }
"#;

#[test]
fn a_dearu_spec_gets_plain_endings_in_every_generated_sentence() {
    let out = md(DEARU);
    for want in [
        "本サービスの月間稼働率が99.9%以上となることを保証する。",
        "停止とは、サービスにログインできない状態をいう。",
        "5分未満の停止は、停止時間に含めない。",
        "2回連続して応答がない場合に、停止とみなす。",
        "試用環境は対象外とする。",
        "当該事由には天災を含むが、これらに限定されない。",
        "ただし、緊急を要する場合は、この限りではない。",
        "定期保守中は全機能を利用できない。",
        "監視間隔は5分である。",
        "期限までに申請がない場合、減額は適用しない。",
        "適用範囲は、本サービスとする。",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    for polite in ["ます。", "です。", "ません。"] {
        assert!(!out.contains(polite), "{polite} left in:\n{out}");
    }
    // The same spec without the tone is です・ます, as before.
    let polite = md(&DEARU.replace("  style { tone \"dearu\" }\n", ""));
    assert!(
        polite.contains("停止とは、サービスにログインできない状態をいいます。"),
        "{polite}"
    );
}

#[test]
fn a_dearu_spec_keeps_its_own_words_as_written() {
    // A `wording` is the contract's words: the tone changes only the generated sentences.
    let out = md(r#"
  style { tone "dearu" }
  availability a {
    target  99%
    wording "当社は、稼働率{target}を目標とします。"
  }
  text "本書は、お客様との合意事項を定めます。"
"#);
    assert!(out.contains("当社は、稼働率99%を目標とします。"), "{out}");
    assert!(
        out.contains("本書は、お客様との合意事項を定めます。"),
        "{out}"
    );
}

#[test]
fn an_unknown_tone_is_an_error_at_its_value() {
    expect_at("E0212", &spec("  style { tone ‸\"keigo\" }"));
}

#[test]
fn manned_monitoring_and_hours_that_leave_out_maintenance() {
    let out = md(r#"
  monitoring w { always manned }
  maintenance m "計画停止・定期保守" { notice 30 days }
  hours h "サービス提供時間" {
    always
    excludes m
  }
"#);
    assert!(
        out.contains("本システムを24時間365日、有人で監視します。"),
        "{out}"
    );
    assert!(
        out.contains("ただし、計画停止・定期保守の時間を除きます。"),
        "{out}"
    );
    let worded = md(r#"
  maintenance m "計画停止・定期保守" { notice 30 days }
  hours h { always excludes m wording "{hours}({excludes}を除く)" }
"#);
    assert!(
        worded.contains("24時間365日(計画停止・定期保守を除く)"),
        "{worded}"
    );
    expect_at(
        "E0103",
        &spec("  hours h {\n    always\n    excludes ‸nothing\n  }\n  fact nothing 1"),
    );
}

#[test]
fn applies_says_what_the_sla_covers() {
    let out = md(r#"
  applies s "サポート範囲" {
    covers      "標準機能", "当社が提供したプラグイン"
    not_covered "お客様が導入したプラグイン"
  }
  applies t "障害サポート範囲" {
    covers  "システムが使用できない場合の原因特定と問題解決(障害通知を含む)"
    wording "{label}は、次のとおりとする。"
  }
"#);
    assert!(
        out.contains("サポート範囲は、標準機能および当社が提供したプラグインとします。"),
        "{out}"
    );
    assert!(
        out.contains("お客様が導入したプラグインは対象外とします。"),
        "{out}"
    );
    assert!(
        out.contains("障害サポート範囲は、次のとおりとする。\n\n・システムが使用できない場合"),
        "{out}"
    );
    expect_at("E0301", &spec("  ‸applies s {\n  }"));
}

#[test]
fn latency_objectives_render_and_export() {
    let out = md(r#"
  latency rtt "往復遅延時間" {
    guarantee        33 ms
    measured_between "各ネットワークセンター間"
    interval         5min
    consecutive      2 months
    excludes_outages
    not_covered      "指定した2拠点間"
    publish          monthly "当社Webページ"
  }
  latency plain { target 30ms }
"#);
    for want in [
        "各ネットワークセンター間における月間平均往復遅延時間が、2ヶ月連続して33msを超えないことを保証します。",
        "指定した2拠点間は対象外とします。",
        "往復遅延時間は、5分間隔で測定します。",
        "障害による停止時間は、平均値の算定に含めません。",
        "往復遅延時間の実績は、毎月当社Webページにて公開します。",
        "本サービスにおける月間平均往復遅延時間が30ms以下となることを目標とします。",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    let e = export(&spec(
        "  latency rtt { guarantee 30 ms  consecutive 2 months }",
    ));
    assert_eq!(term(&e, "rtt")["kind"], "latency");
    assert_eq!(term(&e, "rtt")["target_ms"], 30);
    assert_eq!(term(&e, "rtt")["commitment"], "guarantee");
    assert_eq!(term(&e, "rtt")["consecutive"]["amount"], 2);
}

#[test]
fn bad_latency_values_are_positioned_errors() {
    expect_at("E0214", &spec("  latency rtt { target ‸0ms }"));
    expect_at(
        "E0303",
        &spec("  latency rtt {\n    target 30ms\n    ‸guarantee 30ms\n  }"),
    );
    expect_at(
        "E0208",
        &spec("  latency rtt {\n    target 30ms\n    consecutive 2 ‸days\n  }"),
    );
    expect_at(
        "E0303",
        &spec("  latency rtt {\n    target 30ms\n    ‸period rolling 30 days\n  }"),
    );
    expect_at("E0301", &spec("  ‸latency rtt {\n    period month\n  }"));
}

#[test]
fn a_credit_without_a_fee_needs_none() {
    let body =
        "  availability a { target 99% }\n  credit c {\n    basis a\n    below 99% => 10%\n  }";
    let out = md(body);
    assert!(
        out.contains("月間稼働率が下表の値を下回った場合、利用料金から下表の割合を減額します。"),
        "{out}"
    );
    let e = export(&spec(body));
    assert!(term(&e, "c").get("fee").is_none(), "{e}");
}
