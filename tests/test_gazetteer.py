"""The gazetteer on real GeoNames data and the shipped exonyms: spellings, disambiguation, refusals."""

from __future__ import annotations

import time

import pytest

from claimscope.data import load
from claimscope.entities.gazetteer import Gazetteer, curated_name, gazetteer, place_key
from claimscope.records import Place

POKROVSK_UA = 704422
ENGELS_RU = 563464


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return gazetteer()


def place(gz: Gazetteer, name: str, countries: tuple[str, ...] = ()) -> Place:
    found = gz.lookup(name, countries)
    assert found is not None, name
    return found


def test_pokrovsk_in_ukraine_with_context(gz: Gazetteer) -> None:
    found = place(gz, "Pokrovsk", ("UA",))
    assert (found.name, found.country, found.geonameid) == ("Pokrovsk", "UA", POKROVSK_UA)
    assert found.latitude == pytest.approx(48.28, abs=0.01) and found.longitude == pytest.approx(37.18, abs=0.01)


def test_pokrovsk_without_context_is_still_the_ukrainian_city(gz: Gazetteer) -> None:
    assert place(gz, "Pokrovsk").geonameid == POKROVSK_UA
    # The GeoNames layer alone agrees: primary-name matches (UA, then the small RU town) before
    # Engels, far more populous, which only has "Pokrovsk" among its alternate names.
    ranked = [p.geonameid for p in gz.candidates("Pokrovsk")]
    assert ranked[0] == POKROVSK_UA and ENGELS_RU in ranked[1:]
    assert gz.candidates("Pokrovsk")[1].country == "RU" and ranked.index(ENGELS_RU) == 2


def test_primary_name_beats_bigger_alternate_then_context_decides(gz: Gazetteer) -> None:
    # "Ariel" is a town in Israel and an alternate name of Jerusalem, ten times bigger.
    assert place(gz, "Ariel").name == "Ariel"
    # Two primary matches: population without context, the document's country with it.
    assert place(gz, "Tripoli").country == "LY"
    assert place(gz, "Tripoli", ("LB",)).country == "LB"


def test_french_and_transliterated_spellings_share_one_place(gz: Gazetteer) -> None:
    kyiv = place(gz, "Kyiv")
    assert kyiv.name == "Kyiv" and kyiv.country == "UA"
    for spelling in ("Kiev", "Kyïv", "Kiyv", "KIEV", "kyiv"):
        assert gz.lookup(spelling) == kyiv, spelling
    assert place(gz, "Krasnoarmeysk").geonameid == POKROVSK_UA
    assert place(gz, "Krasnoarmeïsk") == place(gz, "Pokrovské") == place(gz, "Pokrovsk")
    moscow = place(gz, "Moscou")
    assert (moscow.name, moscow.country) == ("Moscow", "RU") and moscow.population > 10_000_000


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Koupiansk", "Kupiansk"),
        ("Kupyansk", "Kupiansk"),
        ("Kup'yansk", "Kupiansk"),
        ("Vovtchansk", "Vovchansk"),
        ("Voltchansk", "Vovchansk"),
        ("Houliaïpole", "Huliaipole"),
        ("Zaporijjia", "Zaporizhzhia"),
        ("Mirnograd", "Myrnohrad"),
        ("Dimitrov", "Myrnohrad"),
        ("Kharkov", "Kharkiv"),
        ("Lougansk", "Luhansk"),
        ("Slaviansk", "Sloviansk"),
        ("Konstantinovka", "Kostiantynivka"),
        ("Bakhmout", "Bakhmut"),
        ("Avdiïvka", "Avdiivka"),
        ("Odessa", "Odesa"),
        ("Soumy", "Sumy"),
        ("Tchernihiv", "Chernihiv"),
        ("Bruxelles", "Brussels"),
        ("Londres", "London"),
        ("Genève", "Geneva"),
        ("Pékin", "Beijing"),
        ("Varsovie", "Warsaw"),
        ("Riyad", "Riyadh"),
        ("Abou Dhabi", "Abu Dhabi"),
        ("Djeddah", "Jeddah"),
        ("Otcheretyne", "Ocheretyne"),
    ],
)
def test_exonyms(gz: Gazetteer, spelling: str, canonical: str) -> None:
    assert place(gz, spelling).name == canonical


def test_canonical_places_carry_coordinates_and_country(gz: Gazetteer) -> None:
    kupiansk = place(gz, "Koupiansk")
    assert kupiansk.country == "UA" and kupiansk.geonameid == 703656
    assert kupiansk.latitude == pytest.approx(49.71, abs=0.01) and kupiansk.longitude == pytest.approx(37.62, abs=0.01)
    assert place(gz, "Vovtchansk").latitude == pytest.approx(50.29, abs=0.01)
    # Exonyms win over GeoNames: "Odessa" is also a Texan city, "Washington" a dozen US towns.
    assert place(gz, "Odessa", ("US",)).country == "UA"
    assert place(gz, "Washington").latitude == pytest.approx(38.9, abs=0.1)


