"""The command line: exit codes, one clear line per bad input, JSON output, Ctrl-C."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.cli import main

from .helpers import assert_export_spans_match

ARTICLE = """{title}

The council of Eastford met on Monday to discuss the harbour plan.

“We will not give up the harbour,” said Mayor Ann Lee. Critics said the plan was too expensive.

source eastford-news
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_version_names_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert "storyline" in out
    assert "en_core_web_sm" in out


def test_bad_inputs_are_reported_and_the_rest_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE.format(title="Harbour plan debated"))
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    latin = write(tmp_path, "latin.txt", "Caf\xe9 na\xefve title\n\nBody text.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        capsys,
        "--db",
        db,
        "ingest",
        "--published",
        "2025-03-04",
        str(empty),
        str(good),
        str(binary),
        str(latin),
        str(missing),
    )
    assert code == 1
    report = out + err
    assert "1 stored" in report
    assert "4 failed" in report
    assert f"error: {empty}: " in report
    assert f"error: {binary}: binary" in report
    assert f"error: {latin}: not valid UTF-8" in report
    assert f"error: {missing}: " in report
    assert "Traceback" not in report


def test_same_article_twice_is_stored_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE.format(title="Harbour plan debated"))
    copy = write(tmp_path, "copy.txt", ARTICLE.format(title="Harbour plan debated"))
    code, out, _ = run(
        capsys, "--db", db, "--json", "ingest", "--published", "2025-03-04", str(good)
    )
    assert code == 0
    assert json.loads(out)["stored"] == 1
    code, out, _ = run(
        capsys, "--db", db, "--json", "ingest", "--published", "2025-03-04", str(copy)
    )
    assert code == 0
    assert json.loads(out)["stored"] == 0
    assert json.loads(out)["duplicates"] == 1


def test_stories_show_and_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE.format(title="Harbour plan debated"))
    run(capsys, "--db", db, "ingest", "--published", "2025-03-04", str(good))
    code, out, _ = run(capsys, "--db", db, "--json", "articles")
    assert code == 0
    listed_articles = json.loads(out)
    assert listed_articles["schema"] == "storyline/1"
    assert [(a["source"], a["published"]) for a in listed_articles["articles"]] == [
        ("eastford-news", "2025-03-04")
    ]
    code, out, _ = run(capsys, "--db", db, "articles")
    assert "Harbour plan debated" in out
    code, out, _ = run(capsys, "--db", db, "--json", "stories")
    assert code == 0
    listed_stories = json.loads(out)
    assert listed_stories["schema"] == "storyline/1"
    storylines = listed_stories["stories"]
    assert len(storylines) == 1
    assert storylines[0]["level"] == "storyline"
    story_id = storylines[0]["id"]
    code, out, _ = run(capsys, "--db", db, "show", story_id[:12])
    assert code == 0
    assert "Ann Lee" in out
    assert "2025-03-03" in out  # "on Monday", dated against the publication date
    code, out, _ = run(capsys, "--db", db, "export", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["schema"] == "storyline/1"
    assert assert_export_spans_match(document) > 3
    # One shape family: list records are the export's records with fewer keys.
    exported_story, exported_article = document["stories"][0], document["articles"][0]
    assert {k: exported_story[k] for k in storylines[0]} == storylines[0]
    assert {k: exported_article[k] for k in listed_articles["articles"][0]} == (
        listed_articles["articles"][0]
    )
    output = tmp_path / "dossier.md"
    code, _, _ = run(capsys, "--db", db, "export", "--format", "markdown", "-o", str(output))
    assert code == 0
    assert "Ann Lee" in output.read_text(encoding="utf-8")


def test_unknown_story_is_one_line(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "--db", db, "show", "no-such-story")
    assert code == 2
    assert "error:" in err
    assert "no-such-story" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "--json", "show", "no-such-story")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "not-found"


def test_bad_published_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    good = write(tmp_path, "good.txt", ARTICLE.format(title="Harbour plan debated"))
    code, _, err = run(capsys, "--db", db, "ingest", "--published", "18/06/2024", str(good))
    assert code == 2
    assert "YYYY-MM-DD" in err


#: Articles of the interrupted ingest: enough that Ctrl-C after the first few stored
#: lands mid-batch however fast the machine (150 could all be stored before it landed).
INTERRUPTED_BATCH = 400


