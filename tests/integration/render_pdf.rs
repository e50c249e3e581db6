//! `slagen render --format pdf`, read back with poppler: the Japanese text extracts, the bundled
//! IPAex fonts are embedded, A4 pages, byte-identical output, the document date, and a long
//! table that breaks across pages with its header repeated.

use crate::common::*;
use crate::render_common::*;

/// Requires each sentence (compared after NFKC and without whitespace) in the PDF's text.
fn assert_sentences(pdf: &[u8], sentences: &[&str]) {
    let text = squash(&pdf_text(pdf));
    let missing: Vec<&&str> = sentences
        .iter()
        .filter(|s| !text.contains(&squash(s)))
        .collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:#?}\n{text}");
}

#[test]
fn calltree_pdf_reads_back_as_the_japanese_document() {
    let pdf = render_pdf(&spec("calltree.sla"), &[]);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_sentences(
        &pdf,
        &[
            "SLA（サービス品質保証）規定",
            "サービス名：CALLTREE",
            "改定日：2024年5月",
            "提供される当サービスは、お客様に安心して快適にご利用頂けるよう以下のサービスレベルを目標に定め、運用しています。",
            "●サービス稼働率",
            "「目標運用値」98％以上",
            "※目標に向けて最大限の努力を払っておりますが、目標値を下回る場合もございます。",
            "月間のサービス稼働率が、サービス提供時間の98％未満だった場合、障害発生月のCALLTREE発信ライセンス料を割引させて頂きます。",
            "利用可能時間：24時間365日",
            "サポート受付：土日祝日、盆、年末年始を除く10:00～19:00",
            "サポート窓口：電話 / メール / LINE / Chatwork",
            "・利用者のCALLTREEに全くログインはできない状態",
            "通常メンテナンス実施時間：00:00～05:00（※不定期）",
            // The severity table, row by row (pdftotext -layout keeps a row on one line).
            "重要度 解決目標時間 事象の例",
            "緊急 2時間以内 ログインができない、発信、受信できないなど",
            "重度 4時間以内 一部のボタンが押せない、動作が遅いなど",
            "軽度 2営業日以内 一部の履歴や、録音が確認できないなど",
            "重度、軽度にかかわらず、可及的速やかに解決を図ります。",
            "障害時の利用者への通知時間は1時間以内を目途に通知します。",
            "なりすまし対策 第三者によるサーバー証明書を取得してSSL/TLS通信で使用",
            "最低ライン 10～20Mbps 1～5Mbps",
            "理想 100Mbps～ 30Mbps～",
            "利用者データ：データベース：21世代保存（過去3日間のデータを保存しています）",
            "監視頻度は15秒ごとです。",
            "セキュリティパッチ更新間隔：更新内容の複雑さにより違いますが。1週間～2週間程度になります。",
            "サービス利用が終了して約2ヶ月後に削除します。",
            "・その他、契約書に記載の当社責任外となる事象、現象",
        ],
    );
}

#[test]
fn synergy_pdf_reads_back_with_generated_numbers_and_sentences() {
    let pdf = render_pdf(&spec("synergy/2021-08-24.sla"), &[]);
    assert_sentences(
        &pdf,
        &[
            "Synergy!サービス品質保証制度(SLA)",
            "改定日：2021年8月24日",
            "提供者：シナジーマーケティング株式会社",
            "第2章 保守・運用",
            "1.監視体制",
            "本システムを24時間365日で監視します。",
            "c.Synergy!システム管理担当者として登録されているアドレス宛にメールにて",
            "(1)物理的な保護",
            "・但し、障害復旧時刻が22:00～翌9:00の場合には、翌9:00から順次、再配信します。",
            "第3章 カスタマーサポート",
            "2.回答時間",
            "土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日10:00～12:00および13:00～18:00を回答時間とします。",
            "第2節 報告項目(クライアント機能月間稼働率)",
            "当月のサービス提供時間[分] = 当月の日数×24×60 - 除外時間[分]",
            "i.弊社が2週間以上前に通知を行う計画停止時間。",
            "コンシューマ機能の月間稼働率が99%以上となることを目標とします。",
        ],
    );
}

#[test]
fn pdf_embeds_the_bundled_ipaex_fonts_and_only_those() {
    for file in [spec("calltree.sla"), spec("synergy/2021-08-24.sla")] {
        let pdf = render_pdf(&file, &[]);
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<Vec<&str>> = fonts
            .lines()
            .skip(2) // the header and the ---- line
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert!(!rows.is_empty(), "{fonts}");
        let mut families: Vec<&str> = Vec::new();
        for row in &rows {
            // name type... encoding emb sub uni object ID: emb is the 5th field from the end.
            let emb = row[row.len() - 5];
            assert_eq!(emb, "yes", "every font is embedded: {fonts}");
            let name = row[0];
            // Subset fonts are named ABCDEF+Family.
            families.push(name.split_once('+').map_or(name, |(_, f)| f));
        }
        families.sort();
        families.dedup();
        assert_eq!(families, ["IPAexGothic", "IPAexMincho"], "{fonts}");
    }
}

