"""The knowledge importer on a small dump in Wikidata's exact format and on claimscope JSON lines."""

from __future__ import annotations

import bz2
import gzip
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claimscope.entities.kbimport import KnowledgeReader, read_knowledge
from claimscope.records import KbEntity, KbFact

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "wikidata-sample.json.bz2"
ORIGIN = SAMPLE.name
UNRELATED = {"Douglas Adams", "Johann Sebastian Bach", "Zinedine Zidane", "Vladimir Putin", "Moscow", "NATO"}


def entities(records: list[KbEntity | KbFact]) -> dict[str, KbEntity]:
    return {r.name: r for r in records if isinstance(r, KbEntity)}


def facts(records: list[KbEntity | KbFact]) -> set[KbFact]:
    return {r for r in records if isinstance(r, KbFact)}


def fact(subject: str, relation: str, obj: str, start: date | None = None, end: date | None = None) -> KbFact:
    return KbFact(subject, relation, obj, start, end, ORIGIN)


def rewrite_sample(tmp_path: Path, change: dict[str, list[str]]) -> Path:
    """A copy of the sample dump with some properties removed from some entities ({id: [property]})."""
    out = []
    for line in bz2.decompress(SAMPLE.read_bytes()).decode("utf-8").splitlines():
        body = line.rstrip(",")
        try:
            entity = json.loads(body)
        except ValueError:
            out.append(line)
            continue
        if isinstance(entity, dict) and entity.get("id") in change:
            for prop in change[entity["id"]]:
                entity["claims"].pop(prop)
            line = json.dumps(entity, ensure_ascii=False) + ("," if line.endswith(",") else "")
        out.append(line)
    path = tmp_path / "changed.json.bz2"
    path.write_bytes(bz2.compress(("\n".join(out) + "\n").encode("utf-8")))
    return path


@pytest.fixture(scope="module")
def full() -> tuple[KnowledgeReader, list[KbEntity | KbFact]]:
    reader = KnowledgeReader(SAMPLE)
    return reader, list(reader)


# -- the Wikidata dump -------------------------------------------------------------------------