def test_ctrl_c_mid_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(INTERRUPTED_BATCH):
        write(folder, f"{number:03}.txt", ARTICLE.format(title=f"Harbour plan, part {number}"))
    db = tmp_path / "interrupt.db"
    command = [
        sys.executable,
        "-m",
        "storyline",
        "--db",
        str(db),
        "ingest",
        "--published",
        "2025-03-04",
        str(folder),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db) as probe:
                    stored = probe.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                stored = 0
        if stored >= 3:
            process.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    with sqlite3.connect(db) as check:
        articles = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = check.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN layers l ON l.article_id = a.id "
            "WHERE l.article_id IS NULL"
        ).fetchone()[0]
    assert 3 <= articles < INTERRUPTED_BATCH
    assert orphans == 0
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{INTERRUPTED_BATCH - articles} stored, {articles} skipped as duplicate" in rerun.stdout


TEASER_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Eastford News</title><link>http://127.0.0.1:9/</link>
<item><title>Harbour plan debated</title><link>http://127.0.0.1:9/harbour</link>
<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
<description>The council of Eastford met on Monday to discuss the harbour plan.
Read more</description>
</item></channel></rss>
"""


def test_ingest_offline_keeps_feed_summaries_and_refuses_urls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    feed = write(tmp_path, "feed.rss", TEASER_FEED)
    code, out, _ = run(capsys, "--db", db, "--json", "ingest", "--offline", str(feed))
    assert code == 0
    report = json.loads(out)
    assert report["stored"] == 1
    assert report["warnings"] == []  # the teaser's page was not even tried
    code, out, _ = run(capsys, "--db", db, "--json", "ingest", "--offline", "http://127.0.0.1:9/x")
    assert code == 1
    assert "fetching is turned off" in json.loads(out)["failed"][0]["reason"]


def test_eval_writes_metrics_to_a_file_and_errors_stay_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    metrics = tmp_path / "metrics.json"
    code, out, err = run(capsys, "eval", "speed", "--metrics", str(metrics))
    assert code == 2
    assert out == ""  # no global --json: the error is a line on stderr, not JSON
    assert "needs --data" in err
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "a.txt", ARTICLE.format(title="Harbour plan debated"))
    code, out, err = run(capsys, "eval", "speed", "--data", str(folder), "--metrics", str(metrics))
    assert code == 0, err
    written = json.loads(metrics.read_text(encoding="utf-8"))
    assert set(written) == {
        "articles",
        "words",
        "words_per_s",
        "spacy_words_per_s",
        "ratio",
        "peak_rss_mb",
        "spacy_peak_rss_mb",
    }
    assert "words_per_s" in out


def test_missing_benchmark_or_package_says_what_to_install(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "eval", "no-such-task")
    assert code == 2
    assert "storyline-benchmarks" in err
    assert "Traceback" not in err

    import importlib

    from storyline.bench import runner
    from storyline.bench.base import Task

    def needs_a_package(data: Path, limit: int | None, track: object) -> dict[str, float]:
        importlib.import_module("storyline_test_absent_package")
        return {}

    task = Task("needy", "needs a package", ("x",), needs_a_package)
    monkeypatch.setattr(runner, "get_task", lambda name: task)
    code, _, err = run(capsys, "eval", "needy", "--data", str(tmp_path))
    assert code == 2
    assert "storyline_test_absent_package" in err
    assert "storyline-benchmarks" in err
    assert "internal error" not in err
    code, out, _ = run(capsys, "--json", "eval", "needy", "--data", str(tmp_path))
    assert json.loads(out)["error"]["code"] == "missing-dependency"


def test_unknown_command_says_where_more_commands_come_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "no-such-command")
    assert code == 2
    assert "No such command 'no-such-command'" in err
    assert "storyline-benchmarks" in err


def test_articles_are_listed_a_page_at_a_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str
) -> None:
    first = write(tmp_path, "first.txt", ARTICLE.format(title="Harbour plan debated"))
    second = write(tmp_path, "second.txt", ARTICLE.format(title="Harbour plan approved"))
    run(capsys, "--db", db, "ingest", "--published", "2025-03-04", str(first))
    run(capsys, "--db", db, "ingest", "--published", "2025-03-05", str(second))
    pages = []
    for offset in ("0", "1", "2"):
        code, out, _ = run(
            capsys, "--db", db, "--json", "articles", "--limit", "1", "--offset", offset
        )
        assert code == 0
        pages.append([a["title"] for a in json.loads(out)["articles"]])
    assert pages == [["Harbour plan debated"], ["Harbour plan approved"], []]
