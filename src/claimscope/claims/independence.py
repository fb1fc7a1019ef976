"""Which articles count as one source when sources are counted for a verdict.

A dispatch printed by two outlets or more (copies, rewrites and translations of it: one dispatch
group) counts as one source, the agency's, however many outlets print it; any other article counts
as its site (one outlet, one voice), or as itself when it has none. The relation is not closed
transitively: a site printing an agency's dispatch beside its own reporting is two sources (the
agency and the site), and two sites printing one dispatch stay two sources for their own reports.
Closed transitively, every site that ever printed a dispatch another site printed became one
source, and a store of a few months of news one source group (at 100,000 articles, every verdict
had one independent source).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimscope.claims.duplicates import dispatch_groups
from claimscope.records import AnalysedDocument


@dataclass(frozen=True)
class Independence:
    """Which articles are copies of one dispatch (rewrites and translations included), and which
    source each counts as."""

    dispatch: dict[str, str]
    source: dict[str, str]


def independence(documents: Sequence[AnalysedDocument]) -> Independence:
    dispatch = dispatch_groups(
        {a.document.id: a.document.text for a in documents}, {a.document.id: a.document.language for a in documents}
    )
    members: dict[str, dict[str, str | None]] = defaultdict(dict)
    for analysed in documents:
        doc = analysed.document
        members[dispatch[doc.id]][doc.id] = doc.site
    source = {doc_id: counted_as(group, members[group]) for doc_id, group in dispatch.items()}
    return Independence(dispatch, source)


def counted_as(dispatch: str, sites: Mapping[str, str | None]) -> str:
    """The source the articles of one dispatch group count as (``sites``: each member's site):
    the dispatch when two outlets print it (an article without a site is its own outlet), else
    the one site's, else the article's own."""
    outlets = {site or doc_id for doc_id, site in sites.items()}
    site = next(iter(sites.values()), None)
    if len(outlets) > 1 or not site:
        return dispatch
    return site_source(site)


SITE = "site:"  # what begins the name of a site's source (no article id has a colon)


def site_source(site: str) -> str:
    """The source a site's own articles count as: a name no article id takes, the same in every store."""
    return SITE + hashlib.sha1(site.encode("utf-8")).hexdigest()[:16]


def is_site_source(source: str) -> bool:
    return source.startswith(SITE)
