//! The language server, driven through the protocol as an editor drives it: an in-process client
//! over lsp-server's memory connection talks to `slagen::lsp::serve`. The end-to-end test with an
//! independent client (pytest-lsp, starting `slagen lsp`) is `lsp_e2e.rs`.

use crate::common::{json_diagnostics, root, slagen_in};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

/// A client with a server running in a thread.
pub struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications received while waiting for something else.
    notes: Vec<Notification>,
}

const WAIT: Duration = Duration::from_secs(60);

impl Client {
    /// Starts a server and initialises it (with file watching offered, as editors do).
    pub fn start() -> Client {
        Client::start_in(None)
    }

    /// Starts a server for a workspace folder (or none) and initialises it.
    pub fn start_in(folder: Option<&Path>) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || slagen::lsp::serve(server));
        let mut c = Client {
            conn,
            server: Some(handle),
            next: 0,
            notes: Vec::new(),
        };
        let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
        let folders = folder.map(|f| json!([{"uri": url(f), "name": "workspace"}]));
        let init = c.request(
            "initialize",
            json!({"capabilities": caps, "processId": null, "workspaceFolders": folders}),
        );
        assert!(init.error.is_none(), "{init:?}");
        c.notify("initialized", json!({}));
        c
    }

    /// Sends a request and waits for its response (answering the server's own requests).
    pub fn request(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .expect("server is running");
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(WAIT)
                .expect("an answer in time")
            {
                Message::Response(r) if r.id == id => return r,
                Message::Response(_) => {}
                Message::Request(r) => {
                    // client/registerCapability
                    let ok = Response::new_ok(r.id, Value::Null);
                    self.conn.sender.send(Message::Response(ok)).unwrap();
                }
                Message::Notification(n) => self.notes.push(n),
            }
        }
    }

    /// A request's result; fails the test on an error response.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.error.is_none(), "{method}: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .expect("server is running");
    }

    pub fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "sla", "version": 1, "text": text}}),
        );
    }

    pub fn change(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    /// Waits for the next diagnostics published for a document.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Some(i) = self.notes.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
            }) {
                let n = self.notes.remove(i);
                return n.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            match self
                .conn
                .receiver
                .recv_timeout(WAIT)
                .expect("diagnostics in time")
            {
                Message::Notification(n) => self.notes.push(n),
                Message::Request(r) => {
                    let ok = Response::new_ok(r.id, Value::Null);
                    self.conn.sender.send(Message::Response(ok)).unwrap();
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Shuts the server down as an editor does and checks that it ended cleanly.
    pub fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().expect("no panic");
        assert_eq!(result, Ok(()));
    }

    /// Sends a message as it is (an answer to a request of the server's).
    pub fn send(&self, msg: Message) {
        self.conn.sender.send(msg).expect("server is running");
    }

    /// Waits for the server to end and gives what it returned.
    pub fn join(mut self) -> Result<(), String> {
        self.server.take().unwrap().join().expect("no panic")
    }
}

/// `textDocument` + `position` parameters.
pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The URL of a file.
pub fn url(path: &Path) -> String {
    lsp_types::Url::from_file_path(path.canonicalize().unwrap_or(path.to_path_buf()))
        .unwrap()
        .to_string()
}

/// Line and UTF-16 column `plus` characters after the start of the first `needle`.
pub fn find(text: &str, needle: &str, plus: usize) -> (u32, u32) {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in text"));
    let i = i + text[i..]
        .chars()
        .take(plus)
        .map(char::len_utf8)
        .sum::<usize>();
    let line = text[..i].matches('\n').count();
    let start = text[..i].rfind('\n').map_or(0, |j| j + 1);
    let col: usize = text[start..i].chars().map(char::len_utf16).sum();
    (line as u32, col as u32)
}

fn spec(path: &str) -> (PathBuf, String, String) {
    let p = root().join(path);
    let text = std::fs::read_to_string(&p).unwrap();
    let uri = url(&p);
    (p, text, uri)
}

fn hover_text(c: &mut Client, uri: &str, text: &str, needle: &str, plus: usize) -> String {
    let (l, ch) = find(text, needle, plus);
    let h = c.call("textDocument/hover", at(uri, l, ch));
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.get("items").unwrap_or(items);
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn diagnostics_are_those_of_check() {
    let (dir, path) = crate::common::temp_spec("");
    let (_, calltree, _) = spec("specs/calltree.sla");
    // Two errors typed into the real spec: an unknown reference and a percentage over 100.
    let text = calltree
        .replace("outside    support_hours", "outside    suport_hours")
        .replacen("target   98%", "target   198%", 1);
    assert_ne!(text, calltree);
    std::fs::write(&path, &text).unwrap();
    let check = slagen_in(
        dir.path(),
        &["check", "--message-format", "json", "spec.sla"],
        None,
    );
    let expected = json_diagnostics(&check.stderr);
    assert!(expected.len() >= 2, "{}", check.stderr);

    let mut c = Client::start();
    let uri = url(&path);
    c.open(&uri, &text);
    let got = c.diagnostics(&uri);
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g["code"], e["code"]);
        let message = g["message"].as_str().unwrap();
        assert!(
            message.starts_with(e["message"].as_str().unwrap()),
            "{message}"
        );
        if let Some(help) = e["help"].as_str() {
            assert!(message.ends_with(&format!("help: {help}")), "{message}");
        }
        assert_eq!(g["range"]["start"]["line"], e["line"].as_u64().unwrap() - 1);
        assert_eq!(
            g["range"]["start"]["character"],
            e["column"].as_u64().unwrap() - 1
        );
        assert_eq!(g["source"], "slagen");
    }
    assert!(
        got.iter()
            .any(|d| d["code"] == "E0102"
                && d["message"].as_str().unwrap().contains("support_hours"))
    );

    // Hover on the mistyped reference explains its code.
    let h = hover_text(&mut c, &uri, &text, "suport_hours", 3);
    assert!(
        h.contains("**E0102**: A reference to an id that does not exist."),
        "{h}"
    );

    // Fixing the text clears them.
    c.change(&uri, 2, &calltree);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    c.shutdown();
}

