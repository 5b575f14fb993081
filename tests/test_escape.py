"""Untrusted text is data in every output: Markdown, terminal, HTML.

The end-to-end tests ingest hostile articles through the real pipeline and read the
Markdown back with a CommonMark parser (markdown-it-py, which rich depends on), so
"no live markup" is judged the way a Markdown viewer would judge it.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console

from storyline.escape import (
    html_text,
    http_url,
    markdown_text,
    markdown_url,
    terminal_text,
    visible_controls,
)
from storyline.service import Storyline
from storyline.store import open_store
from storyline.stories.dossier import Dossier
from storyline.stories.export import export_markdown
from storyline.terminal import print_dossiers

HOSTILE_TITLE = (
    "<script>alert(1)</script> Dam [x](javascript:alert(1)) ![i](https://x.example/i.png) "
    "[bold]loud[/bold] [link=https://evil.example]click[/link] :warning: \x1b[2J\x1b]8;;"
    "https://evil.example\x1b\\ **strong** _em_ `code` ~~gone~~ | cell # end"
)
HOSTILE_OUTLET = "Wire | Desk: Night"
HOSTILE_TEXT = (
    "Mayor Anna Berg said on Monday, June 3, 2024, that the dam at <img src=x "
    "onerror=alert(1)> would open on Friday. The works cost [a lot](javascript:alert(2)), "
    "the council said."
)
ROWS = [
    {
        "title": HOSTILE_TITLE,
        "source": HOSTILE_OUTLET,
        "url": "javascript:alert(1)",
        "published": "2024-06-03",
        "text": HOSTILE_TEXT,
    },
    {
        "title": "Dam | opens: <b>soon</b>",
        "source": "[red]Herald[/red]",
        "url": "https://herald.example/dam?a=1&b=2",
        "published": "2024-06-04",
        "text": "Mayor Anna Berg said on Tuesday that the dam would open on Friday. "
        '"The dam opens on Friday <b>for sure</b>," Berg told reporters.',
    },
]


# --------------------------------------------------------------------------- the module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("[x](javascript:y)", "\\[x\\](javascript:y)"),
        ("a | b", "a \\| b"),
        ("*a* _b_ `c` ~d~ # e \\ f", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\# e \\\\ f"),
        ("A &amp; B", "A &amp;amp; B"),
        ("two\nlines\r\n\u2028x\ty", "two lines x y"),
        ("U.S. President (acting) - 3.5% + 1!", "U.S. President (acting) - 3.5% + 1!"),
    ],
)
def test_markdown_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://news.example/a?b=1&c=2", True),
        ("http://news.example", True),
        ("HTTPS://NEWS.EXAMPLE/x", True),
        ("javascript:alert(1)", False),
        ("JavaScript://news.example/%0aalert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("//news.example/a", False),
        ("https://news.example/a b", False),
        ("https://news.example/a>b<script>", False),
        ("https:///nohost", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_plain_http_urls_are_links(url: str | None, safe: bool) -> None:
    assert http_url(url) == (url if safe else None)
    if url:
        assert markdown_url(url).startswith("<") is safe


def test_unsafe_url_is_literal_text() -> None:
    assert markdown_url("javascript:alert(1)") == "javascript:alert(1)"
    assert markdown_url("data:<b>") == "data:&lt;b&gt;"


def test_controls_become_visible() -> None:
    assert visible_controls("a\x1b[2Jb\x07\x9bc\td\n") == "a\u241b[2Jb\u2407\ufffdc\td\n"


def test_terminal_text_is_never_markup() -> None:
    console = Console(file=StringIO(), width=200, force_terminal=True, color_system="truecolor")
    console.print(terminal_text("[bold]x[/bold] [link=https://evil.example]y[/link] :warning:"))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[bold]x[/bold] [link=https://evil.example]y[/link] :warning:" in output
    assert "\x1b[1m" not in output  # no bold
    assert "\x1b]8;" not in output  # no hyperlink
    assert "\u26a0" not in output  # no emoji


def test_html_text() -> None:
    assert html_text("<a href=\"x\" onclick='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> list[Dossier]:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    app = Storyline(open_store(folder / "store.db"))
    report = app.ingest([str(path)], offline=True)
    assert len(report.stored) == 2, report
    found = app.dossiers()
    assert found
    return found


def _tokens(markdown: str) -> list[Token]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    flat: list[Token] = []
    for token in parser.parse(markdown):
        flat += [token, *(token.children or [])]
    return flat


def test_markdown_export_has_no_live_markup(dossiers: list[Dossier]) -> None:
    markdown = export_markdown(dossiers)
    tokens = _tokens(markdown)
    assert not [t for t in tokens if t.type in ("html_inline", "html_block")]
    assert not [t for t in tokens if t.type == "image"]
    assert not [t for t in tokens if t.type == "s_open"]  # ~~gone~~ is not struck through
    links = [str(t.attrGet("href")) for t in tokens if t.type == "link_open"]
    assert links == ["https://herald.example/dam?a=1&b=2"]
    code = [t.content for t in tokens if t.type == "code_inline"]
    assert all(len(content) == 16 or content.startswith(("L", "S")) for content in code), code
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "javascript:alert(1)" in rendered  # shown as text, not dropped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def _text_of(inline: Token) -> str:
    """What a reader sees of an inline token: its text, markup gone."""
    return "".join(child.content for child in inline.children or () if child.type == "text")


def _table_rows(tokens: list[Token]) -> list[list[str]]:
    """The cells of every table row, as the text a reader sees."""
    rows: list[list[str]] = []
    in_table = False
    for token in tokens:
        in_table = token.type != "table_close" and (in_table or token.type == "table_open")
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and in_table:
            rows[-1].append(_text_of(token))
    return rows


def test_markdown_tables_keep_their_columns(dossiers: list[Dossier]) -> None:
    rows = _table_rows(_tokens(export_markdown(dossiers)))
    timeline = [row for row in rows if len(row) == 3 and row[0].startswith("2024-")]
    assert timeline
    for row in timeline:  # the outlet is whole: its "|" and ":" are text
        assert row[2] in ("Wire | Desk: Night, 2024-06-03", "[red]Herald[/red], 2024-06-04")
    assert all(len(row) in (3, 4) for row in rows)


def test_terminal_output_has_no_live_markup(dossiers: list[Dossier]) -> None:
    file = StringIO()
    console = Console(file=file, width=400, force_terminal=True, color_system="truecolor")
    print_dossiers(console, dossiers)
    output = file.getvalue()
    assert "\x1b[2J" not in output  # the article's escape sequence is not sent
    assert "\x1b]8;" not in output  # no hyperlink, neither from markup nor from the text
    assert "\u26a0" not in output  # ":warning:" is not an emoji
    assert "[bold]loud[/bold]" in output
    assert "[link=https://evil.example]click[/link]" in output
    assert "[red]Herald[/red]" in output
    assert "\u241b[2J" in output  # the escape character is shown, visibly


def test_markdown_for_a_hostile_outlet_in_the_timeline(dossiers: list[Dossier]) -> None:
    """The timeline names each event's outlet whole (it was cut at the first ":")."""
    markdown = export_markdown(dossiers)
    timeline_rows = [
        line for line in markdown.splitlines() if line.startswith("| 2024-") and "Berg" in line
    ]
    assert timeline_rows
    assert any(line.endswith("| Wire \\| Desk: Night, 2024-06-03 |") for line in timeline_rows)


def test_escaped_markdown_reads_back_as_the_original(tmp_path: Path) -> None:
    """Escaping loses nothing: a CommonMark reader gets the exact text back."""
    for text in (HOSTILE_TITLE.replace("\x1b", ""), HOSTILE_OUTLET, HOSTILE_TEXT, "a\\*b"):
        tokens = MarkdownIt("commonmark").parse(markdown_text(text))
        (paragraph,) = [token for token in tokens if token.type == "inline"]
        assert _text_of(paragraph) == text
