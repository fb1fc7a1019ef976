"""Commands over claims across sources: claims, flags, entity, kb import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from claimscope.cli.layout import Field, Records, clipped
from claimscope.cli.options import MOST_LISTED
from claimscope.cli.render import safe
from claimscope.entities.kb import knowledge
from claimscope.query import (
    ClaimFilter,
    all_flags,
    all_verdicts,
    claim_articles,
    claim_counts,
    claims_about,
    claims_by,
    flags,
    full_name,
    is_stale,
    store_knowledge,
    verdict_page,
)
from claimscope.query.propositions import STATUSES
from claimscope.records import FLAG_KINDS, REFERENCES, Claim, ClaimType, Flag, KbEntity, KbFact, Verdict
from claimscope.store import Store

STATUS_STYLE = {"corroborated": "green", "contested": "yellow", "contradicted": "red", "single-source": "dim"}
STANCE_STYLE = {"asserts": "green", "denies": "red", "partial": "yellow", "hedged": "magenta"}
EVIDENCE_CHARS = 300  # a flag's conflicting evidence, each piece
FLAG_EVIDENCE_SHOWN = 3
# what a table shows, whatever the store's size (--json gives everything; the desk pages through it)
CLAIMS_SHOWN = 20  # propositions, unless --limit says otherwise
PAGE = 100  # propositions read at a time
STANCES_SHOWN = 20  # of each proposition, in date order
FLAGS_SHOWN = 100
ENTITY_ROWS = 100  # statements by and about one entity
DATE_MARKS = {"inferred": "*", "publication": " pub", "estimated": " pub~"}
VERDICT_LEGEND = (
    "corroborated: two or more independent sources assert it, none deny or only partly confirm; "
    "contested: asserted and denied, or only partly confirmed; contradicted: only denied, or the "
    "knowledge base says otherwise; single-source: one independent source. Copies of one dispatch "
    "and articles of one site count as one source."
)
DATE_LEGEND = (
    "dates: as the article says; * a weekday or day read against the other sources' dates; "
    "pub: as of publication; pub~: as of a publication date estimated from the article's own dates"
)


def _date_kind(text: str | None) -> str:
    if not text:
        return ""
    if "estimated" in text:
        return "estimated"
    if "as of publication" in text:
        return "publication"
    return "inferred" if "inferred" in text else ""


class GroupedType(str, Enum):
    """Propositions grouped across sources (statements stay with their article)."""

    CONTROL = "control"
    MEETING = "meeting"
    RELATION = "relation"
    ROLE = "role"


FlagKind = Enum("FlagKind", {kind.replace("-", "_").upper(): kind for kind in FLAG_KINDS}, type=str)  # type: ignore[misc]
VerdictKind = Enum("VerdictKind", {s.replace("-", "_").upper(): s for s in STATUSES}, type=str)  # type: ignore[misc]

kb_app = typer.Typer(help="The knowledge base: import people, relations and places.", no_args_is_help=True)


def verdict_table(verdict: Verdict, stances: int | None = None) -> Records:
    """Each source's stance on one proposition, dated; below each, its article and evidence (the
    first of ``stances``: the caption says how many more)."""
    args = ", ".join(f"{k}: {v}" for k, v in verdict.args.items() if v and k != "country")
    style = STATUS_STYLE.get(verdict.status, "")
    table = Records(
        [Field("date"), Field("stance", max_width=10), Field("source (side)")],
        title=f"{safe(verdict.type.value)}({safe(args)}) — [{style}]{safe(verdict.status)}[/]",
        caption=safe(verdict.reason) + _more(stances, len(verdict.rows), "stance"),
    )
    for row in verdict.rows:
        claim = row.claim
        when = claim.date.isoformat() if claim.date else "?"
        when += DATE_MARKS.get(_date_kind(claim.date_text), "")
        stance = claim.stance.value + (f" (extent: {claim.extent})" if claim.extent == "contested" else "")
        cited = [row.site, row.published, row.document[:6]] if row.site else [row.document[:10], row.published]
        article = safe(", ".join(str(part) for part in cited if part))
        table.add(
            when,
            f"[{STANCE_STYLE.get(claim.stance.value, '')}]{safe(stance)}[/]",
            safe(f"{claim.source.name} ({claim.source.party})"),
            below=[f"[dim]{article}:[/] {safe(clipped(claim.evidence))}"],
        )
    return table


def _more(total: int | None, shown: int, noun: str) -> str:
    if total is None or total <= shown:
        return ""
    return f"\n[dim](the first {shown} of {total:,} {noun}s: --{noun}s 0 or --json lists them all)[/]"


def flag_table(flags: list[tuple[Flag, int]]) -> Records:
    """Each flag (with how much evidence it has): its kind and article, then the statement, why
    it is flagged, and the evidence against it."""
    table = Records([Field("kind", style="red"), Field("document")], title="flags")
    for flag, evidence in flags:
        shown = flag.evidence[:FLAG_EVIDENCE_SHOWN]
        below = [safe(clipped(flag.sentence)), f"[bold]why[/]: {safe(flag.message)}"]
        below += [
            f"[dim]against[/] {safe(e.source)}"
            + ("" if e.document in REFERENCES or e.document == e.source else f" {safe(e.document[:6])}")
            + f": {safe(clipped(e.text, EVIDENCE_CHARS))}"
            for e in shown
        ]
        if evidence > len(shown):
            below.append(f"[dim](+{evidence - len(shown):,} more: --json lists them all)[/]")
        table.add(safe(flag.kind), safe(flag.document[:10]), below=below)
    return table


def print_json(payload: dict[str, object]) -> None:
    from claimscope.schema import SCHEMA_VERSION  # pydantic loads only for --json

    typer.echo(json.dumps({"schema_version": SCHEMA_VERSION, **payload}, ensure_ascii=False, indent=2, default=str))


def show_claims(
    console: Console, store: Store, wanted: ClaimFilter, limit: int, as_json: bool, stances: int = STANCES_SHOWN
) -> int:
    """The board: every matching proposition with --json, else the first ``limit`` (0: all), each
    with its first ``stances`` stances (0: all); the number of propositions matching."""
    if as_json:
        found = all_verdicts(store, wanted)
        from claimscope.schema import verdict_out

        print_json({"verdicts": [verdict_out(v).model_dump(mode="json") for v in found]})
        return len(found)
    articles = claim_articles(store)
    if not articles and is_stale(store):  # stored a moment ago, or by an ingest interrupted as it refreshed
        console.print(
            "[yellow]no verdicts yet[/]: the documents stored are taken in once no ingest has stored "
            "any for a while, or now with `claimscope db refresh --db …`"
        )
    elif not articles:
        console.print(
            "[yellow]no claims stored yet[/]: run `claimscope ingest FILES --db …` "
            "(documents stored by a version before claims: add --reanalyse)"
        )
    shown = total = 0
    while not limit or shown < limit:  # a page at a time: the query layer's pages are bounded
        page = verdict_page(store, wanted, shown, min(limit - shown, PAGE) if limit else PAGE, stances or MOST_LISTED)
        total = page.total
        for verdict, told in page.items:
            console.print()
            console.print(verdict_table(verdict, told))
        shown += len(page.items)
        if not page.has_next:
            break
    if shown:
        console.print(f"[dim]{VERDICT_LEGEND}\n{DATE_LEGEND}[/]")
    noun = "proposition" if total == 1 else "propositions"
    some = f" (the first {shown:,}: --limit 0 shows all)" if shown < total else ""
    console.print(f"{total:,} {noun}{some}, from {articles:,} stored article{'' if articles == 1 else 's'} with claims")
    if articles and not total and wanted != ClaimFilter():
        console.print(_nothing_found(store, wanted))
    return total


def _nothing_found(store: Store, wanted: ClaimFilter) -> str:
    """Why nothing matched: the filters other than --about, when without them something does."""
    unfiltered = ClaimFilter(about=wanted.about)
    found = verdict_page(store, unfiltered, 0, 1, 0).total if unfiltered != wanted else 0
    what = f"about '{safe(wanted.about)}' " if wanted.about else ""
    if found:
        return (
            f"[yellow]nothing {what}with these filters[/] ({_filters(wanted)}): "
            f"{found:,} proposition{'' if found == 1 else 's'} {'about it ' if wanted.about else ''}without them"
        )
    return (
        f"[yellow]nothing {what.rstrip()}[/]: try another spelling, `claimscope entity {safe(wanted.about)}`, "
        "or `claimscope claims` for everything"
    )


def _filters(wanted: ClaimFilter) -> str:
    """The command's own options that narrowed the search (all but --about)."""
    named = {
        "--type": wanted.type,
        "--status": wanted.status,
        "--since": wanted.since,
        "--until": wanted.until,
    }
    given = [f"{option} {value}" for option, value in named.items() if value]
    return ", ".join([*given, *(["--contested"] if wanted.contested else [])])


