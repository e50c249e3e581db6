//! The language server (`slagen lsp`): the Language Server Protocol over stdio, for editors.
//!
//! Documents are synchronised whole (specs are small). Each change checks the document with the
//! same [`crate::check::Loader`] as `slagen check` — the editor's unsaved buffers standing for
//! their files, `use`d specs included — and publishes its diagnostics; the open documents that
//! use a changed spec (open, or changed on disk) are checked again too. Changes that arrive
//! together are checked once, when no message is waiting; a request is always answered on the
//! current text.
//!
//! Features: diagnostics; hover ([`hover`]: the sentence a term becomes, a date on the
//! calendar, example deadlines, what the code of a diagnostic there means); go to definition, references and rename of term, division and
//! calendar ids across `use`d specs; completion ([`complete`]); the document outline with the
//! generated numbers; formatting with [`crate::fmt`]. Unknown requests get `MethodNotFound`; a
//! handler that fails answers with an error and the server goes on.

mod analysis;
mod complete;
pub mod hover;

use analysis::{Analysis, Index, canonical, file_url};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use rowan::TextRange;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::model::Spec;
use crate::syntax::Kind;
use crate::syntax::cst::{SyntaxKind, SyntaxNode, SyntaxToken};

/// Runs the server on standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join().map_err(|e| e.to_string())
}

/// Runs the server on a connection (stdio, or a memory connection in tests) until `exit`.
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "slagen", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let root = workspace_root(&init);
    let mut server = Server {
        connection: &connection,
        root,
        docs: HashMap::new(),
        others: HashMap::new(),
        dirty: BTreeSet::new(),
        requests: 0,
    };
    let watch = init
        .capabilities
        .workspace
        .and_then(|w| w.did_change_watched_files)
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.register_watcher();
    }
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                server.flush();
                server.request(req);
            }
            Message::Notification(n) => {
                if n.method == lsp::notification::Exit::METHOD {
                    return Ok(());
                }
                server.notification(n);
            }
            Message::Response(_) => {}
        }
        if connection.receiver.is_empty() {
            server.flush();
        }
    }
    Ok(())
}

/// The workspace folders the client names (or its root), as the [`crate::source::Root`] of
/// every check: a spec reads inside the folder that holds it, else as on the command line.
#[allow(deprecated)] // `root_uri`: older clients send only it
fn workspace_root(init: &lsp::InitializeParams) -> crate::source::Root {
    let mut folders: Vec<PathBuf> = init
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    if folders.is_empty() {
        folders.extend(init.root_uri.as_ref().and_then(|u| u.to_file_path().ok()));
    }
    crate::source::Root::Workspace(folders)
}

/// What the server offers.
pub fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "{".into()]),
            ..Default::default()
        }),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        ..Default::default()
    }
}

/// An open document.
struct Document {
    /// Its canonical path (the key of the buffer that stands for it).
    path: PathBuf,
    version: i32,
    text: String,
    /// The check of the current text (`None` until the first check).
    analysis: Option<Rc<Analysis>>,
    /// The model of the last version without errors, for hovers while the author types.
    last_spec: Option<Rc<Spec>>,
    /// The check of the last version whose statements could be read, for completion.
    last_whole: Option<Rc<Analysis>>,
}

/// A request's failure: an LSP error code and message.
type Failed = (ErrorCode, String);

