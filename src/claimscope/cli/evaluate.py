"""The `eval` command: resolve gold document references, analyse, score, report."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from claimscope.cli.render import safe
from claimscope.evaluation import evaluate
from claimscope.evaluation.gold import GoldError
from claimscope.ingest import read_file
from claimscope.pipeline import analyse
from claimscope.records import AnalysedDocument, Document


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


def run_eval(console: Console, gold_dir: Path, shared: Path, report_path: Path | None, shown: int) -> None:
    if not shared.is_dir():
        console.print(f"[red]error:[/] shared data folder {safe(shared)} not found (use --shared or CLAIMSCOPE_SHARED)")
        raise typer.Exit(2)
    try:
        report = evaluate(gold_dir, reference_reader(shared))
    except GoldError as exc:
        console.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from exc
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
    for m in report.mismatches[:shown]:
        console.print(
            f"[yellow]{m.what}[/] {safe(m.doc)}: {safe(repr(m.content[:90]))} "
            f"expected={safe(repr(m.expected))} got={safe(repr(m.got))}"
        )
    if report_path:
        report_path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"report written to {safe(report_path)}")
