//! The language server (`slagen lsp`): the Language Server Protocol over stdio, for editors.
//!
//! Documents are synchronised whole (specs are small). Each change is checked with the same
//! [`crate::check::Loader`] as `slagen check` — the editor's unsaved buffers standing for their
//! files, `use`d specs included — on a worker thread, and its diagnostics are published when the
//! check of the latest text finishes (never those of a text that has been replaced meanwhile);
//! the open documents that use a changed spec (open, or changed on disk) are checked again too.
//! Changes that arrive together are checked once, and a check still waiting when a newer edit
//! comes is dropped.
//!
//! Requests never wait for a check: they are answered from the last finished check of the
//! document, mapped to the current text ([`analysis::Shift`]: the stretch typed since is left out
//! until its check finishes), or from the current text alone (completion, formatting). On the
//! generated 1 MB spec a check takes hundreds of milliseconds; a hover while one runs does not.
//!
//! Features: diagnostics; hover ([`hover`]: the sentence a term becomes, a date on the
//! calendar, example deadlines, what the code of a diagnostic there means); go to definition,
//! references and rename of term, division and calendar ids across `use`d specs; completion
//! ([`complete`]); the document outline with the generated numbers ([`outline`]); formatting
//! with [`crate::fmt`]; semantic tokens ([`tokens`]: whole, as a delta, or for a range). The
//! answers about a whole document (outline, tokens, and the formatted text once the editor has
//! formatted) are made on the worker when a check finishes ([`Analysis::prepare`]) and sent as
//! copies, moved through the edits typed since; before the first check they are made from the
//! text on the spot. Unknown requests get `MethodNotFound`; a handler that fails answers with an
//! error and the server goes on.

mod analysis;
mod complete;
pub mod hover;
mod outline;
mod tokens;

use analysis::{Analysis, Index, Moves, Shift, canonical, file_url};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use rowan::TextRange;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostic::Sources;
use crate::syntax::cst::{SyntaxKind, SyntaxNode, SyntaxToken};

/// Runs the server on standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join().map_err(|e| e.to_string())
}

/// Runs the server on a connection (stdio, or a memory connection in tests) until `exit`.
///
/// Checks run on a worker thread, one at a time, newest text first in line: a check that is
/// waiting when a newer edit of its document arrives is dropped. The loop meanwhile answers
/// requests from the last finished check of each document, mapped to the current text.
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
    let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
    let (finished, results) = crossbeam_channel::unbounded::<Finished>();
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::Builder::new()
            .name("slagen-check".into())
            .spawn(move || check_worker(&queue, &finished, &root, &stop))
            .map_err(|e| e.to_string())?
    };
    let refresh = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.semantic_tokens.as_ref())
        .and_then(|s| s.refresh_support)
        .unwrap_or(false);
    let (chores, todo) = crossbeam_channel::unbounded::<Chore>();
    std::thread::Builder::new()
        .name("slagen-chores".into())
        .spawn(move || {
            for chore in todo {
                match chore {
                    Chore::Free(a) => drop(a),
                    Chore::Copy(a) => a.answers(None).make_spare(),
                }
            }
        })
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        chores,
        connection: &connection,
        root,
        docs: HashMap::new(),
        others: HashMap::new(),
        dirty: BTreeSet::new(),
        requests: 0,
        jobs,
        generation: 0,
        refresh,
        result_ids: 0,
        shut_down: false,
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
    let outcome = server.run(&results);
    // The worker finishes the check it is in and takes no other.
    stop.store(true, Ordering::Relaxed);
    drop(server);
    worker
        .join()
        .map_err(|_| "the check worker panicked".to_string())?;
    outcome
}

/// A check for the worker: a document, with every open buffer as it was when it was asked for.
struct Job {
    uri: lsp::Url,
    /// The document's generation when asked (see [`Document::generation`]).
    generation: u64,
    /// The document's version when asked: the version its diagnostics are published for.
    version: i32,
    path: PathBuf,
    buffers: Arc<Vec<(PathBuf, Arc<str>)>>,
    /// The document's last check with a model, whose headings name the outline while the
    /// spec has errors.
    fallback: Option<Arc<Analysis>>,
    /// True when the editor has asked to format the document: the text is formatted ahead.
    format: bool,
}