def test_sample_is_in_the_dump_format() -> None:
    lines = bz2.decompress(SAMPLE.read_bytes()).decode("utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert all(line.endswith(",") for line in lines[1:-2]) and not lines[-2].endswith(",")
    assert json.loads(lines[1].rstrip(","))["type"] == "item"


def test_kushner_is_son_in_law_of_trump_derived(full: tuple[KnowledgeReader, list[KbEntity | KbFact]]) -> None:
    reader, records = full
    assert reader.format == "wikidata"
    found = facts(records)
    married = date(2009, 10, 25)
    assert fact("Jared Kushner", "son-in-law of", "Donald Trump", married) in found
    assert fact("Jared Kushner", "son-in-law of", "Ivana Trump", married) in found
    assert fact("Jared Kushner", "spouse of", "Ivanka Trump", married) in found
    # Kushner's father is found through Kushner's own P22; Ivanka's in-law relation follows her gender.
    assert {f for f in found if f.subject == "Ivanka Trump" and "in-law" in f.relation} == {
        fact("Ivanka Trump", "daughter-in-law of", "Charles Kushner", married)
    }
    # Donald Trump's spouse is not in the dump: no in-law fact from him, and no bare Q id.
    assert not {f for f in found if f.subject == "Donald Trump" and "in-law" in f.relation}


def test_types_names_and_genders(full: tuple[KnowledgeReader, list[KbEntity | KbFact]]) -> None:
    _, records = full
    kept = entities(records)
    assert set(kept) == {
        "Douglas Adams",
        "Moscow",
        "Johann Sebastian Bach",
        "Zinedine Zidane",
        "NATO",
        "Charles Kushner",
        "Ivana Trump",
        "Vladimir Putin",
        "Donald Trump",
        "Republican Party",
        "Ivanka Trump",
        "Jared Kushner",
        "The Trump Organization",
    }
    # Not kept: the class "human", a country, positions, a village without coordinates, a property.
    assert {e.type for e in kept.values()} == {"person", "organisation", "place"}
    putin = kept["Vladimir Putin"]
    assert (putin.type, putin.gender, putin.wikidata) == ("person", "m", "Q7747")
    assert {"Vladimir Poutine", "Poutine", "Wladimir Putin", "Владимир Владимирович Путин", "Володимир Путін"} <= set(
        putin.aliases
    )
    assert "ウラジーミル・プーチン" not in putin.aliases  # Japanese is not a kept language
    assert putin.name not in putin.aliases and len(set(putin.aliases)) == len(putin.aliases)
    assert kept["Ivanka Trump"].gender == "f"  # named from its "mul" label: it has no English one
    moscow = kept["Moscow"]
    assert moscow.type == "place" and moscow.aliases.count("Москва") == 1 and "Moscou" in moscow.aliases
    assert "Moscú" not in moscow.aliases
    assert kept["NATO"].type == "organisation" and kept["Republican Party"].type == "organisation"
    assert all(e.origin == ORIGIN for e in kept.values())


def test_facts_with_dates_and_no_bare_ids(full: tuple[KnowledgeReader, list[KbEntity | KbFact]]) -> None:
    _, records = full
    found = facts(records)
    advisor = "Senior Advisor to the President of the United States"
    assert fact("Jared Kushner", "holds role", advisor, date(2017, 1, 20), date(2021, 1, 20)) in found
    assert fact("Vladimir Putin", "holds role", "President of Russia", date(2000, 5, 7), date(2008, 5, 7)) in found
    assert fact("Vladimir Putin", "holds role", "President of Russia", date(2012, 5, 7)) in found
    # Year and month precision: the first day of the year / month, whatever finer digits the value has.
    assert fact("Ivanka Trump", "works for", "The Trump Organization", date(2005, 1, 1), date(2017, 1, 1)) in found
    assert fact("Donald Trump", "member of", "Republican Party", date(2012, 1, 1)) in found
    assert fact("Moscow", "country", "Russia") in found
    assert fact("Ivanka Trump", "child of", "Donald Trump") in found
    assert fact("Donald Trump", "parent of", "Ivanka Trump") in found
    # Targets absent from the dump are dropped, never given as "Q123"; deprecated statements are ignored.
    assert not [f for f in found if re.fullmatch(r"Q\d+", f.object)]
    kushner = {(f.relation, f.object) for f in found if f.subject == "Jared Kushner"}
    assert ("child of", "Charles Kushner") in kushner
    assert not {r for r, _ in kushner} & {"works for", "member of"}
    assert not [f for f in found if f.subject == "Vladimir Putin" and f.relation == "spouse of"]
    assert all(f.origin == ORIGIN for f in found)


def test_broken_lines_are_counted_and_the_rest_read(full: tuple[KnowledgeReader, list[KbEntity | KbFact]]) -> None:
    reader, records = full
    assert reader.skipped == 2  # one broken JSON line, one valid line with claims of the wrong shape
    assert reader.kept == len(entities(records)) == 13
    assert "Jared Kushner" in entities(records)  # the line right after the broken one


def test_wanted_keeps_kushner_and_pulls_in_his_in_laws() -> None:
    reader = KnowledgeReader(SAMPLE, wanted=["kushner"])  # an alias, in lower case
    records = list(reader)
    kept = entities(records)
    assert set(kept) == {"Jared Kushner", "Ivanka Trump", "Donald Trump", "Ivana Trump", "Charles Kushner"}
    assert not set(kept) & UNRELATED
    assert fact("Jared Kushner", "son-in-law of", "Donald Trump", date(2009, 10, 25)) in facts(records)
    advisor = "Senior Advisor to the President of the United States"  # a label-only item, resolved in pass 2
    assert fact("Jared Kushner", "holds role", advisor, date(2017, 1, 20), date(2021, 1, 20)) in facts(records)
    # Donald Trump was pulled in because he names Ivanka as his child: his other facts' objects were not.
    assert {f.relation for f in facts(records) if f.subject == "Donald Trump"} == {"parent of"}
    assert reader.passes == 2 and reader.skipped == 2 and reader.kept == 5


def test_wanted_ignores_case_and_accents() -> None:
    assert set(entities(list(read_knowledge(SAMPLE, ["ZINÉDINE ZIDANE"])))) == {"Zinedine Zidane"}
    records = list(read_knowledge(SAMPLE, ["vladimir poutine"]))
    assert set(entities(records)) == {"Vladimir Putin"}
    assert fact("Vladimir Putin", "holds role", "President of Russia", date(2012, 5, 7)) in facts(records)


def test_in_law_found_by_a_third_pass_when_the_parent_does_not_name_the_child(tmp_path: Path) -> None:
    # Without Trump's own P40 (child) statement, only Ivanka's P22 (father) leads to him.
    path = rewrite_sample(tmp_path, {"Q22686": ["P40"], "Q233034": ["P40"]})
    reader = KnowledgeReader(path, wanted=["Jared Kushner"])
    records = list(reader)
    assert reader.passes == 3
    assert {"Donald Trump", "Ivana Trump"} <= set(entities(records))
    assert KbFact("Jared Kushner", "son-in-law of", "Donald Trump", date(2009, 10, 25), None, path.name) in facts(
        records
    )


def test_marriage_stated_on_one_side_only_still_gives_the_in_law(tmp_path: Path) -> None:
    path = rewrite_sample(tmp_path, {"Q6164046": ["P26"]})  # only Ivanka says she is Kushner's spouse
    found = facts(list(read_knowledge(path)))
    assert KbFact("Jared Kushner", "son-in-law of", "Donald Trump", date(2009, 10, 25), None, path.name) in found
    assert not [f for f in found if f.subject == "Jared Kushner" and f.relation == "spouse of"]


def test_format_is_read_from_content_not_suffix(tmp_path: Path) -> None:
    plain = tmp_path / "dump.txt"
    plain.write_bytes(bz2.decompress(SAMPLE.read_bytes()))
    gz = tmp_path / "dump.json"  # gzip content behind a plain suffix
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, gz):
        reader = KnowledgeReader(path, wanted={"Moscou"})
        records = list(reader)
        assert reader.format == "wikidata"
        assert set(entities(records)) == {"Moscow"}
        assert KbFact("Moscow", "country", "Russia", origin=path.name) in facts(records)


