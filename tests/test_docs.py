"""The documentation and the command line agree, both ways (sqlite-utils' test_docs.py).

docs/cli.md has a ``## `storyline COMMAND …` `` section per command naming each of its
options in backticks; every ``storyline …`` example in the README and docs/ names a
command that exists, with options that command (or the global ones) has.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from storyline.bench import task_names
from storyline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"
DOCS = [ROOT / "README.md", ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").glob("*.md"))]
GLOBAL_SECTION = "Global options"
HELP = {"-h", "--help"}
#: Options written in backticks at the start of a code span: `--published DATE`, `-o`.
OPTION_IN_CODE = re.compile(r"`(--?[a-z][a-z-]*)")
COMMAND_WORD = re.compile(r"[a-z][a-z-]*")


def _commands() -> dict[str, click.Command]:
    context = click.Context(cli)
    found = {name: cli.get_command(context, name) for name in cli.list_commands(context)}
    return {name: command for name, command in found.items() if command is not None}


def _benchmark_commands() -> set[str]:
    """Commands benchmarks/pyproject.toml adds (documented even where not installed)."""
    project = tomllib.loads((ROOT / "benchmarks" / "pyproject.toml").read_text("utf-8"))
    return set(project["project"]["entry-points"]["storyline.commands"])


#: Documented commands that may be absent: those of a package that is not installed.
NOT_INSTALLED = _benchmark_commands() - set(_commands())


def _options(command: click.Command) -> set[str]:
    names = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
    names |= {o for p in command.params if isinstance(p, click.Option) for o in p.secondary_opts}
    return names | HELP


GLOBAL_OPTIONS = _options(cli)
VALUED_GLOBALS = {
    o for p in cli.params if isinstance(p, click.Option) and not p.is_flag for o in p.opts
}


def _sections() -> dict[str, str]:
    """docs/cli.md by section: the command name (or GLOBAL_SECTION) -> its text."""
    sections: dict[str, str] = {}
    for chunk in re.split(r"^## ", CLI_DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        title, _, body = chunk.partition("\n")
        match = re.fullmatch(r"`storyline ([a-z][a-z-]*)[^`]*`", title.strip())
        sections[match.group(1) if match else title.strip()] = body
    return sections


def _invocations(text: str) -> Iterator[str]:
    """What follows ``storyline`` in code: fenced lines and inline code spans."""
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            stripped = line.strip().removeprefix("$ ")
            if stripped.startswith("storyline "):
                yield stripped.split(" #", 1)[0][len("storyline ") :]
        else:
            for span in re.findall(r"`([^`]+)`", line):
                if span.startswith("storyline "):
                    yield span[len("storyline ") :]


def _tokens(invocation: str) -> list[str]:
    try:
        words = shlex.split(invocation)
    except ValueError:
        words = invocation.split()
    return [w.strip("[]") for w in words if w.strip("[]")]


Mention = tuple[str, list[str], list[str]]  # command, its options, its other words


def _mentions(text: str) -> tuple[list[Mention], list[str]]:
    """Every ``storyline`` invocation in ``text``, and the problems found in its global
    options (before the command)."""
    found: list[Mention] = []
    problems: list[str] = []
    for invocation in _invocations(text):
        tokens = _tokens(invocation)
        while tokens and tokens[0].startswith("-"):
            option = tokens.pop(0).split("=")[0]
            if option not in GLOBAL_OPTIONS:
                problems.append(f"`storyline {invocation}`: no global option {option}")
            if option in VALUED_GLOBALS and tokens:
                tokens.pop(0)
        if tokens and COMMAND_WORD.fullmatch(tokens[0]):
            options = [t.split("=")[0] for t in tokens[1:] if re.match(r"--?[a-z]", t)]
            words = [t for t in tokens[1:] if not t.startswith("-")]
            found.append((tokens[0], options, words))
    return found, problems


def _example_problems(text: str) -> list[str]:
    """Commands and options of the examples in ``text`` that do not exist."""
    commands = _commands()
    mentions, problems = _mentions(text)
    for name, options, _ in mentions:
        if name in NOT_INSTALLED:
            continue
        if name not in commands:
            problems.append(f"`storyline {name}` is not a command")
            continue
        unknown = set(options) - _options(commands[name])
        if unknown:
            problems.append(f"`storyline {name}` has no option {sorted(unknown)}")
    return problems


def test_every_command_and_option_is_documented() -> None:
    sections = _sections()
    documented_globals = set(OPTION_IN_CODE.findall(sections[GLOBAL_SECTION]))
    assert documented_globals >= GLOBAL_OPTIONS
    for name, command in _commands().items():
        assert name in sections, f"docs/cli.md has no section `storyline {name}`"
        documented = set(OPTION_IN_CODE.findall(sections[name]))
        missing = _options(command) - HELP - documented
        assert not missing, f"storyline {name}: undocumented {sorted(missing)} in docs/cli.md"


def test_every_documented_command_and_option_exists() -> None:
    commands = _commands()
    for name, body in _sections().items():
        if name == GLOBAL_SECTION or name in NOT_INSTALLED:
            continue
        assert name in commands, f"docs/cli.md documents `storyline {name}`, which does not exist"
        unknown = set(OPTION_IN_CODE.findall(body)) - _options(commands[name]) - GLOBAL_OPTIONS
        assert not unknown, f"docs/cli.md, storyline {name}: no such option {sorted(unknown)}"


def test_every_example_in_the_docs_runs_a_real_command_with_real_options() -> None:
    examples = 0
    for document in DOCS:
        text = document.read_text(encoding="utf-8")
        examples += len(_mentions(text)[0])
        problems = _example_problems(text)
        assert not problems, f"{document.name}: {problems}"
    assert examples > 20  # the parser still finds the examples


def test_the_example_check_catches_what_the_docs_once_got_wrong() -> None:
    # Global options go before the command; docs once showed these two.
    text = "Run `storyline show STORY --json`.\n```sh\nstoryline eval timeline --json out.json\n```"
    assert _example_problems(text) == [
        "`storyline show` has no option ['--json']",
        "`storyline eval` has no option ['--json']",
    ]
    assert _example_problems("`storyline --jsn stories` and `storyline shw`") == [
        "`storyline --jsn stories`: no global option --jsn",
        "`storyline shw` is not a command",
    ]


def test_every_documented_benchmark_task_exists() -> None:
    installed = set(task_names())
    if installed == {"speed"}:
        pytest.skip("storyline-benchmarks is not installed")
    # a task the checkout's benchmarks package declares, installed or not yet reinstalled
    project = tomllib.loads((ROOT / "benchmarks" / "pyproject.toml").read_text(encoding="utf-8"))
    installed |= set(project["project"]["entry-points"]["storyline.eval_tasks"])
    for document in DOCS:
        for name, _, words in _mentions(document.read_text(encoding="utf-8"))[0]:
            if name == "eval" and words and COMMAND_WORD.fullmatch(words[0]):
                assert words[0] in installed, f"{document.name}: no benchmark {words[0]!r}"