/// What the worker hands over: a finished check, then the same check with its answers about the
/// whole text made ([`Analysis::prepare`]).
enum Finished {
    Checked(Done),
    Prepared(Done),
}

/// A finished check.
struct Done {
    uri: lsp::Url,
    generation: u64,
    version: i32,
    analysis: Arc<Analysis>,
}

/// The worker: checks documents in the order asked, a newer job replacing the waiting one of
/// the same document. A check that has started runs to its end (the checker has no point to
/// stop at); its result still serves requests, but its diagnostics are published only when no
/// newer text was asked for meanwhile.
fn check_worker(
    jobs: &Receiver<Job>,
    done: &Sender<Finished>,
    root: &crate::source::Root,
    stop: &AtomicBool,
) {
    let mut waiting: Vec<Job> = Vec::new();
    loop {
        if waiting.is_empty() {
            match jobs.recv() {
                Ok(job) => waiting.push(job),
                Err(_) => return,
            }
        }
        for job in jobs.try_iter() {
            waiting.retain(|w| w.uri != job.uri);
            waiting.push(job);
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let job = waiting.remove(0);
        // A check that panics loses its result, not the server (the panic is printed on
        // stderr, the editor's log); the document keeps its last finished check.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Analysis::check(&job.path, &job.buffers, root)
        }));
        if let Ok(analysis) = checked {
            // Every request but completion reads the index: it is made before the check is
            // handed over, so that no request waits for it.
            let indexed = std::panic::catch_unwind(|| {
                analysis.index();
            });
            if indexed.is_err() {
                continue;
            }
            let analysis = Arc::new(analysis);
            let d = Done {
                uri: job.uri.clone(),
                generation: job.generation,
                version: job.version,
                analysis: analysis.clone(),
            };
            if done.send(Finished::Checked(d)).is_err() {
                return;
            }
            // The outline and the semantic tokens: until they are made, requests for them are
            // answered from the document's previous prepared check, mapped through the edit.
            // They are not made for a text already typed over: the newer text's check goes
            // first (as the author types, the diagnostics wait for no outline).
            let mut newer = || {
                for job in jobs.try_iter() {
                    waiting.retain(|w| w.uri != job.uri);
                    waiting.push(job);
                }
                stop.load(Ordering::Relaxed) || waiting.iter().any(|w| w.uri == job.uri)
            };
            let fallback = job.fallback.as_deref();
            let prepared = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                analysis.prepare(fallback, job.format, &mut newer)
            }));
            if prepared.is_ok_and(|all| all) {
                let d = Done {
                    uri: job.uri,
                    generation: job.generation,
                    version: job.version,
                    analysis,
                };
                if done.send(Finished::Prepared(d)).is_err() {
                    return;
                }
            }
        }
    }
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
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: tokens::legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Delta { delta: Some(true) }),
                    range: Some(true),
                    ..Default::default()
                },
            ),
        ),
        ..Default::default()
    }
}

/// An open document.
struct Document {
    /// Its canonical path (the key of the buffer that stands for it).
    path: PathBuf,
    version: i32,
    /// The current text, shared with the checks asked for.
    text: Arc<str>,
    /// The current text's lines (file 0), for editor positions.
    lines: Sources,
    /// Counts the checks asked for this document (server-wide numbers): a finished check
    /// whose number is this one is the check of the current text.
    generation: u64,
    /// The last finished check (`None` until the first one finishes); its text may be older
    /// than the current one.
    analysis: Option<Arc<Analysis>>,
    /// How the text of [`Self::analysis`] became the current text (computed when first asked).
    shift: OnceCell<Shift>,
    /// The check of the last version without errors (it has a model), for hovers and the
    /// outline's headings while the author types.
    last_good: Option<Arc<Analysis>>,
    /// The check of the last version whose statements could be read, for completion.
    last_whole: Option<Arc<Analysis>>,
    /// The last check whose answers about the whole text are made (the outline, the semantic
    /// tokens): they are answered from it, mapped to the current text.
    prepared: Option<Arc<Analysis>>,
    /// How the text of [`Self::prepared`] became the current text (computed when first asked).
    prepared_shift: OnceCell<Shift>,
    /// The current text read (not checked) when the outline or the tokens are asked for
    /// before the first check has finished.
    parsed: OnceCell<Arc<Analysis>>,
    /// The semantic tokens last sent, with their result id (what `full/delta` starts from).
    sent_tokens: Option<(String, Arc<Vec<u32>>)>,
    /// True once the editor has asked to format the document (as one that formats on save
    /// does): from then on, each check's text is formatted ahead, beside the editor.
    formats: bool,
}

