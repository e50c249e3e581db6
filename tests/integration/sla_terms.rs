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