def test_corrupt_archive_is_an_error_not_silence(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    path = tmp_path / "truncated.json.bz2"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        list(KnowledgeReader(path))


# -- claimscope JSON lines ---------------------------------------------------------------------

KUSHNER = KbEntity("Jared Kushner", "person", ("Kushner", "Jared Corey Kushner"), "m", "Q6164046", "kb.jsonl.gz")
TRUMP = KbEntity("Donald Trump", "person", ("Trump",), "m", "Q22686", "kb.jsonl.gz")
KREMLIN = KbEntity("Kremlin", "government", ("le Kremlin",), None, None, "kb.jsonl.gz")
RECORDS: list[KbEntity | KbFact] = [
    KUSHNER,
    KbFact("Jared Kushner", "son-in-law of", "Donald Trump", date(2009, 10, 25), None, "kb.jsonl.gz"),
    KbFact("Jared Kushner", "adviser of", "Donald Trump", date(2017, 1, 20), date(2021, 1, 20), "kb.jsonl.gz"),
    TRUMP,
    KbFact("Donald Trump", "holds role", "President of the United States", date(2025, 1, 20), None, "kb.jsonl.gz"),
    KREMLIN,
]


def to_line(entity: KbEntity, entity_facts: list[KbFact]) -> str:
    """The claimscope JSON line of one entity and its facts."""
    obj: dict[str, Any] = {
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "gender": entity.gender,
        "wikidata": entity.wikidata,
    }
    obj["facts"] = [
        {
            "relation": f.relation,
            "object": f.object,
            "from": f.start.isoformat() if f.start else None,
            "to": f.end.isoformat() if f.end else None,
        }
        for f in entity_facts
    ]
    return json.dumps(obj, ensure_ascii=False)


def write_jsonl(path: Path, extra: list[str] | None = None) -> Path:
    lines = []
    for record in RECORDS:
        if isinstance(record, KbEntity):
            own = [f for f in RECORDS if isinstance(f, KbFact) and f.subject == record.name]
            lines.append(to_line(record, own))
    lines[1:1] = extra or []
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


def test_claimscope_gz_round_trips(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl.gz")
    reader = KnowledgeReader(path)
    assert list(reader) == RECORDS
    assert (reader.format, reader.skipped, reader.kept, reader.passes) == ("claimscope", 0, 3, 1)


def test_claimscope_bad_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    bad = [
        '{"name": "Broken", "type": "person", "facts": [',  # broken JSON
        '{"name": "No Type"}',  # missing field
        '{"name": "Bad Date", "type": "person", "facts": [{"relation": "x", "object": "y", "from": "25/10/2009"}]}',
        '{"name": "Bad Gender", "type": "person", "gender": "male"}',
        '["Donald Trump"]',  # not an object
        "\xff not text",
    ]
    path = write_jsonl(tmp_path / "kb.jsonl.gz", bad)
    reader = KnowledgeReader(path)
    assert list(reader) == RECORDS
    assert reader.skipped == len(bad) and reader.kept == 3


def test_claimscope_wanted_pulls_in_objects(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "kb.jsonl.gz", ["{broken"])
    reader = KnowledgeReader(path, wanted=["kushner"])
    records = list(reader)
    assert entities(records) == {"Jared Kushner": KUSHNER, "Donald Trump": TRUMP}  # Trump: object of his facts
    assert len(facts(records)) == 3
    assert reader.passes == 2 and reader.skipped == 1  # a bad line counts once, not once a pass
    both = list(read_knowledge(path, wanted=["Kushner", "donald trump"]))
    assert [r.name for r in both if isinstance(r, KbEntity)] == ["Jared Kushner", "Donald Trump"]  # each once
    assert list(read_knowledge(path, wanted=["le kremlin"])) == [KREMLIN]


# -- neither ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"name,type\nJared Kushner,person\n", b'{"title": "not knowledge"}\n', b"", gzip.compress(b"plain words\n")],
)
def test_unknown_format_is_refused_with_the_accepted_ones(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "people.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="claimscope JSON lines") as error:
        KnowledgeReader(path)
    assert "Wikidata JSON dump" in str(error.value) and ".bz2" in str(error.value)
    with pytest.raises(ValueError):
        read_knowledge(path)