#[test]
fn duplicate_ids_point_at_the_first_definition() {
    let text =
        crate::common::minimal("  clause a \"A\" { text \"x\" }\n  clause a \"B\" { text \"y\" }");
    let (_dir, path) = crate::common::temp_spec(&text);
    let mut c = Client::start();
    let uri = url(&path);
    c.open(&uri, &text);
    let got = c.diagnostics(&uri);
    let dup = got.iter().find(|d| d["code"] == "E0101").expect("E0101");
    let related = &dup["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri.as_str());
    assert_eq!(related["location"]["range"]["start"]["line"], 3);
    c.shutdown();
}

#[test]
fn a_change_to_a_used_spec_checks_its_users_again() {
    let (_, link, link_uri) = spec("specs/synergy-link/2017-05-08.sla");
    let (_, synergy, synergy_uri) = spec("specs/synergy/2017-05-08.sla");
    let mut c = Client::start();
    c.open(&link_uri, &link);
    assert_eq!(c.diagnostics(&link_uri), Vec::<Value>::new());
    // The used spec is opened and its term renamed, unsaved: the user sees the break.
    c.open(&synergy_uri, &synergy);
    assert_eq!(c.diagnostics(&synergy_uri), Vec::<Value>::new());
    let renamed = synergy.replace("hours support_hours", "hours reply_hours");
    c.change(&synergy_uri, 2, &renamed);
    let mut got = c.diagnostics(&link_uri);
    // The user may be published before the used spec's own diagnostics arrive.
    if got.is_empty() {
        got = c.diagnostics(&link_uri);
    }
    assert!(
        got.iter()
            .any(|d| d["message"].as_str().unwrap().contains("support_hours")),
        "{got:#?}"
    );
    c.change(&synergy_uri, 3, &synergy);
    assert_eq!(c.diagnostics(&link_uri), Vec::<Value>::new());
    c.shutdown();
}

#[test]
fn a_used_spec_changed_on_disk_checks_its_users_again() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.sla");
    let user = dir.path().join("user.sla");
    let base_text = crate::common::minimal(
        "  hours support_hours \"回答時間\" {\n    open mon..fri\n    windows 10:00-18:00\n  }",
    );
    std::fs::write(&base, &base_text).unwrap();
    let user_text = format!(
        "use base = \"base.sla\"\n{}",
        crate::common::minimal("  hours h \"回答時間\" = base.support_hours")
    );
    std::fs::write(&user, &user_text).unwrap();
    let mut c = Client::start();
    let uri = url(&user);
    c.open(&uri, &user_text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    std::fs::write(&base, base_text.replace("support_hours", "other")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&base), "type": 2}]}),
    );
    let got = c.diagnostics(&uri);
    assert!(
        got.iter()
            .any(|d| d["message"].as_str().unwrap().contains("support_hours")),
        "{got:#?}"
    );
    c.shutdown();
}

#[test]
fn hover_on_a_term_is_the_sentence_the_document_prints() {
    let (_, text, uri) = spec("specs/synergy/2017-05-08.sla");
    let rendered = crate::common::slagen(&["render", "specs/synergy/2017-05-08.sla"]).stdout;
    let sentence = "土曜日、日曜日、国民の祝日、年末年始(12月28日から1月4日)、および弊社所定の休日を除く、平日10:00～12:00および13:00～18:00を回答時間とします。";
    assert!(rendered.contains(sentence));
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let h = hover_text(&mut c, &uri, &text, "hours support_hours", 8);
    assert!(h.contains(sentence), "{h}");
    assert!(h.contains("`hours` **support_hours**「回答時間」"), "{h}");

    // The spec's `wording` override is used (calltree words its support hours itself).
    let (_, calltree, curi) = spec("specs/calltree.sla");
    c.open(&curi, &calltree);
    c.diagnostics(&curi);
    let h = hover_text(&mut c, &curi, &calltree, "outside    support_hours", 12);
    assert!(
        h.contains("サポート受付：土日祝日、盆、年末年始を除く10:00～19:00"),
        "{h}"
    );

    // While the text has an error, the last good version still answers, and says so.
    let broken = calltree.replacen("target   98%", "target   198%", 1);
    c.change(&curi, 2, &broken);
    assert!(!c.diagnostics(&curi).is_empty());
    let h = hover_text(&mut c, &curi, &broken, "outside    support_hours", 12);
    assert!(
        h.contains("サポート受付：土日祝日、盆、年末年始を除く10:00～19:00"),
        "{h}"
    );
    assert!(h.contains("last version without errors"), "{h}");
    c.shutdown();
}

