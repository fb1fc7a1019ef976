"""English claims on the real English pipeline: titles before and after a name, possessives and
coordinations, stances and dates; then the English claims gold and the cross-language gold (French
and English stances in one verdict), scored with floors a little below the measured figures."""

from __future__ import annotations

from datetime import date

import pytest

from claimscope.claims.flags import corpus_flags
from claimscope.claims.verdicts import verdicts
from claimscope.entities.kb import knowledge
from claimscope.evaluation.claims import GoldInputs, load_claims_gold, score_claims
from claimscope.ingest import read_file
from claimscope.pipeline import analyse
from claimscope.records import AnalysedDocument, ClaimType, Document, Stance, Verdict
from tests.conftest import ROOT, SHARED, needs_shared

EN_GOLD = ROOT / "tests" / "gold-claims" / "news-en.json"
CROSS_GOLD = ROOT / "tests" / "gold-claims" / "cross-language.json"


def _analysed(text: str, published: date = date(2025, 12, 3)) -> AnalysedDocument:
    return analyse(Document(id="t", source="t.txt", text=text, language="en", published=published, site="example.com"))


def _titles(found: AnalysedDocument) -> set[tuple[str, str, str]]:
    return {
        (c.args["person"], c.args["relation"], c.args["object"])
        for c in found.claims
        if c.type in (ClaimType.ROLE, ClaimType.RELATION)
    }


def test_titles_before_and_after_a_name() -> None:
    found = _analysed(
        "U.S. President Donald Trump's special envoy Steve Witkoff and Trump's son-in-law Jared Kushner met "
        "Kremlin aide Yuri Ushakov. Kirill Dmitriev, head of Russia's sovereign wealth fund, was there. "
        "Kremlin spokesman Dmitry Peskov said nothing."
    )
    assert {
        ("Steve Witkoff", "envoy of", "Donald Trump"),
        ("Jared Kushner", "son-in-law of", "Donald Trump"),
        ("Yuri Ushakov", "adviser of", "Vladimir Putin"),
        ("Kirill Dmitriev", "head of", "Russian Direct Investment Fund"),
        ("Dmitry Peskov", "spokesperson of", "Vladimir Putin"),
    } <= _titles(found)


def test_a_plural_title_holds_for_both_names_and_a_nationality_for_its_office() -> None:
    found = _analysed(
        "U.S. envoys Steve Witkoff and Jared Kushner flew in. Russian Foreign Minister Sergei Lavrov waited."
    )
    assert {
        ("Steve Witkoff", "envoy of", "Donald Trump"),
        ("Jared Kushner", "envoy of", "Donald Trump"),
        ("Sergey Lavrov", "foreign minister of", "Russia"),
    } <= _titles(found)


def test_his_son_in_law_after_a_coordination_is_flagged_against_the_knowledge_base() -> None:
    found = _analysed("Witkoff and his son-in-law, Jared Kushner, arrived in Moscow.")
    assert ("Jared Kushner", "son-in-law of", "Steve Witkoff") in _titles(found)
    assert any(f.kind == "kb-conflict" and "Jared Kushner" in f.message for f in found.flags)


def test_a_former_title_is_no_claim_of_the_present() -> None:
    found = _analysed("Former White House adviser Jared Kushner spoke.")
    assert not _titles(found) and not found.flags  # he was, until 2021


def test_a_sitting_president_called_former_is_flagged() -> None:
    found = _analysed("The envoy dispatched by former US President Donald Trump arrived.")
    assert [f.kind for f in found.flags] == ["kb-conflict"]
    assert "former US President Donald Trump" in found.flags[0].message


