"""An article's voices, claims and flags as marks over its text, and what the page says about each.

The article page highlights every attribution in its speaker's colour, the speaker's mention in
the same colour, the cue boxed, and the content shaded and underlined by kind (solid: direct,
dashed: indirect, dotted: according to, double: mixed). Each attribution is a focusable
``#a-ID`` element whose ``data-info`` a CSS popover shows on hover and focus, so it works with
JavaScript off; claims (``#c-ID``) and flags (``#f-ID``) get anchors over their exact spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimscope.query.records import Article, StoredClaim
from claimscope.records import Attribution, Kind
from claimscope.web.highlight import Mark

COLOURS = 12  # .sp-0 … .sp-11 in desk.css
KIND_LABELS = {
    Kind.DIRECT: "direct quote",
    Kind.INDIRECT: "indirect speech",
    Kind.MIXED: "mixed (partly quoted)",
    Kind.ACCORDING_TO: "according to",
}
# among marks over the same words: the flag's sentence outermost, then the voice, the claim, the speaker, the cue
FLAG, VOICE, CLAIM, SPEAKER, CUE = range(5)


@dataclass(frozen=True)
class Voice:
    """One attribution as the page describes it, beside the text and in its popover."""

    id: int
    written: str | None
    resolved: str | None
    type: str
    cue: str | None
    cue_class: str | None
    kind: str
    kind_label: str
    confidence: float
    colour: str
    content: str

    @property
    def info(self) -> str:
        """The popover's lines (CSS shows them with white-space: pre-line)."""
        who = f"{self.written or 'no speaker written'} → {self.resolved or 'unresolved'}"
        cue = f"cue «{self.cue}» ({self.cue_class or 'no class'})" if self.cue else "no cue"
        return f"{who}\n{self.type} · {cue}\n{self.kind_label} · confidence {self.confidence:.2f}"


def voice(attribution_id: int, a: Attribution, text: str, colour: str) -> Voice:
    speaker = a.speaker
    return Voice(
        id=attribution_id,
        written=speaker.text if speaker else None,
        resolved=speaker.name if speaker else None,
        type=speaker.type.value if speaker else "unknown",
        cue=a.cue.text if a.cue else None,
        cue_class=a.cue.cls if a.cue and a.cue.cls else None,
        kind=a.kind.value,
        kind_label=KIND_LABELS.get(a.kind, a.kind.value),
        confidence=a.confidence,
        colour=colour,
        content=text[a.content.start : a.content.end],
    )


def voices(found: Article) -> list[Voice]:
    """The article's voices, each resolved speaker in its own colour class (by order of first
    appearance, so that up to COLOURS speakers of one article never share one), grey when unresolved."""
    text = found.analysed.document.text
    colours: dict[str, str] = {}
    for a in found.analysed.attributions:
        if a.speaker is not None and a.speaker.name and a.speaker.name not in colours:
            colours[a.speaker.name] = f"sp-{len(colours) % COLOURS}"
    return [
        voice(i, a, text, colours.get(a.speaker.name or "", "sp-none") if a.speaker else "sp-none")
        for i, a in zip(found.attribution_ids, found.analysed.attributions, strict=True)
    ]


def claim_label(stored: StoredClaim) -> str:
    """A claim's proposition in words: its type and arguments ("control: Pokrovsk, Russia")."""
    claim = stored.claim
    args = ", ".join(v for k, v in claim.args.items() if v and k != "text")
    return f"{claim.type.value}: {args}" if args else claim.type.value


def marks(found: Article) -> list[Mark]:
    """Every span the page marks in the text: flags, voices with their speakers and cues, claims."""
    analysed = found.analysed
    out = [
        Mark(f.flag.span.start, f.flag.span.end, ("flag",), (("id", f"f-{f.id}"), ("title", f.flag.message)), FLAG)
        for f in found.flags
    ]
    mentions: dict[tuple[int, int], Mark] = {}  # one mark per mention, though "lui" may speak twice
    cues: dict[tuple[int, int], Mark] = {}
    for v, a in zip(voices(found), analysed.attributions, strict=True):
        out.append(
            Mark(
                a.content.start,
                a.content.end,
                ("attr", v.colour, f"k-{v.kind}"),
                (
                    ("id", f"a-{v.id}"),
                    ("tabindex", "0"),
                    ("data-a", str(v.id)),
                    ("data-speaker", v.resolved or ""),
                    ("data-info", v.info),
                    ("aria-describedby", f"v-{v.id}"),
                ),
                VOICE,
            )
        )
        if a.speaker is not None:
            span = (a.speaker.span.start, a.speaker.span.end)
            title = f"{v.written} → {v.resolved or 'unresolved'} ({v.type})"
            mentions.setdefault(span, Mark(*span, ("speaker", v.colour), (("title", title),), SPEAKER))
        if a.cue is not None:
            span = (a.cue.span.start, a.cue.span.end)
            title = f"cue: {a.cue.text} — {a.cue.lemma} ({a.cue.cls or 'no class'})"
            cues.setdefault(span, Mark(*span, ("cue",), (("title", title),), CUE))
    out += mentions.values()
    out += cues.values()
    out += [
        Mark(c.claim.span.start, c.claim.span.end, ("claim",), (("id", f"c-{c.id}"),), CLAIM) for c in found.claims
    ]
    return out
