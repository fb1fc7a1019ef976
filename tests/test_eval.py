"""Quality gate: the dev gold, scored by `claimscope eval`, must not drop below what we reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli.app import app
from claimscope.evaluation.gold import load_gold
from claimscope.evaluation.scoring import locate, speaker_form
from claimscope.ingest.normalise import normalise_text
from tests.conftest import SHARED, needs_shared

GOLD = Path(__file__).resolve().parent / "gold"
HELDOUT = Path(__file__).resolve().parent / "gold-heldout"
GENERAL = Path(__file__).resolve().parent / "gold-general"
FRESH = Path(__file__).resolve().parent / "gold-heldout-fresh"
GENERAL_HELDOUT = Path(__file__).resolve().parent / "gold-general-heldout"
# figures reached on 2026-11-24 and 2026-12-01 (see README); a change that lowers them must say why.
# The held-out gold was annotated after the rules were written; its floor is its own.
# The fresh news-fr and the news-fr-general held-out golds were scored once, at the end of the
# 2026-12-01 work (F1 0.773 / speaker 0.804 and 0.844 / 0.697): floors a little under, not goals.
FLOORS = {
    GOLD: (0.88, 0.90),
    HELDOUT: (0.85, 0.80),
    GENERAL: (0.86, 0.78),
    FRESH: (0.75, 0.77),
    GENERAL_HELDOUT: (0.81, 0.66),
}


def test_gold_is_well_formed() -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 15
    assert sum(len(v) for v in gold.values()) >= 100
    for items in gold.values():
        for item in items:
            assert item.kind in {"direct", "indirect", "mixed", "according_to"}
            assert item.speaker_type in {"person", "organisation", "government", "group", "unknown"}


@pytest.mark.parametrize(
    ("speaker_text", "form"),
    [
        ("elle", "pronoun"),
        ("a-t-il", "pronoun"),
        ("selon lui", "pronoun"),
        ("L'avocate", "role noun"),
        ("selon le parquet", "role noun"),
        ("Le Kremlin", "name"),
        ("M. Dupont", "name"),
        (None, "none"),
    ],
)
def test_speaker_form(speaker_text: str | None, form: str) -> None:
    assert speaker_form(speaker_text) == form


def test_locate_handles_typography() -> None:
    text = normalise_text("l\u2019armée a « très bonne » mine")
    assert locate(text, "l’armée a « très bonne »") is not None


@needs_shared()
@pytest.mark.parametrize(
    "gold",
    [GOLD, HELDOUT, GENERAL, FRESH, GENERAL_HELDOUT],
    ids=["dev", "heldout", "general-dev", "heldout-fresh", "general-heldout"],
)
def test_eval_meets_quality_floor(tmp_path: Path, gold: Path) -> None:
    min_f1, min_speaker = FLOORS[gold]
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", str(gold), "--shared", str(SHARED), "--report", str(report)])
    assert result.exit_code == 0, result.output
    total = json.loads(report.read_text(encoding="utf-8"))["total"]
    assert total["unlocated"] == 0
    assert total["f1"] >= min_f1, total
    assert total["speaker_accuracy"] >= min_speaker, total