def show_flags(console: Console, store: Store, kind: str | None, as_json: bool) -> int:
    """Every flag with --json, else the first FLAGS_SHOWN; the number of flags."""
    if as_json:
        found = all_flags(store, kind)
        from claimscope.schema import flag_out

        print_json({"flags": [flag_out(f).model_dump(mode="json") for f in found]})
        return len(found)
    page = flags(store, kind, 0, FLAGS_SHOWN, FLAG_EVIDENCE_SHOWN)
    console.print(flag_table([(f.flag, f.evidence_total) for f in page.items]))
    if page.has_next:
        console.print(
            f"[dim]the first {len(page.items)} of {page.total:,} flags: --kind narrows them, --json lists them all[/]"
        )
    return page.total


def import_knowledge(console: Console, store: Store, path: Path, only_known: bool) -> int:
    """Import a knowledge file in one transaction; the number of unreadable lines skipped."""
    # here, not above: the readers and the progress display are for this command only
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from claimscope.entities.kbimport import KnowledgeReader

    kb = knowledge()
    wanted = {p.name for p in kb.people.values()} if only_known else None
    reader = KnowledgeReader(path, wanted)
    shown = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} records"),
        TimeElapsedColumn(),
        console=shown,
        transient=True,
        disable=not shown.is_terminal,  # elsewhere its live display still wrote a blank line
    ) as progress:  # a full Wikidata dump takes hours: show that it moves
        task = progress.add_task(f"importing {safe(path.name)}", total=None)

        def counted() -> Iterator[KbEntity | KbFact]:
            for item in reader:
                progress.advance(task)
                yield item

        added, known = store.add_knowledge(counted())
    skipped = f"[yellow]{reader.skipped} unreadable lines skipped[/]" if reader.skipped else "no unreadable lines"
    console.print(
        f"[green]imported {added}[/] entities and facts from {safe(path.name)} ({reader.format} format); "
        f"{known} already known; {skipped}"
    )
    return int(reader.skipped)


Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _label(claim: Claim) -> str:
    """A claim as a reader names it: "control · Pokrovsk · Russia"; a statement's words are its evidence."""
    if claim.type is ClaimType.STATEMENT:
        return "statement"
    return claim.key.replace("|", " · ")