@pytest.mark.parametrize(
    ("text", "language", "flagged"),
    [
        # the bare title: which office, the person who holds one with that title says
        ("Steve Witkoff, serving as a special envoy for former President Trump, met Putin.", "en", True),
        ("L'ancien président Donald Trump a déclaré que les discussions étaient utiles.", "fr", True),
        ("L'ancien président américain Donald Trump a déclaré que les discussions étaient utiles.", "fr", True),
        ("Former President Barack Obama said the talks went well.", "en", False),
        # two titles end the words before the name, "premier ministre" and "ministre": the longer
        # is his (the shorter leaves "premier" as the word before it; which was tried first varied
        # from one run to the next)
        ("L'ancien premier ministre Keir Starmer a déclaré que les discussions étaient utiles.", "fr", True),
        # a former-word joined to the title by a hyphen; a compound title's last word is not the title
        ("L'ex-premier ministre Keir Starmer a déclaré que les discussions étaient utiles.", "fr", True),
        ("L'ex-président Donald Trump a déclaré que les discussions étaient utiles.", "fr", True),
        ("L'ancien vice-président Donald Trump a déclaré que les discussions étaient utiles.", "fr", False),
        ("The ex-President Donald Trump said the talks went well.", "en", True),
        # the title he held at the time (a story of his first term), not one he left: the review's case
        ("In 2018, then-President Donald Trump met Kim Jong Un in Singapore.", "en", False),
        ("Biden left office, and then President Donald Trump signed the order.", "en", False),
    ],
)
def test_a_sitting_president_called_former_by_the_bare_title_is_flagged(
    text: str, language: str, flagged: bool
) -> None:
    document = Document(id="t", source="t.txt", text=text, language=language, published=date(2025, 12, 3))
    kinds = [f.kind for f in analyse(document).flags]
    assert kinds == (["kb-conflict"] if flagged else [])


def _control(found: AnalysedDocument) -> list[tuple[str, Stance]]:
    return [(c.source.party, c.stance) for c in found.claims if c.type is ClaimType.CONTROL]


def test_capture_denial_and_hedge() -> None:
    found = _analysed(
        "Russia's defence ministry said its troops had captured Pokrovsk. "
        "Ukraine denied that Pokrovsk had fallen. "
        "Ukraine has not confirmed the Russian claims of capturing Pokrovsk."
    )
    stances = _control(found)
    assert ("russia", Stance.ASSERTS) in stances
    assert ("ukraine", Stance.DENIES) in stances
    assert ("journalist", Stance.HEDGED) in stances


def test_a_place_s_nationality_is_not_who_holds_it() -> None:
    found = _analysed("Russia said it had captured the eastern Ukrainian city of Pokrovsk.")
    assert _control(found) == [("russia", Stance.ASSERTS)]


def test_meeting_on_a_weekday_at_the_kremlin() -> None:
    found = _analysed(
        "On Tuesday, talks were held between Vladimir Putin and US envoy Steve Witkoff at the Kremlin.",
        published=date(2025, 12, 4),
    )
    meetings = [c for c in found.claims if c.type is ClaimType.MEETING]
    assert meetings and meetings[0].args["place"] == "Moscow" and meetings[0].args["date"] == "2025-12-02"
    assert set(meetings[0].args["participants"].split("; ")) == {"Steve Witkoff", "Vladimir Putin"}


def test_defenders_going_on_holding_off_the_attack_deny_the_capture() -> None:
    found = _analysed(
        "The Ukrainian military said that despite the difficult situation in Pokrovsk, Ukrainian troops "
        "continue to hold back the enemy's offensive."
    )
    assert _control(found) == [("ukraine", Stance.DENIES)]
    aim = _analysed("The Ukrainian military said Russian troops want to hold Pokrovsk.")
    assert _control(aim) == []  # an infinitive under no verb of going on is an aim


def test_a_participle_clause_claims_for_the_subject_of_the_verb_before_it() -> None:
    found = _analysed(
        "The fog of war deepened as Russian generals briefed Putin, dressed in military fatigues, promising "
        "full control not only of Pokrovsk but also Vovchansk in Kharkiv."
    )
    assert sorted((c.args["place"], c.source.party, c.stance) for c in found.claims if c.type is ClaimType.CONTROL) == [
        ("Pokrovsk", "russia", Stance.ASSERTS),
        ("Vovchansk", "russia", Stance.ASSERTS),
    ]


def test_the_defenders_on_the_enemy_s_statement_about_a_capture_deny_it() -> None:
    found = _analysed(
        "Ukraine's 7th Rapid Response Corps said: \"With its statement about the capture of Pokrovsk, the enemy, "
        'not for the first time, is trying to sell its desires for reality."'
    )
    assert _control(found) == [("ukraine", Stance.DENIES)]
    said = _analysed("The Kremlin repeated its statement about the capture of Pokrovsk.")
    assert _control(said) == [("russia", Stance.ASSERTS)]