impl Document {
    fn new(path: PathBuf, version: i32, text: String) -> Document {
        let mut doc = Document {
            path,
            version,
            text: Arc::from(""),
            lines: Sources::new(),
            generation: 0,
            analysis: None,
            shift: OnceCell::new(),
            last_good: None,
            last_whole: None,
            prepared: None,
            prepared_shift: OnceCell::new(),
            parsed: OnceCell::new(),
            sent_tokens: None,
            formats: false,
        };
        doc.set_text(text);
        doc
    }

    fn set_text(&mut self, text: String) {
        self.text = Arc::from(text.as_str());
        self.lines = Sources::new();
        self.lines.add(&self.path, text);
        self.shift = OnceCell::new();
        self.prepared_shift = OnceCell::new();
        self.parsed = OnceCell::new();
    }

    fn text(&self) -> &str {
        &self.text
    }

    /// The last finished check and how its text became the current one.
    fn checked(&self) -> Option<(&Arc<Analysis>, Shift)> {
        let a = self.analysis.as_ref()?;
        let shift = *self
            .shift
            .get_or_init(|| Shift::between(a.text(), self.text()));
        Some((a, shift))
    }

    /// The check the answers about the whole text come from and how its text became the
    /// current one: the last prepared check; else the last finished one (its answers are made
    /// now, or waited for while the worker makes them); else, before the first check finishes,
    /// the current text read on the spot.
    fn whole(&self) -> (Arc<Analysis>, Shift) {
        if let Some(p) = &self.prepared {
            let shift = *self
                .prepared_shift
                .get_or_init(|| Shift::between(p.text(), self.text()));
            return (p.clone(), shift);
        }
        if let Some((a, shift)) = self.checked() {
            return (a.clone(), shift);
        }
        let parsed = self
            .parsed
            .get_or_init(|| Arc::new(Analysis::parsed(&self.path, self.text())));
        (parsed.clone(), Shift::IDENTITY)
    }

    /// The headings that name the outline of a check without a model.
    fn fallback(&self) -> Option<&Analysis> {
        self.last_good.as_deref()
    }

    /// The outline of the current text, and the check whose prepared outline it is a copy of
    /// (the next copy can be made ahead).
    fn outline(&self) -> (Value, Option<Arc<Analysis>>) {
        let (a, shift) = self.whole();
        if shift.is_identity() {
            let copy = a.answers(self.fallback()).outline_copy();
            return (copy, Some(a));
        }
        // Moving it costs what a copy of the prepared answer costs: nothing is kept.
        let made = &a.answers(self.fallback()).outline;
        (
            outline::moved(made, Moves::new(shift, &a, &self.lines)),
            None,
        )
    }

    /// The semantic tokens of the current text, as the protocol's numbers.
    fn tokens(&self) -> Arc<Vec<u32>> {
        let (a, shift) = self.whole();
        let made = &a.answers(self.fallback()).tokens;
        if shift.is_identity() {
            return made.clone();
        }
        Arc::new(tokens::moved(&a, made, shift, &self.lines))
    }

    /// `textDocument/semanticTokens/full`, with a result id for the next `full/delta`.
    fn tokens_full(&mut self, ids: &mut u64) -> Value {
        let data = self.tokens();
        *ids += 1;
        let id = ids.to_string();
        // An array of numbers is one allocation: made for each answer.
        let answer = json!({ "resultId": id, "data": data.as_slice() });
        self.sent_tokens = Some((id, data));
        answer
    }

