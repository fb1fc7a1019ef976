"""claimscope's command line: analyze, ingest, show, speakers, claims, flags, entity, kb, eval."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import DBAPIError

from claimscope import batch, query
from claimscope.budget import DEFAULT_MEMORY_MIB, DEFAULT_SECONDS, Budget, analyse_within, shared_worker
from claimscope.cli.claims import (
    CLAIMS_SHOWN,
    STANCES_SHOWN,
    FlagKind,
    GroupedType,
    Json,
    VerdictKind,
    import_knowledge,
    kb_app,
    show_claims,
    show_entity,
    show_flags,
)
from claimscope.cli.database import Commands, console, database_failed, errors, open_store
from claimscope.cli.db import db_app
from claimscope.cli.documents import documents, show
from claimscope.cli.layout import Field, Records
from claimscope.cli.options import (
    DAY,
    MOST_LISTED,
    ClusterAddress,
    DbOption,
    MaxBytes,
    MemoryBudget,
    RefreshEvery,
    TimeBudget,
    Workers,
    cluster_client,
)
from claimscope.cli.render import attribution_table, print_problems, print_warnings, refreshed, safe
from claimscope.cli.serve import serve
from claimscope.cli.signals import Stop, terminated_as_interrupted
from claimscope.cli.watch import watch
from claimscope.ingest import DEFAULT_MAX_BYTES, read_inputs
from claimscope.query.speakers import MAX_LIMIT as MAX_SPEAKERS
from claimscope.records import FLAG_KINDS, AnalysedDocument, Problem
from claimscope.store import DEFAULT_URL

app = typer.Typer(
    help="claimscope: who said what in news articles (speakers resolved, offsets exact), what each source "
    "claims about places, meetings and people, where the sources agree or conflict, and what to flag.",
    no_args_is_help=True,
    add_completion=False,
    cls=Commands,  # a database error in any command: one line, exit code 2
)
Paths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Files or folders: pages (.html .htm .txt), JSONL records (.jsonl), feeds (.xml .rss .atom .opml), "
        "archives (.warc .warc.gz .arc .arc.gz), or a .txt list of http(s) URLs of pages or feeds (fetched).",
    ),
]


@app.command()
def analyze(
    paths: Paths,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON format (docs/json-format.md).")] = False,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MIB,
) -> None:
    """Analyse files without storing them: a who-said-what table, or JSON with --json.

    Each document is analysed under a budget of time and memory (--time-budget, --memory-budget)."""
    documents: list[AnalysedDocument] = []
    problems: list[Problem] = []
    budget = Budget(time_budget, memory_budget)
    if budget.limited:
        shared_worker().prestart()  # the worker loads its pipeline while the inputs are read
    for item in read_inputs(paths, max_bytes):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        analysed = analyse_within(item, budget)
        if isinstance(analysed, Problem):  # over the budget, or the analysis failed
            problems.append(analysed)
            continue
        documents.append(analysed)
        print_warnings(errors, item.source, item.warnings)
        if not as_json:
            if analysed.analysed:
                console.print(attribution_table(analysed))
            else:
                console.print(f"[yellow]not analysed[/] {safe(item.source)}: {safe(analysed.note)}")
    if as_json:
        from claimscope.schema import Output, document_out  # pydantic loads only for --json

        out = Output(
            documents=[document_out(d) for d in documents],
            problems=[{"source": p.source, "reason": p.reason} for p in problems],
        )
        typer.echo(json.dumps(out.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
    else:
        print_problems(errors, [(p.source, p.reason) for p in problems])
    if problems:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = DEFAULT_URL,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    reanalyse: Annotated[
        bool,
        typer.Option(
            "--reanalyse", help="Analyse the given inputs again even if stored (after an upgrade); replaces results."
        ),
    ] = False,
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MIB,
    workers: Workers = 0,
    cluster: ClusterAddress = None,
    refresh_every: RefreshEvery = batch.REFRESH_DOCUMENTS,
) -> None:
    """Ingest files and folders into the store; re-running resumes without duplicates.

    Each document is analysed under a budget (--time-budget, --memory-budget); one over it is skipped, not stored.

    --workers N or --cluster ADDRESS: analysis on a Dask cluster's workers, same budget (docs/scaling.md).

    Exit code 0 when every input was read, 1 when some were skipped (each is listed), 2 when the database (or
    the cluster, or a refresh's process of its own) failed, 130 after Ctrl-C and 143 after SIGTERM (what was
    stored is kept: run the same command again to resume).
    """
    from claimscope.cli.progress import IngestProgress  # here, not above: rich's progress display is for ingest only

    if not any(path.exists() for path in paths):  # a typo: no database is made for it
        print_problems(errors, [(str(path), "no such file or folder") for path in paths])
        errors.print("nothing to ingest: the database was not opened")
        raise typer.Exit(1)
    budget = Budget(time_budget, memory_budget)
    stop = Stop()
    with cluster_client(workers, cluster, budget) as client:  # no scheduler there: said before a database is made
        store = open_store(db, write=True)
        with IngestProgress(errors, paths) as progress:

            def report(result: AnalysedDocument | Problem) -> None:
                progress.result(result)
                if isinstance(result, AnalysedDocument):
                    print_warnings(errors, result.document.source, result.document.warnings)

            try:
                with terminated_as_interrupted(stop):
                    summary = batch.ingest(
                        paths,
                        store,
                        max_bytes,
                        on_item=progress.item,
                        on_result=report,
                        on_known=progress.already_stored,
                        reanalyse=reanalyse,
                        budget=budget,
                        client=client,
                        refresh_every=refresh_every,
                    )
            except KeyboardInterrupt:  # a batch is stored in one transaction: nothing half-done
                progress.bar.stop()
                errors.print(progress.interrupted(stop.cause))
                raise typer.Exit(stop.status) from None
            except DBAPIError as exc:  # read-only, locked, full: what is stored is kept
                progress.bar.stop()
                errors.print(database_failed(exc))
                errors.print(progress.stopped())
                raise typer.Exit(2) from None
    print_problems(errors, [(p.source, p.reason) for p in summary.problems])
    for note in summary.notes:
        print_warnings(errors, note.source, [note.reason])
    skipped_lang = ", ".join(f"{n} {why}" for why, n in sorted(summary.not_analysed.items()))
    console.print(
        f"[green]stored {summary.stored}[/] new document{'' if summary.stored == 1 else 's'} "
        f"({summary.attributions} attribution{'' if summary.attributions == 1 else 's'}); "
        f"{summary.already_stored} already stored; {len(summary.problems)} skipped"
        + (f"; {summary.reanalysed} analysed again" if summary.reanalysed else "")
        + (f"; kept but not analysed: {skipped_lang}" if skipped_lang else "")
    )
    if summary.refreshes:  # a line of its own: the one above stays within 80 columns more often
        console.print(f"verdicts and flags {refreshed(summary.refreshes)}")
    if not summary.ok:
        raise typer.Exit(1)


app.command()(watch)


app.command()(show)
app.command()(documents)


@app.command()
def speakers(
    db: DbOption = DEFAULT_URL,
    limit: Annotated[int, typer.Option(min=0, max=MOST_LISTED, help="How many speakers to list (0: every one).")] = 50,
) -> None:
    """The most quoted speakers across stored documents, with the side of the story each speaks
    for as its claims read it (— where none is known)."""
    store = open_store(db, must_exist=True)
    table = Records(
        [
            Field("speaker"),
            Field("type"),
            Field("side"),
            Field("statements", justify="right"),
            Field("documents", justify="right"),
        ],
        title="speakers",
    )
    listed = 0
    while not limit or listed < limit:  # a page at a time: the query layer's pages are bounded
        page = query.speakers(store, listed, min(limit - listed, MAX_SPEAKERS) if limit else MAX_SPEAKERS)
        for found in page.items:
            side = safe(found.side or "—")
            table.add(safe(found.name), safe(found.type), side, str(found.statements), str(found.documents))
        listed += len(page.items)
        if listed >= page.total or not page.items:
            break
    console.print(table)
    if listed < page.total:
        console.print(f"[dim]the first {listed:,} of {page.total:,} speakers: --limit 0 lists them all[/]")


@app.command()
def claims(
    db: DbOption = DEFAULT_URL,
    about: Annotated[
        str | None, typer.Option(help="Only propositions about this place or person (any spelling).")
    ] = None,
    contested: Annotated[bool, typer.Option("--contested", help="Only what the sources disagree on.")] = False,
    kind: Annotated[
        GroupedType | None, typer.Option("--type", case_sensitive=False, help="Only this kind of proposition.")
    ] = None,
    verdict: Annotated[
        VerdictKind | None, typer.Option("--status", case_sensitive=False, help="Only propositions with this verdict.")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=[DAY], metavar="YYYY-MM-DD", help="Only those last dated on or after.")
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=[DAY], metavar="YYYY-MM-DD", help="Only those first dated on or before."),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(min=0, max=MOST_LISTED, help="How many propositions to show, contested first (0: every one)."),
    ] = CLAIMS_SHOWN,
    stances: Annotated[
        int,
        typer.Option(min=0, max=MOST_LISTED, help="How many stances of each to show, in date order (0: every one)."),
    ] = STANCES_SHOWN,
    as_json: Json = False,
) -> None:
    """Each proposition with every source's stance side by side, dated, and the verdict.

    Stances: asserts, denies, partial (confirms a part), hedged (with reserve: conditional,
    "alleged", "prétendue"). The outlet's own reserve on a claim it reports ("la «prise»",
    "selon Moscou, la ville serait tombée") is the outlet's hedged stance; the claimant asserts.

    Verdicts: corroborated (two or more independent sources assert, none deny), contested
    (asserted and denied, or only partly confirmed), contradicted (only denied, or the knowledge
    base says otherwise), single-source. Copies of one dispatch and one site count as one source;
    the reason says when every assertion of a capture is the capturing side's own claim.
    """
    wanted = query.ClaimFilter(
        type=kind.value if kind else None,
        status=verdict.value if verdict else None,
        about=about,
        contested=contested,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    show_claims(console, open_store(db, must_exist=True), wanted, limit, as_json, stances)


@app.command()
def flags(
    db: DbOption = DEFAULT_URL,
    kind: Annotated[
        FlagKind | None,
        typer.Option(
            "--kind", case_sensitive=False, metavar="KIND", help=f"Only this kind of flag: {', '.join(FLAG_KINDS)}."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Statements that conflict with the knowledge base, other sources, or the same article."""
    show_flags(console, open_store(db, must_exist=True), kind.value if kind else None, as_json)


