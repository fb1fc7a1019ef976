"""Read-only commands start without the NLP stack: spaCy, numpy and trafilatura load only where
text is analysed or read, alembic only where a store is opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimscope.store import Store

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "numpy", "trafilatura", "py3langid", "claimscope.nlp")
PROBE = """
import sys
from typer.testing import CliRunner
from claimscope.cli.app import app
for args in {commands!r}:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (args, result.output)
print(sorted(m for m in {heavy!r} if m in sys.modules))
"""


def _loaded(commands: list[list[str]]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(commands=commands, heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    return done.stdout.strip()


def test_help_loads_nothing_heavy() -> None:
    assert _loaded([["documents", "--help"], ["claims", "--help"]]) == "[]"


def test_reading_a_fresh_store_loads_no_nlp(desk_store: Store) -> None:
    url = desk_store.engine.url.render_as_string(hide_password=False)
    commands = [["speakers", "--db", url], ["flags", "--db", url], ["claims", "--about", "Pokrovsk", "--db", url]]
    assert "spacy" not in _loaded(commands)