def test_troops_beaten_back_undo_what_a_relative_clause_says_they_did() -> None:
    for text in (
        "Ukraine's southern command said Russian soldiers who raised a flag over the main square of Pokrovsk "
        "had been beaten back.",
        "Ukrainian units reported repelling Russian troops who entered Pokrovsk overnight.",
    ):
        found = [c for c in _analysed(text).claims if c.type is ClaimType.CONTROL]
        assert [(c.source.party, c.stance, c.extent) for c in found] == [("ukraine", Stance.DENIES, "contested")], text
    held = _analysed(
        "The Ukrainian army said Russian soldiers who raised a flag over the main square of Pokrovsk were exhausted."
    )
    assert _control(held) == [("ukraine", Stance.ASSERTS)]  # no verb undoes it: the flag was raised


def test_the_subject_of_the_verb_holding_control_is_who_holds_the_place() -> None:
    found = _analysed(
        "Kyiv said its army keeps control in Pokrovsk, a rail hub, despite Russian claims of capture "
        "after weeks of fighting."
    )
    assert _control(found) == [("ukraine", Stance.DENIES)]
    taken = _analysed("Moscow said Russian forces had taken control of Pokrovsk on Monday.")
    assert _control(taken) == [("russia", Stance.ASSERTS)]


def test_a_side_s_declaration_of_a_capture_is_that_side_s_claim() -> None:
    found = _analysed(
        "To support Russia's declaration to have captured the city of Pokrovsk, Putin invited foreign "
        "reporters to visit it."
    )
    assert [(c.source.name, c.stance) for c in found.claims if c.type is ClaimType.CONTROL] == [
        ("Russian government", Stance.ASSERTS)
    ]


def test_a_title_and_a_name_across_the_seam_of_a_saying_are_no_apposition() -> None:
    """What is said ends with a title, then who says it; who says it, then what is said opens
    with a title: neither gives the speaker that title."""
    said = _analysed("The two officials will prepare talks with Trump's envoys, Zelensky said on Tuesday.")
    assert _titles(said) == set()
    according = _analysed("According to Zelensky, the American negotiators know Ukraine's positions.")
    assert _titles(according) == set()
    apposed = _analysed("Dmitry Peskov, the Kremlin spokesman, said that the talks were useful.")
    assert _titles(apposed) == {("Dmitry Peskov", "spokesperson of", "Vladimir Putin")}


def test_the_city_s_fall_is_the_city_before_and_a_list_of_towns_is_no_antecedent() -> None:
    found = _analysed(
        "Russia said on Monday it had captured Pokrovsk. The city's fall, if confirmed, gives Moscow a "
        "platform to push toward the last Ukrainian-held cities of the region, Kramatorsk and Sloviansk. "
        "The claimed capture of the city comes as talks go on."
    )
    by_place = {(c.args["place"], c.source.party, c.stance) for c in found.claims if c.type is ClaimType.CONTROL}
    assert ("Pokrovsk", "journalist", Stance.HEDGED) in by_place
    assert not any(place == "Kramatorsk" and stance is not Stance.DENIES for place, _, stance in by_place)


def test_an_idiom_of_a_trigger_verb_takes_nothing() -> None:
    found = _analysed('"Hard battles are taking place in Pokrovsk itself," Zelensky said.')
    assert _control(found) == [("ukraine", Stance.DENIES)]  # the fight goes on; "taking place" is no capture


def test_the_side_that_completes_a_clearing_holds_the_place() -> None:
    found = _analysed("Zelensky said the Ukrainian military has almost completed the clearing of Kupyansk.")
    assert [(c.args["place"], c.stance) for c in found.claims if c.type is ClaimType.CONTROL] == [
        ("Kupiansk", Stance.DENIES)
    ]


