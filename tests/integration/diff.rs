//! `slagen diff` and `slagen history`: the seed's change history reproduced item by item, and the
//! properties every amendment table must have.

use crate::common::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// NFKC, without whitespace: how seed text and rendered text are compared.
fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A seed typo that is not reproduced: 「ii..弊社」 (a doubled period) in the 2012 item.
fn norm_seed(s: &str) -> String {
    norm(s).replace("ii..", "ii.")
}

/// One item of the seed's change history: the reason line (without its number) and the
/// 改定前 / 改定後 cells, copied from `000_c59b7289a63b9fcf.txt` with its line breaks.
struct SeedItem {
    reason: &'static str,
    rows: &'static [(&'static str, &'static str)],
}

struct SeedRevision {
    date: &'static str,
    summary: Option<&'static str>,
    items: &'static [SeedItem],
}

const SYNERGY: &[SeedRevision] = &[
    SeedRevision {
        date: "2012年12月1日",
        summary: None,
        items: &[
            SeedItem {
                reason: "「第3章 カスタマーサポート」の記載において、年末年始期間の変更に対応し「国民\n の祝日に関する法律」に表記をそろえます。",
                rows: &[(
                    "2.回答時間\n土曜日、日曜日、祝日、年末年始(12月29日から1月3日)、および弊社所定の休日を除く、平日9:00~12:00および13:00~18:00を回答時間とします。",
                    "2.回答時間\n土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日9:00~12:00および13:00~18:00を回答時間とします。",
                )],
            },
            SeedItem {
                reason: "「第4章 報告制度について」の「第2節 報告項目(クライアント機能月間稼働率)」\n において、稼働率の算出にあたり、帰責性のない条件は除外いたします。",
                rows: &[(
                    "1.目標値\n当月のサービス提供時間[分]\n= 当月の日数×24×60 - 定期メンテナンス\nにより事前に告知された停止時間[分]",
                    "1.目標値\n当月のサービス提供時間[分]\n= 当月の日数×24×60 -除外時間[分]\nただし、 除外時間とは、以下の場合を意味\nします。\ni.弊社が2週間以上前に通知を行う計画停止\n時間。\nii..弊社が合理的に管理できない事由により\n生じた停止時間。\n当該事由には不可抗力、行政行為、洪水、火\n災、地震、暴動、テロ、ストライキその他の\n労働争議を含みますが、これらに限定されません。",
                )],
            },
        ],
    },
    SeedRevision {
        date: "2016年2月8日",
        summary: None,
        items: &[SeedItem {
            reason: "「第2章 運用・保守」にリターゲティングメールに関しての規定を追加いたします。",
            rows: &[(
                "掲載はありません。",
                "7.障害発生時の復旧\nリターゲティングメール機能において障害発生等により、\nメール配信が停止した場合、以下のルールに従い再配信\nします。\n・障害復旧後、順次、全て再配信します。\n・但し、障害復旧時刻が22:00~翌9:00の場合には、\n翌9:00から順次、再配信します。",
            )],
        }],
    },
    SeedRevision {
        date: "2017年5月8日",
        summary: None,
        items: &[SeedItem {
            reason: "「第3章 カスタマーサポート」の記載において、営業時間を変更します。",
            rows: &[(
                "2.回答時間\n土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日9:00~12:00および13:00~18:00を回答時間とします。",
                "2.回答時間\n土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日10:00~12:00および13:00~18:00を回答時間とします。",
            )],
        }],
    },
    SeedRevision {
        date: "2020年3月10日",
        summary: None,
        items: &[SeedItem {
            reason: "「第3節 報告項目(コンシューマ機能月間稼働率)」の記載において、旧サービス名称を\n 削除します。",
            rows: &[(
                "1.目標値\nコンシューマ機能の月間稼働率が99%以上となることを目標とします。\nコンシューマ機能の稼動とは、\nフォーム機能(BASIC)\nアンケート機能(WISH)\nクリックフィードバック(POEM)\n開封確認(POEM)\nブランクメール(BASIC, MOVE)\n問い合わせフォーム(HEAR)\n問い合わせ用メールアドレスでの送受信(HEAR)\n携帯サイト機能(MOVE)\nのいずれもが、一般ユーザから利用できることを指します。",
                "1.目標値\nコンシューマ機能の月間稼働率が99%以上となることを目標とします。\nコンシューマ機能の稼動とは、\nフォーム機能\nアンケート機能\nクリックフィードバック\n開封確認\nブランクメール\n問い合わせフォーム\n問い合わせ用メールアドレスでの送受信\n携帯サイト機能\nのいずれもが、一般ユーザから利用できることを指します。",
            )],
        }],
    },
    SeedRevision {
        date: "2021年8月24日",
        summary: Some("クラウドサービス(AWS)移行後にも適応した内容に変更します。"),
        items: &[
            SeedItem {
                reason: "「第2章 保守・運用」の記載において、監視対象や監視方法の表現を修正します。",
                rows: &[(
                    "1.監視体制\n本システムの正常動作を監視するサーバを設定、運用しており、24時間365日の監視を実現します。監視サーバは5分おきに、本システムを構成する全機器に対し、以下例示する項目を確認します。\n・PING応答があるか\n・各種ネットワークサービスが応答するか(HTTP、DB接続など)\n・負荷が一定値以下か\n・ハードディスクの使用率が一定値以下か\n※監視項目はこれだけではなく、各機器の役割によっても異なります。",
                    "1.監視体制\n本システムを24時間365日で監視します。\n以下例示する項目を確認します。\n・サービスが起動しているか \n・各種ネットワークサービスが応答するか(HTTP、DB接続など)\n・負荷が一定値以下か\n・リソースの利用率が一定値以下か\n※監視項目はこれだけではなく、各機器の役割によっても異なります。",
                )],
            },
            SeedItem {
                reason: "「2.連絡体制」の記載において内容に変更はありませんが、わかりやすい表現に修正します。",
                rows: &[(
                    "2.連絡体制\n障害の発生やメンテナンス作業時は、以下手段によって速やかに連絡を行います。\na.Synergy!管理画面内に掲示\nb.Synergy!サポートページに記載(https://www.crmstyle.com/support/blog/)\nc.Synergy!システム管理担当者として登録されているアドレス宛にメールにて\nd.弊社営業担当もしくはカスタマーサポートより個別に電話またはメールにて",
                    "2.連絡体制\n障害の発生やメンテナンス作業時は、以下のいずれかの手段によって速やかに連絡を行います。\na.Synergy!管理画面内に掲示\nb.Synergy!サポートページに記載(https://www.crmstyle.com/support/blog/)\nc.Synergy!システム管理担当者として登録されているアドレス宛にメールにて\nd.弊社営業担当もしくはカスタマーサポートより個別に電話またはメールにて",
                )],
            },
            SeedItem {
                reason: "「4.システム冗長性」「6.セキュリティ」において、AWS移行後は物理的なサーバや機器を前提としなくなるため、表現を修正します。",
                rows: &[
                    (
                        "4.システム冗長性\n本システムを構成するネットワーク機器およびサーバは複数台で構成しており、故障時でも、本サービスの継続または早期復旧を可能とします。特にディスク装置に関しては同一データを複数のディスクへ同時に書き込むことによってデータの損失を防ぎます。",
                        "4.システム冗長性\n本システムを構成するネットワークおよびサーバは複数台で構成しており、故障時でも、本サービスの継続または早期復旧を可能とします。特にストレージに関しては同一データを複数のストレージへ同時に書き込むことによってデータの損失を防ぎます。",
                    ),
                    (
                        "6.セキュリティ\n(1)物理的な保護\n本サービスを構成する機器はデータセンターに設置され、適切な環境での動作を保証します。施設への入退室、および機器を収めるラックの施錠も厳重に管理されています。",
                        "6.セキュリティ\n(1)物理的な保護\n本サービスを構成する機器はデータセンターに設置され、適切な環境でサービス提供します。施設への入退室、およびアセットやデバイスへのアクセスは厳重に管理されています。",
                    ),
                ],
            },
        ],
    },
];