    /// `textDocument/semanticTokens/full/delta`: the edit from the tokens sent last, when the
    /// editor has those, else all of them.
    fn tokens_delta(&mut self, previous: &str, ids: &mut u64) -> Value {
        let Some((_, old)) = self.sent_tokens.take_if(|(id, _)| id == previous) else {
            return self.tokens_full(ids);
        };
        let data = self.tokens();
        *ids += 1;
        let id = ids.to_string();
        let edits = tokens::delta(&old, &data);
        self.sent_tokens = Some((id.clone(), data));
        json(&lsp::SemanticTokensDelta {
            result_id: Some(id),
            edits,
        })
    }

    /// `textDocument/semanticTokens/range`.
    fn tokens_range(&self, range: lsp::Range) -> Value {
        let (a, shift) = self.whole();
        let data = tokens::range(&a, shift, &self.lines, range);
        json!({ "data": data })
    }

    /// The byte offset of an editor position in the current text.
    fn offset(&self, pos: lsp::Position) -> usize {
        analysis::offset_in(&self.lines, 0, pos)
    }

    /// The editor range of a byte range of the current text.
    fn range(&self, r: TextRange) -> lsp::Range {
        lsp::Range::new(
            analysis::position_in(&self.lines, 0, r.start().into()),
            analysis::position_in(&self.lines, 0, r.end().into()),
        )
    }
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
    others: HashMap<PathBuf, Arc<Analysis>>,
    /// Documents to check once the messages that arrived together are read.
    dirty: BTreeSet<lsp::Url>,
    /// Requests sent to the client.
    requests: i32,
    /// The worker's queue.
    jobs: Sender<Job>,
    /// The number of the last check asked for.
    generation: u64,
    /// True when the client re-asks for semantic tokens on `workspace/semanticTokens/refresh`.
    refresh: bool,
    /// The last result id given to semantic tokens.
    result_ids: u64,
    /// `shutdown` was answered: only `exit` is awaited (answers to the server's own requests,
    /// such as a tokens refresh, may still arrive and are ignored).
    shut_down: bool,
    /// Work for a thread beside the loop.
    chores: Sender<Chore>,
}

/// Work the server's loop hands to a thread of its own, so that no request waits for it.
enum Chore {
    /// A check that no longer serves: freeing the tree and model of a 1 MB spec takes time.
    Free(Arc<Analysis>),
    /// The next copy of a check's outline, made ahead ([`analysis::Answers::make_spare`]).
    Copy(Arc<Analysis>),
}

