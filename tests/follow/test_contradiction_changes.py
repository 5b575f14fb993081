"""`storyline changes` and its Atom feed report new contradictions, with both evidences."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storyline.demo import run_demo
from storyline.stories.changes import ChangeKind, atom_feed, changes_since
from storyline.stories.dossier import Dossier
from tests.follow.test_cli_follow import ATOM, run

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dossier]:
    db = tmp_path_factory.mktemp("changes") / "demo.db"
    _, dossiers = run_demo(db)
    spill = next(d for d in dossiers if d.contradictions)
    return db, spill


def _arrivals(spill: Dossier) -> dict[str, datetime]:
    """The Harbour Gazette first, every other article a day later."""
    return {
        a.id: T0 if a.article.source == "harbour-gazette" else T0 + timedelta(days=1)
        for a in spill.articles
    }


def test_a_contradiction_is_new_when_its_later_evidence_arrives(
    demo_db: tuple[Path, Dossier],
) -> None:
    _, spill = demo_db
    (item,) = spill.contradictions
    arrived = _arrivals(spill)
    new = [c for c in changes_since(spill, arrived, T0) if c.kind is ChangeKind.CONTRADICTION]
    (change,) = new
    assert (change.article_id, change.start, change.end) == (
        item.second[0],
        item.second[1].start,
        item.second[1].end,
    )
    assert change.other == (item.first[0], item.first[1].start, item.first[1].end)
    assert change.arrived == T0 + timedelta(days=1)
    assert change.headline.startswith("denies: Environmental groups asserts")
    assert set(change.outlets) == {"harbour-gazette", "Northern Ledger"}
    later = changes_since(spill, arrived, T0 + timedelta(days=1))
    assert all(c.kind is not ChangeKind.CONTRADICTION for c in later)
    feed = ET.fromstring(atom_feed(spill, new, generator="test"))
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert (entry.findtext(f"{ATOM}title") or "").startswith("New contradiction: denies:")
    content = entry.findtext(f"{ATOM}content") or ""
    assert f"{item.first[0]}[{item.first[1].start}:{item.first[1].end}]" in content
    assert f"{item.second[0]}[{item.second[1].start}:{item.second[1].end}]" in content


def test_changes_command_lists_the_contradiction_in_text_json_and_atom(
    demo_db: tuple[Path, Dossier], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, spill = demo_db
    (item,) = spill.contradictions
    atom = tmp_path / "spill.atom"
    code, out, _ = run(
        capsys, "--db", str(db), "--json", "changes", spill.id, "--since", "2000-01-01",
        "--atom", str(atom),
    )  # fmt: skip
    assert code == 0
    (record,) = [c for c in json.loads(out) if c["kind"] == "contradiction"]
    evidences = {
        (e["article_id"], e["start"], e["end"])
        for e in (record["evidence"], record["other_evidence"])
    }
    assert evidences == {(a, s.start, s.end) for a, s in (item.first, item.second)}
    titles = [e.findtext(f"{ATOM}title") for e in ET.parse(atom).getroot().iter(f"{ATOM}entry")]
    assert sum((t or "").startswith("New contradiction") for t in titles) == 1
    code, out, _ = run(capsys, "--db", str(db), "changes", spill.id, "--since", "2000-01-01")
    assert code == 0
    assert "CONTRADICTION" in out
    assert "Halvorsen Chemicals denies" in out
    code, out, _ = run(
        capsys, "--db", str(db), "--json", "changes", spill.id, "--since", "2999-01-01"
    )
    assert json.loads(out) == []