#[test]
fn pdf_pages_are_a4_and_numbered() {
    let pdf = render_pdf(&spec("calltree.sla"), &[]);
    let pages = pdf_pages(&pdf);
    assert!(pages >= 2, "calltree takes several pages");
    let sizes = poppler("pdfinfo", &["-f", "1", "-l", &pages.to_string()], &pdf);
    let sized: Vec<&str> = sizes
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .collect();
    assert_eq!(sized.len(), pages, "{sizes}");
    for line in sized {
        assert!(
            line.ends_with("595.276 x 841.89 pts (A4)"),
            "A4 portrait: {line}"
        );
    }
    for page in 1..=pages {
        let text = squash(&pdf_page_text(&pdf, page));
        assert!(
            text.ends_with(&format!("{page}/{pages}")),
            "page {page} ends with its number: {text}"
        );
    }
    // The title block is on the first page.
    let first = squash(&pdf_page_text(&pdf, 1));
    assert!(first.starts_with(&squash(
        "SLA（サービス品質保証）規定サービス名：CALLTREE改定日：2024年5月"
    )));
}

#[test]
fn pdf_is_byte_identical_across_runs() {
    for file in [spec("calltree.sla"), spec("synergy/2021-08-24.sla")] {
        let a = render_pdf(&file, &[]);
        let b = render_pdf(&file, &[]);
        assert!(a == b, "{}: two runs differ", file.display());
    }
    // The clock does not leak in through SOURCE_DATE_EPOCH-less runs either: the metadata dates
    // are the revision date.
    let pdf = render_pdf(&spec("calltree.sla"), &[]);
    let info = pdf_info(&pdf);
    assert!(
        info["CreationDate"].contains("May  1 00:00:00 2024"),
        "{info:?}"
    );
}

#[test]
fn the_date_option_changes_the_date_shown_and_stays_deterministic() {
    let calltree = spec("calltree.sla");
    let plain = render_pdf(&calltree, &[]);
    let dated = render_pdf(&calltree, &["--date", "2025-01-15"]);
    let again = render_pdf(&calltree, &["--date", "2025-01-15"]);
    let other = render_pdf(&calltree, &["--date", "2025-02-01"]);
    assert!(dated == again, "same date, same bytes");
    assert!(
        dated != plain && dated != other,
        "the date is part of the document"
    );

    let text = squash(&pdf_page_text(&dated, 1));
    // The 改定日 stays (once); the date of issue is added.
    assert!(text.contains(&squash("発行日：2025年1月15日")), "{text}");
    assert_eq!(
        text.matches(&squash("改定日：2024年5月")).count(),
        1,
        "{text}"
    );
    let info = pdf_info(&dated);
    assert!(
        info["CreationDate"].contains("Jan 15 00:00:00 2025"),
        "{info:?}"
    );

    // Markdown and HTML show the same date line.
    let md = render_ok(&calltree, "md", &["--date", "2025-01-15"]);
    assert!(md.contains("発行日：2025年1月15日"), "{md}");
    let html = render_ok(&calltree, "html", &["--date", "2025-01-15"]);
    assert!(html.contains("<p>発行日：2025年1月15日</p>"), "{html}");

    let bad = slagen(&[
        "render",
        calltree.to_str().unwrap(),
        "--format",
        "md",
        "--date",
        "2025-13-01",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("2025-13-01"), "{}", bad.stderr);
}

#[test]
fn pdf_needs_an_output_file() {
    let run = slagen(&["render", "specs/calltree.sla", "--format", "pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
}

/// A spec with one table of `rows` rows.
fn long_table_spec(rows: usize) -> String {
    let mut body = String::from(
        "  clause big \"長い表\" {\n    text \"表の前の段落です。\"\n    table {\n      columns \"番号\", \"内容\", \"備考\"\n",
    );
    for i in 1..=rows {
        body.push_str(&format!(
            "      row \"項目{i:03}\", \"内容{i:03}：長い表の行です。\", \"備考{i:03}\"\n"
        ));
    }
    body.push_str("    }\n    text \"表の後の段落です。\"\n  }\n");
    minimal(&body)
}

#[test]
fn a_long_table_breaks_across_pages_with_its_header_repeated() {
    let (_dir, file) = temp_spec(&long_table_spec(120));
    let pdf = render_pdf(&file, &[]);
    let pages = pdf_pages(&pdf);
    assert!(pages >= 3, "120 rows take several pages, got {pages}");
    let header = squash("番号 内容 備考");
    let mut rows_seen = Vec::new();
    for page in 1..=pages {
        let text = pdf_page_text(&pdf, page);
        // Without the running header (the title and the revision) at the top of pages 2 on.
        let lines: Vec<String> = text
            .lines()
            .map(squash)
            .filter(|l| !l.is_empty() && !l.ends_with(&squash("2024年5月改定")))
            .collect();
        let header_at = lines
            .iter()
            .position(|l| *l == header)
            .unwrap_or_else(|| panic!("page {page} has the table header:\n{text}"));
        assert_eq!(
            lines.iter().filter(|l| **l == header).count(),
            1,
            "page {page}: one header"
        );
        // On every page after the first, the header comes first.
        if page > 1 {
            assert_eq!(header_at, 0, "page {page} starts with the header:\n{text}");
        }
        for l in &lines[header_at + 1..] {
            if let Some(rest) = l.strip_prefix("項目") {
                let n: usize = rest[..3].parse().expect("a row number");
                assert_eq!(
                    *l,
                    squash(&format!(
                        "項目{n:03} 内容{n:03}：長い表の行です。 備考{n:03}"
                    ))
                );
                rows_seen.push(n);
            }
        }
    }
    assert_eq!(
        rows_seen,
        (1..=120).collect::<Vec<_>>(),
        "every row once, in order"
    );
    let all = squash(&pdf_text(&pdf));
    assert!(all.contains("表の後の段落です。"));
}