def test_every_exonym_resolves_to_its_own_entry(gz: Gazetteer) -> None:
    for entry in load("exonyms")["places"]:
        for spelling in [entry["name"], *entry.get("variants", ())]:
            found = gz.lookup(spelling)
            assert found is not None and found.name == entry["name"], spelling
            assert found.geonameid == entry["geonameid"] and found.country == entry["country"], spelling


def test_people_never_geocode(gz: Gazetteer) -> None:
    for spelling in ("Poutine", "Zelensky", "Trump", "Vladimir Poutine", "Rubio", "Vladimir"):
        assert gz.lookup(spelling) is None, spelling
    for person in load("people"):
        for name in [person["name"], *person.get("aliases", ())]:
            assert gz.lookup(name) is None, name


def test_common_words_countries_and_short_names_are_refused(gz: Gazetteer) -> None:
    assert gz.lookup("Mars") is None and gz.lookup("Staline") is None  # Staline: an old name of Donetsk
    assert gz.lookup("Ukraine") is None and gz.lookup("Allemagne") is None
    assert gz.lookup("lyon") is None and place(gz, "Lyon").country == "FR"  # lowercase: a common noun
    assert gz.lookup("Ko") is None  # an alternate name of Kyiv
    assert gz.lookup("Nice") is None and place(gz, "Nice", ("FR",)).name == "Nice"
    assert gz.lookup("Bar") is None and place(gz, "Bar", ("UA",)).country == "UA"


def test_french_departements_are_regions_not_foreign_towns(gz: Gazetteer) -> None:
    """GeoNames lists "Jura", "Lot", "Somme" and "Cher" among the alternate names of Győr, Lota,
    Sémé and Chieri (a general-news trial found the Jura on the map in Hungary); a département is
    France's region, no town (Jura, also a Swiss canton, is none of either)."""
    for name in ("Jura", "Lot", "Somme", "Cher", "la Somme", "Pas-de-Calais"):
        assert gz.lookup(name) is None, name
    assert [gz.country(name) for name in ("Lot", "la Somme", "région de la Somme", "Martinique")] == ["FR"] * 4
    assert gz.country("Jura") is None
    assert place(gz, "Lille").country == "FR" and place(gz, "Vienne").name == "Vienna"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ukraine", "UA"),
        ("l'Ukraine", "UA"),
        ("l’Ukraine", "UA"),
        ("ukrainien", "UA"),
        ("ukrainienne", "UA"),
        ("ukrainiennes", "UA"),
        ("Russie", "RU"),
        ("russe", "RU"),
        ("russes", "RU"),
        ("américaines", "US"),
        ("aux États-Unis", "US"),
        ("françaises", "FR"),
        ("européen", "EU"),
        ("Germany", "DE"),
        ("Donetsk", "UA"),
        ("Donbass", "UA"),
        ("Donetsk region", "UA"),
        ("Kharkiv region", "UA"),
        ("la région de Koursk", "RU"),
        ("l'oblast de Zaporijjia", "UA"),
    ],
)
def test_country_words(gz: Gazetteer, text: str, code: str) -> None:
    assert gz.country(text) == code


def test_cities_and_people_are_not_countries(gz: Gazetteer) -> None:
    for text in ("Moscou", "Kharkiv", "Poutine", "région de Poutine", "us", "Pokrovsk"):
        assert gz.country(text) is None, text


def test_keys_fold_case_accents_apostrophes_and_hyphens() -> None:
    assert place_key("Kup’yans’k") == place_key("Kupyansk") == "kupyansk"
    assert place_key("Kryvyï-Rih") == place_key("Kryvyi Rih") == "kryvyi rih"
    assert place_key("St. Petersburg") == "st petersburg"


def test_loaded_once_then_lookups_are_dict_hits() -> None:
    fresh = Gazetteer()
    start = time.perf_counter()
    fresh.lookup("Kiev")
    loading = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(1000):
        fresh.lookup("Tripoli", ("LB",))
        fresh.country("ukrainienne")
    per_call = (time.perf_counter() - start) / 2000
    assert per_call < 0.001 < loading, (loading, per_call)
    assert gazetteer() is gazetteer()


def test_a_curated_name_is_what_the_full_lookup_gives() -> None:
    """Readers resolve a curated spelling from exonyms.yaml alone: the same place as the lookup."""
    for entry in load("exonyms")["places"]:
        for spelling in [entry["name"], *entry.get("variants", ())]:
            found = gazetteer().lookup(spelling)
            assert curated_name(spelling) == (found.name if found else None), spelling
    assert curated_name("Poutine") is None  # a person, refused as a place
