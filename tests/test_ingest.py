"""Ingest: text dumps, HTML, JSONL, normalisation offsets, and every kind of bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimscope.evaluation.extraction import score_folder
from claimscope.ingest import read_inputs
from claimscope.ingest.dates import parse_date
from claimscope.ingest.normalise import normalise_blocks
from claimscope.records import Document, Problem, Span
from tests.conftest import SEED, SHARED, needs_shared, read_one

FRENCH = (
    "Le ministère russe de la Défense a annoncé mardi la prise de Pokrovsk, dans la région de Donetsk. "
    "L'état-major ukrainien a démenti cette information.\n"
)


def test_normalisation_keeps_offsets_to_raw() -> None:
    raw = "russo\u2011américains\u00a0: l\u2019armée  «\u202fsuccès\u202f»"
    text, offsets = normalise_blocks(raw, [Span(0, len(raw))])
    assert text == "russo-américains : l'armée « succès »"
    for i, ch in enumerate(text):
        if ch not in " -'":
            assert raw[offsets.to_raw(i)] == ch


@needs_shared()
def test_text_dump_loses_boilerplate_and_keeps_byline_as_author() -> None:
    doc = read_one(SEED)
    assert doc.author == "Lea France"
    assert doc.title == "Guerre en Ukraine : Trump affirme que Poutine souhaite y mettre fin"
    for furniture in ("Home Actualité", "You may also like", "Leave a Comment", "by Lea"):
        assert furniture not in doc.text
    assert doc.language == "fr"
    assert "russo-américains" in doc.text  # non-breaking hyphen normalised


@needs_shared()
@pytest.mark.parametrize("corpus", ["fr-web", "en-web"])
def test_html_pages_extract_main_text_against_gold(corpus: str) -> None:
    """trafilatura with comments off keeps the article and drops most furniture (real pages)."""
    score = score_folder(SHARED / "corpus" / corpus)
    assert score.unreadable == 0
    assert score.kept_share >= 0.95
    assert score.leaked_share <= 0.25


def test_same_text_twice_gets_one_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FRENCH.replace(" ", "  "), encoding="utf-8")
    docs = [d for d in read_inputs([tmp_path]) if isinstance(d, Document)]
    assert len(docs) == 2 and docs[0].id == docs[1].id


def test_jsonl_records_and_broken_lines(tmp_path: Path) -> None:
    good = {"id": "x-1", "text": FRENCH, "published": "2025-12-02", "site": "example.org", "title": "T"}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "x-2"}) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(docs) == 1 and docs[0].source.endswith("#x-1") and str(docs[0].published) == "2025-12-02"
    assert {p.source.rsplit("#", 1)[1] for p in problems} == {"line2", "line3"}


@pytest.mark.parametrize(
    "written",
    [
        "not-a-date",
        "hier",  # relative to when it is read, not to when it was written
        "2 days ago",
        "2023-03",  # no day: the 1st would misdate every weekday read against it
        "mars 2023",
        "2099-01-01",  # to come
        "0001-01-01",
    ],
)
def test_a_record_whose_date_is_no_day_of_the_past_is_stored_undated_with_a_note(tmp_path: Path, written: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "x-1", "text": FRENCH, "published": written}) + "\n", encoding="utf-8")
    (doc,) = read_inputs([path])
    assert isinstance(doc, Document) and doc.published is None
    assert any("not a past day with its year" in w and repr(written) in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("20 mars 2023", date(2023, 3, 20)),
        ("Mon, 01 Dec 2025 10:00:00 GMT", date(2025, 12, 1)),
        ("1er décembre 2025", date(2025, 12, 1)),
    ],
)
def test_a_day_written_in_words_is_read(written: str, day: date) -> None:
    assert parse_date(written) == day


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("date 2025-12-01 By Lea Smith, Tom Hart and Ann Lee, CNN\n", "Russia claimed on Monday"),
        ("By Guy Smith and Anton Ivanov\nShare and Follow\n", "Russia claimed on Monday"),
        ("date 2025-12-03  Aller au contenu principal\nPar Léa Durand et Paul Roy, AFP\n", "Russia claimed on Monday"),
        ("date 2025-12-04 Putin says the war can end\n", "Putin says the war can end"),
        ("World\nCRBC News\n", "Russia claimed on Monday"),  # section label, site name
        ("Mise à jour : 10-12-2025\nSupport The Moscow Times!\n", "Russia claimed on Monday"),
        ("Striker signs for City\n", "Striker signs for City"),  # a short headline is one
    ],
)
def test_untitled_record_is_shown_by_its_first_line_of_text(tmp_path: Path, opening: str, title: str) -> None:
    """A stored page opens with its date, bylines or share buttons: the title is the first text line."""
    text = opening + "Russia claimed on Monday that it had captured Pokrovsk, a city in eastern Ukraine.\n"
    path = tmp_path / "untitled.jsonl"
    path.write_text(json.dumps({"id": "u-1", "text": text}) + "\n", encoding="utf-8")
    (doc,) = read_inputs([path])
    assert isinstance(doc, Document) and doc.title is not None and doc.title.startswith(title)


def test_untitled_record_with_a_long_lead_is_shown_by_its_first_sentence(tmp_path: Path) -> None:
    lead = (
        "Russian President Vladimir Putin met on Tuesday at the Kremlin with U.S. President Donald Trump's "
        "special envoy Steve Witkoff and Jared Kushner. The talks lasted five hours and ended without a deal, "
        "aides said."
    )
    path = tmp_path / "untitled.jsonl"
    path.write_text(json.dumps({"id": "u-2", "text": lead + "\n"}) + "\n", encoding="utf-8")
    (doc,) = read_inputs([path])
    assert isinstance(doc, Document) and doc.title == lead.split(" The talks")[0]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 200, "binary"),
        ("blank.html", b"<html><body><nav>Menu</nav></body></html>", "no "),
        ("truncated.html", b"<html><head><title>x</title></head><body><div><p>Le pr", "no "),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_inputs_are_reported_not_fatal(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "zz-good.txt").write_text(FRENCH, encoding="utf-8")
    paths = [tmp_path / name, tmp_path / "zz-good.txt"]
    items = list(read_inputs(paths))
    assert isinstance(items[0], Problem) and reason in items[0].reason
    assert isinstance(items[1], Document)


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(FRENCH * 100, encoding="utf-8")
    [item] = list(read_inputs([tmp_path / "big.txt"], max_bytes=1000))
    assert isinstance(item, Problem) and "limit" in item.reason


def test_mis_encoded_files_are_decoded_and_flagged(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(FRENCH.encode("cp1252"))
    (tmp_path / "mojibake.txt").write_text(FRENCH.encode("utf-8").decode("cp1252"), encoding="utf-8")
    docs = [read_one(tmp_path / "latin1.txt"), read_one(tmp_path / "mojibake.txt")]
    for doc in docs:
        assert "ministère" in doc.text and "démenti" in doc.text
        assert doc.warnings


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    body = f"<html><head><meta charset='iso-8859-1'><title>T</title></head><body><article><p>{FRENCH}</p>"
    page = tmp_path / "page.html"
    page.write_bytes((body + "</article></body></html>").encode("cp1252"))
    doc = read_one(page)
    assert "ministère" in doc.text and not doc.warnings


@pytest.mark.parametrize(
    ("found", "head", "title"),
    [
        (
            "escenic",
            '<meta content="Plumber jailed after &quot;boiler&quot; death" property="og:title">',
            'Plumber jailed after "boiler" death',
        ),
        ("escenic", "<meta name='twitter:title' content='Plumber  jailed'>", "Plumber jailed"),
        ("escenic", "", "escenic"),  # nothing better: the page's own title stays
        ("Plumber jailed", '<meta property="og:title" content="Other words here">', "Plumber jailed"),
    ],
)
def test_a_one_word_placeholder_title_gives_way_to_the_social_title(found: str, head: str, title: str) -> None:
    from claimscope.ingest.readers import page_title

    assert page_title(found, f"<html><head>{head}</head><body></body></html>") == title


@needs_shared()
def test_a_page_whose_json_ld_headline_is_its_cms_name_gets_its_headline() -> None:
    doc = read_one(SHARED / "corpus" / "en-web" / "telegraph.co.uk.plumber.html")
    assert doc.title == "Plumber jailed after boiler killed millionaire's daughter"


def test_jsonl_is_streamed_and_limited_per_record(tmp_path: Path) -> None:
    small = {"id": "small", "text": FRENCH}
    big = {"id": "big", "text": FRENCH * 20}
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(small) + "\n" + json.dumps(big) + "\n", encoding="utf-8")
    items = list(read_inputs([path], max_bytes=1000))  # the file itself is larger than that
    assert [type(i).__name__ for i in items] == ["Document", "Problem"]
    assert "over the 1,000-byte limit" in items[1].reason  # type: ignore[union-attr]


SAID = "Le président a déclaré à Kyïv que l'été serait décisif pour la défense de la région. "


def test_utf8_with_a_few_bad_bytes_stays_utf8(tmp_path: Path) -> None:
    """A stray byte must not turn a whole UTF-8 file into CP1252 mojibake."""
    data = bytearray((SAID * 30).encode("utf-8"))
    letters = [i for i, byte in enumerate(data) if 97 <= byte <= 122]  # inside ASCII words, never an accent
    for i in letters[50 : 50 + 13 * 100 : 100]:
        data[i] = 0xFF
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    doc = read_one(path)
    assert doc.text.count("président") >= 29 and "Ã" not in doc.text
    assert any("13 invalid UTF-8 byte sequences replaced" in w for w in doc.warnings), doc.warnings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(tmp_path: Path, encoding: str) -> None:
    import codecs

    boms = {"utf-16-be": codecs.BOM_UTF16_BE}
    path = tmp_path / "wide.txt"
    path.write_bytes(boms.get(encoding, b"") + (SAID * 3).encode(encoding))
    doc = read_one(path)
    assert doc.text.startswith("Le président a déclaré")
    assert any("byte-order mark" in w for w in doc.warnings)


def test_cp1252_text_is_still_read_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes((SAID * 3).encode("cp1252"))
    doc = read_one(path)
    assert "président" in doc.text and any("cp1252" in w for w in doc.warnings)