def test_a_capture_told_in_a_relative_clause_is_about_its_antecedent_with_its_own_date() -> None:
    found = _analysed(
        "Ukrainian forces said Tuesday that fighting was ongoing in Pokrovsk, an important logistics hub "
        "that Moscow claimed to have captured after months of fighting."
    )
    claims = {(c.source.party, c.stance): c for c in found.claims if c.type is ClaimType.CONTROL}
    assert set(claims) == {("ukraine", Stance.DENIES), ("russia", Stance.ASSERTS)}
    assert claims[("ukraine", Stance.DENIES)].date == date(2025, 12, 2)
    assert claims[("russia", Stance.ASSERTS)].date is None  # "Tuesday" is when Kyiv spoke


def test_a_denial_wins_over_the_same_source_holding_part_of_the_place() -> None:
    found = _analysed(
        "Ukraine's Defense Ministry denied that Russian forces had captured Pokrovsk. "
        "The ministry said its forces still hold the northern part of Pokrovsk."
    )
    assert (("ukraine", Stance.PARTIAL) not in _control(found)) and ("ukraine", Stance.DENIES) in _control(found)


def test_a_place_of_another_meeting_in_the_sentence_is_not_this_one_s() -> None:
    found = _analysed(
        "The claims come after talks between the United States and Ukraine in Florida, and the Kremlin "
        "said Steve Witkoff was scheduled to meet with Putin on Tuesday."
    )
    places = {c.args["participants"]: c.args["place"] for c in found.claims if c.type is ClaimType.MEETING}
    assert places == {"Steve Witkoff; Vladimir Putin": "", "US delegation; Ukrainian delegation": "Miami"}


def test_a_place_told_after_after_or_before_is_another_event_s() -> None:
    for text in (
        "After wrapping up in Moscow, the American delegation plans to travel to Europe for talks with "
        "Ukrainian President Volodymyr Zelensky.",
        "Reports said that after their Moscow trip, Kushner and Witkoff were expected to meet Zelensky in an "
        "unspecified European country.",
    ):
        meetings = [c for c in _analysed(text).claims if c.type is ClaimType.MEETING]
        assert meetings and all(c.args["place"] == "" for c in meetings), text
    held = _analysed("Witkoff met Putin in Moscow on Tuesday after talks in Miami.")
    assert [c.args["place"] for c in held.claims if c.type is ClaimType.MEETING] == ["Moscow"]


def test_a_flag_raised_over_a_town_and_troops_entering_it() -> None:
    flag = _analysed(
        "Russia's Defense Ministry released a video purportedly showing Russian soldiers raising the "
        "country's flag over Pokrovsk's central square."
    )
    assert _control(flag) == [("journalist", Stance.HEDGED)]  # a capture shown, held with reserve
    entered = _analysed("The Russian general said that Russian forces entered the town of Huliaipole.")
    assert [(c.args["place"], c.stance) for c in entered.claims if c.type is ClaimType.CONTROL] == [
        ("Huliaipole", Stance.PARTIAL)
    ]


def test_the_owner_of_a_meeting_met() -> None:
    found = _analysed("Zelensky said Russia was lying against the backdrop of Witkoff's meeting with Vladimir Putin.")
    meetings = [c.args["participants"] for c in found.claims if c.type is ClaimType.MEETING]
    assert meetings == ["Steve Witkoff; Vladimir Putin"]


def test_countries_meeting_as_sides_are_named_for_their_delegations() -> None:
    found = _analysed(
        "At talks in Geneva, the United States and Ukraine said they had a framework. "
        "Ushakov said the discussions did not widen the gap between U.S. and Russian positions. "
        "Putin met Steve Witkoff and Jared Kushner in Moscow."
    )
    meetings = sorted(c.args["participants"] for c in found.claims if c.type is ClaimType.MEETING)
    assert meetings == ["Jared Kushner; Steve Witkoff; Vladimir Putin", "US delegation; Ukrainian delegation"]


def test_two_meetings_of_one_place_are_two_claims() -> None:
    found = _analysed("Putin met Steve Witkoff in Moscow. Sergei Lavrov met Marco Rubio in Moscow.")
    meetings = sorted(c.args["participants"] for c in found.claims if c.type is ClaimType.MEETING)
    assert meetings == ["Marco Rubio; Sergey Lavrov", "Steve Witkoff; Vladimir Putin"]