struct Server<'c> {
    connection: &'c Connection,
    /// Where the files specs name may be read: the workspace folder that holds the spec, else
    /// the git work tree that holds it, else its directory.
    root: crate::source::Root,
    docs: HashMap<lsp::Url, Document>,
    /// Checks of files that are not open (specs used by open ones), by canonical path.
    others: HashMap<PathBuf, Analysis>,
    /// Documents to check before the next answer.
    dirty: BTreeSet<lsp::Url>,
    /// Requests sent to the client.
    requests: i32,
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        // A closed channel means the client is gone; the loop ends on its own.
        let _ = self.connection.sender.send(msg);
    }

    fn register_watcher(&mut self) {
        self.requests += 1;
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String("**/*.sla".into()),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "slagen-watch-specs".into(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from(format!("slagen-{}", self.requests)),
            lsp::request::RegisterCapability::METHOD.into(),
            params,
        )));
    }

    // ------------------------------------------------------------------ documents

    fn notification(&mut self, n: Notification) {
        use lsp::notification as note;
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let path = uri_path(&d.uri);
                    let doc = Document {
                        path: path.clone(),
                        version: d.version,
                        text: d.text,
                        analysis: None,
                        last_spec: None,
                        last_whole: None,
                    };
                    self.docs.insert(d.uri.clone(), doc);
                    self.changed(&d.uri, &path);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let Some(doc) = self.docs.get_mut(&uri) else {
                        return;
                    };
                    // Full synchronisation: the last change is the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        doc.text = change.text;
                    }
                    doc.version = p.text_document.version;
                    let path = doc.path.clone();
                    self.changed(&uri, &path);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.docs.remove(&uri) {
                        self.dirty.remove(&uri);
                        self.send(publish(&uri, Vec::new(), None));
                        // Users now read the file from disk again.
                        self.changed_on_disk(&doc.path);
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Ok(p) = parse::<lsp::DidSaveTextDocumentParams>(n.params) {
                    self.changed_on_disk(&uri_path(&p.text_document.uri));
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = parse::<lsp::DidChangeWatchedFilesParams>(n.params) {
                    for change in p.changes {
                        self.changed_on_disk(&uri_path(&change.uri));
                    }
                }
            }
            _ => {}
        }
    }

    /// A document's text changed: check it and every open document that uses it.
    fn changed(&mut self, uri: &lsp::Url, path: &Path) {
        self.dirty.insert(uri.clone());
        self.others.remove(path);
        self.users_dirty(path);
    }

    /// A file changed on disk: forget its check and check its open users again.
    fn changed_on_disk(&mut self, path: &Path) {
        let path = canonical(path);
        self.others.clear();
        self.users_dirty(&path);
    }

    fn users_dirty(&mut self, path: &Path) {
        for (uri, doc) in &self.docs {
            if doc
                .analysis
                .as_ref()
                .is_some_and(|a| a.deps.iter().any(|d| d == path))
            {
                self.dirty.insert(uri.clone());
            }
        }
    }

    /// The open documents' texts, standing for their files.
    fn buffers(&self) -> Vec<(PathBuf, String)> {
        self.docs
            .values()
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect()
    }

    /// Checks the documents that changed and publishes their diagnostics.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let buffers = self.buffers();
        for uri in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get_mut(&uri) else {
                continue;
            };
            let analysis = Rc::new(Analysis::check(&doc.path, &buffers, &self.root));
            if let Some(spec) = &analysis.spec {
                doc.last_spec = Some(spec.clone());
            }
            if analysis.whole {
                doc.last_whole = Some(analysis.clone());
            }
            let diagnostics = analysis.lsp_diagnostics();
            doc.analysis = Some(analysis);
            let version = doc.version;
            self.send(publish(&uri, diagnostics, Some(version)));
        }
    }

    /// The check of a spec file: the open document's, else one of the file on disk.
    fn analysis_of(&mut self, path: &Path) -> &Analysis {
        if let Some(uri) = self
            .docs
            .iter()
            .find(|(_, d)| d.path == path && d.analysis.is_some())
            .map(|(u, _)| u.clone())
        {
            return self.docs[&uri].analysis.as_ref().expect("checked above");
        }
        if !self.others.contains_key(path) {
            let buffers = self.buffers();
            let a = Analysis::check(path, &buffers, &self.root);
            self.others.insert(path.to_path_buf(), a);
        }
        &self.others[path]
    }

    // ------------------------------------------------------------------ requests

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(req)));
        let response = match outcome {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("slagen could not answer {method}"),
            ),
        };
        self.send(Message::Response(response));
    }

    fn answer(&mut self, req: Request) -> Result<Value, Failed> {
        use lsp::request as r;
        match req.method.as_str() {
            r::HoverRequest::METHOD => {
                let p: lsp::HoverParams = parse(req.params)?;
                let tdp = p.text_document_position_params;
                Ok(json(&self.hover(&tdp.text_document.uri, tdp.position)?))
            }
            r::GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = parse(req.params)?;
                let tdp = p.text_document_position_params;
                let found = self
                    .definition(&tdp.text_document.uri, tdp.position)?
                    .map(lsp::GotoDefinitionResponse::Scalar);
                Ok(json(&found))
            }
            r::References::METHOD => {
                let p: lsp::ReferenceParams = parse(req.params)?;
                let tdp = p.text_document_position;
                let found = self.references(
                    &tdp.text_document.uri,
                    tdp.position,
                    p.context.include_declaration,
                )?;
                Ok(json(&found))
            }
            r::Rename::METHOD => {
                let p: lsp::RenameParams = parse(req.params)?;
                let tdp = p.text_document_position;
                Ok(json(&self.rename(
                    &tdp.text_document.uri,
                    tdp.position,
                    &p.new_name,
                )?))
            }
            r::Completion::METHOD => {
                let p: lsp::CompletionParams = parse(req.params)?;
                let tdp = p.text_document_position;
                let doc = self.doc(&tdp.text_document.uri)?;
                let a = doc.analysis.as_ref().ok_or_else(not_open)?;
                let offset = a.offset(tdp.position);
                let empty = Rc::new(Index::default());
                let index = doc.last_whole.as_ref().map_or(&empty, |w| w.index());
                let items = complete::complete(a.text(), offset, index);
                Ok(json(&lsp::CompletionResponse::Array(items)))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = parse(req.params)?;
                let doc = self.doc(&p.text_document.uri)?;
                Ok(json(&lsp::DocumentSymbolResponse::Nested(outline(doc)?)))
            }
            r::Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = parse(req.params)?;
                let doc = self.doc(&p.text_document.uri)?;
                let a = doc.analysis.as_ref().ok_or_else(not_open)?;
                // A file with syntax errors is not formatted (its errors are shown already).
                let edits = match crate::fmt::format(a.text(), a.file) {
                    Ok(new) if new != a.text() => Some(vec![lsp::TextEdit {
                        range: a.range(TextRange::up_to(rowan::TextSize::of(a.text()))),
                        new_text: new,
                    }]),
                    _ => None,
                };
                Ok(json(&edits))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("slagen does not handle {}", req.method),
            )),
        }
    }

    fn doc(&self, uri: &lsp::Url) -> Result<&Document, Failed> {
        self.docs.get(uri).ok_or_else(not_open)
    }

    /// The model hovers read: the current one, or the last without errors.
    fn hover(&mut self, uri: &lsp::Url, pos: lsp::Position) -> Result<Option<lsp::Hover>, Failed> {
        let target = self.target_at(uri, pos)?;
        let doc = self.doc(uri)?;
        let a = doc.analysis.as_ref().ok_or_else(not_open)?;
        let offset = a.offset(pos);
        let model = match (&a.spec, &doc.last_spec) {
            (Some(s), _) => Some(hover::Model {
                spec: s,
                stale: false,
            }),
            (None, Some(s)) => Some(hover::Model {
                spec: s,
                stale: true,
            }),
            _ => None,
        };
        let root = a.root();
        let token = token_at(&root, offset);
        let range = token.as_ref().map(|t| a.range(t.text_range()));
        let here = doc.path.clone();
        let mut text = None;
        if let Some((path, name, _)) = &target {
            if *path == here {
                let kind = a.index().decls.get(name).map(|d| d.kind);
                text = hover::on_id(model.as_ref(), name, kind);
            } else {
                let other = self.analysis_of(path);
                let kind = other.index().decls.get(name).map(|d| d.kind);
                let m = other
                    .spec
                    .as_deref()
                    .map(|spec| hover::Model { spec, stale: false });
                text = hover::on_id(m.as_ref(), name, kind);
            }
        } else if let Some(t) = &token
            && t.kind() == SyntaxKind::Date
        {
            text = hover::on_date(model.as_ref(), t);
        } else if let Some(m) = &model
            && let Some(stmt) = crate::syntax::ast::statement_at(&root, offset)
        {
            text = hover::on_target(m, &stmt);
        }
        // A diagnostic here: what its code means.
        let a = self.doc(uri)?.analysis.as_ref().ok_or_else(not_open)?;
        let codes: Vec<String> = a
            .diagnostics
            .iter()
            .filter(|d| d.file == a.file && d.span.start <= offset && offset <= d.span.end)
            .map(|d| format!("**{}**: {}", d.problem.code(), d.problem.explanation()))
            .collect();
        if !codes.is_empty() {
            let codes = codes.join("\n\n");
            text = Some(match text {
                Some(t) => format!("{codes}\n\n---\n\n{t}"),
                None => codes,
            });
        }
        Ok(text.map(|value| lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value,
            }),
            range,
        }))
    }

    /// The id at a position and the file that declares it: `(path, id, range of the id here)`.
    fn target_at(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
    ) -> Result<Option<(PathBuf, String, TextRange)>, Failed> {
        let doc = self.doc(uri)?;
        let a = doc.analysis.as_ref().ok_or_else(not_open)?;
        let Some((spec, name, range)) = a.index().at(a.offset(pos)) else {
            return Ok(None);
        };
        let path = match spec {
            None => doc.path.clone(),
            Some(u) => match used_path(&doc.path, a.index(), &u) {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        Ok(Some((path, name, range)))
    }

    fn definition(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
    ) -> Result<Option<lsp::Location>, Failed> {
        let Some((path, name, _)) = self.target_at(uri, pos)? else {
            return Ok(None);
        };
        let a = self.analysis_of(&path);
        Ok(a.index()
            .decls
            .get(&name)
            .and_then(|d| Some(lsp::Location::new(file_url(&path)?, a.range(d.name)))))
    }

    /// Every place that names the id at a position: its declaration (when asked) and the
    /// references in the declaring file and in the open documents that use it.
    fn references(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
        declaration: bool,
    ) -> Result<Option<Vec<lsp::Location>>, Failed> {
        let Some((path, name, _)) = self.target_at(uri, pos)? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let Some(url) = file_url(&path) else {
            return Ok(None);
        };
        let home = self.analysis_of(&path);
        if declaration && let Some(d) = home.index().decls.get(&name) {
            out.push(lsp::Location::new(url.clone(), home.range(d.name)));
        }
        for r in home.index().refs.iter().filter(|r| r.spec.is_none()) {
            if r.name == name {
                out.push(lsp::Location::new(url.clone(), home.range(r.range)));
            }
        }
        for (doc_uri, doc) in &self.docs {
            let Some(a) = &doc.analysis else { continue };
            if doc.path == path {
                continue;
            }
            for r in &a.index().refs {
                if r.name == name
                    && let Some(u) = &r.spec
                    && used_path(&doc.path, a.index(), u).as_deref() == Some(path.as_path())
                {
                    out.push(lsp::Location::new(doc_uri.clone(), a.range(r.range)));
                }
            }
        }
        Ok(Some(out))
    }

    fn rename(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
        new_name: &str,
    ) -> Result<Option<lsp::WorkspaceEdit>, Failed> {
        let mut chars = new_name.chars();
        let valid = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(analysis::is_ident_char);
        if !valid {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "`{new_name}` is not an id (a letter or `_`, then letters, digits, `_`, `-`)"
                ),
            ));
        }
        let Some(locations) = self.references(uri, pos, true)? else {
            return Ok(None);
        };
        let mut changes: HashMap<lsp::Url, Vec<lsp::TextEdit>> = HashMap::new();
        for l in locations {
            changes.entry(l.uri).or_default().push(lsp::TextEdit {
                range: l.range,
                new_text: new_name.to_string(),
            });
        }
        Ok(Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }))
    }
}