#[test]
fn hover_on_a_reference_into_a_used_spec() {
    let (_, link, uri) = spec("specs/synergy-link/2017-05-08.sla");
    let mut c = Client::start();
    c.open(&uri, &link);
    c.diagnostics(&uri);
    let h = hover_text(&mut c, &uri, &link, "synergy.support_hours", 9);
    assert!(
        h.contains("平日10:00～12:00および13:00～18:00を回答時間とします。"),
        "{h}"
    );
    c.shutdown();
}

#[test]
fn hover_on_a_date_says_what_the_day_is() {
    let text = crate::common::minimal(
        "  company_holidays \"弊社所定の休日\" {\n    2026-01-01 \"年始休業\"\n    2026-01-10 \"棚卸\"\n    \
         2026-08-14 \"夏季休業\"\n  }\n  calendar business \"営業日\" {\n    open mon..fri\n    \
         closed sat, sun, national_holidays, company_holidays, 2026-05-01 \"創立記念日\"\n    \
         open 2026-01-12 \"臨時営業日\"\n  }",
    );
    let (_dir, path) = crate::common::temp_spec(&text);
    let mut c = Client::start();
    let uri = url(&path);
    c.open(&uri, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    let h = hover_text(&mut c, &uri, &text, "2026-01-01", 3);
    assert!(h.contains("2026-01-01（木）"), "{h}");
    assert!(h.contains("国民の祝日：元日"), "{h}");
    assert!(
        h.contains("business「営業日」：休業日：国民の祝日（元日）、弊社所定の休日（年始休業）"),
        "{h}"
    );
    let h = hover_text(&mut c, &uri, &text, "2026-08-14", 0);
    assert!(
        h.contains("（金）") && h.contains("国民の祝日ではありません"),
        "{h}"
    );
    assert!(h.contains("休業日：弊社所定の休日（夏季休業）"), "{h}");
    let h = hover_text(&mut c, &uri, &text, "2026-01-10", 0);
    assert!(
        h.contains("（土）") && h.contains("休業日：土曜日、弊社所定の休日（棚卸）"),
        "{h}"
    );
    let h = hover_text(&mut c, &uri, &text, "2026-05-01", 0);
    assert!(h.contains("休業日：休業日（創立記念日）"), "{h}");
    let h = hover_text(&mut c, &uri, &text, "2026-01-12", 0);
    assert!(h.contains("国民の祝日：成人の日"), "{h}");
    assert!(
        h.contains("：営業日（臨時営業日、国民の祝日（成人の日）による）"),
        "{h}"
    );
    c.shutdown();
}

#[test]
fn hover_on_a_severity_target_shows_an_example_deadline() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    // The same deadline as `slagen deadline specs/calltree.sla --severity 軽度 --from 2026-12-25T17:30`.
    let h = hover_text(&mut c, &uri, &text, "resolve  2 business_days", 10);
    assert!(
        h.contains("例：2026-12-25 17:30 に受付 → 2027-01-06 19:00 まで"),
        "{h}"
    );
    let cli = crate::common::slagen(&[
        "deadline",
        "specs/calltree.sla",
        "--severity",
        "軽度",
        "--from",
        "2026-12-25T17:30",
    ]);
    assert!(cli.stdout.contains("2027-01-06 19:00"), "{}", cli.stdout);
    let h = hover_text(&mut c, &uri, &text, "resolve  2h", 10);
    assert!(h.contains("→ 2026-12-25 19:30 まで"), "{h}");
    c.shutdown();
}

