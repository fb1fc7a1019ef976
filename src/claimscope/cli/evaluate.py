"""The `eval` command: resolve gold document references, analyse, score, report."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from claimscope.cli.render import safe
from claimscope.evaluation import evaluate
from claimscope.evaluation.gold import GoldError
from claimscope.ingest import read_file
from claimscope.pipeline import analyse
from claimscope.records import AnalysedDocument, Document

if TYPE_CHECKING:
    from claimscope.evaluation.claims import GoldInputs


def reference_reader(shared: Path) -> Callable[[str], AnalysedDocument]:
    """Turn 'corpus/x/articles.jsonl#id' or 'seed/page.txt' into an analysed document."""

    @cache
    def documents(path: str) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for item in read_file(shared / path):
            if isinstance(item, Document):
                key = item.source.split("#", 1)[1] if "#" in item.source else ""
                found[key] = item
        return found

    def analyse_ref(ref: str) -> AnalysedDocument:
        path, _, key = ref.partition("#")
        docs = documents(path)
        if key not in docs:
            raise GoldError(f"gold document {ref!r} not found under {shared}")
        return analyse(docs[key])

    return analyse_ref


Report = TypeVar("Report")


def _scored(console: Console, shared: Path, score: Callable[[], Report]) -> Report:
    """Run a scorer over the shared data; a missing folder or a bad gold file ends with exit 2."""
    if not shared.is_dir():
        console.print(f"[red]error:[/] shared data folder {safe(shared)} not found (use --shared or CLAIMSCOPE_SHARED)")
        raise typer.Exit(2)
    try:
        return score()
    except GoldError as exc:
        console.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from exc


def _write_report(console: Console, path: Path | None, report: dict[str, object]) -> None:
    if path:
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"report written to {safe(path)}")


def run_eval(console: Console, gold_dir: Path, shared: Path, report_path: Path | None, shown: int) -> None:
    report = _scored(console, shared, lambda: evaluate(gold_dir, reference_reader(shared)))
    table = Table(title=f"attribution evaluation — {gold_dir}")
    for column in ("document", "gold", "pred", "match", "P", "R", "F1", "speaker acc", "cue acc"):
        table.add_column(column, justify="left" if column == "document" else "right")
    rows = [*report.documents.items(), ("TOTAL", report.total)]
    for name, c in rows:
        table.add_row(
            name if name == "TOTAL" else safe(name.split("#")[-1].split("/")[-1]),
            str(c.gold),
            str(c.predicted),
            str(c.matched),
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
            f"{c.speaker_accuracy:.3f}",
            f"{c.cue_accuracy:.3f}",
            style="bold" if name == "TOTAL" else None,
        )
    console.print(table)
    forms = [f"{form} {v['speaker_accuracy']:.3f} ({v['matched']})" for form, v in report.form_accuracy().items()]
    console.print("speaker accuracy by the speaker's form in the sentence (matches): " + " · ".join(forms))
    for m in report.mismatches[:shown]:
        console.print(
            f"[yellow]{m.what}[/] {safe(m.doc)}: {safe(repr(m.content[:90]))} "
            f"expected={safe(repr(m.expected))} got={safe(repr(m.got))}"
        )
    _write_report(console, report_path, report.as_dict())


def corpus_reader(shared: Path) -> Callable[[GoldInputs], dict[str, AnalysedDocument]]:
    """Analyse a claims gold's inputs: the records of its corpus it covers (keyed by record id)
    and each named extra file (keyed by its name in the gold)."""

    def analyse_inputs(inputs: GoldInputs) -> dict[str, AnalysedDocument]:
        found: dict[str, AnalysedDocument] = {}
        for corpus in inputs.corpora:
            for item in read_file(shared / corpus):
                if isinstance(item, Document):  # a JSONL record by its id, a file of a folder by its name
                    key = item.source.split("#", 1)[1] if "#" in item.source else Path(item.source).name
                    if inputs.covers(corpus, key):
                        found[key] = analyse(item)
        for name, path in inputs.files.items():
            for item in read_file(shared / path):
                if isinstance(item, Document):
                    found[name] = analyse(item)
        return found

    return analyse_inputs


def run_claims_eval(console: Console, gold: Path, shared: Path, report_path: Path | None, shown: int) -> None:
    from claimscope.evaluation.claims import score_claims

    report = _scored(console, shared, lambda: score_claims(gold, corpus_reader(shared)))
    table = Table(title=f"claims evaluation — {gold}")
    for column in ("what", "gold", "pred", "match", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "what" else "right")
    for name, c in (
        ("stances (proposition, doc, stance)", report.stances),
        ("proposition mentions (proposition, doc)", report.mentions),
        ("flags", report.flags),
    ):
        table.add_row(
            name, str(c.gold), str(c.predicted), str(c.matched), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"
        )
    console.print(table)
    accuracy = report.verdicts_right / report.verdicts_total if report.verdicts_total else 0.0
    console.print(
        f"verdicts: {report.verdicts_right}/{report.verdicts_total} right ({accuracy:.3f}); "
        f"party of matched stances: {report.party_accuracy:.3f}; "
        f"flag kind of matched flags: {report.flag_kind_accuracy:.3f}"
    )
    if report.outside:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(report.outside.items()))
        console.print(f"outside gold (not scored; --show-errors lists them): {safe(kinds)}")
    verdicts = Table(title="verdict per proposition")
    for column in ("proposition", "gold", "system", "stances P", "stances R"):
        verdicts.add_column(column)
    for proposition, expected, got in report.verdict_rows:
        counts = report.per_proposition[proposition]
        style = None if expected == got else "yellow"
        verdicts.add_row(
            safe(proposition),
            expected or "",
            got or "none",
            f"{counts.precision:.2f}",
            f"{counts.recall:.2f}",
            style=style,
        )
    console.print(verdicts)
    for line in report.errors[:shown]:
        console.print(f"[yellow]{safe(line)}[/]")
    _write_report(console, report_path, report.as_dict())