/// The document outline: the spec, its chapters, sections and clauses with the headings the
/// document prints (第3章 カスタマーサポート, 2.回答時間), the terms and severity levels.
fn outline(doc: &Document) -> Result<Vec<lsp::DocumentSymbol>, Failed> {
    let a = doc.analysis.as_ref().ok_or_else(not_open)?;
    let spec = a.spec.as_ref().or(doc.last_spec.as_ref());
    let headings = spec.map(|s| hover::headings(s)).unwrap_or_default();
    Ok(symbols(a, &a.root(), &headings))
}

fn symbols(
    a: &Analysis,
    node: &SyntaxNode,
    headings: &HashMap<String, (String, String)>,
) -> Vec<lsp::DocumentSymbol> {
    let mut out = Vec::new();
    for child in node.children() {
        let SyntaxKind::Stmt(kind) = child.kind() else {
            continue;
        };
        let shown = matches!(
            kind,
            Kind::Sla | Kind::Chapter | Kind::Section | Kind::Clause | Kind::Severity
        ) || kind.is_term();
        let inner = symbols(a, &child, headings);
        if !shown {
            out.extend(inner);
            continue;
        }
        let name_token = child
            .children()
            .find(|n| n.kind() == SyntaxKind::Name)
            .and_then(|n| n.first_token());
        let id = name_token
            .as_ref()
            .map(|t| t.text().to_string())
            .unwrap_or_default();
        let label = child
            .children()
            .find(|n| n.kind() == SyntaxKind::Label)
            .map(|n| n.text().to_string().trim_matches('"').to_string());
        let name = match headings.get(&id) {
            Some((_, heading)) if !heading.is_empty() => heading.clone(),
            _ => label.clone().unwrap_or_else(|| id.clone()),
        };
        let name = if name.is_empty() {
            kind.keyword().to_string()
        } else {
            name
        };
        let symbol_kind = match kind {
            Kind::Sla => lsp::SymbolKind::FILE,
            Kind::Chapter => lsp::SymbolKind::MODULE,
            Kind::Section => lsp::SymbolKind::NAMESPACE,
            Kind::Clause => lsp::SymbolKind::STRUCT,
            Kind::Severity => lsp::SymbolKind::ENUM_MEMBER,
            _ => lsp::SymbolKind::PROPERTY,
        };
        let range = a.range(child.text_range());
        let selection = name_token.map_or(range, |t| a.range(t.text_range()));
        #[allow(deprecated)]
        out.push(lsp::DocumentSymbol {
            name,
            detail: Some(format!("{} {id}", kind.keyword()).trim_end().to_string()),
            kind: symbol_kind,
            tags: None,
            deprecated: None,
            range,
            selection_range: selection,
            children: (!inner.is_empty()).then_some(inner),
        });
    }
    out
}

