"""The one query layer between the store and every view (CLI, HTTP API, web pages).

Views call these functions and get records (`query.records`); none of them reads rows or
recomputes verdicts. Verdicts, flags and dispatch groups are materialised (`materialise`).
"""

from claimscope.query.documents import (
    DocumentFilter,
    article,
    documents,
    every_document,
    languages,
    matching_ids,
    refs,
    resolve_id,
    sites,
)
from claimscope.query.flags import all_flags, flag_kinds, flags
from claimscope.query.geo import control_days, control_map
from claimscope.query.knowledge import canonical, store_knowledge
from claimscope.query.materialise import ensure_fresh, is_stale, pid, refresh, refresh_apart
from claimscope.query.problems import problems
from claimscope.query.propositions import (
    ClaimFilter,
    all_verdicts,
    claim_articles,
    counted_as_one,
    proposition,
    proposition_summary,
    propositions,
    timeline,
    verdict_page,
)
from claimscope.query.speakers import (
    claim_counts,
    claims_about,
    claims_by,
    full_name,
    person_timeline,
    speaker,
    speaker_name,
    speakers,
)

__all__ = [
    "ClaimFilter",
    "DocumentFilter",
    "all_flags",
    "all_verdicts",
    "article",
    "canonical",
    "claim_articles",
    "claim_counts",
    "claims_about",
    "claims_by",
    "control_days",
    "control_map",
    "counted_as_one",
    "documents",
    "ensure_fresh",
    "every_document",
    "flag_kinds",
    "flags",
    "full_name",
    "is_stale",
    "languages",
    "matching_ids",
    "person_timeline",
    "pid",
    "problems",
    "proposition",
    "proposition_summary",
    "propositions",
    "refresh",
    "refresh_apart",
    "refs",
    "resolve_id",
    "sites",
    "speaker",
    "speaker_name",
    "speakers",
    "store_knowledge",
    "timeline",
    "verdict_page",
]
