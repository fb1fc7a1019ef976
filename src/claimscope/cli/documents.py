"""claimscope show and documents: one stored document, and the list of them (searched and filtered)."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import islice
from typing import Annotated

import typer

from claimscope import query
from claimscope.cli.database import console, errors, open_store
from claimscope.cli.layout import Field, Records
from claimscope.cli.options import DAY, MOST_LISTED, DbOption
from claimscope.cli.render import attribution_table, marked, safe
from claimscope.store import DEFAULT_URL


def show(
    doc_id: Annotated[
        str,
        typer.Argument(
            metavar="DOC_ID",
            help='Document id or a unique prefix of it; or its URL, file, or record id ("fr-001" of FILE#fr-001).',
        ),
    ],
    db: DbOption = DEFAULT_URL,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the document as `analyze --json` does (docs/json-format.md).")
    ] = False,
) -> None:
    """Show a stored document's attributions (its claims and flags too, with --json)."""
    if not doc_id.strip():  # "" is a prefix of every id
        errors.print("[red]error:[/] give a document's id, or its first characters (`claimscope documents` lists them)")
        raise typer.Exit(2)
    store = open_store(db, must_exist=True)
    found = query.resolve_id(store, doc_id)
    shown = query.article(store, found) if found else None
    if shown is None:
        matches = query.matching_ids(store, doc_id)
        if matches:
            errors.print(
                f"[red]error:[/] '{safe(doc_id)}' matches several documents: {', '.join(m[:12] for m in matches)}"
            )
        else:
            errors.print(
                f"[red]error:[/] no document id starts with '{safe(doc_id)}', nor is it a document's URL, file "
                "or record id (see `claimscope documents`)"
            )
        raise typer.Exit(2)
    if as_json:
        from claimscope.schema import Output, document_out  # pydantic loads only for --json

        out = Output(documents=[document_out(shown.analysed)], problems=[])
        typer.echo(json.dumps(out.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
        return
    if not shown.analysed.analysed:
        console.print(f"[yellow]not analysed[/] {safe(shown.analysed.document.source)}: {safe(shown.analysed.note)}")
        return
    console.print(attribution_table(shown.analysed))


def documents(
    db: DbOption = DEFAULT_URL,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Words to find in the text or title (best match first).")
    ] = None,
    site: Annotated[str | None, typer.Option(help="Only this site (e.g. lemonde.fr).")] = None,
    speaker: Annotated[str | None, typer.Option(help="Only articles quoting this speaker (any spelling).")] = None,
    since: Annotated[
        datetime | None, typer.Option(formats=[DAY], metavar="YYYY-MM-DD", help="Published on or after.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=[DAY], metavar="YYYY-MM-DD", help="Published on or before.")
    ] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only articles with flags.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=0, max=MOST_LISTED, help="How many to list (0: every one).")
    ] = 100,
) -> None:
    """List stored documents, newest first (best match first with --search), with their title and
    canonical URL (or the file they were read from); `claimscope show ID` prints one."""
    store = open_store(db, must_exist=True)
    wanted = query.DocumentFilter(
        q=search or None,
        site=site or None,
        since=since.date() if since else None,
        until=until.date() if until else None,
        speaker=speaker or None,
        flagged=True if flagged else None,
    )
    table = Records(
        [Field("id"), Field("language"), Field("published"), Field("attributions", justify="right")],
        title="documents",
    )
    listed = query.every_document(store, wanted)
    for summary in islice(listed, limit) if limit else listed:
        below = [f"[dim]{safe(summary.url or summary.source)}[/]"]  # canonical: no tracking parameters
        below += [safe(summary.title)] if summary.title else []
        below += [f"[dim]{marked(summary.snippet)}[/]"] if summary.snippet else []
        table.add(
            summary.id[:12],
            safe(summary.language or "?"),
            str(summary.published or ""),
            str(summary.attributions) if summary.analysed else "not analysed",
            below=below,
        )
    console.print(table)
    total = query.documents(store, wanted, limit=1).total
    if limit and total > limit:
        order = "best-matching" if search else "newest"
        console.print(f"[dim]the {order} {limit:,} of {total:,} documents: --limit 0 lists them all[/]")
    elif not total and wanted != query.DocumentFilter():
        console.print("[yellow]no document matches these filters[/]: `claimscope documents` lists them all")