/// The canonical path of the spec a `use` name of a document names.
fn used_path(doc: &Path, index: &Index, name: &str) -> Option<PathBuf> {
    let (rel, _) = index.uses.get(name)?;
    Some(canonical(&doc.parent()?.join(rel)))
}

/// The non-trivia token at a byte offset (the one to its left at a boundary with trivia).
fn token_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxToken> {
    let o = rowan::TextSize::try_from(offset).ok()?;
    if o > root.text_range().end() {
        return None;
    }
    let mut found = root.token_at_offset(o);
    let (left, right) = (found.next(), found.next());
    [right.clone(), left]
        .into_iter()
        .flatten()
        .find(|t| !t.kind().is_trivia())
        .or(right)
}

/// The path a URL names: the file path for `file:` URLs, the URL text for others (untitled
/// buffers), which then stand for a file of that name.
fn uri_path(uri: &lsp::Url) -> PathBuf {
    match uri.to_file_path() {
        Ok(p) => canonical(&p),
        Err(()) => PathBuf::from(uri.as_str()),
    }
}

fn publish(uri: &lsp::Url, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) -> Message {
    Message::Notification(Notification::new(
        lsp::notification::PublishDiagnostics::METHOD.into(),
        lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        },
    ))
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, Failed> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn not_open() -> Failed {
    (
        ErrorCode::InvalidParams,
        "the document is not open (send textDocument/didOpen first)".into(),
    )
}

/// An answer as JSON (every answer type of lsp-types serialises).
fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
