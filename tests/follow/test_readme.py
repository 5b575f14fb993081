"""The README shows following a feed list, and what it shows works: its `follow --feeds`
command, run on a feed list written as the README describes it, follows every feed."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from pathlib import Path

import pytest

from storyline.cli import main
from tests.follow.server import LocalServer, Route, rss
from tests.follow.texts import BRIDGE, SPILL, text_of

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_commands() -> list[list[str]]:
    """The ``storyline`` commands of the README's "Following feeds" code block."""
    section = README.read_text(encoding="utf-8").split("\n## Following feeds\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section.split("\n## ", 1)[0], re.DOTALL)
    assert block is not None, "the README's Following feeds section has no example"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("storyline ")]


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = 0
    try:
        main(args)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, capsys.readouterr().out


def test_the_readme_follows_a_feed_list_and_its_command_works(
    tmp_path: Path, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (follow,) = [c for c in readme_commands() if c[:2] == ["follow", "--feeds"]]
    assert "--once" in follow
    listed = follow[2]
    for name, paragraphs in (("world", SPILL), ("city", BRIDGE)):
        link = f"{server.url}/{name}/1"
        entry = {"title": name, "link": link, "description": text_of(paragraphs)}
        server.routes[f"/{name}"] = Route(rss(name, [entry]), headers={"ETag": f'"{name}"'})
    feeds = tmp_path / listed
    feeds.write_text(  # as the README says: `URL [outlet name]`, `#` starts a comment
        f"# local news\n{server.url}/world World Desk\n\n{server.url}/city\n", encoding="utf-8"
    )
    db = ["--db", str(tmp_path / "s.db")]
    with contextlib.chdir(tmp_path):
        code, _ = run(capsys, [*db, *follow, "--allow-private"])
    assert code == 0
    assert len(server.requests_to("/world")) == len(server.requests_to("/city")) == 1

    assert ["feeds"] in readme_commands()
    code, out = run(capsys, [*db, "--json", "feeds"])
    rows = {row["url"].rsplit("/", 1)[1]: row for row in json.loads(out)}
    assert {name: (row["outlet"], row["entries"]) for name, row in rows.items()} == {
        "world": ("World Desk", 1),
        "city": (None, 1),
    }
