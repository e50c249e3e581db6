//! `slagen render` to Markdown and HTML: snapshots of every spec, the Markdown's structure as
//! pulldown-cmark reads it, and HTML that is standalone and passes the Nu Html Checker.

use crate::common::*;
use crate::render_common::*;

#[test]
fn every_spec_renders_markdown_and_html_as_in_the_snapshots() {
    let files = spec_files();
    assert!(files.len() >= 9, "specs/ holds the seeds' SLAs: {files:?}");
    for file in files {
        let name = spec_name(&file);
        let md = render_ok(&file, "md", &[]);
        insta::assert_snapshot!(format!("md_{name}"), md);
        let html = render_ok(&file, "html", &[]);
        insta::assert_snapshot!(format!("html_{name}"), html);
    }
}

#[test]
fn markdown_goes_to_stdout_by_default_and_is_deterministic() {
    let file = spec("calltree.sla");
    let a = slagen(&["render", file.to_str().unwrap()]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(
        a.stdout.starts_with("# SLA（サービス品質保証）規定\n"),
        "{}",
        a.stdout
    );
    let b = render_ok(&file, "md", &[]);
    assert_eq!(
        a.stdout, b,
        "md is the default format, and output is stable"
    );
}

fn headings(levels_and_texts: &[(usize, &str)]) -> Vec<(usize, String)> {
    levels_and_texts
        .iter()
        .map(|(l, t)| (*l, t.to_string()))
        .collect()
}

#[test]
fn calltree_markdown_has_the_seed_headings() {
    let md = render_ok(&spec("calltree.sla"), "md", &[]);
    let expected = [
        (1, "SLA（サービス品質保証）規定"),
        (2, "●サービス稼働率"),
        (2, "●サービス保証"),
        (2, "●サービス提供時間"),
        (2, "●緊急メンテナンス"),
        (2, "●障害時の解決目標時間"),
        (2, "●障害時の対応"),
        (2, "●セキュリティ"),
        (2, "●推奨ネットワーク"),
        (2, "●サーバー体制"),
        (2, "●告知方法"),
        (2, "●冗長化"),
        (2, "●バックアップ、データ復旧"),
        (2, "●死活監視"),
        (2, "●ログの取得と閲覧、管理者の扱い"),
        (2, "●脆弱性対応"),
        (2, "●データの消去"),
        (2, "●データ暗号化"),
        (2, "●バージョンアップ"),
        (2, "●SLAの適用外"),
        (2, "●SLAの変更"),
    ];
    assert_eq!(md_headings(&md), headings(&expected));
}

#[test]
fn synergy_markdown_has_numbered_chapters_sections_and_clauses() {
    let md = render_ok(&spec("synergy/2021-08-24.sla"), "md", &[]);
    let expected = [
        (1, "Synergy!サービス品質保証制度(SLA)"),
        (2, "第1章 総則"),
        (2, "第2章 保守・運用"),
        (3, "1.監視体制"),
        (3, "2.連絡体制"),
        (3, "3.メンテナンス"),
        (3, "4.システム冗長性"),
        (3, "5.バックアップ"),
        (3, "6.セキュリティ"),
        (4, "(1)物理的な保護"),
        (3, "7.障害発生時の復旧"),
        (2, "第3章 カスタマーサポート"),
        (3, "1.サポート窓口"),
        (3, "2.回答時間"),
        (2, "第4章 報告制度について"),
        (3, "第1節 報告方法"),
        (3, "第2節 報告項目(クライアント機能月間稼働率)"),
        (4, "1.目標値"),
        (3, "第3節 報告項目(コンシューマ機能月間稼働率)"),
        (4, "1.目標値"),
    ];
    assert_eq!(md_headings(&md), headings(&expected));
}

fn table(rows: &[&[&str]]) -> MdTable {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn calltree_markdown_tables_are_gfm_tables_with_the_seed_rows() {
    let md = render_ok(&spec("calltree.sla"), "md", &[]);
    let tables = md_tables(&md);
    assert_eq!(
        tables.len(),
        3,
        "severities, security, network tiers: {tables:#?}"
    );

    let severities = table(&[
        &["重要度", "解決目標時間", "事象の例"],
        &[
            "緊急",
            "2時間以内",
            "ログインができない、発信、受信できないなど",
        ],
        &[
            "重度",
            "4時間以内",
            "一部のボタンが押せない、動作が遅いなど",
        ],
        &[
            "軽度",
            "2営業日以内",
            "一部の履歴や、録音が確認できないなど",
        ],
    ]);
    assert_eq!(tables[0], severities);

    let security = table(&[
        &["項目", "内容"],
        &["ファイアウォール設置等", "有り"],
        &["不正侵入検知", "有り"],
        &[
            "ネットワーク監視",
            "エンドユーザとの接続回線については責任を負わない",
        ],
        &["ID・パスワードの運用管理", "有り"],
        &[
            "ユーザ認証",
            "クライアント専用サブドメインにてシステム利用\nクライアントが登録したアドレスとパスワードでログイン",
        ],
        &["管理者認証", "有り"],
        &[
            "なりすまし対策",
            "第三者によるサーバー証明書を取得してSSL/TLS通信で使用",
        ],
        &["その他セキュリティ対策", "SSL化"],
    ]);
    assert_eq!(tables[1], security);

    let tiers = table(&[
        &["区分", "ダウンロード", "アップロード"],
        &["最低ライン", "10～20Mbps", "1～5Mbps"],
        &["普通", "20～30Mbps", "5～15Mbps"],
        &["良", "30～100Mbps", "15～30Mbps"],
        &["理想", "100Mbps～", "30Mbps～"],
    ]);
    assert_eq!(tables[2], tiers);
}

#[test]
fn html_is_standalone_japanese_and_semantic() {
    for file in spec_files() {
        let html = render_ok(&file, "html", &[]);
        let name = spec_name(&file);
        assert!(html.starts_with("<!DOCTYPE html>\n"), "{name}");
        assert!(html.contains("<html lang=\"ja\">"), "{name}");
        assert!(html.contains("<meta charset=\"utf-8\">"), "{name}");
        assert!(html.contains("@media print"), "{name}: a print stylesheet");
        let lower = html.to_ascii_lowercase();
        for forbidden in [
            "<link", "<script", "<img", "<iframe", "<object", "<embed", "@import", "url(",
        ] {
            assert!(!lower.contains(forbidden), "{name}: {forbidden} found");
        }
        for attr in ["src=", "href=", "srcset=", "action="] {
            // The only links are the 目次's anchors inside the page and the title block's link
            // to the change history (a page to go to, not a resource the page loads).
            let outside = lower
                .match_indices(attr)
                .filter(|(i, _)| !lower[i + attr.len()..].starts_with("\"#sec-"))
                .filter(|(i, _)| !lower[..*i].ends_with("変更履歴：<a "))
                .count();
            assert_eq!(outside, 0, "{name}: {attr} found (no external resources)");
        }
        assert_eq!(lower.matches("<h1>").count(), 1, "{name}: one title");
    }
    let html = render_ok(&spec("calltree.sla"), "html", &[]);
    assert_eq!(html.matches("<table>").count(), 3);
    assert!(html.contains("<th scope=\"col\">重要度</th>"));
    assert!(html.contains("<h2 class=\"ornament\" data-ornament=\"●\">障害時の解決目標時間</h2>"));
}

#[test]
fn html_of_every_spec_passes_the_nu_html_checker() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut inputs = spec_files();
    inputs.push(fixture("injection/spec.sla"));
    inputs.push(fixture("edge/spec.sla"));
    for file in inputs {
        let out = dir.path().join(format!("{}.html", spec_name(&file)));
        let run = slagen(&[
            "render",
            file.to_str().unwrap(),
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        files.push(out);
    }
    let errors = vnu_errors(&files);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_checker_is_really_run() {
    // A page with an error must be reported, so that a broken checker set-up cannot pass.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><title>x</title><p><div></p></html>",
    )
    .unwrap();
    assert!(!vnu_errors(&[bad]).is_empty());
}