#[test]
fn definition_references_and_rename() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let decl = find(&text, "hours support_hours", 6);
    // From a reference (`outside support_hours`) to the declaration.
    let (l, ch) = find(&text, "outside    support_hours", 13);
    let d = c.call("textDocument/definition", at(&uri, l, ch));
    assert_eq!(d["uri"], uri.as_str());
    assert_eq!(d["range"]["start"]["line"], decl.0);
    assert_eq!(d["range"]["start"]["character"], decl.1);

    // A calendar id.
    let (l, ch) = find(&text, "calendar business", 10);
    let d = c.call("textDocument/definition", at(&uri, l, ch));
    assert_eq!(
        d["range"]["start"]["line"],
        find(&text, "calendar business \"", 0).0
    );

    // Every use of support_hours: the declaration, `outside`, the severities' `hours`.
    let mut p = at(&uri, decl.0, decl.1 + 2);
    p["context"] = json!({"includeDeclaration": true});
    let refs = c.call("textDocument/references", p);
    let lines: Vec<u64> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        text.matches("support_hours").count(),
        "{refs:#?}"
    );

    // Rename changes them all, and the result checks clean.
    let mut p = at(&uri, decl.0, decl.1);
    p["newName"] = json!("reception_hours");
    let edit = c.call("textDocument/rename", p);
    let edits = edit["changes"][uri.as_str()].as_array().unwrap().clone();
    assert_eq!(edits.len(), lines.len());
    let renamed = apply(&text, &edits);
    assert!(!renamed.contains("support_hours"));
    let (dir, path) = crate::common::temp_spec(&renamed);
    let run = slagen_in(dir.path(), &["check", path.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A name that is no id is refused.
    let mut p = at(&uri, decl.0, decl.1);
    p["newName"] = json!("two words");
    assert!(c.request("textDocument/rename", p).error.is_some());
    c.shutdown();
}

#[test]
fn navigation_across_used_specs() {
    let (_, link, link_uri) = spec("specs/synergy-link/2017-05-08.sla");
    let (_, synergy, synergy_uri) = spec("specs/synergy/2017-05-08.sla");
    let mut c = Client::start();
    c.open(&link_uri, &link);
    c.diagnostics(&link_uri);
    let (l, ch) = find(&link, "synergy.support_hours", 10);
    let d = c.call("textDocument/definition", at(&link_uri, l, ch));
    assert_eq!(d["uri"], synergy_uri.as_str());
    let decl = find(&synergy, "hours support_hours", 6);
    assert_eq!(d["range"]["start"]["line"], decl.0);
    assert_eq!(d["range"]["start"]["character"], decl.1);

    // From the declaration, the references include the user's (open) document.
    c.open(&synergy_uri, &synergy);
    c.diagnostics(&synergy_uri);
    let mut p = at(&synergy_uri, decl.0, decl.1);
    p["context"] = json!({"includeDeclaration": false});
    let refs = c.call("textDocument/references", p);
    assert!(
        refs.as_array()
            .unwrap()
            .iter()
            .any(|r| r["uri"] == link_uri.as_str() && r["range"]["start"]["line"] == l),
        "{refs:#?}"
    );
    // Rename reaches the user too.
    let mut p = at(&synergy_uri, decl.0, decl.1);
    p["newName"] = json!("reply_hours");
    let edit = c.call("textDocument/rename", p);
    let user_edits = edit["changes"][link_uri.as_str()].as_array().unwrap();
    assert!(apply(&link, user_edits).contains("synergy.reply_hours"));
    c.shutdown();
}

#[test]
fn completion_offers_what_fits_the_cursor() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let complete = |c: &mut Client, edited: &str, needle: &str, plus: usize| {
        c.change(&uri, 2, edited);
        let (l, ch) = find(edited, needle, plus);
        labels(&c.call("textDocument/completion", at(&uri, l, ch)))
    };
    // A new line in an hours block: hours statements, not availability ones.
    let edited = text.replacen(
        "      calendar business\n",
        "      calendar business\n      \n",
        1,
    );
    let got = complete(&mut c, &edited, "      calendar business\n      \n", 32);
    for k in ["windows", "open", "closed", "wording", "calendar", "always"] {
        assert!(got.contains(&k.to_string()), "{k} in {got:?}");
    }
    assert!(!got.contains(&"target".to_string()), "{got:?}");
    // Half-typed: the tree has an error statement there, the block is still known.
    let edited = text.replacen(
        "    severities levels {\n",
        "    severities levels {\n      sev\n",
        1,
    );
    let got = complete(&mut c, &edited, "      sev\n", 9);
    assert!(got.contains(&"severity".to_string()), "{got:?}");
    assert!(got.contains(&"layout".to_string()), "{got:?}");
    // Units after a number, weekdays in `open`.
    let edited = text.replacen("resolve  2h", "resolve  2 ", 1);
    let got = complete(&mut c, &edited, "resolve  2 ", 11);
    assert!(got.contains(&"business_days".to_string()), "{got:?}");
    let edited = text.replacen("open   mon..fri", "open   ", 1);
    let got = complete(&mut c, &edited, "open   ", 7);
    assert_eq!(got[..7], ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    // Ids of the right kind: hours where the severities need hours.
    let edited = text.replacen("      hours   support_hours\n", "      hours   \n", 1);
    let got = complete(&mut c, &edited, "      hours   \n", 14);
    assert_eq!(got, ["service_hours", "support_hours"]);
    // Term ids in a text's `{`.
    let edited = text.replacen("wording \"{label}", "wording \"{", 1);
    let got = complete(&mut c, &edited, "wording \"{", 10);
    assert!(got.contains(&"support_hours".to_string()), "{got:?}");
    assert!(
        !got.contains(&"availability".to_string()),
        "clauses are no terms: {got:?}"
    );
    // Nothing in a comment.
    let got = complete(&mut c, &text, "// ", 3);
    assert!(got.is_empty(), "{got:?}");
    c.shutdown();
}

#[test]
fn the_outline_has_the_generated_numbers() {
    let (_, text, uri) = spec("specs/synergy/2017-05-08.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let symbols = c.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let sla = &symbols[0];
    let chapters: Vec<&str> = sla["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["detail"].as_str().unwrap().starts_with("chapter"))
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(chapters[0], "第1章 総則", "{chapters:?}");
    assert!(
        chapters.contains(&"第3章 カスタマーサポート"),
        "{chapters:?}"
    );
    let support = sla["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "第3章 カスタマーサポート")
        .unwrap();
    let clause = support["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "2.回答時間")
        .expect("2.回答時間");
    assert_eq!(clause["children"][0]["detail"], "hours support_hours");
    c.shutdown();
}

#[test]
fn formatting_is_slagen_fmt() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let messy = text.replace("  service  ", "  service ").replacen(
        "\n    open   mon..fri",
        "\nopen mon..fri",
        1,
    );
    assert_ne!(messy, text);
    let mut c = Client::start();
    c.open(&uri, &messy);
    c.diagnostics(&uri);
    let edits = c.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(apply(&messy, edits), text);
    // A formatted file gives no edits; a file with syntax errors is left alone.
    c.change(&uri, 2, &text);
    c.diagnostics(&uri);
    let none = c.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(none, Value::Null);
    // The prepared check's tree is formatted only when it read the text without a syntax
    // error: a messy file with one gets no edits.
    let broken = messy.replacen("  service ", "  service = ", 1);
    c.change(&uri, 3, &broken);
    c.diagnostics(&uri);
    let none = c.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(none, Value::Null);
    c.shutdown();
}

#[test]
fn unknown_requests_get_method_not_found() {
    let mut c = Client::start();
    let r = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": "file:///x.sla"}}),
    );
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let r = c.request("slagen/nothing", Value::Null);
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    // A request on a document that is not open is an error, not a hang.
    let r = c.request("textDocument/hover", at("file:///nowhere.sla", 0, 0));
    assert!(r.error.is_some());
    // A buffer that is no file yet (an editor's "untitled") is checked too.
    c.open("untitled:Untitled-1", "sla x \"x\" {\n  service \"X\"\n}\n");
    let got = c.diagnostics("untitled:Untitled-1");
    assert!(got.iter().any(|d| d["code"] == "E0301"), "{got:#?}");
    c.shutdown();
}

#[test]
fn every_prefix_of_a_spec_gets_answers() {
    // A file as it is typed: each prefix (cut at every 97th character, so strings, comments,
    // blocks and values are cut everywhere) gets diagnostics, and hover, completion, outline,
    // definition and formatting at its end answer without an error.
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, "");
    c.diagnostics(&uri);
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
    for (v, cut) in cuts.into_iter().enumerate() {
        let prefix = &text[..cut];
        c.change(&uri, v as i32 + 2, prefix);
        c.diagnostics(&uri);
        let line = prefix.matches('\n').count() as u32;
        let col = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>() as u32;
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            let r = c.request(method, at(&uri, line, col));
            assert!(r.error.is_none(), "{method} at {cut}: {:?}", r.error);
        }
        for method in ["textDocument/documentSymbol", "textDocument/formatting"] {
            let r = c.request(
                method,
                json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
            );
            assert!(r.error.is_none(), "{method} at {cut}: {:?}", r.error);
        }
    }
    c.shutdown();
}

/// Applies LSP text edits (ranges in UTF-16) to a text.
pub fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| offset_of(text, p);
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, t);
    }
    out
}

