"""Flags as schema.org ClaimReview objects (JSON-LD), the format fact-checkers publish and search
engines read: the flagged sentence is the claim reviewed, the flag's kind its rating, the
conflicting evidence its citations, the article where it appears and who said it the item reviewed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from claimscope.api.models import article_link, http_url
from claimscope.query.exports import FlagReview
from claimscope.records import REFERENCES

CONTEXT = "https://schema.org"
REVIEWER = "claimscope"

# the rating's alternateName: what a reader sees first (one per kind of claimscope.records.FLAG_KINDS)
RATINGS = {
    "kb-conflict": "Conflicts with the knowledge base",
    "role-conflict": "Role not held at the time",
    "source-conflict": "Conflicts with other sources",
    "self-contradiction": "Contradicts its own article",
    "quote-conflict": "Quote attributed to someone else elsewhere",
}


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """Without the empty values: JSON-LD leaves out what is not known rather than writing null."""
    return {k: v for k, v in fields.items() if v not in (None, "", [])}


def _party(name: str | None, type_: str | None) -> dict[str, Any] | None:
    if not name:
        return None
    return {"@type": "Person" if type_ == "person" else "Organization", "name": name}


def claim_review(review: FlagReview, base: str, published: date) -> dict[str, Any]:
    """One flag as a ClaimReview; ``base`` is the desk's address (links), ``published`` the day of the review."""
    flag, article = review.flag, review.article
    on_desk = base.rstrip("/") + article_link(article.document)
    appearance = _present(
        {
            "@type": "CreativeWork",
            "url": http_url(article.url) or on_desk,
            "headline": article.title,
            "datePublished": article.published.isoformat() if article.published else None,
            "publisher": _party(article.site, "organisation"),
        }
    )
    citations = [
        _present(
            {
                "@type": "CreativeWork",
                "text": e.text,
                "url": None if e.document in REFERENCES else f"{base}articles/{e.document}",
                "publisher": _party(e.source, "organisation"),
            }
        )
        for e in flag.evidence
    ]
    return _present(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "url": f"{on_desk}#f-{review.id}",
            "claimReviewed": flag.sentence,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": RATINGS.get(flag.kind, flag.kind),
                "ratingExplanation": flag.message,
            },
            "itemReviewed": _present(
                {
                    "@type": "Claim",
                    "appearance": appearance,
                    "author": _party(review.author, review.author_type),
                    "datePublished": appearance.get("datePublished"),
                }
            ),
            "author": {"@type": "Organization", "name": REVIEWER, "url": base},
            "datePublished": published.isoformat(),
            "citation": citations,
        }
    )
