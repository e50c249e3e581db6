//! Spec text never becomes markup or code. `tests/fixtures/render/injection/spec.sla` puts the
//! syntax of all three output languages into every kind of text (title, service, headings,
//! paragraphs, a multi-line paragraph whose lines start like list items and headings, a note,
//! list items, table heads and cells, a field, a term label and a term's `wording`); each format
//! must show it literally. `tests/fixtures/render/edge/spec.sla` checks the layout of awkward
//! text: blank lines and trailing backslashes in paragraphs, multi-line items and cells, a table
//! without a header row, and lines that start like other Markdown blocks.

use crate::render_common::*;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The payload every single-line text of the fixture carries.
const PAYLOAD: &str = "<script>alert(1)</script> | *bold* _u_ #read(\"/etc/passwd\") $x$ @ref [link](x) `code` <!-- c --> &amp;";

/// Texts of the fixture that must appear whole, each in its own block.
const TEXTS: [&str; 5] = ["段落：", "注記：", "項目：", "セル：", "値："];

/// Lines that start like Markdown/Typst block markup.
const LINE_STARTS: [&str; 3] = ["1. 番号のような行", "- 箇条のような行", "# h"];

#[test]
fn markdown_shows_injected_text_literally() {
    let md = render_ok(&fixture("injection/spec.sla"), "md", &[]);
    let events = md_events(&md);

    // Only the structure the template writes: headings, paragraphs, one table, text, line
    // breaks, and the `<br>` the template uses inside table cells — nothing the text asked for.
    for e in &events {
        let allowed = match e {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph)
            | Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => true,
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(
                TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => true,
            Event::Text(_) | Event::SoftBreak | Event::HardBreak => true,
            Event::InlineHtml(h) => h.as_ref() == "<br>",
            _ => false,
        };
        assert!(allowed, "markup from spec text: {e:?}\n{md}");
    }
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::InlineHtml(_)))
            .count(),
        0,
        "no cell of the fixture has two lines, so no <br> at all"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
            .count(),
        1
    );

    // The headings are the generated ones, their text literal.
    assert_eq!(
        md_headings(&md),
        vec![
            (1, "注入<script>alert(1)</script>".to_string()),
            (
                2,
                "第1章 章<script>alert(1)</script> | *bold* _u_".to_string()
            ),
            (3, "1.条項 | *bold* _u_ #read(\"/etc/passwd\")".to_string()),
        ]
    );

    // Every text block holds the literal payload.
    let text = md_text(&md);
    for t in TEXTS {
        assert!(
            text.contains(&format!("{t}{PAYLOAD}")),
            "{t}{PAYLOAD} not literal in:\n{text}"
        );
    }
    assert!(
        text.contains(&format!("窓口：{PAYLOAD}／文言：{PAYLOAD}")),
        "{text}"
    );
    assert!(text.contains(&format!("欄<script>alert(1)</script>：値：{PAYLOAD}")));
    assert!(text.contains("サービス名：X*bold*_u_"), "{text}");
    // Lines that look like list items or headings stay lines of a paragraph.
    assert!(text.contains(&LINE_STARTS.join("\n")), "{text}");
    for item in ["・1. 番号のような項目", "・- 箇条のような項目", "・# h"] {
        assert!(text.contains(item), "{item}: {text}");
    }

    // The table: a `|` in a cell does not split it, `1.`, `-` and `#` at a cell start are text.
    let tables = md_tables(&md);
    assert_eq!(
        tables,
        vec![vec![
            vec![
                "列<script>alert(1)</script>".to_string(),
                "列 | *bold*".to_string()
            ],
            vec![format!("セル：{PAYLOAD}"), String::new()],
            vec!["- 箇条".to_string(), "1. 番号".to_string()],
            vec!["# h".to_string(), "@ref".to_string()],
        ]]
    );
}

#[test]
fn html_shows_injected_text_escaped() {
    let html = render_ok(&fixture("injection/spec.sla"), "html", &[]);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<!--"), "{html}");
    assert!(
        !lower.contains("&amp;\n") && !html.contains(" &amp; "),
        "a raw &amp; would show as &"
    );
    // `<br>` only where a paragraph has several lines (the multi-line paragraph).
    assert_eq!(html.matches("<br>").count(), 2, "{html}");

    // Undo the HTML escaping and the payload is there, literally, in every kind of text.
    let body = &html[html.find("<body>").expect("a body")..];
    let text = unescape_html(&strip_tags(body));
    for t in TEXTS {
        assert!(text.contains(&format!("{t}{PAYLOAD}")), "{t}: {text}");
    }
    assert!(
        text.contains(&format!("窓口：{PAYLOAD}／文言：{PAYLOAD}")),
        "{text}"
    );
    assert!(
        text.contains("1. 番号のような行- 箇条のような行# h"),
        "{text}"
    );
    let title = &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()];
    assert_eq!(
        unescape_html(title),
        "注入<script>alert(1)</script>｜X*bold*_u_"
    );
}