/// The last diagnostics of a document published before `quiet` passes without another, with
/// every version published on the way (in order).
fn settle(c: &mut Client, uri: &str, last: i32, quiet: Duration) -> (Vec<i64>, Vec<Value>) {
    let mut versions = Vec::new();
    let mut diagnostics = Vec::new();
    let mut until: Option<std::time::Instant> = None;
    loop {
        let wait = match until {
            None => WAIT,
            Some(t) => match t.checked_duration_since(std::time::Instant::now()) {
                Some(d) => d,
                None => break,
            },
        };
        match c.conn.receiver.recv_timeout(wait) {
            Ok(Message::Notification(n))
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
            {
                let v = n.params["version"].as_i64().expect("a version");
                versions.push(v);
                diagnostics = n.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if v == i64::from(last) {
                    until = Some(std::time::Instant::now() + quiet);
                }
            }
            Ok(Message::Request(r)) => {
                let ok = Response::new_ok(r.id, Value::Null);
                c.conn.sender.send(Message::Response(ok)).unwrap();
            }
            Ok(_) => {}
            Err(_) if until.is_some() => break,
            Err(e) => panic!("no diagnostics for version {last}: {e} (got {versions:?})"),
        }
    }
    (versions, diagnostics)
}

#[test]
fn rapid_edits_end_with_the_diagnostics_of_the_last_version_only() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // Fifty changes without waiting, as fast typing sends them: a character into a text each
    // time, every other one a mistyped reference; requests in between are answered at once.
    let at_text = "// ".len();
    let mut last = String::new();
    for v in 2..=51 {
        let mut edited = text.clone();
        edited.insert_str(at_text, &"あ".repeat(v as usize));
        if v % 2 == 1 {
            edited = edited.replacen("outside    support_hours", "outside    suport_hours", 1);
        }
        c.change(&uri, v, &edited);
        if v % 10 == 0 {
            let (l, ch) = find(&edited, "outside    support_hours", 12);
            let h = c.request("textDocument/hover", at(&uri, l, ch));
            assert!(h.error.is_none(), "{:?}", h.error);
            let r = c.request("textDocument/completion", at(&uri, l, 0));
            assert!(r.error.is_none(), "{:?}", r.error);
        }
        last = edited;
    }
    let (versions, got) = settle(&mut c, &uri, 51, Duration::from_millis(500));
    // Stale versions are never published after a newer one, and nothing follows the last.
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(versions.last(), Some(&51), "{versions:?}");
    assert!(
        versions.len() < 50,
        "checks that were waiting are dropped: {versions:?}"
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0]["code"], "E0102");
    let (line, _) = find(&last, "suport_hours", 0);
    assert_eq!(got[0]["range"]["start"]["line"], line);
    c.shutdown();
}

/// A decoded semantic token: line, UTF-16 column, text, type, modifiers.
type Token = (u32, u32, String, String, Vec<String>);

/// The protocol's numbers of a semantic tokens answer.
fn numbers(data: &Value) -> Vec<u32> {
    data.as_array()
        .expect("an array of numbers")
        .iter()
        .map(|n| n.as_u64().unwrap() as u32)
        .collect()
}