@app.command()
def entity(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="A person or place, in any spelling (Poutine, Putin, Kiev, Kyiv).")
    ],
    db: DbOption = DEFAULT_URL,
    as_json: Json = False,
) -> None:
    """Aliases, roles, relations, and every statement by and about one entity."""
    if not name.strip():
        errors.print('[red]error:[/] give a name, e.g. claimscope entity "Jared Kushner"')
        raise typer.Exit(2)
    if not show_entity(console, open_store(db, must_exist=True), name, as_json):
        raise typer.Exit(1)


@kb_app.command(name="import")
def kb_import(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="claimscope JSON lines, or a Wikidata JSON dump (.json, .gz, .bz2).")
    ],
    db: DbOption = DEFAULT_URL,
    only_known: Annotated[
        bool, typer.Option("--only-known", help="Keep only entities the knowledge base names (and what they point to).")
    ] = False,
) -> None:
    """Add knowledge from a file, streamed (a full Wikidata dump is read in two passes, never loaded).

    Exit code 0 when every line was read, 1 when some were skipped (counted), 2 when the file
    cannot be read (then nothing is imported)."""
    if not path.is_file():
        what = "a folder, not a file" if path.is_dir() else "no such file"
        errors.print(f"[red]error:[/] {what}: {safe(str(path))}")
        raise typer.Exit(2)
    try:
        skipped = import_knowledge(console, open_store(db, write=True), path, only_known)
    except ValueError as exc:
        errors.print(f"[red]error:[/] {safe(exc)}; nothing was imported (an import is one transaction)")
        raise typer.Exit(2) from exc
    if skipped:  # like ingest: what was read is stored, and the exit code says something was not
        raise typer.Exit(1)


app.add_typer(kb_app, name="kb")
app.add_typer(db_app, name="db")
app.command()(serve)


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[
        Path,
        typer.Argument(metavar="GOLD", help="Folder of attribution gold (*.jsonl), or a claims gold file (*.json)."),
    ],
    shared: Annotated[
        Path | None,
        typer.Option(
            envvar="CLAIMSCOPE_SHARED", help="Folder the gold 'doc' paths are relative to (default: ../shared)."
        ),
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the full JSON report here.")] = None,
    errors_shown: Annotated[int, typer.Option("--show-errors", help="Print this many mismatches.")] = 0,
) -> None:
    """Score against gold: attributions (P/R/F1, speaker and cue accuracy) or claims (stances, verdicts, flags)."""
    from claimscope.cli.evaluate import run_claims_eval, run_eval

    if gold_dir.is_file() and gold_dir.suffix == ".json":
        run_claims_eval(console, gold_dir, shared or default_shared(), report, errors_shown)
    else:
        run_eval(console, gold_dir, shared or default_shared(), report, errors_shown)


def default_shared() -> Path:
    return Path("../shared")
