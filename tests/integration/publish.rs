//! Documents a company publishes as they come out (issue 14): each point is checked on the
//! output as its reader gets it — Markdown through pulldown-cmark, HTML through a tree parser
//! (roxmltree, on the page with its void elements closed: slagen's HTML is otherwise
//! well-formed XML, and the Nu Html Checker tests in render.rs check it as HTML), PDF through
//! poppler (`pdftotext -layout`, `pdffonts`, the outline of `pdftohtml -xml`).

use crate::common::*;
use crate::render_common::*;
use pulldown_cmark::{Event, Tag, TagEnd};

const SYNERGY: &str = "synergy/2021-08-24.sla";

fn all_history_specs() -> Vec<String> {
    let mut v: Vec<String> = spec_files()
        .iter()
        .filter(|p| p.to_string_lossy().contains("synergy"))
        .map(|p| p.display().to_string())
        .collect();
    // Synergy! first, then Synergy!LINK, as the seed page does.
    v.sort_by_key(|p| (p.contains("synergy-link"), p.clone()));
    v
}

fn history(format: &str, extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["history".into()];
    args.extend(all_history_specs());
    args.extend(["--format".to_string(), format.to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    slagen(&args)
}

fn history_pdf() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.pdf");
    let run = history("pdf", &["-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(out).unwrap()
}

/// A parsed HTML page: its text with the void elements closed and the doctype dropped, so that
/// an XML tree parser reads it; parsing fails on any other ill-formed markup.
struct Html(String);

impl Html {
    fn parse_document(html: &str) -> Html {
        let mut s = html
            .replacen("<!DOCTYPE html>", "", 1)
            .replace("<br>", "<br/>");
        // <meta ...> is the only other void element slagen writes.
        let mut out = String::new();
        while let Some(i) = s.find("<meta ") {
            let j = i + s[i..].find('>').unwrap();
            out.push_str(&s[..j]);
            out.push_str("/>");
            s = s[j + 1..].to_string();
        }
        out.push_str(&s);
        roxmltree::Document::parse(&out).expect("the page parses");
        Html(out)
    }

    fn with<T>(&self, f: impl FnOnce(&roxmltree::Document) -> T) -> T {
        f(&roxmltree::Document::parse(&self.0).unwrap())
    }
}

/// Elements matching a simple selector: `tag`, `tag.class` or `.class`; a space between two
/// means a descendant.
fn select<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    selector: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    let matches = |n: &roxmltree::Node, simple: &str| {
        let (tag, class) = simple.split_once('.').unwrap_or((simple, ""));
        n.is_element()
            && (tag.is_empty() || n.tag_name().name() == tag)
            && (class.is_empty()
                || n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|x| x == class)))
    };
    let parts: Vec<&str> = selector.split(' ').collect();
    doc.descendants()
        .filter(|n| matches(n, parts[parts.len() - 1]))
        .filter(|n| {
            let mut want = parts[..parts.len() - 1].iter().rev().peekable();
            for a in n.ancestors().skip(1) {
                if let Some(w) = want.peek()
                    && matches(&a, w)
                {
                    want.next();
                }
            }
            want.peek().is_none()
        })
        .collect()
}