def test_the_leaders_of_a_national_delegation_are_its_negotiators() -> None:
    found = _analysed("Rustem Umerov and Andrii Hnatov led the Ukrainian delegation that met Jared Kushner.")
    assert {("Rustem Umerov", "negotiator of", "Ukraine"), ("Andrii Hnatov", "negotiator of", "Ukraine")} <= _titles(
        found
    )


def test_one_of_a_plural_title_named_after_including() -> None:
    found = _analysed("Putin came alongside key aides, including Yuri Ushakov.")
    assert ("Yuri Ushakov", "adviser of", "Vladimir Putin") in _titles(found)


def test_a_title_after_a_comma_that_runs_into_the_next_name_is_that_name_s() -> None:
    found = _analysed(
        "The meeting brought together Putin, Trump's special envoy Steve Witkoff, and Presidential "
        "Representative Kirill Dmitriev, Foreign Policy Adviser Yuri Ushakov."
    )
    titles = _titles(found)
    assert {("Steve Witkoff", "envoy of", "Donald Trump"), ("Yuri Ushakov", "adviser of", "Vladimir Putin")} <= titles
    assert not {("Vladimir Putin", "envoy of", "Donald Trump"), ("Kirill Dmitriev", "adviser of", "Vladimir Putin")} & (
        titles
    )


def test_a_title_opened_by_acting_as() -> None:
    found = _analysed("The talks began with Witkoff acting as a special envoy for President Donald Trump.")
    assert ("Steve Witkoff", "envoy of", "Donald Trump") in _titles(found)


def test_the_narration_holding_as_taken_what_it_doubts_is_flagged() -> None:
    found = _analysed(
        "Russia claimed on Monday that it had captured the city of Pokrovsk, which would be a major victory "
        "for Moscow if true. A video shows Russian soldiers in the center of Pokrovsk, a city that has been "
        "under Moscow's control for some time."
    )
    assert [f.kind for f in found.flags] == ["self-contradiction"]
    assert "for some time" in found.flags[0].sentence
    sure = _analysed(
        "Russia claimed on Monday that it had captured the city of Pokrovsk. A video shows Russian soldiers "
        "in the center of Pokrovsk, a city that has been under Moscow's control for some time."
    )
    assert not sure.flags


def test_a_town_s_names_given_backwards_are_flagged() -> None:
    backwards = _analysed("A soldier said Russian forces had captured Krasnoarmeysk (formerly Pokrovsk).")
    assert [f.kind for f in backwards.flags] == ["source-conflict"]
    assert "Krasnoarmeysk" in backwards.flags[0].message
    assert not _analysed("Russia said it had captured Pokrovsk (formerly Krasnoarmeysk).").flags


def test_a_goal_of_control_is_no_capture() -> None:
    assert _control(_analysed("Russian forces have sought control of the city of Pokrovsk since mid-2024.")) == []


def test_a_meeting_dated_later_than_most_independent_sources_is_flagged() -> None:
    def article(n: int, text: str) -> AnalysedDocument:
        return analyse(
            Document(
                id=f"m{n}",
                source=f"m{n}.txt",
                text=text,
                language="en",
                published=date(2025, 12, 4),
                site=f"site{n}.example",
            )
        )

    told = [
        article(1, "Vladimir Putin met US envoy Steve Witkoff in Moscow on Tuesday."),
        article(2, "Steve Witkoff held talks with Vladimir Putin at the Kremlin on Tuesday, officials said."),
        article(3, "On Tuesday, Vladimir Putin received Steve Witkoff at the Kremlin."),
        article(4, "On Wednesday, Steve Witkoff held five-hour talks with Vladimir Putin in Moscow."),
        article(5, '"Putin had a very good meeting yesterday with Steve Witkoff," Donald Trump said.'),
    ]
    flagged = [(f.document, f.kind) for f in corpus_flags(told, knowledge())]
    assert flagged == [("m4", "source-conflict")]  # not m5: a quoted "yesterday" is the speaker's day


def _reader(inputs: GoldInputs) -> dict[str, AnalysedDocument]:
    found = {}
    for corpus in inputs.corpora:
        for item in read_file(SHARED / corpus):
            assert isinstance(item, Document)
            key = item.source.split("#", 1)[1]
            if inputs.covers(corpus, key):
                found[key] = analyse(item)
    for name, path in inputs.files.items():
        for item in read_file(SHARED / path):
            assert isinstance(item, Document)
            found[name] = analyse(item)
    return found