/// Semantic tokens decoded against the text they describe, with the server's legend.
fn decode(data: &[u32], text: &str) -> Vec<Token> {
    let legend = slagen::lsp::capabilities()
        .semantic_tokens_provider
        .unwrap();
    let lsp_types::SemanticTokensServerCapabilities::SemanticTokensOptions(options) = legend else {
        panic!("options");
    };
    let types: Vec<String> = options
        .legend
        .token_types
        .iter()
        .map(|t| t.as_str().to_string())
        .collect();
    let mods: Vec<String> = options
        .legend
        .token_modifiers
        .iter()
        .map(|t| t.as_str().to_string())
        .collect();
    let lines: Vec<Vec<u16>> = text
        .split('\n')
        .map(|l| l.encode_utf16().collect())
        .collect();
    let (mut line, mut col) = (0u32, 0u32);
    let mut out = Vec::new();
    assert_eq!(data.len() % 5, 0, "five numbers a token");
    for t in data.chunks(5) {
        if t[0] > 0 {
            col = 0;
        }
        line += t[0];
        col += t[1];
        let units = &lines[line as usize][col as usize..(col + t[2]) as usize];
        let word = String::from_utf16(units).unwrap();
        let m = (0..mods.len())
            .filter(|i| t[4] & (1 << i) != 0)
            .map(|i| mods[i].clone())
            .collect();
        out.push((line, col, word, types[t[3] as usize].clone(), m));
    }
    out
}

/// The semantic tokens of a document (`full`), decoded against its current text.
fn semantic_tokens(c: &mut Client, uri: &str, text: &str) -> Vec<Token> {
    let got = c.call(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    decode(&numbers(&got["data"]), text)
}

#[test]
fn semantic_tokens_colour_what_the_tree_says() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let tokens = semantic_tokens(&mut c, &uri, &text);
    let kind_of = |word: &str, line_has: &str| -> (String, Vec<String>) {
        let (line, _) = find(&text, line_has, 0);
        tokens
            .iter()
            .find(|t| t.0 == line && t.2 == word)
            .map(|t| (t.3.clone(), t.4.clone()))
            .unwrap_or_else(|| panic!("`{word}` on the line of `{line_has}`: {tokens:?}"))
    };
    let declared = vec!["declaration".to_string()];
    assert_eq!(
        kind_of("hours", "hours support_hours"),
        ("keyword".into(), vec![])
    );
    assert_eq!(
        kind_of("support_hours", "hours support_hours"),
        ("variable".into(), declared.clone())
    );
    assert_eq!(
        kind_of("support_hours", "outside    support_hours"),
        ("variable".into(), vec![])
    );
    assert_eq!(
        kind_of("business", "calendar business \""),
        ("type".into(), declared.clone())
    );
    assert_eq!(
        kind_of("business", "      calendar business\n"),
        ("type".into(), vec![])
    );
    assert_eq!(
        kind_of("availability", "clause availability"),
        ("namespace".into(), declared)
    );
    assert_eq!(
        kind_of("\"サービス稼働率\"", "clause availability"),
        ("string".into(), vec![])
    );
    assert_eq!(kind_of("98", "target   98%"), ("number".into(), vec![]));
    assert_eq!(
        kind_of("%", "target   98%"),
        ("number".into(), vec!["unit".to_string()])
    );
    assert_eq!(
        kind_of("business_days", "resolve  2 business_days"),
        ("number".into(), vec!["unit".to_string()])
    );
    assert_eq!(
        kind_of("2024-05", "revised  2024-05"),
        ("number".into(), vec!["date".to_string()])
    );
    assert_eq!(
        kind_of("below", "below   98% => discount"),
        ("keyword".into(), vec![])
    );
    assert_eq!(
        kind_of("discount", "below   98% => discount"),
        ("enumMember".into(), vec![])
    );
    assert_eq!(
        kind_of(
            "// CALLTREE の SLA（サービス品質保証）規定、2024年5月改定版。",
            "// CALLTREE"
        ),
        ("comment".into(), vec![])
    );
    // Every keyword is a word of the keyword table; tokens come in order and do not overlap.
    let table = slagen::syntax::statement_keywords();
    for t in tokens.iter().filter(|t| t.3 == "keyword") {
        assert!(
            table.contains(&t.2.as_str())
                || slagen::syntax::VALUE_KEYWORDS.contains(&t.2.as_str())
                || t.2 == "overnight",
            "{t:?}"
        );
    }
    assert!(
        tokens
            .windows(2)
            .all(
                |w| (w[0].0, w[0].1 + w[0].2.encode_utf16().count() as u32) <= (w[1].0, w[1].1)
                    || w[0].0 < w[1].0
            )
    );

    // Right after an edit (a blank line above everything), before or after its check has
    // finished, the tokens are where the words now are: one line further down.
    let edited = format!("\n{text}");
    c.change(&uri, 2, &edited);
    let moved = semantic_tokens(&mut c, &uri, &edited);
    assert_eq!(moved.len(), tokens.len());
    for (m, t) in moved.iter().zip(&tokens) {
        assert_eq!((m.0, m.1, &m.2, &m.3), (t.0 + 1, t.1, &t.2, &t.3));
    }
    c.shutdown();
}

