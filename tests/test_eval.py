"""Quality gate: the dev gold, scored by `claimscope eval`, must not drop below what we reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli.app import app
from claimscope.evaluation.gold import GoldAttribution, load_gold
from claimscope.evaluation.scoring import locate, speaker_form, speaker_matches
from claimscope.ingest.normalise import normalise_text
from claimscope.records import Attribution, Mention, Span
from tests.conftest import SHARED, needs_shared

GOLD = Path(__file__).resolve().parent / "gold"
HELDOUT = Path(__file__).resolve().parent / "gold-heldout"
GENERAL = Path(__file__).resolve().parent / "gold-general"
FRESH = Path(__file__).resolve().parent / "gold-heldout-fresh"
GENERAL_HELDOUT = Path(__file__).resolve().parent / "gold-general-heldout"
DEC = Path(__file__).resolve().parent / "gold-heldout-dec"
WEB = Path(__file__).resolve().parent / "gold-web-heldout"
ENGLISH = Path(__file__).resolve().parent / "gold-en"
ENGLISH_WEB = Path(__file__).resolve().parent / "gold-en-web"
# Figures reached (see README); a change that lowers them must say why. Floors sit a little under
# each, not goals. The news-fr "fresh" split and news-fr-general even ids were held out until the
# morning of 2026-12-01 and are dev since; the news-fr "dec" split and the fr-web pages were
# annotated that afternoon and scored once, at the end of its work (F1 0.635 / speaker 0.618 and
# 0.699 / 0.575): held out still, never read for error kinds.
FLOORS = {
    GOLD: (0.90, 0.94),
    HELDOUT: (0.88, 0.83),
    GENERAL: (0.90, 0.87),
    FRESH: (0.80, 0.85),
    GENERAL_HELDOUT: (0.86, 0.83),
    DEC: (0.61, 0.59),
    WEB: (0.67, 0.55),
    ENGLISH: (0.88, 0.95),  # news-en dev (26 articles, 245 attributions): 0.904 / 0.976 on 2026-12-02
    ENGLISH_WEB: (0.85, 0.94),  # en-web dev (11 pages, 201 attributions): 0.870 / 0.964 on 2026-12-02
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
        ("he", "pronoun"),
        ("according to him", "pronoun"),
        ("the ministry", "role noun"),
        ("The ministry", "role noun"),
        ("The Kremlin", "name"),
        (None, "none"),
    ],
)
def test_speaker_form(speaker_text: str | None, form: str) -> None:
    assert speaker_form(speaker_text) == form


@pytest.mark.parametrize(
    ("gold_speaker", "gold_type", "predicted", "same"),
    [
        ("Meghan, Duchess of Sussex", "person", "Meghan", True),  # a person and her title
        ("Meghan, Duchess of Sussex", "person", "Duchess of Sussex", True),
        ("Prince Harry and Meghan, Duchess of Sussex", "group", "Meghan", False),  # not the pair
        ("Ministry of Defence", "organisation", "Defence Ministry", True),
        ("Dmitry Peskov", "person", "Yuri Ushakov", False),
        ("Jane Doe, a lawyer", "person", "John Doe", False),
    ],
)
def test_speaker_matches(gold_speaker: str, gold_type: str, predicted: str, same: bool) -> None:
    gold = GoldAttribution("doc", "words", None, gold_speaker, gold_type, "say", "indirect")
    speaker = Mention(Span(0, 1), predicted, "name", name=predicted)
    attribution = Attribution(speaker, None, Span(0, 5), "indirect", 1.0, "test")
    assert speaker_matches(gold, attribution) is same


def test_locate_handles_typography() -> None:
    text = normalise_text("l\u2019armée a « très bonne » mine")
    assert locate(text, "l’armée a « très bonne »") is not None


@needs_shared()
@pytest.mark.parametrize(
    "gold",
    [GOLD, HELDOUT, GENERAL, FRESH, GENERAL_HELDOUT, DEC, WEB, ENGLISH, ENGLISH_WEB],
    ids=[
        "dev",
        "heldout",
        "general-dev",
        "heldout-fresh",
        "general-heldout",
        "heldout-dec",
        "heldout-web",
        "en-dev",
        "en-web-dev",
    ],
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


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[1, 2]", "a JSON object of 'inputs' and 'propositions'"),  # was Python's "list indices must be integers"
        ('{"a": 1}', "no 'inputs' field"),
        ('{"inputs": {}, "propositions": [1]}', "a JSON object of 'inputs' and 'propositions'"),
        ("{", "not a claims gold file (Expecting"),
    ],
)
def test_a_claims_gold_of_another_shape_is_said_to_be_one(tmp_path: Path, content: str, said: str) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert said in " ".join(result.output.split()), result.output