@needs_shared()
def test_cross_language_gold_names_both_corpora_and_only_dev_english_records() -> None:
    inputs, propositions, _ = load_claims_gold(CROSS_GOLD)
    assert len(inputs.corpora) == 2
    english = next(c for c in inputs.corpora if "news-en" in c)
    assert inputs.covers(english, "en-001") and not inputs.covers(english, "en-003")  # en-003 is held out
    assert any(p.id == "pokrovsk-control" for p in propositions)


@pytest.fixture(scope="module")
def cross() -> dict[str, AnalysedDocument]:
    return _reader(load_claims_gold(CROSS_GOLD)[0])


@needs_shared()
def test_english_claims_gold_scores(cross: dict[str, AnalysedDocument]) -> None:
    """Floors a little below the figures measured when this was written (see the README)."""
    english = {k: v for k, v in cross.items() if k.startswith("en-")}
    report = score_claims(EN_GOLD, lambda inputs: english)
    assert report.stances.precision >= 0.92, report.stances  # measured 0.945
    assert report.stances.recall >= 0.79, report.stances  # 0.812
    assert report.stances.f1 >= 0.85, report.stances  # 0.874
    assert report.verdicts_right / report.verdicts_total >= 0.66  # 27/39
    assert report.flags.matched >= 4 and report.flags.precision >= 0.75, report.flags  # 4 of 11, P 0.80


@needs_shared()
def test_french_and_english_stances_meet_in_one_verdict(cross: dict[str, AnalysedDocument]) -> None:
    found = verdicts(list(cross.values()), knowledge())
    by_id = {a.document.id: key for key, a in cross.items()}

    def verdict(key: str) -> Verdict:
        return max((v for v in found if v.key == key), key=lambda v: len(v.rows))

    pokrovsk = verdict("control|Pokrovsk|Russia")
    assert pokrovsk.status == "contested"
    stances = {(by_id[r.document][:2], r.claim.stance) for r in pokrovsk.rows}
    assert {("fr", Stance.ASSERTS), ("en", Stance.ASSERTS), ("fr", Stance.DENIES), ("en", Stance.DENIES)} <= stances
    meeting = verdict("meeting|Moscow|2025-12-02")
    assert meeting.status == "corroborated"
    languages = {by_id[r.document][:2] for r in meeting.rows if r.claim.stance is Stance.ASSERTS}
    assert {"fr", "en"} <= languages  # and the seed
    report = score_claims(CROSS_GOLD, lambda inputs: cross)
    assert report.stances.precision >= 0.91 and report.stances.recall >= 0.74, report.stances  # 0.933, 0.767


@pytest.mark.parametrize(
    "text",
    [
        # a supposition, and a clause one is set on
        "The capture of Pokrovsk would grant Moscow a foothold, the analyst said.",
        "If Russia's claims prove accurate, the capture of Pokrovsk gives Moscow a foothold.",
        # a negation on a verb further up, and a capture told as what would follow
        "Observers said they had not observed evidence to confirm the complete Russian seizure of Pokrovsk.",
        "ISW previously assessed that the Russian seizure of Pokrovsk would achieve an operational effect.",
    ],
)
def test_a_capture_supposed_predicted_or_not_confirmed_is_not_asserted(text: str) -> None:
    """Observers and the outlet suppose a capture, or say what it would bring: they do not assert it."""
    assert Stance.ASSERTS not in {stance for _, stance in _control(_analysed(text))}


def test_another_side_s_claim_told_in_reported_words_is_that_side_s() -> None:
    """ "Although Russia says that it captured Kupyansk, …" in Zelensky's words: Russia claims the
    capture, Zelensky does not."""
    found = _analysed(
        'Zelensky said: "For example, our guys are having more success in Kupyansk. Although Russia says that '
        'it captured Kupyansk. To be honest, we have cleared almost all the Russians from there."'
    )
    kupiansk = {(c.source.party, c.stance) for c in found.claims if c.args.get("place") == "Kupiansk"}
    assert ("ukraine", Stance.ASSERTS) not in kupiansk
    assert ("russia", Stance.ASSERTS) in kupiansk