fn node_text(n: &roxmltree::Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.with(|d| select(d, selector).iter().map(node_text).collect())
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<Option<String>> {
    doc.with(|d| {
        select(d, selector)
            .iter()
            .map(|n| n.attribute(attr).map(str::to_string))
            .collect()
    })
}

/// The paragraphs of a Markdown document as plain text (hard breaks as `\n`).
fn md_paragraphs(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for e in md_events(md) {
        match e {
            Event::Start(Tag::Paragraph) => cur = Some(String::new()),
            Event::End(TagEnd::Paragraph) => out.push(cur.take().unwrap()),
            Event::Text(t) => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t)
                }
            }
            Event::HardBreak => {
                if let Some(c) = cur.as_mut() {
                    c.push('\n')
                }
            }
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 1. Metadata

#[test]
fn the_title_block_carries_each_date_once_as_japanese_writes_it() {
    let md = render_ok(&spec(SYNERGY), "md", &[]);
    let block = &md_paragraphs(&md)[0];
    assert_eq!(
        block,
        "サービス名：Synergy!\n制定日：2007年4月2日\n改定日：2021年8月24日\n施行日：2021年8月24日\n提供者：シナジーマーケティング株式会社\n変更履歴：https://support.crmstyle.com/contract/contract-sla"
    );
    for spec_path in [spec("calltree.sla"), spec(SYNERGY)] {
        let text = md_text(&render_ok(&spec_path, "md", &[]));
        assert_eq!(text.matches("改定日").count(), 1, "{}", spec_path.display());
    }
    // CALLTREE: 2024年5月, in the title block, in every format; no padding, no spaces.
    let pdf = pdf_text(&render_pdf(&spec("calltree.sla"), &[]));
    let first_page: String = pdf.split('\u{c}').next().unwrap().to_string();
    assert!(first_page.contains("改定日：2024年5月"), "{first_page}");
    assert_eq!(pdf.matches("改定日").count(), 1);
    assert!(!pdf.contains("05月") && !pdf.contains("2024 年"), "{pdf}");
    let html = Html::parse_document(&render_ok(&spec("calltree.sla"), "html", &[]));
    assert_eq!(
        texts(&html, ".meta p"),
        ["サービス名：CALLTREE", "改定日：2024年5月"]
    );
    assert_eq!(texts(&html, "footer.updated p"), ["最終更新日：2024年5月"]);
}

#[test]
fn the_document_number_and_contact_point_are_in_the_title_block_of_every_format() {
    let text = minimal(
        "  company \"テスト株式会社\"\n  document_number \"SLA-2024-01\"\n  contact \"サポート窓口 support@example.com\"\n  clause a \"概要\" { text \"お問い合わせは{contact}までご連絡ください。\" }",
    );
    let (_dir, path) = temp_spec(&text);
    let md = render_ok(&path, "md", &[]);
    assert_eq!(
        md_paragraphs(&md)[0],
        "文書番号：SLA-2024-01\nサービス名：X\n改定日：2024年5月\n提供者：テスト株式会社\nお問い合わせ先：サポート窓口 support@example.com"
    );
    assert!(
        md.contains("お問い合わせはサポート窓口 support@example.comまでご連絡ください。"),
        "{md}"
    );
    let html = Html::parse_document(&render_ok(&path, "html", &[]));
    let meta = texts(&html, ".meta p");
    assert_eq!(meta.first().unwrap(), "文書番号：SLA-2024-01");
    assert_eq!(
        meta.last().unwrap(),
        "お問い合わせ先：サポート窓口 support@example.com"
    );
    let pdf = pdf_text(&render_pdf(&path, &[]));
    let first_page = pdf.split('\u{c}').next().unwrap();
    for line in ["文書番号：SLA-2024-01", "お問い合わせ先：サポート窓口"] {
        assert!(first_page.contains(line), "{line} not in {first_page}");
    }
    // Without them, `{contact}` has no value: an error of the spec, at the text.
    let (_d2, bad) = temp_spec(&minimal("  clause a \"概要\" { text \"{contact}まで\" }"));
    let run = slagen(&["check", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0110"), "{}", run.stderr);
}

#[test]
fn supplement_closing_and_a_gothic_body_are_what_the_spec_asks_for() {
    let text = minimal(
        "  effective 2024-05-01\n  style { supplement \"on\"  closing \"以上\"  font \"gothic\" }\n  clause a \"概要\" { text \"本文です。\" }",
    );
    let (_dir, path) = temp_spec(&text);
    let md = render_ok(&path, "md", &[]);
    let heads = md_headings(&md);
    assert_eq!(heads.last().unwrap(), &(2, "附則".to_string()));
    let paras = md_paragraphs(&md);
    assert_eq!(
        &paras[paras.len() - 2..],
        ["本規定は2024年5月1日から施行します。", "以上"]
    );
    let html = Html::parse_document(&render_ok(&path, "html", &[]));
    assert_eq!(texts(&html, "section.supplement h2"), ["附則"]);
    assert_eq!(texts(&html, "p.closing"), ["以上"]);
    let css = texts(&html, "style").join("");
    assert!(
        css.contains("font-family: \"Hiragino Kaku Gothic ProN\""),
        "{css}"
    );
    let pdf = render_pdf(&path, &[]);
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(
        !fonts.contains("Mincho"),
        "a Gothic body uses no Mincho: {fonts}"
    );
    let lines: Vec<String> = pdf_text(&pdf)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let n = lines.len();
    assert_eq!(
        &lines[n - 4..n - 1],
        ["附則", "本規定は2024年5月1日から施行します。", "以上"]
    );
    // Without the keys: neither, and the body is Mincho.
    let (_d2, plain) = temp_spec(&minimal("  clause a \"概要\" { text \"本文です。\" }"));
    let md = render_ok(&plain, "md", &[]);
    assert!(!md.contains("附則") && !md.contains("以上"));
    assert!(poppler("pdffonts", &[], &render_pdf(&plain, &[])).contains("Mincho"));
    // A wrong value is an error of the spec.
    let (_d3, bad) = temp_spec(&minimal("  style { font \"serif\" }"));
    assert_eq!(render(&bad, "md", &[]).code, 1);
}

// ---------------------------------------------------------------------------------------------
// 2. 目次, outline, running header

#[test]
fn a_document_with_chapters_has_contents_bookmarks_and_a_running_header() {
    let html = Html::parse_document(&render_ok(&spec(SYNERGY), "html", &[]));
    let links: Vec<String> = attrs(&html, "nav.toc a", "href")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(links.len(), 16, "{links:?}");
    let ids = attrs(&html, "main section", "id");
    for href in &links {
        let id = href.strip_prefix('#').expect("an anchor");
        assert_eq!(
            ids.iter().filter(|i| i.as_deref() == Some(id)).count(),
            1,
            "{href} points to a section"
        );
    }
    assert_eq!(texts(&html, "nav.toc a")[1], "第2章 保守・運用");
    assert_eq!(texts(&html, "nav.toc a")[2], "1.監視体制");
    // CALLTREE has no chapters: no contents.
    let ct = Html::parse_document(&render_ok(&spec("calltree.sla"), "html", &[]));
    assert!(texts(&ct, "nav.toc").is_empty());

    let pdf = render_pdf(&spec(SYNERGY), &[]);
    let text = pdf_text(&pdf);
    assert!(text.contains("目次"));
    // Every heading is a bookmark, nested as in the document.
    let xml = poppler("pdftohtml", &["-xml", "-stdout", "-i", "-q"], &pdf);
    let outline: Vec<&str> = xml
        .lines()
        .filter_map(|l| l.strip_prefix("<item page=\""))
        .filter_map(|l| {
            l.split_once("\">")
                .map(|(_, t)| t.trim_end_matches("</item>"))
        })
        .collect();
    let md_heads: Vec<String> = md_headings(&render_ok(&spec(SYNERGY), "md", &[]))
        .into_iter()
        .skip(1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(outline, md_heads);
    assert!(xml.matches("<outline>").count() >= 4, "nested outline");
    // The running header from page 2 on: the title and the revision.
    let page2 = squash(&pdf_page_text(&pdf, 2));
    assert!(
        page2.starts_with(&squash(
            "Synergy!サービス品質保証制度(SLA) 2021年8月24日改定"
        )),
        "{page2}"
    );
    assert!(!pdf_page_text(&pdf, 1).contains("2021年8月24日改定"));
}

// ---------------------------------------------------------------------------------------------
// 3. Divisions without text

#[test]
fn a_division_without_content_says_omitted_or_is_left_out() {
    let md = render_ok(&spec(SYNERGY), "md", &[]);
    let events = md_text(&md);
    assert!(events.contains("第1章 総則\n（略）"), "{events}");
    assert!(events.contains("3.メンテナンス\n（略）"), "{events}");
    let html = Html::parse_document(&render_ok(&spec(SYNERGY), "html", &[]));
    assert_eq!(texts(&html, "p.omitted"), ["（略）"; 5]);
    let pdf = pdf_text(&render_pdf(&spec(SYNERGY), &[]));
    assert_eq!(pdf.matches("（略）").count(), 5);
    // `omitted "hide"`: the empty clause is gone, the next keeps its number.
    let (_d, path) = temp_spec(&minimal(
        "  style { omitted \"hide\" }\n  clause a \"空\" { }\n  clause b \"本文\" { text \"あり。\" }",
    ));
    let heads = md_headings(&render_ok(&path, "md", &[]));
    assert_eq!(heads[1..], [(2, "2.本文".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// 4. Same look in every format

#[test]
fn pdf_prints_numbers_and_dates_as_html_does() {
    let pdf = pdf_text(&render_pdf(&spec(SYNERGY), &[]));
    for want in ["第2章 保守・運用", "12月28日から1月4日", "10:00～12:00"] {
        assert!(pdf.contains(want), "{want}: {pdf}");
    }
    assert!(!pdf.contains("第 2 章") && !pdf.contains("12 月"));
}

#[test]
fn tables_have_shaded_heads_one_width_rule_and_right_aligned_numbers() {
    let text = minimal(
        "  clause a \"表\" {\n    table {\n      columns \"区分\", \"値\"\n      row \"a\", \"98%\"\n      row \"b\", \"1,000\"\n    }\n  }",
    );
    let (_d, path) = temp_spec(&text);
    let html = Html::parse_document(&render_ok(&path, "html", &[]));
    let cells = attrs(&html, "tbody td", "class");
    assert_eq!(cells, [None, Some("num".into()), None, Some("num".into())]);
    let css = texts(&html, "style").join("");
    assert!(css.contains("td.num { text-align: right; }"));
    assert!(css.contains("th { white-space: nowrap; }"));
    // Typst: right-aligned numeric column, shaded head row, content-sized columns.
    let typ = render_ok(&path, "typst", &[]);
    assert!(typ.contains("align: (left, right, ),"), "{typ}");
    assert!(
        typ.contains("fill: (_, y) => if y == 0 { luma(93%) }"),
        "{typ}"
    );
    assert!(
        typ.contains("  columns: 2,\n"),
        "document tables are content-sized: {typ}"
    );
}

#[test]
fn an_ornament_is_drawn_by_a_show_rule_in_the_pdf_not_written_in_the_heading() {
    let typ = render_ok(&spec("calltree.sla"), "typst", &[]);
    let headings: Vec<&str> = typ
        .lines()
        .filter(|l| l.starts_with("#heading(") || l.starts_with("#ornamented("))
        .collect();
    assert!(headings.len() > 10, "{typ}");
    for h in &headings {
        let title = h.split_once(")[").map_or("", |(_, t)| t);
        assert!(
            !title.contains('●'),
            "the heading's content holds no ●: {h}"
        );
    }
    assert!(
        headings
            .iter()
            .any(|h| h.starts_with("#ornamented([#\"●\";], 1)[")),
        "{headings:?}"
    );
    assert!(typ.contains("show heading: it => block(mark + it.body)"));
    // The page shows the ●; the bookmarks show the title alone.
    let pdf = render_pdf(&spec("calltree.sla"), &[]);
    let text = pdf_text(&pdf);
    assert!(text.contains("●サービス稼働率"), "{text}");
    let outline = pdf_outline(&pdf);
    assert!(
        outline.contains(&"サービス稼働率".to_string()),
        "{outline:?}"
    );
    assert!(outline.iter().all(|t| !t.contains('●')), "{outline:?}");
    // A document with chapters and ornaments: the 目次 lists the titles without ●.
    let (_d, path) = temp_spec(&minimal(
        "  style { section \"●{title}\" }\n  chapter c \"総則\" {\n    section s \"目的\" { text \"本文です。\" }\n  }",
    ));
    let pdf = render_pdf(&path, &[]);
    let first = pdf_page_text(&pdf, 1);
    let contents: Vec<&str> = first
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("目的"))
        .collect();
    assert_eq!(contents.len(), 2, "目次 and heading: {first}");
    assert!(contents.iter().any(|l| l.starts_with("目的")), "{first}");
    assert!(contents.iter().any(|l| l.starts_with("●目的")), "{first}");
    assert_eq!(pdf_outline(&pdf), ["第1章 総則", "目的"]);
}

/// The PDF's bookmarks (outline) in order, from `pdftohtml -xml`.
fn pdf_outline(pdf: &[u8]) -> Vec<String> {
    let xml = poppler("pdftohtml", &["-xml", "-stdout", "-i", "-q"], pdf);
    xml.lines()
        .filter_map(|l| l.strip_prefix("<item page=\""))
        .filter_map(|l| {
            l.split_once("\">")
                .map(|(_, t)| t.trim_end_matches("</item>").to_string())
        })
        .collect()
}

#[test]
fn an_ornament_is_drawn_by_the_stylesheet_not_printed_in_the_heading() {
    let html = Html::parse_document(&render_ok(&spec("calltree.sla"), "html", &[]));
    let h2 = texts(&html, "main h2");
    assert!(!h2.is_empty());
    assert!(h2.iter().all(|h| !h.contains('●')), "{h2:?}");
    assert!(
        attrs(&html, "main h2", "data-ornament")
            .iter()
            .all(|o| o.as_deref() == Some("●"))
    );
    let css = texts(&html, "style").join("");
    assert!(css.contains(".ornament::before { content: attr(data-ornament); }"));
}

// ---------------------------------------------------------------------------------------------
// 5. Typography

/// Lines of a PDF's text that are only the end of a sentence (「す。」「ます。」).
fn orphan_ends(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.ends_with('。') && l.chars().count() <= 3)
        .map(str::to_string)
        .collect()
}

#[test]
fn no_pdf_line_is_only_the_end_of_a_sentence() {
    for s in spec_files() {
        let text = pdf_text(&render_pdf(&s, &[]));
        assert_eq!(orphan_ends(&text), Vec::<String>::new(), "{}", s.display());
    }
    let text = pdf_text(&history_pdf());
    assert_eq!(orphan_ends(&text), Vec::<String>::new());
}

#[test]
fn ranges_and_dates_are_never_broken_across_lines() {
    // A narrow cell forces breaks; none may fall inside a range or a date.
    let text = minimal(
        "  clause a \"表\" {\n    table {\n      columns \"時間\"\n      row \"平日9:00～12:00および13:00～18:00、12月28日から1月4日まで\"\n    }\n  }",
    );
    let (_d, path) = temp_spec(&text);
    let typ = render_ok(&path, "typst", &[]);
    assert!(typ.contains("#box[#\"9:00～12:00\";]"), "{typ}");
    assert!(typ.contains("#box[#\"12月28日\";]"), "{typ}");
    let pdf = pdf_text(&render_pdf(&spec("calltree.sla"), &[]));
    for want in ["10:00～19:00", "00:00～05:00", "8:00～22:00"] {
        assert!(pdf.contains(want), "{want}");
    }
    // HTML: the same runs in a span the stylesheet keeps on one line (a 400 px screen broke
    // 「12月29|日」), in the document and in the 変更履歴, there also across a changed part.
    let html = render_ok(&path, "html", &[]);
    for want in ["9:00～12:00", "13:00～18:00", "12月28日", "1月4日"] {
        assert!(
            html.contains(&format!("<span class=\"nobr\">{want}</span>")),
            "{want}: {html}"
        );
    }
    let parsed = Html::parse_document(&html);
    assert!(
        texts(&parsed, "style")
            .join("")
            .contains(".nobr { white-space: nowrap; }")
    );
    assert_eq!(
        texts(&parsed, "td"),
        ["平日9:00～12:00および13:00～18:00、12月28日から1月4日まで"]
    );
    let history = history("html", &[]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    assert!(
        history
            .stdout
            .contains("<span class=\"nobr\">12月<u class=\"chg\">28</u>日</span>"),
        "{}",
        history.stdout
    );
    assert!(history.stdout.contains(".nobr { white-space: nowrap; }"));
}

#[test]
fn lists_notes_and_paragraphs_share_one_rhythm() {
    // In the Typst source: one gap for paragraph spacing, line leading and list items.
    let typ = render_ok(&spec("calltree.sla"), "typst", &[]);
    assert!(typ.contains("#let gap = 0.85em"));
    assert!(typ.contains(
        "#set par(justify: false, linebreaks: \"optimized\", leading: gap, spacing: gap)"
    ));
    assert!(typ.contains("block(above: gap, below: gap"));
    assert!(typ.contains("cjk-latin-spacing: none"));
    // HTML: list items are apart as paragraphs and notes are (one margin, no tighter lists).
    let html = Html::parse_document(&render_ok(&spec("calltree.sla"), "html", &[]));
    let css = texts(&html, "style").join("");
    assert!(css.contains("p { margin: .4em 0; }"), "{css}");
    assert!(
        css.contains("ul.list li { padding-left: 2.2em; text-indent: -2.2em; margin: .4em 0; }"),
        "{css}"
    );
}

/// `pdftotext -bbox` or `-bbox-layout`: XHTML with the boxes of words (and lines) in points;
/// the doctype is dropped so that an XML parser reads it.
fn pdftotext_bbox(pdf: &[u8], mode: &str) -> String {
    let xml = poppler("pdftotext", &[mode, "-enc", "UTF-8"], pdf);
    xml[xml.find("<html").expect("XHTML")..].to_string()
}

/// A number attribute of poppler's XHTML.
fn num(n: &roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap().parse().unwrap()
}

/// A line of a PDF page as poppler places it (`pdftotext -bbox-layout`), in points from the top.
#[derive(Debug, Clone)]
struct PdfLine {
    page: usize,
    x: f64,
    top: f64,
    bottom: f64,
    text: String,
}

/// Every line of a PDF, page by page, top to bottom (left to right on one height), without the
/// running header and the page number (the top and bottom margins, 24 mm).
fn pdf_lines(pdf: &[u8]) -> Vec<PdfLine> {
    let xml = pdftotext_bbox(pdf, "-bbox-layout");
    let doc = roxmltree::Document::parse(&xml).expect("poppler's XHTML parses");
    let margin = 24.0 * 72.0 / 25.4;
    let mut out = Vec::new();
    for (i, page) in doc
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .enumerate()
    {
        let height = num(&page, "height");
        let mut lines: Vec<PdfLine> = page
            .descendants()
            .filter(|n| n.has_tag_name("line"))
            .map(|l| PdfLine {
                page: i + 1,
                x: num(&l, "xMin"),
                top: num(&l, "yMin"),
                bottom: num(&l, "yMax"),
                text: l
                    .descendants()
                    .filter(|w| w.has_tag_name("word"))
                    .filter_map(|w| w.text())
                    .collect(),
            })
            .filter(|l| l.bottom > margin && l.top < height - margin)
            .collect();
        lines.sort_by(|a, b| {
            (a.top.round(), a.x)
                .partial_cmp(&(b.top.round(), b.x))
                .unwrap()
        });
        out.extend(lines);
    }
    out
}

/// A block of the document's body as the HTML has it: its kind (`h`, `p`, `note`, `li`,
/// `table`) and its text without white space (an ornament's mark included, as the PDF prints it).
fn html_blocks(html: &Html) -> Vec<(&'static str, String)> {
    html.with(|d| {
        let main = select(d, "main")[0];
        let mut out = Vec::new();
        for n in main.descendants().filter(|n| n.is_element()) {
            if n.ancestors().skip(1).any(|a| a.has_tag_name("table")) {
                continue;
            }
            let tag = n.tag_name().name();
            let kind = match tag {
                "h2" | "h3" | "h4" | "h5" | "h6" => "h",
                "p" if n.attribute("class") == Some("note") => "note",
                "p" => "p",
                "li" => "li",
                "table" => "table",
                _ => continue,
            };
            let text = format!(
                "{}{}",
                n.attribute("data-ornament").unwrap_or(""),
                node_text(&n)
            );
            out.push((kind, squash_all(&text)));
        }
        out
    })
}

/// The PDF's body lines, each with the index of the HTML block it belongs to: the lines are
/// matched to the blocks in order (a table's lines, which run across its cells, by their
/// characters). Fails when the two do not read the same.
fn body_lines(pdf: &[u8], blocks: &[(&str, String)]) -> Vec<(usize, PdfLine)> {
    let lines = pdf_lines(pdf);
    // The body starts at its first block; the title block and the 目次 (its entries have leader
    // dots) come before it.
    let start = lines
        .iter()
        .position(|l| {
            let t = squash_all(&l.text);
            !t.is_empty() && !t.contains("..") && blocks[0].1.starts_with(&t)
        })
        .expect("the body starts");
    let mut out = Vec::new();
    let mut rest = lines[start..].iter();
    for (i, (kind, text)) in blocks.iter().enumerate() {
        let mut got = String::new();
        while got.chars().count() < text.chars().count() {
            let l = rest
                .next()
                .unwrap_or_else(|| panic!("block {i} {text} is not in the PDF"));
            got.push_str(&squash_all(&l.text));
            out.push((i, l.clone()));
        }
        let sorted = |s: &str| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort();
            v
        };
        if *kind == "table" {
            assert_eq!(sorted(&got), sorted(text), "table {i}");
        } else {
            assert_eq!(&got, text, "block {i}");
        }
    }
    out
}

#[test]
fn lists_notes_and_paragraphs_keep_one_rhythm_on_the_page_and_tables_keep_their_distance() {
    let mut measured = std::collections::BTreeMap::<&str, Vec<(f64, String)>>::new();
    for name in ["calltree.sla", SYNERGY] {
        let html = Html::parse_document(&render_ok(&spec(name), "html", &[]));
        let blocks = html_blocks(&html);
        let pdf = render_pdf(&spec(name), &[]);
        let lines = body_lines(&pdf, &blocks);
        for pair in lines.windows(2) {
            let ((i, a), (j, b)) = (&pair[0], &pair[1]);
            if a.page != b.page {
                continue;
            }
            let (ka, kb) = (blocks[*i].0, blocks[*j].0);
            let pitch = b.top - a.top;
            let what = format!("{name} p.{}: {} / {}", a.page, a.text, b.text);
            let category = match (i == j, ka, kb) {
                (true, "p", _) => "a wrapped paragraph's lines",
                (true, "li", _) => "a wrapped list item's lines",
                (true, "note", _) => "a wrapped note's lines",
                (false, "p", "p") => "paragraph to paragraph",
                (false, "li", "li") => "list item to list item",
                (false, "p" | "li" | "note", "p" | "li" | "note") => "note, list and paragraph",
                (false, "table", k) | (false, k, "table") if k != "table" && k != "h" => {
                    // Between the text outside a table and the table's text: the border and
                    // the cell's inset lie between them, never on the text.
                    measured
                        .entry("text to table")
                        .or_default()
                        .push((b.top - a.bottom, what));
                    continue;
                }
                _ => continue,
            };
            measured.entry(category).or_default().push((pitch, what));
        }
    }
    // The paragraph's line pitch is the document's rhythm.
    let rhythm = measured["a wrapped paragraph's lines"][0].0;
    assert!((15.0..20.0).contains(&rhythm), "{rhythm}");
    // Both documents have each of these (no note of theirs wraps; a wrapped note is measured
    // when there is one).
    for category in [
        "a wrapped paragraph's lines",
        "a wrapped list item's lines",
        "paragraph to paragraph",
        "list item to list item",
        "note, list and paragraph",
    ] {
        assert!(measured.contains_key(category), "no {category} measured");
    }
    for (category, found) in measured.iter().filter(|(c, _)| **c != "text to table") {
        for (pitch, what) in found {
            assert!(
                (pitch - rhythm).abs() <= 0.5,
                "{category}: {pitch:.2} pt, not the paragraph's {rhythm:.2} pt ({what})"
            );
        }
    }
    // A table stands apart: at least a line's gap plus the cell's inset between its text and the
    // text above or below it (the border is in between).
    let line_gap = rhythm - 10.5;
    let tables = &measured["text to table"];
    assert!(tables.len() >= 3, "{tables:?}");
    for (gap, what) in tables {
        assert!(
            *gap >= line_gap + 4.0,
            "text and table {gap:.2} pt apart ({what})"
        );
    }
}

/// The words of a PDF with their widths in points (`pdftotext -bbox`; Japanese text has no
/// spaces, so a word is a line's run of text).
fn pdf_words(pdf: &[u8]) -> Vec<(String, f64)> {
    let xml = pdftotext_bbox(pdf, "-bbox");
    let doc = roxmltree::Document::parse(&xml).expect("poppler's XHTML parses");
    doc.descendants()
        .filter(|n| n.has_tag_name("word"))
        .map(|w| {
            (
                w.text().unwrap_or("").to_string(),
                num(&w, "xMax") - num(&w, "xMin"),
            )
        })
        .collect()
}

#[test]
fn full_width_letters_and_digits_are_set_one_em_apart_never_spaced() {
    // 「ＯＳ」 in CALLTREE: every character of its line is full width, so the line is exactly as
    // many ems wide as it has characters; a space or letter-spacing anywhere would widen it.
    let words = pdf_words(&render_pdf(&spec("calltree.sla"), &[]));
    let (word, width) = words
        .iter()
        .find(|(w, _)| w.contains("ＯＳ"))
        .expect("the line with ＯＳ");
    assert_eq!(word, "・当社製造以外（第三者）のソフト、ＯＳに起因する障害");
    let ems = width / 10.5;
    assert!(
        (ems - word.chars().count() as f64).abs() < 0.01,
        "{word}: {ems:.3} em for {} characters",
        word.chars().count()
    );
    // Full-width Latin letters and digits between kana and kanji, in a paragraph, a list item,
    // a note and a table cell (all in the body size).
    let run = "ＯＳはＷｉｎｄｏｗｓ１１とＬｉｎｕｘ６を対象とします";
    let (_d, path) = temp_spec(&minimal(&format!(
        "  clause a \"対象\" {{\n    text \"{run}\"\n    list {{ \"{run}\" }}\n    note \"{run}\"\n    table {{\n      columns \"区分\"\n      row \"{run}\"\n    }}\n  }}"
    )));
    let words = pdf_words(&render_pdf(&path, &[]));
    let found: Vec<&(String, f64)> = words.iter().filter(|(w, _)| w.ends_with(run)).collect();
    assert_eq!(found.len(), 4, "{words:?}");
    for (word, width) in found {
        let ems = width / 10.5;
        assert!(
            (ems - word.chars().count() as f64).abs() < 0.01,
            "{word}: {ems:.3} em for {} characters",
            word.chars().count()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 6. HTML

#[test]
fn html_prints_page_numbers_and_says_when_it_was_updated() {
    let html = Html::parse_document(&render_ok(&spec(SYNERGY), "html", &[]));
    let css = texts(&html, "style").join("");
    assert!(css.contains("@bottom-center { content: counter(page) \" / \" counter(pages);"));
    assert!(css.contains("tr { break-inside: avoid;"));
    assert_eq!(
        texts(&html, "footer.updated p"),
        ["最終更新日：2021年8月24日"]
    );
    let dated = Html::parse_document(&render_ok(
        &spec(SYNERGY),
        "html",
        &["--date", "2021-09-01"],
    ));
    assert_eq!(
        texts(&dated, "footer.updated p"),
        ["最終更新日：2021年9月1日"]
    );
}

/// The Synergy! spec's `history_url`.
const HISTORY_URL: &str = "https://support.crmstyle.com/contract/contract-sla";

#[test]
fn the_document_links_to_its_change_history_in_every_format() {
    // Markdown: an autolink on the last line of the title block.
    let md = render_ok(&spec(SYNERGY), "md", &[]);
    let links: Vec<(pulldown_cmark::LinkType, String)> = md_events(&md)
        .into_iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => Some((link_type, dest_url.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        links,
        [(pulldown_cmark::LinkType::Autolink, HISTORY_URL.to_string())]
    );
    assert!(md_paragraphs(&md)[0].ends_with(&format!("\n変更履歴：{HISTORY_URL}")));
    // HTML: a link in the title block, and the only one outside the 目次.
    let html = Html::parse_document(&render_ok(&spec(SYNERGY), "html", &[]));
    assert_eq!(attrs(&html, ".meta a", "href"), [Some(HISTORY_URL.into())]);
    assert_eq!(
        texts(&html, ".meta p").last().unwrap(),
        &format!("変更履歴：{HISTORY_URL}")
    );
    assert!(texts(&html, "main a").is_empty());
    // PDF: a link annotation over the address on the first page.
    let pdf = render_pdf(&spec(SYNERGY), &[]);
    let xml = poppler(
        "pdftohtml",
        &["-xml", "-stdout", "-i", "-q", "-l", "1"],
        &pdf,
    );
    assert!(
        xml.contains(&format!("<a href=\"{HISTORY_URL}\">")),
        "{xml}"
    );
    let first = squash(&pdf_page_text(&pdf, 1));
    assert!(
        first.contains(&squash(&format!("変更履歴：{HISTORY_URL}"))),
        "{first}"
    );
    // `{history_url}` is a value texts may use; as spec text it stays text, not a link.
    let (_d, path) = temp_spec(&minimal(&format!(
        "  history_url \"{HISTORY_URL}\"\n  clause a \"概要\" {{ text \"変更履歴は{{history_url}}をご覧ください。\" }}"
    )));
    let html = Html::parse_document(&render_ok(&path, "html", &[]));
    assert_eq!(
        texts(&html, "main p"),
        [format!("変更履歴は{HISTORY_URL}をご覧ください。")]
    );
    assert!(texts(&html, "main a").is_empty());
    // Without `history_url`: no line, and `{history_url}` has no value (E0110).
    let md = render_ok(&spec("calltree.sla"), "md", &[]);
    assert!(!md.contains("変更履歴"), "{md}");
    let (_d2, bad) = temp_spec(&minimal("  clause a \"概要\" { text \"{history_url}\" }"));
    let run = slagen(&["check", bad.to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stderr.contains("E0110")),
        (1, true),
        "{}",
        run.stderr
    );
}

#[test]
fn a_table_longer_than_a_page_repeats_its_head_and_never_splits_a_row() {
    let rows: String = (1..=40)
        .map(|i| {
            format!(
                "      row \"{i}\", \"{}第{i}行の終わり\"\n",
                "長い説明文です。".repeat(12)
            )
        })
        .collect();
    let (_d, path) = temp_spec(&minimal(&format!(
        "  clause a \"表\" {{\n    table {{\n      columns \"番号\", \"内容\"\n{rows}    }}\n  }}"
    )));
    // HTML print: the head is a table-header-group (repeated on every printed page) and a row
    // breaks only when it is taller than a page.
    let html = Html::parse_document(&render_ok(&path, "html", &[]));
    let css = texts(&html, "style").join("");
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    assert!(
        print.contains("thead { display: table-header-group; }"),
        "{print}"
    );
    assert!(
        print.contains("tr { break-inside: avoid; page-break-inside: avoid; }"),
        "{print}"
    );
    assert_eq!(texts(&html, "table thead th"), ["番号", "内容"]);
    assert_eq!(texts(&html, "table tbody tr").len(), 40);
    // PDF: every page starts the table with its head, and each row is whole on one page.
    let pdf = render_pdf(&path, &[]);
    let pages = pdf_pages(&pdf);
    assert!(pages >= 3, "{pages} pages");
    let mut rows_seen = 0;
    for p in 1..=pages {
        let text = squash_all(&pdf_page_text(&pdf, p));
        let body = &text[text
            .find("番号内容")
            .unwrap_or_else(|| panic!("page {p}: {text}"))..];
        for i in 1..=40 {
            let end = format!("第{i}行の終わり");
            if body.contains(&end) {
                rows_seen += 1;
                let start = body.find(&end).unwrap();
                assert!(
                    body[..start].ends_with(&"長い説明文です。".repeat(12)),
                    "row {i} is whole on page {p}"
                );
            }
        }
    }
    assert_eq!(rows_seen, 40);
}

// ---------------------------------------------------------------------------------------------
// 7, 10, 11. The 新旧対照表 and the 変更履歴

#[test]
fn the_amendment_table_says_what_is_compared() {
    let run = slagen(&[
        "diff",
        "specs/synergy/2017-05-08.sla",
        "specs/synergy/2020-03-10.sla",
        "--format",
        "html",
        "--remarks",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = Html::parse_document(&run.stdout);
    assert_eq!(
        texts(&html, "h1"),
        ["Synergy!サービス品質保証制度(SLA) 新旧対照表"]
    );
    assert_eq!(texts(&html, "p.legend"), ["（傍線部分は改定部分）"]);
    assert_eq!(
        texts(&html, "thead th"),
        [
            "改定前（2017年5月8日版）",
            "改定後（2020年3月10日版）",
            "備考"
        ]
    );
    assert_eq!(texts(&html, "td.remarks"), ["（変更）"]);
    let css = texts(&html, "style").join("");
    assert!(css.contains("p.legend { font-size: .9em; text-align: right;"));
    // Heading levels never skip.
    let levels: Vec<usize> = html.with(|d| {
        d.descendants()
            .filter(|n| matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4"))
            .map(|n| n.tag_name().name()[1..].parse().unwrap())
            .collect()
    });
    assert_eq!(levels, [1, 2]);
    // Without dates and without 備考 when asked.
    let run = slagen(&[
        "diff",
        "specs/synergy/2017-05-08.sla",
        "specs/synergy/2020-03-10.sla",
        "--undated-columns",
    ]);
    let tables = md_tables(&run.stdout);
    assert_eq!(tables[0][0], ["改定前", "改定後"]);
}

#[test]
fn the_change_history_page_is_the_seeds_page() {
    let run = history("md", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = &run.stdout;
    let paras = md_paragraphs(md);
    assert_eq!(paras[0], "（傍線部分は改定部分）");
    assert_eq!(
        paras[1],
        "「Synergy!」には2007年4月2日より、また「Synergy!LINK」には2013年10月1日より、サービス品質保証制度(SLA)を導入いたしました。\n今後Synergy!ならびにSynergy!LINKの各サービスは同制度に則り提供いたします。"
    );
    let heads = md_headings(md);
    let level3: Vec<&str> = heads
        .iter()
        .filter(|(l, _)| *l == 3)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        level3,
        [
            "・2007年4月2日 制定",
            "・2012年12月1日付",
            "・2016年2月8日付",
            "・2017年5月8日付",
            "・2020年3月10日付",
            "・2021年8月24日付",
            "・2013年10月1日 制定",
            "・2017年5月8日付",
        ]
    );
    // A single item: Synergy! does not number it, Synergy!LINK does (`style { items "always" }`).
    assert!(paras.iter().any(
        |p| p == "「第2章 運用・保守」にリターゲティングメールに関しての規定を追加いたします。"
    ));
    assert!(
        paras
            .iter()
            .any(|p| p == "1.「第5章 カスタマーサポート」の記載において、営業時間を変更します。")
    );
    // The page's date and company at the end.
    assert_eq!(
        paras.last().unwrap(),
        "2021年8月24日\nシナジーマーケティング株式会社"
    );
}

#[test]
fn the_date_and_company_never_stand_alone_on_the_last_page() {
    // The full 変更履歴 filled its third page to the bottom: the date and company were once a
    // fourth page of their own. They are the last table's borderless last row now.
    let pdf = history_pdf();
    let pages = pdf_pages(&pdf);
    let last = pdf_page_text(&pdf, pages);
    let lines: Vec<&str> = last
        .lines()
        .map(str::trim)
        // Without the page number (「3 / 3」).
        .filter(|l| {
            !l.chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == ' ')
        })
        .collect();
    let n = lines.len();
    assert!(n > 2, "the last page is only: {lines:?}");
    assert_eq!(
        lines[n - 2..],
        ["2021年8月24日", "シナジーマーケティング株式会社"],
        "{last}"
    );
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("シナジーマーケティング株式会社").count(), 1);
}

#[test]
fn markdown_marks_removed_text_as_removed_and_added_text_as_added() {
    let run = slagen(&[
        "diff",
        "specs/synergy/2016-02-08.sla",
        "specs/synergy/2017-05-08.sla",
    ]);
    // Read the cells' inline HTML back with pulldown-cmark: <del> only in the old column,
    // <ins> only in the new one.
    let mut column = 0;
    let mut seen = Vec::new();
    for e in md_events(&run.stdout) {
        match e {
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => column = 0,
            Event::Start(Tag::TableCell) => column += 1,
            Event::InlineHtml(h) if h.starts_with("<del>") || h.starts_with("<ins>") => {
                seen.push((column, h.to_string()))
            }
            _ => {}
        }
    }
    assert_eq!(seen, [(1, "<del>".to_string()), (2, "<ins>".to_string())]);
}

// ---------------------------------------------------------------------------------------------
// 8. Marks on word boundaries

fn is_kanji(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '々'
}
fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}
fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// A mark edge between `a` and `b` that cuts a word: inside a run of kanji, of katakana, of
/// digits and Latin letters, or between a kanji and its inflection (「生じ|た」, 「使|用」).
fn cuts_word(a: char, b: char) -> bool {
    (is_kanji(a) && is_kanji(b))
        || (is_katakana(a) && is_katakana(b))
        || (is_alnum(a) && is_alnum(b))
        || (is_kanji(a)
            && ('\u{3041}'..='\u{3096}').contains(&b)
            && !"のをはがにでともへやかしすさせお".contains(b))
}

#[test]
fn every_mark_of_the_seed_history_starts_and_ends_on_a_word_boundary() {
    let run = history("json", &[]);
    let page: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut edges = 0;
    let mut cuts = Vec::new();
    for spec in page["specs"].as_array().unwrap() {
        for rev in spec["revisions"].as_array().unwrap() {
            for item in rev["items"].as_array().unwrap() {
                for row in item["rows"].as_array().unwrap() {
                    for side in ["old", "new"] {
                        for line in row[side]["lines"].as_array().unwrap() {
                            let segs: Vec<(String, bool)> = line
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|s| {
                                    (
                                        s["text"].as_str().unwrap().to_string(),
                                        s["changed"].as_bool().unwrap(),
                                    )
                                })
                                .collect();
                            for w in segs.windows(2) {
                                if w[0].1 != w[1].1 {
                                    edges += 1;
                                    let a = w[0].0.chars().last().unwrap();
                                    let b = w[1].0.chars().next().unwrap();
                                    if cuts_word(a, b) {
                                        cuts.push(format!("{}|{}", w[0].0, w[1].0));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(edges >= 40, "{edges} edges");
    assert_eq!(cuts, Vec::<String>::new());
    // The three cuts the issue names are whole words now.
    let md = history("md", &[]).stdout;
    assert!(md.contains("<del>ハードディスクの使用率</del>"), "{md}");
    assert!(md.contains("<ins>リソースの利用率</ins>"));
    assert!(md.contains("<ins>Synergy!のカスタマーサポート回答時間に準じます。</ins>"));
    assert!(!md.contains("生じ</ins>"));
}

// ---------------------------------------------------------------------------------------------
// 9. Page breaks

/// The text of one page of a PDF, cropped to a horizontal band (points from the left).
fn page_column(pdf: &[u8], page: usize, x: u32, w: u32) -> String {
    let p = page.to_string();
    let (x, w) = (x.to_string(), w.to_string());
    poppler(
        "pdftotext",
        &[
            "-f", &p, "-l", &p, "-x", &x, "-y", "0", "-W", &w, "-H", "842", "-enc", "UTF-8",
        ],
        pdf,
    )
}

fn squash_all(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn no_row_of_the_seed_history_is_split_across_pages() {
    let pdf = history_pdf();
    let pages = pdf_pages(&pdf);
    assert!(pages >= 3, "{pages} pages");
    // A4 is 595 pt wide; the margins are 18 mm (51 pt); the two columns meet at the middle.
    let left: Vec<String> = (1..=pages)
        .map(|p| squash_all(&page_column(&pdf, p, 0, 297)))
        .collect();
    let right: Vec<String> = (1..=pages)
        .map(|p| squash_all(&page_column(&pdf, p, 298, 297)))
        .collect();
    let page: serde_json::Value = serde_json::from_str(&history("json", &[]).stdout).unwrap();
    let mut rows = 0;
    for spec in page["specs"].as_array().unwrap() {
        for rev in spec["revisions"].as_array().unwrap() {
            for item in rev["items"].as_array().unwrap() {
                for row in item["rows"].as_array().unwrap() {
                    rows += 1;
                    for (side, columns) in [("old", &left), ("new", &right)] {
                        let text: String = row[side]["lines"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .flat_map(|l| l.as_array().unwrap())
                            .map(|s| s["text"].as_str().unwrap())
                            .collect();
                        let want = squash_all(&text);
                        assert!(
                            columns.iter().any(|c| c.contains(&want)),
                            "row {} ({side}) is not whole on one page: {want}",
                            row["id"]
                        );
                    }
                }
            }
        }
    }
    assert_eq!(rows, 10);
}

#[test]
fn history_headings_break_between_words_not_inside_them() {
    // At 400 px 「…(SLA)：変更履歴」 broke as 「変|更履歴」: headings keep CJK words whole and
    // break at 「：」, spaces and brackets (a heading longer than the line still breaks).
    let run = history("html", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = Html::parse_document(&run.stdout);
    let css = texts(&html, "style").join("");
    assert!(
        css.contains("h1, h2, h3 { word-break: keep-all; overflow-wrap: anywhere; }"),
        "{css}"
    );
    assert!(
        texts(&html, "h2")
            .iter()
            .any(|h| h.ends_with("(SLA)：変更履歴")),
        "{:?}",
        texts(&html, "h2")
    );
}