impl Server<'_> {
    /// Reads messages until `exit`; client messages go before finished checks, so that the
    /// diagnostics of a text that has been replaced meanwhile are not published.
    fn run(&mut self, results: &Receiver<Finished>) -> Result<(), String> {
        let connection = self.connection;
        loop {
            crossbeam_channel::select_biased! {
                recv(connection.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(()) };
                    match msg {
                        // Not lsp-server's `handle_shutdown`: it takes any message but `exit`
                        // after `shutdown` as a protocol error (exit 2), and a client may well
                        // answer a request of ours in between.
                        Message::Request(req) if req.method == lsp::request::Shutdown::METHOD => {
                            self.shut_down = true;
                            self.send(Response::new_ok(req.id, ()).into());
                        }
                        Message::Request(req) if self.shut_down => {
                            self.send(
                                Response::new_err(
                                    req.id,
                                    ErrorCode::InvalidRequest as i32,
                                    "the server is shutting down".into(),
                                )
                                .into(),
                            );
                        }
                        Message::Request(req) => self.request(req),
                        Message::Notification(n) => {
                            if n.method == lsp::notification::Exit::METHOD {
                                return Ok(());
                            }
                            self.notification(n);
                        }
                        Message::Response(_) => {}
                    }
                    if connection.receiver.is_empty() {
                        self.schedule();
                    }
                }
                recv(results) -> done => match done {
                    Ok(Finished::Checked(done)) => self.finished(done),
                    Ok(Finished::Prepared(done)) => self.prepared(done),
                    Err(_) => return Err("the check worker stopped".into()),
                },
            }
        }
    }

    fn send(&self, msg: Message) {
        // A closed channel means the client is gone; the loop ends on its own.
        let _ = self.connection.sender.send(msg);
    }

    fn register_watcher(&mut self) {
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
        self.ask(lsp::request::RegisterCapability::METHOD, params);
    }

    /// Sends a request to the client (its answer is not needed).
    fn ask(&mut self, method: &str, params: impl serde::Serialize) {
        self.requests += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("slagen-{}", self.requests)),
            method.into(),
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
                    let doc = Document::new(path.clone(), d.version, d.text);
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
                        doc.set_text(change.text);
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

    /// Asks the worker to check the documents that changed, each with the open documents'
    /// texts standing for their files.
    fn schedule(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let buffers: Arc<Vec<(PathBuf, Arc<str>)>> = Arc::new(
            self.docs
                .values()
                .map(|d| (d.path.clone(), d.text.clone()))
                .collect(),
        );
        for uri in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get_mut(&uri) else {
                continue;
            };
            self.generation += 1;
            doc.generation = self.generation;
            let job = Job {
                uri,
                generation: self.generation,
                version: doc.version,
                path: doc.path.clone(),
                buffers: buffers.clone(),
                fallback: doc.last_good.clone(),
                format: doc.formats,
            };
            // The worker is gone only when the server stops.
            let _ = self.jobs.send(job);
        }
    }

    /// A check finished: it serves the document's requests from now on, and its diagnostics
    /// are published when it is the check of the current text.
    fn finished(&mut self, done: Done) {
        let Some(doc) = self.docs.get_mut(&done.uri) else {
            return;
        };
        let analysis = done.analysis;
        let mut replaced = vec![doc.analysis.replace(analysis.clone())];
        if analysis.spec.is_some() {
            replaced.push(doc.last_good.replace(analysis.clone()));
        }
        if analysis.whole {
            replaced.push(doc.last_whole.replace(analysis.clone()));
        }
        doc.shift = OnceCell::new();
        replaced.push(doc.parsed.take());
        if done.generation == doc.generation && !self.dirty.contains(&done.uri) {
            let diagnostics = analysis.lsp_diagnostics();
            self.send(publish(&done.uri, diagnostics, Some(done.version)));
        }
        // Freeing the tree and model of a 1 MB spec takes time too: not on this loop.
        for old in replaced.into_iter().flatten() {
            let _ = self.chores.send(Chore::Free(old));
        }
    }

    /// A check's answers about the whole text are made: the outline and the tokens come from
    /// it from now on (the worker hands checks over in order).
    fn prepared(&mut self, done: Done) {
        let Some(doc) = self.docs.get_mut(&done.uri) else {
            let _ = self.chores.send(Chore::Free(done.analysis));
            return;
        };
        let old = doc.prepared.replace(done.analysis);
        doc.prepared_shift = OnceCell::new();
        if let Some(old) = old {
            let _ = self.chores.send(Chore::Free(old));
        }
        if self.refresh && done.generation == doc.generation && !self.dirty.contains(&done.uri) {
            self.ask(lsp::request::SemanticTokensRefresh::METHOD, Value::Null);
        }
    }

    /// The check of a spec file: the open document's last one, else one of the file on disk
    /// (made here: used specs are small, and it is kept until a file changes).
    fn analysis_of(&mut self, path: &Path) -> Option<Arc<Analysis>> {
        if let Some(doc) = self.docs.values().find(|d| d.path == path) {
            return doc.analysis.clone();
        }
        if !self.others.contains_key(path) {
            let buffers: Vec<(PathBuf, Arc<str>)> = self
                .docs
                .values()
                .map(|d| (d.path.clone(), d.text.clone()))
                .collect();
            let a = Analysis::check(path, &buffers, &self.root);
            self.others.insert(path.to_path_buf(), Arc::new(a));
        }
        self.others.get(path).cloned()
    }

    /// Where a range of a file's check is in the editor: in the open document's current text
    /// (`None` when the text there changed since the check), else in the file as checked.
    fn place(&self, path: &Path, a: &Arc<Analysis>, r: TextRange) -> Option<lsp::Range> {
        if let Some(doc) = self.docs.values().find(|d| d.path == path)
            && let Some((own, shift)) = doc.checked()
            && Arc::ptr_eq(own, a)
        {
            return shift.range_to_new(r).map(|r| doc.range(r));
        }
        Some(a.range(r))
    }

    // ------------------------------------------------------------------ requests

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(req)));
        let response = match outcome {
            // Not `Response::new_ok`: it would serialise the answer into a second `Value` (for
            // the 1 MB spec's outline, longer than everything else the request takes).
            Ok(Ok(value)) => Response {
                id,
                result: Some(value),
                error: None,
            },
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
                // From the current text alone (and the ids of the last readable check): it
                // never waits for a check.
                let p: lsp::CompletionParams = parse(req.params)?;
                let tdp = p.text_document_position;
                let doc = self.doc(&tdp.text_document.uri)?;
                let offset = doc.offset(tdp.position);
                let empty = Arc::new(Index::default());
                let index = doc.last_whole.as_ref().map_or(&empty, |w| w.index());
                let items = complete::complete(doc.text(), offset, index);
                Ok(json(&lsp::CompletionResponse::Array(items)))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = parse(req.params)?;
                let (answer, copied) = self.doc(&p.text_document.uri)?.outline();
                if let Some(a) = copied {
                    let _ = self.chores.send(Chore::Copy(a));
                }
                Ok(answer)
            }
            r::SemanticTokensFullRequest::METHOD => {
                let p: lsp::SemanticTokensParams = parse(req.params)?;
                let mut ids = self.result_ids;
                let answer = self.doc_mut(&p.text_document.uri)?.tokens_full(&mut ids);
                self.result_ids = ids;
                Ok(answer)
            }
            r::SemanticTokensFullDeltaRequest::METHOD => {
                let p: lsp::SemanticTokensDeltaParams = parse(req.params)?;
                let mut ids = self.result_ids;
                let doc = self.doc_mut(&p.text_document.uri)?;
                let answer = doc.tokens_delta(&p.previous_result_id, &mut ids);
                self.result_ids = ids;
                Ok(answer)
            }
            r::SemanticTokensRangeRequest::METHOD => {
                let p: lsp::SemanticTokensRangeParams = parse(req.params)?;
                Ok(self.doc(&p.text_document.uri)?.tokens_range(p.range))
            }
            r::Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = parse(req.params)?;
                let doc = self.doc_mut(&p.text_document.uri)?;
                doc.formats = true;
                let text = doc.text();
                // Kept with the last prepared check when it is of this text (formatted there
                // ahead once the editor has asked); a file with syntax errors is not formatted
                // (its errors are shown already).
                let formatted = match doc.prepared.as_ref().filter(|a| a.text() == text) {
                    Some(a) => a.format().clone(),
                    None => crate::fmt::format(text, 0).ok(),
                };
                let edits = match formatted {
                    Some(new) if new != text => Some(vec![lsp::TextEdit {
                        range: doc.range(TextRange::up_to(rowan::TextSize::of(text))),
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

    fn doc_mut(&mut self, uri: &lsp::Url) -> Result<&mut Document, Failed> {
        self.docs.get_mut(uri).ok_or_else(not_open)
    }

    /// The last finished check of a document and the byte offset in its text of an editor
    /// position of the current text: `None` before the first check, and where the text
    /// changed since (the next check answers there).
    fn checked_at(
        &self,
        uri: &lsp::Url,
        pos: lsp::Position,
    ) -> Result<Option<(Arc<Analysis>, usize)>, Failed> {
        let doc = self.doc(uri)?;
        let Some((a, shift)) = doc.checked() else {
            return Ok(None);
        };
        Ok(shift.to_old(doc.offset(pos)).map(|o| (a.clone(), o)))
    }

    /// The model hovers read: the current one, or the last without errors.
    fn hover(&mut self, uri: &lsp::Url, pos: lsp::Position) -> Result<Option<lsp::Hover>, Failed> {
        let Some((a, offset)) = self.checked_at(uri, pos)? else {
            return Ok(None);
        };
        let target = self.target_of(uri, &a, offset)?;
        let doc = self.doc(uri)?;
        let last_spec = doc.last_good.as_ref().and_then(|g| g.spec.clone());
        let model = match (&a.spec, &last_spec) {
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
        let range = token
            .as_ref()
            .and_then(|t| self.place(&doc.path, &a, t.text_range()));
        let here = doc.path.clone();
        let mut text = None;
        if let Some((path, name)) = &target {
            if *path == here {
                let kind = a.index().decls.get(name).map(|d| d.kind);
                text = hover::on_id(model.as_ref(), name, kind);
            } else if let Some(other) = self.analysis_of(path) {
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

    /// The id at a byte offset of a document's check and the file that declares it.
    fn target_of(
        &self,
        uri: &lsp::Url,
        a: &Analysis,
        offset: usize,
    ) -> Result<Option<(PathBuf, String)>, Failed> {
        let doc = self.doc(uri)?;
        let Some((spec, name, _)) = a.index().at(offset) else {
            return Ok(None);
        };
        let path = match spec {
            None => doc.path.clone(),
            Some(u) => match used_path(&doc.path, a.index(), &u) {
                Some(p) => p,
                None => return Ok(None),
            },
        };
        Ok(Some((path, name)))
    }

    /// The id at an editor position and the file that declares it.
    fn target_at(
        &self,
        uri: &lsp::Url,
        pos: lsp::Position,
    ) -> Result<Option<(PathBuf, String)>, Failed> {
        match self.checked_at(uri, pos)? {
            Some((a, offset)) => self.target_of(uri, &a, offset),
            None => Ok(None),
        }
    }

    fn definition(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
    ) -> Result<Option<lsp::Location>, Failed> {
        let Some((path, name)) = self.target_at(uri, pos)? else {
            return Ok(None);
        };
        let Some(a) = self.analysis_of(&path) else {
            return Ok(None);
        };
        Ok(a.index().decls.get(&name).and_then(|d| {
            Some(lsp::Location::new(
                file_url(&path)?,
                self.place(&path, &a, d.name)?,
            ))
        }))
    }

    /// Every place that names the id at a position: its declaration (when asked) and the
    /// references in the declaring file and in the open documents that use it.
    fn references(
        &mut self,
        uri: &lsp::Url,
        pos: lsp::Position,
        declaration: bool,
    ) -> Result<Option<Vec<lsp::Location>>, Failed> {
        let Some((path, name)) = self.target_at(uri, pos)? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let Some(url) = file_url(&path) else {
            return Ok(None);
        };
        let Some(home) = self.analysis_of(&path) else {
            return Ok(None);
        };
        let mut push = |url: &lsp::Url, range: Option<lsp::Range>| {
            if let Some(range) = range {
                out.push(lsp::Location::new(url.clone(), range));
            }
        };
        if declaration && let Some(d) = home.index().decls.get(&name) {
            push(&url, self.place(&path, &home, d.name));
        }
        for r in home.index().refs.iter().filter(|r| r.spec.is_none()) {
            if r.name == name {
                push(&url, self.place(&path, &home, r.range));
            }
        }
        for (doc_uri, doc) in &self.docs {
            let Some((a, shift)) = doc.checked() else {
                continue;
            };
            if doc.path == path {
                continue;
            }
            for r in &a.index().refs {
                if r.name == name
                    && let Some(u) = &r.spec
                    && used_path(&doc.path, a.index(), u).as_deref() == Some(path.as_path())
                {
                    push(doc_uri, shift.range_to_new(r.range).map(|r| doc.range(r)));
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
        // An edit is made from checks of the current texts only: a reference typed since the
        // last check would be missed.
        if self
            .docs
            .values()
            .any(|d| d.checked().is_some_and(|(_, s)| !s.is_identity()))
        {
            return Err((
                ErrorCode::ContentModified,
                "the spec is being checked after an edit: rename again in a moment".into(),
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
