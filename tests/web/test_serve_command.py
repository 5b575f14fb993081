"""`storyline serve` as a user runs it: a process on 127.0.0.1, stopped by the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from storyline.cli import main

from .live import free_port

START_TIMEOUT = 90.0  # the demo analyzes its corpus first


@pytest.mark.parametrize("how", ["serve", "demo --serve"])
def test_serve_answers_on_localhost_and_stops_on_ctrl_c(demo_db: Path, how: str) -> None:
    port = free_port()
    arguments = ["serve", "--db", str(demo_db)] if how == "serve" else ["demo", "--serve"]
    command = [sys.executable, "-m", "storyline", *arguments, "--port", str(port)]
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "storyline serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200
        assert "Stories" in response.text
        assert "Kelder" in response.text
        assert "content-security-policy" in response.headers
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0


def test_serve_without_a_store_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--db", str(missing)])
    assert stop.value.code == 2
    assert "no store here" in capsys.readouterr().err
    assert not missing.exists()  # serving never creates a store
