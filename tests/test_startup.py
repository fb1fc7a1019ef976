"""Read-only commands start without the NLP stack: spaCy, numpy and trafilatura load only where
text is analysed or read, alembic only where a store is opened; nor what only other commands use
(PyYAML where no data file is read, pydantic outside the HTTP API, rich's progress display, the
knowledge readers, PostgreSQL's dialect over SQLite)."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from claimscope.store import Store

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "numpy", "trafilatura", "py3langid", "claimscope.nlp.parsing")
OTHER_COMMANDS = ("yaml", "pydantic", "rich.progress", "claimscope.entities.kbimport", "sqlalchemy.dialects.postgresql")
PROBE = """
import sys
from typer.testing import CliRunner
from claimscope.cli.app import app
for args in {commands!r}:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (args, result.output)
print(sorted(m for m in {heavy!r} if m in sys.modules))
"""


def _run(code: str) -> str:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout


def _loaded(commands: list[list[str]], modules: tuple[str, ...] = HEAVY) -> str:
    return _run(PROBE.format(commands=commands, heavy=modules)).strip()


def test_help_loads_nothing_heavy() -> None:
    assert _loaded([["documents", "--help"], ["claims", "--help"]]) == "[]"


def test_reading_a_fresh_store_loads_no_nlp(desk_store: Store) -> None:
    url = desk_store.engine.url.render_as_string(hide_password=False)
    commands = [["speakers", "--db", url], ["flags", "--db", url], ["claims", "--about", "Pokrovsk", "--db", url]]
    assert "spacy" not in _loaded(commands)


def test_reading_loads_nothing_other_commands_use(desk_store: Store) -> None:
    url = desk_store.engine.url.render_as_string(hide_password=False)
    assert _loaded([["speakers", "--db", url], ["flags", "--db", url]], OTHER_COMMANDS) == "[]"


def test_the_command_collects_garbage_once_started() -> None:
    """Its imports are frozen out of the collector, which is on again for the command itself."""
    probe = (
        "import gc, sys\nfrom claimscope.cli import main\nsys.argv = ['claimscope', 'documents', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), gc.get_freeze_count() > 10_000)"
    )
    assert _run(probe).splitlines()[-1] == "True True"


def test_a_budgeted_ingest_parses_in_its_worker_only(tmp_path: Path) -> None:
    """Which documents are parsed is known without spaCy: the client reads, stores and refreshes."""
    quote = "« Nous tenons le quartier », a déclaré lundi le porte-parole à Kyiv."
    (tmp_path / "a.txt").write_text(quote, encoding="utf-8")
    probe = PROBE.format(commands=[["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path}/s.db"]], heavy=HEAVY)
    assert "spacy" not in _run(probe)


def test_python_m_claimscope_runs_the_command() -> None:
    """`python -m claimscope` is the command itself, for a checkout run with PYTHONPATH=src."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "claimscope", "--help"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "analyze" in done.stdout and "ingest" in done.stdout


def test_every_help_paragraph_is_wrapped_to_the_terminal_alone() -> None:
    """No line of a command's description ends short while its paragraph goes on (a docstring's
    own line breaks kept, then wrapped again at 80 columns, left a word or two on a line)."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from claimscope.cli.app import app

    groups, commands = [get_command(app)], [[]]
    short = []
    while commands:
        path = commands.pop()
        group = groups.pop()
        for name, command in getattr(group, "commands", {}).items():
            groups.append(command)
            commands.append([*path, name])
        output = CliRunner().invoke(app, [*path, "--help"], terminal_width=80, env={"COLUMNS": "80"}).output
        description = output.split("╭")[0].splitlines()
        for line, following in pairwise(description):
            if line.strip() and following.strip() and len(line.rstrip()) < 60 and "Usage" not in line:
                short.append((path, line.strip()))
    assert short == []
