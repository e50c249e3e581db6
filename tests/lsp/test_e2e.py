"""End to end: an independent LSP client (pytest-lsp, on pygls) starts `slagen lsp` as an
editor does, opens specs/calltree.sla, types an error and checks the diagnostic, a hover with
the Japanese sentence, a go-to-definition and a completion.

Run by `cargo test` (tests/integration/lsp_e2e.rs), which passes the binary in $SLAGEN.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "calltree.sla"
SLAGEN = os.environ["SLAGEN"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[SLAGEN, "lsp"]))
async def client(lsp_client: LanguageClient):
    # The server asks to watch *.sla files, as the capabilities below allow it to.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        assert params.registrations[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        return None

    # When a check finishes, the server asks for the semantic tokens again (VS Code can).
    @lsp_client.feature(types.WORKSPACE_SEMANTIC_TOKENS_REFRESH)
    def refresh(params: None):
        return None

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=ROOT.as_uri(),
    )
    # The server's answer (its capabilities: the semantic tokens' legend).
    lsp_client.server_info = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def position(text: str, needle: str, plus: int = 0) -> types.Position:
    """The position `plus` characters into the first `needle` (UTF-16 columns)."""
    i = text.index(needle) + plus
    line = text.count("\n", 0, i)
    start = text.rfind("\n", 0, i) + 1
    column = len(text[start:i].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column)


async def diagnostics_of(client: LanguageClient, uri: str, version: int):
    """The diagnostics the server publishes for a version of a document."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return params.diagnostics


@pytest.mark.asyncio
async def test_an_author_edits_calltree(client: LanguageClient):
    uri = SPEC.as_uri()
    text = SPEC.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="sla", version=1, text=text)
        )
    )
    assert list(await diagnostics_of(client, uri, 1)) == []

    # The author mistypes a reference.
    typo = text.replace("outside    support_hours", "outside    suport_hours")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=typo)],
        )
    )
    diagnostics = await diagnostics_of(client, uri, 2)
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    assert d.code == "E0102"
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.message.startswith("no hours named `suport_hours`")
    assert "did you mean `support_hours`?" in d.message
    assert d.range.start == position(typo, "suport_hours")

    # Hover on the term: the sentence the document prints for it (the spec's own wording).
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(typo, "hours support_hours", 8),
        )
    )
    assert hover is not None
    assert "サポート受付：土日祝日、盆、年末年始を除く10:00～19:00" in hover.contents.value

    # Semantic tokens: the term's id where it is declared, as a variable and a declaration.
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    server_legend = client.server_info.capabilities.semantic_tokens_provider.legend
    line, column, found = 0, 0, None
    want = position(typo, "hours support_hours", 6)
    data = tokens.data
    for i in range(0, len(data), 5):
        line += data[i]
        column = data[i + 1] if data[i] else column + data[i + 1]
        if (line, column) == (want.line, want.character):
            found = (server_legend.token_types[data[i + 3]], data[i + 4])
    assert found == ("variable", 1), found  # bit 0: declaration

    # Go to definition: from the calendar a term uses to where the calendar is declared.
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(typo, "calendar business\n", 10),
        )
    )
    location = found[0] if isinstance(found, list) else found
    assert location.uri == uri
    assert location.range.start == position(typo, 'calendar business "', 9)

    # Completion: the weekday names where `open` wants them.
    edited = typo.replace("open   mon..fri", "open   ", 1)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)],
        )
    )
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(edited, "open   ", 7),
        )
    )
    items = items.items if isinstance(items, types.CompletionList) else items
    labels = [i.label for i in items]
    assert labels[:7] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], labels