#[test]
fn the_table_of_references_is_what_the_checker_accepts() {
    // For each row of the table, a spec of specs/ that has such a reference: the id it names is
    // replaced by an id of every kind that spec declares, and the checker must accept exactly
    // the kinds of the row (E0103 for the others). Completion offers the row's kinds.
    use slagen::syntax::cst::{SyntaxKind, SyntaxNode};
    use slagen::syntax::{Kind, REFERENCES};
    let mut files = Vec::new();
    for dir in ["specs", "specs/corpus", "specs/synergy"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "sla") {
                files.push(p);
            }
        }
    }
    files.sort();
    let division = |k: Kind| matches!(k, Kind::Chapter | Kind::Section | Kind::Clause);
    for (row, after, accepts) in REFERENCES {
        let mut tried = false;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let tree = SyntaxNode::new_root(slagen::syntax::parse(&text, 0).green);
            // The first id of every kind the spec declares.
            let mut ids: Vec<(Kind, String)> = Vec::new();
            for name in tree.descendants().filter(|n| n.kind() == SyntaxKind::Name) {
                if let Some(SyntaxKind::Stmt(k)) = name.parent().map(|p| p.kind())
                    && (k.is_term() || division(k) || k == Kind::Severity)
                    && !ids.iter().any(|(d, _)| *d == k)
                {
                    ids.push((k, name.text().to_string()));
                }
            }
            // The reference: the first id in a statement of the row's kind, after its word.
            let Some(reference) = tree
                .descendants()
                .filter(|n| n.kind() == SyntaxKind::Stmt(*row))
                .find_map(|stmt| {
                    let mut seen_word = after.is_none();
                    stmt.descendants_with_tokens()
                        .filter_map(|e| e.into_token())
                        .find(|t| {
                            if after.is_some_and(|w| t.text() == w) {
                                seen_word = true;
                            }
                            seen_word && t.kind() == SyntaxKind::Ident && !t.text().contains('.')
                        })
                })
            else {
                continue;
            };
            if ids.iter().filter(|(k, _)| !accepts.contains(k)).count() == 0 {
                continue;
            }
            tried = true;
            let range = reference.text_range();
            let (a, b) = (usize::from(range.start()), usize::from(range.end()));
            for (kind, id) in &ids {
                let edited = format!("{}{id}{}", &text[..a], &text[b..]);
                let mut loader = slagen::check::Loader::new();
                loader.sources.set_buffer(path, Some(edited));
                let checked = loader.load(path).unwrap();
                let refused = checked
                    .diagnostics
                    .iter()
                    .any(|d| d.problem.code() == "E0103" && d.span.start == a);
                assert_eq!(
                    refused,
                    !accepts.contains(kind),
                    "{row:?} naming {kind:?} `{id}` in {}: the table says {accepts:?}",
                    path.display()
                );
            }
            break;
        }
        assert!(
            tried,
            "no spec in specs/ has a {row:?} reference to test the row with"
        );
    }
}

