"""A claim dated later than most independent sources date it: a control claim's day, or the day
a meeting was held as the outlet narrates it ("talks held on Wednesday" where the others say
Tuesday). Flags point at the whole sentence: a wrong date often sits outside the reported words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date

from claimscope.claims.dates import from_today
from claimscope.claims.sources import NARRATION
from claimscope.claims.verdicts import own_date, said_date
from claimscope.records import Claim, ClaimType, Evidence, Flag, Span, Stance, Verdict

DATED_TYPES = (ClaimType.CONTROL, ClaimType.MEETING)  # propositions whose day the sources can contradict
MIN_MAJORITY = 2  # independent sources needed to outvote an article


def date_conflicts(
    found: list[Verdict], texts: Mapping[str, str], sources: Mapping[str, str], wanted: Collection[str] | None = None
) -> list[Flag]:
    """A claim dated later than most independent sources date it ("annoncé mardi" where the
    others say Monday): the claiming side's and the narration's assertions are compared. An
    earlier date is not flagged: it is often the event behind the announcement. A meeting is told
    by the outlets themselves: their narration votes for its day too, and only the narration's own
    day is flagged ("talks held on Wednesday" where the others say Tuesday; a quoted "yesterday" is
    the speaker's, a day inferred from the other sources cannot contradict them, and a bracketed
    date after a title is when the piece was published). Only the claims of the ``wanted``
    documents are flagged, when given; the majority's statements are the evidence, one list shared
    by a proposition's flags."""
    flags = []
    for verdict in found:
        if verdict.type not in DATED_TYPES:
            continue
        rows = [r for r in verdict.rows if compared(r.claim)]
        by_date: dict[date, set[str]] = defaultdict(set)
        narration_votes = verdict.type is ClaimType.MEETING
        for row in rows:
            when = row.claim.date
            if (narration_votes or row.claim.source.party != NARRATION) and when and _votes(row.claim):
                by_date[when].add(sources.get(row.document, row.document))
        if not by_date:
            continue
        majority, voters = max(by_date.items(), key=lambda item: (len(item[1]), -item[0].toordinal()))
        if len(voters) < MIN_MAJORITY:
            continue
        evidence: list[Evidence] = []
        for row in rows:
            when = row.claim.date
            if when is None or when <= majority or len(by_date.get(when, ())) >= len(voters):
                continue
            if wanted is not None and row.document not in wanted:
                continue
            if narration_votes and not _own_day(row.claim, texts.get(row.document, "")):
                continue
            evidence = evidence or [
                Evidence(r.document, r.site or "", r.claim.evidence) for r in rows if r.claim.date == majority
            ]
            flags.append(
                Flag(
                    "source-conflict",
                    row.document,
                    flag_span(row.claim),
                    flag_sentence(texts.get(row.document, ""), row.claim),
                    f"dates the claim on {verdict.args.get('place', '')} {when} ('{row.claim.date_text}'); "
                    f"{len(voters)} independent sources date it {majority}",
                    evidence,
                )
            )
    return flags


def compared(claim: Claim) -> bool:
    """Whether a claim's day is compared with the day other sources give (asserted, and dated by
    its source's words or by those of the others): the only claims a date conflict reads."""
    return claim.stance is Stance.ASSERTS and claim.date is not None and said_date(claim)


def _votes(claim: Claim) -> bool:
    """Whether a claim's day is its source's own word for it: not a quoted "yesterday" ("Putin
    had a very good meeting yesterday", said the day before the article: read from its
    publication, a day late)."""
    quoted_today = claim.source.party != NARRATION and from_today(claim.date_text or "")
    return own_date(claim) and not quoted_today


def _own_day(claim: Claim, text: str) -> bool:
    """The narration's own day for an event, not a bracketed date after a title."""
    return (
        claim.source.party == NARRATION
        and own_date(claim)
        and f"({claim.date_text})" not in text[flag_span(claim).start : flag_span(claim).end]
    )


def flag_span(claim: Claim) -> Span:
    """A flag points at the whole sentence: a wrong date often sits outside the reported words."""
    return claim.sentence or claim.span


def flag_sentence(text: str, claim: Claim) -> str:
    where = flag_span(claim)
    return text[where.start : where.end] or claim.evidence