const SYNERGY_LINK: &[SeedRevision] = &[SeedRevision {
    date: "2017年5月8日",
    summary: None,
    items: &[SeedItem {
        reason: "「第5章 カスタマーサポート」の記載において、営業時間を変更します。",
        rows: &[(
            "2.回答時間\n土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日9:00~12:00および13:00~18:00を回答時間とします。",
            "2.回答時間\nSynergy!のカスタマーサポート回答時間に準じます。",
        )],
    }],
}];

/// The text of a cell as the page shows it: the row's text, or the placeholder of an absent
/// side.
fn cell_text(cell: &Value) -> String {
    let text = cell["text"].as_str().unwrap_or("");
    if !text.is_empty() {
        return text.to_string();
    }
    cell["lines"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    l.as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s["text"].as_str().unwrap().to_string())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// `slagen diff OLD NEW --format json`, checked to succeed, parsed.
fn diff_json(old: &str, new: &str) -> (Value, String) {
    let run = slagen(&["diff", old, new, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (
        serde_json::from_str(&run.stdout).expect("diff JSON"),
        run.stderr,
    )
}

/// Every row of an amendment, across its items.
fn all_rows(a: &Value) -> Vec<Value> {
    a["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["rows"].as_array().unwrap().clone())
        .collect()
}

fn history_json(args: &[&str]) -> Value {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = slagen(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("history JSON")
}

fn assert_matches_seed(spec: &Value, seed: &[SeedRevision]) {
    let revisions = spec["revisions"].as_array().expect("revisions");
    assert_eq!(
        revisions.len(),
        seed.len(),
        "revision count of {}",
        spec["id"]
    );
    for (got, want) in revisions.iter().zip(seed) {
        assert_eq!(got["date"].as_str(), Some(want.date));
        assert_eq!(
            got["summary"].as_str(),
            want.summary,
            "summary of {}",
            want.date
        );
        let items = got["items"].as_array().unwrap();
        assert_eq!(items.len(), want.items.len(), "items of {}", want.date);
        for (gi, wi) in items.iter().zip(want.items) {
            assert_eq!(
                norm(gi["line"].as_str().unwrap()),
                norm_seed(wi.reason),
                "reason of an item of {}",
                want.date
            );
            let rows = gi["rows"].as_array().unwrap();
            assert_eq!(
                rows.len(),
                wi.rows.len(),
                "rows of {}: {}",
                want.date,
                wi.reason
            );
            for (gr, (old, new)) in rows.iter().zip(wi.rows) {
                assert_eq!(
                    norm(&cell_text(&gr["old"])),
                    norm_seed(old),
                    "改定前 of {}",
                    want.date
                );
                assert_eq!(
                    norm(&cell_text(&gr["new"])),
                    norm_seed(new),
                    "改定後 of {}",
                    want.date
                );
            }
        }
    }
}

#[test]
fn the_encoded_pairs_are_the_seeds_own_text() {
    // Guards the transcription above: every encoded cell and reason is in the seed.
    let seed =
        std::fs::read_to_string(root().join("tests/fixtures/seeds/000_c59b7289a63b9fcf.txt"))
            .expect("seed copy");
    let seed = norm(&seed);
    for rev in SYNERGY.iter().chain(SYNERGY_LINK) {
        assert!(seed.contains(&norm(rev.date)), "{}", rev.date);
        for item in rev.items {
            assert!(seed.contains(&norm(item.reason)), "{}", item.reason);
            for (old, new) in item.rows {
                assert!(seed.contains(&norm(old)), "{old}");
                assert!(seed.contains(&norm(new)), "{new}");
            }
        }
    }
}

#[test]
fn synergy_history_reproduces_the_seed_item_by_item() {
    let mut files: Vec<String> = spec_files()
        .iter()
        .filter(|p| p.parent().unwrap().ends_with("synergy"))
        .map(|p| p.display().to_string())
        .collect();
    // Given in any order: history orders by revision date.
    files.reverse();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let page = history_json(&args);
    assert_eq!(page["specs"].as_array().unwrap().len(), 1);
    assert_matches_seed(&page["specs"][0], SYNERGY);
}

/// `history DIR` is the history of the `.sla` files under the directory (issue 15, item 10:
/// it used to ask git for the directory and parse its tree listing, 「found `tree`」).
#[test]
fn history_of_a_directory_is_that_of_its_files() {
    let dir = root().join("specs/synergy");
    let page = history_json(&[dir.to_str().unwrap()]);
    assert_eq!(page["specs"].as_array().unwrap().len(), 1);
    assert_matches_seed(&page["specs"][0], SYNERGY);
    // A directory in a past revision is no spec: a usage error that says so.
    let run = slagen(&["diff", "HEAD:specs/synergy", "specs/calltree.sla"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a directory in that revision"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("tree"), "{}", run.stderr);
    // A directory without specs.
    let empty = tempfile::tempdir().unwrap();
    let run = slagen(&["history", empty.path().to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no .sla files"), "{}", run.stderr);
}

#[test]
fn synergy_and_link_share_one_page_each_under_its_own_heading() {
    let mut files: Vec<String> = spec_files()
        .iter()
        .filter(|p| {
            let dir = p.parent().unwrap();
            dir.ends_with("synergy") || dir.ends_with("synergy-link")
        })
        .map(|p| p.display().to_string())
        .collect();
    // The page shows the specs in the order given: Synergy! first, as the seed does.
    files.sort_by_key(|f| (f.contains("synergy-link"), f.clone()));
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let page = history_json(&args);
    let specs = page["specs"].as_array().unwrap();
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[0]["id"], "synergy");
    assert_eq!(specs[1]["id"], "synergy_link");
    assert_matches_seed(&specs[0], SYNERGY);
    assert_matches_seed(&specs[1], SYNERGY_LINK);
    assert_eq!(
        specs[1]["heading"].as_str(),
        Some("Synergy!LINKサービス品質保証制度(SLA)：変更履歴")
    );
    // The Markdown page has both headings.
    let mut md_args = vec!["history"];
    md_args.extend(args.iter().copied());
    let md = slagen(&md_args);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout
            .contains("## Synergy!サービス品質保証制度(SLA)：変更履歴")
    );
    assert!(
        md.stdout
            .contains("## Synergy!LINKサービス品質保証制度(SLA)：変更履歴")
    );
    assert!(md.stdout.contains("### ・2012年12月1日付"));
}

#[test]
fn unfavourable_changes_are_flagged_and_warned() {
    let old = root().join("specs/synergy/2016-02-08.sla");
    let new = root().join("specs/synergy/2017-05-08.sla");
    let (a, stderr) = diff_json(old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(a["unfavourable"], true);
    let change = a["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "windows[0].start")
        .expect("the start of the support hours changed");
    assert_eq!(change["description"], "回答時間の開始: 9:00 → 10:00");
    assert!(change["unfavourable"].as_str().is_some());
    assert!(stderr.contains("回答時間の開始: 9:00 → 10:00"), "{stderr}");
    assert!(stderr.contains("不利"), "{stderr}");
    // The reverse direction gives the customer more hours: no warning for that change.
    let back = slagen(&[
        "diff",
        new.to_str().unwrap(),
        old.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let b: Value = serde_json::from_str(&back.stdout).unwrap();
    assert!(
        b["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["unfavourable"].is_null()),
        "{}",
        back.stdout
    );
}

#[test]
fn diff_of_a_spec_with_itself_is_empty() {
    for file in spec_files() {
        let f = file.to_str().unwrap();
        let run = slagen(&["diff", f, f, "--format", "json"]);
        assert_eq!(run.code, 0, "{f}: {}", run.stderr);
        let a: Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(a["items"].as_array().unwrap().is_empty(), "{f}");
        assert!(a["changes"].as_array().unwrap().is_empty(), "{f}");
        assert_eq!(a["unfavourable"], false);
    }
}

#[test]
fn swapping_old_and_new_swaps_the_columns() {
    let pairs = [
        (
            "specs/synergy/2012-12-01.sla",
            "specs/synergy/2016-02-08.sla",
        ),
        (
            "specs/synergy/2020-03-10.sla",
            "specs/synergy/2021-08-24.sla",
        ),
    ];
    for (a, b) in pairs {
        let (fwd, _) = diff_json(a, b);
        let (bwd, _) = diff_json(b, a);
        let rows = |v: &Value| -> Vec<(String, String, String)> {
            all_rows(v)
                .into_iter()
                .map(|r| {
                    (
                        r["id"].as_str().unwrap().to_string(),
                        r["old"]["text"].as_str().unwrap().to_string(),
                        r["new"]["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let mut f = rows(&fwd);
        let mut g: Vec<_> = rows(&bwd)
            .into_iter()
            .map(|(id, o, n)| (id, n, o))
            .collect();
        f.sort();
        g.sort();
        assert_eq!(f, g, "{a} ⇄ {b}");
        let change = |v: &Value, id: &str| -> String {
            all_rows(v)
                .into_iter()
                .find(|r| r["id"] == id)
                .map(|r| r["change"].as_str().unwrap().to_string())
                .unwrap_or_default()
        };
        if a.contains("2012") {
            assert_eq!(change(&fwd, "recovery"), "added");
            assert_eq!(change(&bwd, "recovery"), "removed");
        }
    }
}

#[test]
fn column_labels_order_and_added_text_are_options() {
    let run = slagen(&[
        "diff",
        "specs/synergy/2012-12-01.sla",
        "specs/synergy/2016-02-08.sla",
        "--columns",
        "現行/改定案",
        "--new-left",
        "--added-text",
        "（新設）",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Each label names its revision.
    assert!(
        run.stdout
            .contains("| 改定案（2016年2月8日版） | 現行（2012年12月1日版） |"),
        "{}",
        run.stdout
    );
    // New text left, the placeholder of the added clause right.
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains("障害発生時の復旧"))
        .expect("the added clause's row");
    assert!(row.trim_end().ends_with("| （新設） |"), "{row}");
    let bad = slagen(&[
        "diff",
        "specs/calltree.sla",
        "specs/calltree.sla",
        "--columns",
        "旧",
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--columns"), "{}", bad.stderr);
}

#[test]
fn html_and_pdf_underline_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("t.html");
    let pdf = dir.path().join("t.pdf");
    let old = "specs/synergy/2016-02-08.sla";
    let new = "specs/synergy/2017-05-08.sla";
    let run = slagen(&[
        "diff",
        old,
        new,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&html).unwrap();
    // The changed hour is underlined inside the range that never breaks.
    assert!(
        text.contains("平日<span class=\"nobr\"><u class=\"chg\">9</u>:00～12:00</span>"),
        "{text}"
    );
    assert!(
        text.contains("平日<span class=\"nobr\"><u class=\"chg\">10</u>:00～12:00</span>"),
        "{text}"
    );
    assert!(text.contains("（傍線部分は改定部分）"));
    let run = slagen(&[
        "diff",
        old,
        new,
        "--format",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let extracted = norm(&String::from_utf8_lossy(&out.stdout));
    assert!(
        extracted.contains(&norm(
            "「第3章 カスタマーサポート」の記載において、営業時間を変更します。"
        )),
        "{extracted}"
    );
    // A range is never broken across lines (the cell may break before it, after 「平日」).
    assert!(
        extracted.contains(&norm("10:00～12:00および")),
        "{extracted}"
    );
    // A PDF needs -o.
    let no_out = slagen(&["diff", old, new, "--format", "pdf"]);
    assert_eq!(no_out.code, 2);
}

/// Runs git in a directory, panicking on failure.
fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_revisions_diff_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let spec = repo.join("calltree.sla");
    let original = std::fs::read_to_string(root().join("specs/calltree.sla")).unwrap();
    std::fs::write(&spec, &original).unwrap();
    git(repo, &["add", "calltree.sla"]);
    git(repo, &["commit", "-qm", "2024-05"]);
    // A revision: support from 9:00, the target lowered, a reason recorded.
    let revised = original
        .replace("revised  2024-05", "revised  2025-04")
        .replace("windows  10:00-19:00", "windows  09:00-19:00")
        .replace("target   98%", "target   97.5%")
        .replace(
            "  clause changes \"SLAの変更\" {",
            "  revision 2025-04 {\n    reason hours \"サポート受付時間を変更します。\"\n  }\n\n  clause changes \"SLAの変更\" {",
        );
    assert_ne!(revised, original);
    std::fs::write(&spec, &revised).unwrap();
    git(repo, &["commit", "-qam", "2025-04"]);

    let run = slagen_in(
        repo,
        &[
            "diff",
            "HEAD~1:calltree.sla",
            "calltree.sla",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a: Value = serde_json::from_str(&run.stdout).unwrap();
    let lines: Vec<&str> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["line"].as_str().unwrap())
        .collect();
    assert!(
        lines.contains(&"「●サービス提供時間」の記載において、サポート受付時間を変更します。"),
        "{lines:?}"
    );
    // The availability change has no recorded reason: a neutral one is generated.
    assert!(
        lines.contains(&"「●サービス稼働率」の記載を変更します。"),
        "{lines:?}"
    );
    assert!(run.stderr.contains("目標値が下がります"), "{}", run.stderr);

    let hist = slagen_in(repo, &["history", "calltree.sla", "--format", "json"], None);
    assert_eq!(hist.code, 0, "{}", hist.stderr);
    let page: Value = serde_json::from_str(&hist.stdout).unwrap();
    let revs = page["specs"][0]["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0]["date"], "2025年4月");

    // Errors: an unknown revision, a path outside a repository.
    let bad = slagen_in(repo, &["diff", "HEAD~5:calltree.sla", "calltree.sla"], None);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown revision `HEAD~5`"),
        "{}",
        bad.stderr
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.sla"), &original).unwrap();
    let no_repo = slagen_in(outside.path(), &["diff", "HEAD:x.sla", "x.sla"], None);
    assert_eq!(no_repo.code, 2);
    assert!(
        no_repo.stderr.contains("not in a git repository"),
        "{}",
        no_repo.stderr
    );
    let no_hist = slagen_in(outside.path(), &["history", "x.sla"], None);
    assert_eq!(no_hist.code, 2);
}

/// A spec of a past revision is checked against the specs it `use`s as they were in that same
/// revision, not as they are in the working tree, also when their directory has since moved.
#[test]
fn a_past_revision_uses_the_specs_of_its_own_revision() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("synergy")).unwrap();
    std::fs::create_dir_all(repo.join("link")).unwrap();
    let synergy = std::fs::read_to_string(root().join("specs/synergy/2017-05-08.sla")).unwrap();
    let link = std::fs::read_to_string(root().join("specs/synergy-link/2017-05-08.sla"))
        .unwrap()
        .replace("../synergy/2017-05-08.sla", "../synergy/s.sla");
    std::fs::write(repo.join("synergy/s.sla"), &synergy).unwrap();
    std::fs::write(repo.join("link/l.sla"), &link).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "2017"]);
    // Synergy! opens an hour later; LINK, which takes its hours from it, is revised with it.
    let synergy2 = synergy
        .replace("revised   2017-05-08", "revised   2018-04-01")
        .replace("10:00-12:00, 13:00-18:00", "11:00-12:00, 13:00-18:00");
    let link2 = link.replace("revised   2017-05-08", "revised   2018-04-01");
    std::fs::write(repo.join("synergy/s.sla"), &synergy2).unwrap();
    std::fs::write(repo.join("link/l.sla"), &link2).unwrap();
    git(repo, &["commit", "-qam", "2018"]);
    // Then the Synergy! specs move to another directory.
    git(repo, &["mv", "synergy", "base"]);
    let link3 = link2.replace("../synergy/s.sla", "../base/s.sla");
    std::fs::write(repo.join("link/l.sla"), &link3).unwrap();
    git(repo, &["commit", "-qam", "move"]);

    let changes = |old: &str, new: &str| -> Vec<String> {
        let run = slagen_in(repo, &["diff", old, new, "--format", "json"], None);
        assert_eq!(run.code, 0, "{old} {new}: {}", run.stderr);
        let a: Value = serde_json::from_str(&run.stdout).unwrap();
        a["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["description"].as_str().unwrap().to_string())
            .collect()
    };
    // The old side reads HEAD~1's Synergy! (11:00 in the working tree, 10:00 then) from a
    // directory that no longer exists.
    let both_past = changes("HEAD~2:link/l.sla", "HEAD~1:link/l.sla");
    assert!(
        both_past.iter().any(|c| c.contains("10:00 → 11:00")),
        "{both_past:?}"
    );
    let to_now = changes("HEAD~2:link/l.sla", "link/l.sla");
    assert!(
        to_now.iter().any(|c| c.contains("10:00 → 11:00")),
        "{to_now:?}"
    );
    assert!(changes("HEAD~1:link/l.sla", "link/l.sla").is_empty());

    // History from git sees the change too, oldest first.
    let hist = slagen_in(repo, &["history", "link/l.sla", "--format", "json"], None);
    assert_eq!(hist.code, 0, "{}", hist.stderr);
    let page: Value = serde_json::from_str(&hist.stdout).unwrap();
    let text = page.to_string();
    assert!(text.contains("10:00 → 11:00"), "{text}");

    // A used spec missing from the revision is an error at the `use`, naming the revision.
    let broken = link3.replace("../base/s.sla", "../base/missing.sla");
    std::fs::write(repo.join("link/l.sla"), &broken).unwrap();
    git(repo, &["commit", "-qam", "broken"]);
    let bad = slagen_in(
        repo,
        &["diff", "HEAD~1:link/l.sla", "HEAD:link/l.sla"],
        None,
    );
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("E0"), "{}", bad.stderr);
    assert!(bad.stderr.contains("HEAD:link/l.sla"), "{}", bad.stderr);
}

#[test]
fn non_spec_files_get_clear_errors() {
    let readme = root().join("README.md");
    let run = slagen(&["diff", readme.to_str().unwrap(), "specs/calltree.sla"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E0001"), "{}", run.stderr);
    let missing = slagen(&["diff", "specs/nope.sla", "specs/calltree.sla"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("specs/nope.sla"),
        "{}",
        missing.stderr
    );
}

mod props {
    use proptest::prelude::*;
    use slagen::check::Loader;
    use slagen::render::{layout, wording::Wording};
    use std::path::Path;

    fn load(text: &str) -> Option<(slagen::model::Spec, slagen::render::doc::Doc)> {
        let mut loader = Loader::new();
        let checked =
            loader.load_bytes(Path::new("t.sla"), Path::new("."), text.as_bytes().to_vec());
        let spec = checked.spec?;
        let doc = layout(&spec, &Wording::embedded(), None).ok()?;
        Some((spec, doc))
    }

    fn joined(cell: &slagen::diff::Cell) -> String {
        cell.lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// A random edit inside a text of the real CALLTREE spec: every row's marks rebuild
        /// both cells exactly, and an edit that changes nothing gives no rows.
        #[test]
        fn marks_rebuild_both_texts(
            pick in 0usize..10_000,
            insert in "[ぁ-んァ-ン一-龠a-z0-9、。]{0,6}",
            delete in 0usize..4,
        ) {
            let original = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/calltree.sla")).unwrap();
            // Edit inside one `text "..."` string without interpolations.
            let spans: Vec<(usize, usize)> = original
                .match_indices("text \"")
                .map(|(i, m)| {
                    let start = i + m.len();
                    let end = start + original[start..].find('"').unwrap();
                    (start, end)
                })
                .filter(|(s, e)| e > s && !original[*s..*e].contains('{'))
                .collect();
            let (s, e) = spans[pick % spans.len()];
            let chars: Vec<(usize, char)> = original[s..e].char_indices().collect();
            let at = s + chars[(pick / spans.len()) % chars.len()].0;
            let end = at + original[at..e].chars().take(delete).map(char::len_utf8).sum::<usize>();
            let mut text = original.clone();
            text.replace_range(at..end, &insert);
            let (old_spec, old_doc) = load(&original).expect("the real spec checks");
            let (new_spec, new_doc) = load(&text).expect("an edited text still checks");
            let a = slagen::diff::compare(&old_spec, &old_doc, &new_spec, &new_doc, &slagen::diff::Labels::default());
            for item in &a.items {
                for row in &item.rows {
                    prop_assert_eq!(joined(&row.old), row.old.text.clone());
                    prop_assert_eq!(joined(&row.new), row.new.text.clone());
                    prop_assert_ne!(&row.old.text, &row.new.text);
                }
            }
            if text == original {
                prop_assert!(a.items.is_empty());
            }
        }
    }
}

#[test]
fn a_renumbered_clause_is_the_same_clause_and_a_moved_one_is_reported_as_moved() {
    let old = r#"sla t "テスト" {
  service "X"
  revised 2024-05
  chapter a "総則" {
    clause purpose "目的" { text "本書の目的を定めます。" }
    clause scope "適用範囲" { text "本サービスに適用します。" }
  }
  chapter b "運用" {
    clause backup "バックアップ" { text "毎日取得します。" }
  }
}
"#;
    let new = old
        .replace("revised 2024-05", "revised 2025-04")
        // A new first clause renumbers 目的 (1. → 2.) without changing its text.
        .replace(
            "    clause purpose",
            "    clause definitions \"定義\" { text \"用語を定義します。\" }\n    clause purpose",
        )
        // 適用範囲 moves to chapter b.
        .replace("    clause scope \"適用範囲\" { text \"本サービスに適用します。\" }\n", "")
        .replace(
            "    clause backup",
            "    clause scope \"適用範囲\" { text \"本サービスに適用します。\" }\n    clause backup",
        );
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("old.sla"), dir.path().join("new.sla"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, &new).unwrap();
    let (v, _) = diff_json(a.to_str().unwrap(), b.to_str().unwrap());
    let rows: Vec<(String, String, String, String)> = all_rows(&v)
        .into_iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["change"].as_str().unwrap().to_string(),
                r["old"]["number"].as_str().unwrap().to_string(),
                r["new"]["number"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let find = |id: &str| {
        rows.iter()
            .find(|r| r.0 == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}: {rows:?}"))
    };
    assert_eq!(find("definitions").1, "added");
    let purpose = find("purpose");
    assert_eq!(
        (purpose.1.as_str(), purpose.2.as_str(), purpose.3.as_str()),
        ("renumbered", "1.", "2.")
    );
    let scope = find("scope");
    assert_eq!(scope.1, "moved");
    // 2.適用範囲 in chapter a became 1.適用範囲 in chapter b: the number change is marked.
    assert_eq!((scope.2.as_str(), scope.3.as_str()), ("2.", "1."));
    // backup moved down a number (1. → 2.) in chapter b.
    assert_eq!(find("backup").1, "renumbered");
}

/// Company holidays (inline and from a file) are terms of the contract: dates added are shown
/// and, when support closes on them, flagged as unfavourable; dates removed are shown too
/// (issue 15, item 10).
#[test]
fn company_holiday_changes_show_in_diff() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("days.txt"),
        "2026-08-13 夏季休業\n2026-08-14 夏季休業\n",
    )
    .unwrap();
    let old = "sla t \"テスト\" {
  service \"X\"
  revised 2026-04
  company_holidays \"弊社所定の休日\" {
    2026-05-01 \"創立記念日\"
    2026-12-25 \"臨時休業\"
  }
  hours support \"回答時間\" {
    open   mon..fri 10:00-18:00
    closed sat, sun, company_holidays
  }
}
";
    let new = old
        .replace("revised 2026-04", "revised 2026-06")
        .replace("    2026-12-25 \"臨時休業\"\n", "    file \"days.txt\"\n");
    std::fs::write(dir.path().join("old.sla"), old).unwrap();
    std::fs::write(dir.path().join("new.sla"), &new).unwrap();
    let run = slagen_in(
        dir.path(),
        &["diff", "old.sla", "new.sla", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a: Value = serde_json::from_str(&run.stdout).unwrap();
    let changes: Vec<&Value> = a["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["term"] == "company_holidays")
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(
        changes[0]["description"],
        "弊社所定の休日に2026年8月13日（夏季休業）、2026年8月14日（夏季休業）を追加"
    );
    assert_eq!(changes[0]["unfavourable"], "休業日が増えます");
    assert_eq!(
        changes[1]["description"],
        "弊社所定の休日から2026年12月25日（臨時休業）を削除"
    );
    assert!(changes[1]["unfavourable"].is_null());
    assert!(
        run.stderr
            .contains("休業日が増えます（お客様に不利な変更）"),
        "{}",
        run.stderr
    );
    // Hours that do not close on company holidays: shown, not unfavourable.
    let open = |t: &str| t.replace("sat, sun, company_holidays", "sat, sun");
    std::fs::write(dir.path().join("old.sla"), open(old)).unwrap();
    std::fs::write(dir.path().join("new.sla"), open(&new)).unwrap();
    let run = slagen_in(
        dir.path(),
        &["diff", "old.sla", "new.sla", "--format", "json"],
        None,
    );
    let a: Value = serde_json::from_str(&run.stdout).unwrap();
    let added = a["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["term"] == "company_holidays" && c["new"].is_array())
        .expect("the added dates");
    assert!(added["unfavourable"].is_null(), "{added}");
    assert!(!run.stderr.contains("休業日が増えます"), "{}", run.stderr);
}