/// Removes tags, assuming (as the test checks separately) that text has no raw `<`.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace('\n', "")
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// Typst source with its string literals emptied (`"…"` → `""`), escapes honoured.
fn without_strings(typ: &str) -> String {
    let mut out = String::with_capacity(typ.len());
    let mut chars = typ.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        out.push('"');
                        break;
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn typst_source_has_no_code_from_spec_text() {
    let typ = render_ok(&fixture("injection/spec.sla"), "typst", &[]);
    // Spec text is inside Typst strings, where only `\` and `"` mean anything (and are escaped).
    assert!(typ.contains("#read(\\\"/etc/passwd\\\")"), "{typ}");
    let typ = without_strings(&typ);
    assert!(!typ.contains("read") && !typ.contains("passwd"), "{typ}");
    // Outside strings, every `#` starts code the template wrote or a string; no `$` (math) or
    // `@` (reference) at all.
    let template_code = [
        "set",
        "show",
        "let",
        "align",
        "text",
        "v",
        "heading",
        "item",
        "table",
        "counter",
        "marker",
        "body",
        "h",
        "outline",
        "box",
        "gap",
        "body-font",
    ];
    let chars: Vec<char> = typ.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let escaped = i > 0 && chars[i - 1] == '\\';
        if escaped {
            continue;
        }
        match c {
            '#' if chars.get(i + 1) == Some(&'"') => {}
            '#' => {
                let ident: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
                    .collect();
                assert!(
                    template_code.contains(&ident.as_str()),
                    "#{ident} in the Typst source"
                );
            }
            '$' | '@' => panic!("unescaped {c} at {i} in the Typst source"),
            _ => {}
        }
    }
}

#[test]
fn pdf_shows_injected_text_literally_and_reads_no_file() {
    let pdf = render_pdf(&fixture("injection/spec.sla"), &[]);
    let text = pdf_text(&pdf);
    let flat = squash(&text);
    for t in TEXTS {
        let want = squash(&format!("{t}{PAYLOAD}"));
        assert!(flat.contains(&want), "{t}: {text}");
    }
    assert!(flat.contains(&squash(&format!("窓口：{PAYLOAD}／文言：{PAYLOAD}"))));
    assert!(flat.contains(&squash("欄<script>alert(1)</script>：値：")));
    assert!(flat.contains(&squash("注入<script>alert(1)</script>")));
    assert!(flat.contains(&squash("サービス名：X*bold*_u_")));
    // The lines that look like list items and headings are lines of text, markers kept.
    let lines: Vec<String> = text.lines().map(squash).collect();
    for l in LINE_STARTS {
        assert!(lines.contains(&squash(l)), "{l}: {text}");
    }
    // Quotes stay straight (no smart quotes), and nothing of /etc/passwd was read.
    assert!(!text.contains('“') && !text.contains('”'), "{text}");
    assert!(!text.contains("root:"), "{text}");
    // The table: `|` does not split a cell, `#` does not start code.
    assert!(
        flat.contains(&squash("列<script>alert(1)</script> 列 | *bold*")),
        "{text}"
    );
    assert!(flat.contains(&squash("- 箇条 1. 番号")), "{text}");
    assert!(flat.contains(&squash("# h @ref")), "{text}");
}

/// The text of `tests/fixtures/render/edge/spec.sla` as a reader sees it, line by line.
const EDGE_LINES: [&str; 15] = [
    "一行目",
    "",
    "三行目\\",
    "末尾のバックスラッシュ\\",
    "※注記一行目",
    "注記二行目",
    "1.項目一",
    "続き",
    "2.項目二",
    "先頭空白と\tタブ",
    "1) 括弧番号 + 加算 > 引用 ~~取消~~ [^1] <https://example.com> :smile: \\*",
    "+ 加算で始まる行",
    "> 引用で始まる行",
    "=== 見出し線のような行",
    "二行",
];

#[test]
fn edge_texts_keep_their_lines_in_every_format() {
    let file = fixture("edge/spec.sla");
    let md = render_ok(&file, "md", &[]);
    let text = md_text(&md);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    for want in EDGE_LINES {
        assert!(lines.contains(&want), "{want:?} is not a line of:\n{text}");
    }
    // The blank line stays inside its paragraph: two line breaks, not a new paragraph.
    assert!(text.contains("一行目\n\n三行目\\\n"), "{text}");
    // A table without a header row still parses as a table (with an empty header).
    assert_eq!(
        md_tables(&md),
        vec![vec![
            vec![String::new(), String::new()],
            vec!["見出しなし".to_string(), String::new()],
            vec!["二行\nのセル".to_string(), "|".to_string()],
        ]]
    );
    let only_text = md_events(&md).iter().all(|e| {
        !matches!(
            e,
            Event::Start(
                Tag::List(_)
                    | Tag::BlockQuote(_)
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::CodeBlock(_)
            ) | Event::FootnoteReference(_)
                | Event::Rule
        )
    });
    assert!(only_text, "{md}");

    let html = render_ok(&file, "html", &[]);
    assert!(html.contains("<p>一行目<br><br>三行目\\</p>"), "{html}");
    assert!(
        html.contains("<tr><td>二行<br>のセル</td><td>|</td></tr>"),
        "{html}"
    );
    assert!(!html.contains("<thead>"), "no header row: {html}");

    let pdf = render_pdf(&file, &[]);
    let flat = squash(&pdf_text(&pdf));
    for want in EDGE_LINES {
        assert!(
            flat.contains(&squash(want)),
            "{want:?} not in the PDF: {flat}"
        );
    }
}