def _period(start: date | None, end: date | None) -> str:
    return (f" from {start}" if start else "") + (f" to {end}" if end else "")


def show_entity(console: Console, store: Store, name: str, as_json: bool) -> bool:
    """Aliases, roles, relations, and the statements by and about one entity (all of them with
    --json, the first ENTITY_ROWS of each in a table)."""
    from claimscope.entities.gazetteer import gazetteer

    kb = store_knowledge(store)
    person = kb.person(name)
    place = None if person else gazetteer().lookup(name)
    canonical = person.name if person else place.name if place else (full_name(store, name) or name)
    counts = claim_counts(store, canonical)
    limit = max(counts) if as_json else ENTITY_ROWS
    by, about = (
        [(ref.id, ref.site or ref.id[:10], stored.claim) for ref, stored in found(store, canonical, limit)]
        for found in (claims_by, claims_about)
    )
    roles = [(role.role, h.start, h.end) for role in kb.roles for h in role.holders if h.name == canonical]
    facts = [f for f in kb.facts if canonical in (f.subject, f.object)]
    if as_json:
        print_json(
            {
                "entity": {
                    "name": canonical,
                    "type": "person" if person else "place" if place else "unknown",
                    "aliases": kb.spellings.get(canonical, []),
                    "place": place.__dict__ if place else None,
                    "roles": [{"role": r, "from": s, "to": e} for r, s, e in roles],
                    "relations": [f.__dict__ for f in facts],
                    "statements_by": [
                        {"document": d, "site": s, "claim": c.key, "stance": c.stance.value, "evidence": c.evidence}
                        for d, s, c in by
                    ],
                    "statements_about": [
                        {
                            "document": d,
                            "site": s,
                            "claim": c.key,
                            "stance": c.stance.value,
                            "source": c.source.name,
                            "evidence": c.evidence,
                        }
                        for d, s, c in about
                    ],
                }
            }
        )
        return bool(person or place or by or about)
    if not (person or place or by or about):
        console.print(
            f"[yellow]nothing known about[/] '{safe(name)}' (try another spelling, or `claimscope kb import`)"
        )
        return False
    console.print(f"[bold]{safe(canonical)}[/]  " + ("person" if person else "place" if place else ""))
    if kb.spellings.get(canonical):
        console.print("aliases: " + safe(", ".join(kb.spellings[canonical])))
    if place:
        known = place.latitude is not None and place.longitude is not None
        where = f"{place.latitude:.4f}, {place.longitude:.4f}" if known else "position unknown"
        console.print(f"place: {place.country} {where} (GeoNames {place.geonameid})")
    for role, start, end in roles:
        console.print(f"role: {safe(role)}{_period(start, end)}")
    for fact in facts:  # with its period: a relation that ended is what a flag checks a claim against
        console.print(
            f"relation: {safe(fact.subject)} {safe(fact.relation)} {safe(fact.object)}{_period(fact.start, fact.end)}"
            f" [dim]({safe(fact.origin)})[/]"
        )
    for title, rows, total in (("statements by", by, counts[0]), ("statements about", about, counts[1])):
        shown = f"the first {len(rows)} of {total:,}" if total > len(rows) else f"{total}"
        table = Records(
            [Field("date"), Field("stance"), Field("claim"), Field("source")],
            title=f"{title} {safe(canonical)} ({shown})",
        )
        for doc_id, site, claim in rows:  # each statement's article cited before its words, below it
            table.add(
                claim.date.isoformat() if claim.date else "?",
                f"[{STANCE_STYLE.get(claim.stance.value, '')}]{claim.stance.value}[/]",
                safe(_label(claim)),
                safe(claim.source.name),
                below=[f"[dim]{safe(site)}, {doc_id[:6]}:[/] {safe(clipped(claim.evidence))}"],
            )
        console.print()
        console.print(table)
    return True