/// The byte offset of an LSP position (UTF-16 column) in a text.
fn offset_of(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let ch = p["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= ch || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Asks until `done` holds (the worker finishes a check and its answers in its own time).
fn eventually(c: &mut Client, what: &str, mut done: impl FnMut(&mut Client) -> bool) {
    let until = std::time::Instant::now() + WAIT;
    while !done(c) {
        assert!(std::time::Instant::now() < until, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every symbol of an outline, depth first: (detail, the text its selection range covers).
fn outline_entries(symbols: &Value, text: &str, out: &mut Vec<(String, String)>) {
    for s in symbols.as_array().expect("symbols") {
        let r = &s["selectionRange"];
        let (a, b) = (offset_of(text, &r["start"]), offset_of(text, &r["end"]));
        let full = (
            offset_of(text, &s["range"]["start"]),
            offset_of(text, &s["range"]["end"]),
        );
        assert!(full.0 <= a && b <= full.1, "{s}");
        out.push((
            s["detail"].as_str().unwrap().to_string(),
            text[a..b].to_string(),
        ));
        if !s["children"].is_null() {
            outline_entries(&s["children"], text, out);
        }
    }
}

/// The outline of a document, checked against its text: each entry's selection is its id.
fn outline_of(c: &mut Client, uri: &str, text: &str) -> Vec<(String, String)> {
    let got = c.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let mut out = Vec::new();
    outline_entries(&got, text, &mut out);
    for (detail, selected) in &out {
        if let Some((_, id)) = detail.split_once(' ') {
            assert_eq!(selected, id, "the selection of `{detail}`");
        }
    }
    out
}

#[test]
fn outline_and_tokens_right_after_an_edit_describe_the_new_text() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    // Asked at once after opening: before the first check has finished the text is read on
    // the spot; either way the answer is this text's.
    c.open(&uri, &text);
    let first = outline_of(&mut c, &uri, &text);
    let tokens = semantic_tokens(&mut c, &uri, &text);
    assert!(first.len() > 20, "{first:?}");
    assert!(
        first.contains(&("clause hours".to_string(), "hours".to_string())),
        "{first:?}"
    );
    c.diagnostics(&uri);
    assert_eq!(outline_of(&mut c, &uri, &text), first);
    assert_eq!(semantic_tokens(&mut c, &uri, &text), tokens);

    // A clause added before `hours`: asked at once, while its check runs or after, the answers
    // are placed in the new text (what was not checked yet is left out, never misplaced).
    let added = "  clause desk \"窓口\" {\n    text \"平日9時から18時まで受け付けます。\"\n  }\n\n";
    let at = text.find("  clause hours ").unwrap();
    let edited = format!("{}{added}{}", &text[..at], &text[at..]);
    c.change(&uri, 2, &edited);
    let now = outline_of(&mut c, &uri, &edited);
    assert!(now.len() >= first.len(), "{now:?}");
    let moved = semantic_tokens(&mut c, &uri, &edited);
    let lines = added.matches('\n').count() as u32;
    let (hours_line, _) = find(&text, "  clause hours ", 0);
    let on_added = |line: u32| hours_line <= line && line < hours_line + lines;
    for t in moved.iter().filter(|t| !on_added(t.0)) {
        let was = if t.0 >= hours_line + lines {
            (t.0 - lines, t.1)
        } else {
            (t.0, t.1)
        };
        assert!(
            tokens
                .iter()
                .any(|o| (o.0, o.1, &o.2, &o.3) == (was.0, was.1, &t.2, &t.3)),
            "{t:?} is a token of the text before the edit, moved"
        );
    }
    // Once the edit's check is done, the new clause is there.
    eventually(&mut c, "the outline has the new clause", |c| {
        outline_of(c, &uri, &edited).contains(&("clause desk".to_string(), "desk".to_string()))
    });
    eventually(&mut c, "the tokens have the new clause", |c| {
        semantic_tokens(c, &uri, &edited)
            .iter()
            .any(|t| t.2 == "desk" && t.3 == "namespace")
    });
    c.shutdown();
}

#[test]
fn semantic_tokens_of_a_range_and_as_a_delta() {
    let (_, text, uri) = spec("specs/calltree.sla");
    let mut c = Client::start();
    c.open(&uri, &text);
    c.diagnostics(&uri);
    let doc = json!({"textDocument": {"uri": uri}});
    let first = c.call("textDocument/semanticTokens/full", doc.clone());
    let all = decode(&numbers(&first["data"]), &text);
    let range = |c: &mut Client, from: u32, to: u32, text: &str| {
        let got = c.call(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": from, "character": 0},
                             "end": {"line": to, "character": 0}}}),
        );
        decode(&numbers(&got["data"]), text)
    };
    // The lines an editor shows: the tokens of `full` on them.
    let from = find(&text, "  clause availability", 0).0;
    let to = find(&text, "  clause hours", 0).0;
    let expected: Vec<Token> = all
        .iter()
        .filter(|t| from <= t.0 && t.0 < to)
        .cloned()
        .collect();
    assert!(expected.len() > 20, "{expected:?}");
    assert_eq!(range(&mut c, from, to, &text), expected);
    // From the middle of a line.
    let (l, ch) = find(&text, "98%", 0);
    let got = c.call(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": l, "character": ch}, "end": {"line": l + 1, "character": 0}}}),
    );
    let got = decode(&numbers(&got["data"]), &text);
    let words: Vec<&str> = got.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(words, ["98", "%"]);

    // Two comment lines above everything: right after the edit the same lines are two further
    // down (whether its check has finished or not).
    let edited = format!("// 追記\n// 追記\n{text}");
    c.change(&uri, 2, &edited);
    let shifted: Vec<Token> = expected
        .iter()
        .map(|t| (t.0 + 2, t.1, t.2.clone(), t.3.clone(), t.4.clone()))
        .collect();
    assert_eq!(range(&mut c, from + 2, to + 2, &edited), shifted);

    // `full/delta` from the first answer, once the new text's tokens are made: the edit turns
    // the numbers the editor has into those of the new text.
    eventually(&mut c, "the comments are coloured", |c| {
        range(c, 0, 1, &edited).iter().any(|t| t.3 == "comment")
    });
    let delta = c.call(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": uri}, "previousResultId": first["resultId"]}),
    );
    assert_ne!(delta["resultId"], first["resultId"]);
    let edits = delta["edits"]
        .as_array()
        .expect("edits, not all the tokens");
    assert_eq!(edits.len(), 1, "{delta}");
    let mut data = numbers(&first["data"]);
    let (start, count) = (
        edits[0]["start"].as_u64().unwrap() as usize,
        edits[0]["deleteCount"].as_u64().unwrap() as usize,
    );
    let inserted = numbers(&edits[0]["data"]);
    assert!(inserted.len() < 30, "only the start changed: {delta}");
    data.splice(start..start + count, inserted);
    let now = decode(&data, &edited);
    assert_eq!(now, semantic_tokens(&mut c, &uri, &edited));
    assert_eq!(now.len(), all.len() + 2);
    // A delta from an id the server no longer has: all the tokens.
    let again = c.call(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": uri}, "previousResultId": "stale"}),
    );
    assert_eq!(decode(&numbers(&again["data"]), &edited), now);
    c.shutdown();
}

#[test]
fn between_shutdown_and_exit_answers_are_ignored_and_requests_refused() {
    // An editor may answer a request of the server's (a tokens refresh) after it asked to shut
    // down: that is no protocol error (lsp-server's handle_shutdown ended with exit 2 on it, and
    // the pytest-lsp test met it when the answer came late).
    let mut c = Client::start();
    let r = c.request("shutdown", Value::Null);
    assert!(r.error.is_none(), "{:?}", r.error);
    c.send(Message::Response(Response {
        id: RequestId::from("slagen-4".to_string()),
        result: None,
        error: None,
    }));
    let r = c.request("textDocument/hover", at("file:///x.sla", 0, 0));
    assert_eq!(
        r.error.map(|e| e.code),
        Some(lsp_server::ErrorCode::InvalidRequest as i32)
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.join(), Ok(()));
}
