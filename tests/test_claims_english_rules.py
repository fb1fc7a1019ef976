"""English claims rules on the real English pipeline, one short invented sentence each: who
claimed a capture the narration or the other side tells as a claim, and (below) titles and
meetings told in coordinations."""

from __future__ import annotations

from datetime import date

from claimscope.records import ClaimType, Stance
from tests.test_claims_english import _analysed, _control


def test_the_owner_of_a_dismissed_boast_claims_the_capture() -> None:
    found = _analysed("Zelensky dismissed Russia's earlier boast of seizing Kupiansk.")
    assert sorted(_control(found)) == [("russia", Stance.ASSERTS), ("ukraine", Stance.DENIES)]
    by = _analysed(
        'The ministry dismissed what it described as "boastful statements" by Russia\'s leadership about the '
        "claimed capture of Pokrovsk."
    )
    sources = {(c.source.name, c.stance) for c in by.claims if c.type is ClaimType.CONTROL}
    assert ("Russia's leadership", Stance.ASSERTS) in sources


def test_a_claimed_capture_cited_by_its_own_side_is_asserted_and_the_writer_hedges() -> None:
    found = _analysed("Putin sent a hawkish signal, citing Russia's claimed capture of Pokrovsk as a good foothold.")
    assert sorted(_control(found)) == [("journalist", Stance.HEDGED), ("russia", Stance.ASSERTS)]
    told = _analysed("Russia's announcement of the capture of Pokrovsk came on Monday.")
    assert _control(told) == [("russia", Stance.ASSERTS)]  # the claimant's, not the outlet's
    reaction = _analysed("Ukraine's reaction to the claimed capture of Pokrovsk was swift.")
    assert _control(reaction) == [("journalist", Stance.HEDGED)]  # a reaction is no claim


def _titles(text: str) -> set[tuple[str, str, str]]:
    found = _analysed(text)
    return {
        (c.args["person"], c.args["relation"], c.args["object"])
        for c in found.claims
        if c.type in (ClaimType.ROLE, ClaimType.RELATION)
    }


def test_a_plural_title_before_a_name_the_tagger_cut_holds_for_both() -> None:
    titles = _titles("The talks included EU heads Antonio Costa and Ursula von der Leyen.")
    assert {
        ("Antonio Costa", "head of", "European Union"),
        ("Ursula von der Leyen", "head of", "European Union"),
    } <= titles


def test_coordinated_surnames_lead_a_delegation() -> None:
    titles = _titles("Umerov and Yermak led the Ukrainian delegation in Florida.")
    assert {("Rustem Umerov", "negotiator of", "Ukraine"), ("Andriy Yermak", "negotiator of", "Ukraine")} <= titles


def test_a_title_coordinated_with_a_former_description_still_holds() -> None:
    titles = _titles("The delegation was led by envoy and former real-estate executive Steve Witkoff.")
    assert ("Steve Witkoff", "envoy of", "Donald Trump") in titles
    assert not _titles("The delegation was led by former envoy and real-estate executive Steve Witkoff.")


def _meetings(text: str) -> dict[str, tuple[str, Stance]]:
    found = _analysed(text)
    return {c.args["participants"]: (c.args["place"], c.stance) for c in found.claims if c.type is ClaimType.MEETING}


def test_coordinated_meetings_are_told_apart() -> None:
    assert _meetings(
        "Trump has pushed to end the war, including a summit with Putin in Alaska and talks with Zelensky."
    ) == {
        "Donald Trump; Vladimir Putin": ("", Stance.ASSERTS),
        "Donald Trump; Volodymyr Zelensky": ("", Stance.ASSERTS),
    }


def test_a_meeting_after_other_talks_in_the_sentence_is_read_apart() -> None:
    assert _meetings(
        "It comes after talks between US and Ukrainian officials in Florida, and a day before Steve Witkoff "
        "is expected to meet Putin in the Russian capital."
    ) == {
        "US delegation; Ukrainian delegation": ("Miami", Stance.ASSERTS),
        "Steve Witkoff; Vladimir Putin": ("Moscow", Stance.HEDGED),
    }


def test_a_possessive_repeated_across_coordinated_titles_keeps_its_antecedent() -> None:
    parallel = _titles("Trump sent his special envoy Steve Witkoff and his son-in-law Jared Kushner to Moscow.")
    assert ("Jared Kushner", "son-in-law of", "Donald Trump") in parallel
    assert ("Jared Kushner", "son-in-law of", "Steve Witkoff") not in parallel
    commas = _titles("Trump sent his envoy, Steve Witkoff, and his son-in-law, Jared Kushner, to Moscow.")
    assert ("Jared Kushner", "son-in-law of", "Donald Trump") in commas
    # with no possessive on the first name, "his" reads as that name's (a wrong relation, flagged)
    single = _titles("Trump sent Steve Witkoff and his son-in-law, Jared Kushner, to Moscow.")
    assert ("Jared Kushner", "son-in-law of", "Steve Witkoff") in single


def test_titles_and_names_in_a_row_pair_in_one_order() -> None:
    titles = _titles(
        "The talks took place alongside the French president, Emmanuel Macron, Ukraine's president, "
        "Volodymyr Zelenskyy, and others."
    )
    assert ("Emmanuel Macron", "president of", "Ukraine") not in titles
    assert {("Emmanuel Macron", "president of", "France"), ("Volodymyr Zelensky", "president of", "Ukraine")} <= titles
    after = _titles("Present were Steve Witkoff, Trump's envoy, Jared Kushner, his son-in-law, and others.")
    assert ("Jared Kushner", "envoy of", "Donald Trump") not in after
    assert ("Steve Witkoff", "envoy of", "Donald Trump") in after


def test_a_chairman_or_leader_is_the_head_the_knowledge_base_knows() -> None:
    chairman = "Kirill Dmitriev, chairman of the Russian Direct Investment Fund, met Witkoff."
    assert ("Kirill Dmitriev", "head of", "Russian Direct Investment Fund") in _titles(chairman)
    for text in (chairman, "Kirill Dmitriev, leader of the Russian Direct Investment Fund, met Witkoff."):
        assert _analysed(text).flags == []


def _dated(text: str) -> set[tuple[str, Stance, date | None]]:
    found = _analysed(text)
    return {(c.source.party, c.stance, c.date) for c in found.claims if c.type is ClaimType.CONTROL}


def test_a_day_dates_only_the_claim_whose_clause_it_hangs_on() -> None:
    tuesday = date(2025, 12, 2)  # the Tuesday before the 3 December 2025 of _analysed
    answered = _dated(
        "On Tuesday, Ukraine's military insisted its forces remained in control of Pokrovsk, a day after "
        "Russia claimed to have captured the city."
    )
    assert ("ukraine", Stance.DENIES, tuesday) in answered  # the Ukrainian statement's day
    assert ("russia", Stance.ASSERTS, None) in answered  # not the Russian claim's
    assert _dated("Russia claimed the capture of Pokrovsk before a key meeting on Tuesday.") == {
        ("russia", Stance.ASSERTS, None)
    }
    assert _dated("Russia's defence ministry said on Tuesday that its troops had captured Pokrovsk.") == {
        ("russia", Stance.ASSERTS, tuesday)
    }


def test_a_region_named_at_the_end_of_a_sentence_is_no_town() -> None:
    found = _analysed("Russia said its forces had captured Kupyansk, Kharkiv region.")
    assert {c.args["place"] for c in found.claims if c.type is ClaimType.CONTROL} == {"Kupiansk"}
    around = _analysed("Russia said Ukrainian troops encircled in the Myrnohrad area were being destroyed.")
    assert {c.args["place"] for c in around.claims if c.type is ClaimType.CONTROL} == {"Myrnohrad"}


def test_a_meeting_that_depends_on_progress_is_hedged() -> None:
    assert _meetings("Peskov said a future meeting between Putin and Zelensky will depend on progress.") == {
        "Vladimir Putin; Volodymyr Zelensky": ("", Stance.HEDGED)
    }


def test_a_meeting_said_not_planned_denies_no_meeting_held() -> None:
    assert _meetings("Peskov said a meeting between Putin and Trump is not currently planned.") == {}
    assert _meetings("Peskov said a meeting between Putin and Trump is planned for next month.") == {
        "Donald Trump; Vladimir Putin": ("", Stance.ASSERTS)
    }  # a definite plan still asserts it, marked planned
    assert _meetings("Peskov said Putin did not meet Trump in Moscow.") == {
        "Donald Trump; Vladimir Putin": ("Moscow", Stance.DENIES)
    }


def test_a_shared_lunch_is_a_meeting() -> None:
    assert _meetings("Witkoff and Dmitriev shared a lunch at a Moscow restaurant.") == {
        "Kirill Dmitriev; Steve Witkoff": ("Moscow", Stance.ASSERTS)
    }


def test_he_who_met_in_reported_words_is_the_speaker() -> None:
    assert _meetings("Trump said he had a very good meeting with Zelensky in the Oval Office.") == {
        "Donald Trump; Volodymyr Zelensky": ("Washington", Stance.ASSERTS)
    }
    assert _meetings("Reporters wrote that he had a meeting with Zelensky in the Oval Office.") == {}


def test_a_place_in_what_was_told_or_before_a_title_is_not_where_they_met() -> None:
    told = (
        "General Valery Gerasimov told Putin during a visit to a command post on Sunday that troops had captured "
        "Lyman, Kremlin spokesperson Dmitry Peskov said Monday."
    )
    assert _meetings(told) == {"Valery Gerasimov; Vladimir Putin": ("", Stance.ASSERTS)}
    assert _meetings("Kremlin aide Yuri Ushakov said Witkoff had met Putin at the Kremlin on Tuesday.") == {
        "Steve Witkoff; Vladimir Putin": ("Moscow", Stance.ASSERTS)
    }


def test_a_place_in_another_sentence_of_the_unit_is_not_judged_by_clause() -> None:
    """The climb from a place stops at its own sentence's root (no word there governs the meeting)."""
    import spacy

    from claimscope.claims.context import Unit, Word
    from claimscope.claims.participants import linked
    from claimscope.claims.rules import rules
    from claimscope.nlp.parsing import pipeline
    from claimscope.records import Source, Span

    text = "Troops entered Lyman on Monday. Witkoff met Putin on Tuesday."
    doc = pipeline("en")(text)
    assert isinstance(doc, spacy.tokens.Doc) and len(list(doc.sents)) == 2
    unit = Unit([Word(t.idx, t) for t in doc], Span(0, len(text)), Span(0, len(text)), Source("x", "person", "x"))
    lyman = next(Word(t.idx, t) for t in doc if t.text == "Lyman")
    met = next(t for t in doc if t.text == "met")
    assert linked([lyman], [met], unit, rules("en"))


def test_a_name_after_of_under_a_noun_that_tells_no_meeting_is_no_participant() -> None:
    stroll = "Witkoff and Kushner took a stroll across Red Square past the mausoleum of Soviet founder Vladimir Lenin."
    assert _meetings(stroll) == {"Jared Kushner; Steve Witkoff": ("", Stance.ASSERTS)}
    assert _meetings("Steve Witkoff met the family of Donald Trump in Miami.") == {}
    assert _meetings("The meeting of Putin and Witkoff lasted five hours.") == {
        "Steve Witkoff; Vladimir Putin": ("", Stance.ASSERTS)
    }


def test_a_share_held_is_a_partial_hold_and_all_of_it_the_whole() -> None:
    """ "20 percent of Pokrovsk" held by its defenders is Russia's hold of the rest, not a denial."""
    held = _analysed("Ukrainian forces still control 20 percent of Pokrovsk, the general staff said.")
    assert [(c.stance, c.extent) for c in held.claims if c.type is ClaimType.CONTROL] == [(Stance.PARTIAL, "partial")]
    whole = _analysed("Russia controls 100 percent of Pokrovsk, the Russian defence ministry said.")
    assert [(c.stance, c.extent) for c in whole.claims if c.type is ClaimType.CONTROL] == [(Stance.ASSERTS, "full")]


def test_the_control_of_a_place_at_stake_is_no_claim_of_who_holds_it() -> None:
    for sentence in (
        "Analysts stressed the importance of control of Pokrovsk for both armies.",
        "Control of Pokrovsk is a key issue for Moscow, the analyst said.",
    ):
        assert not [c for c in _analysed(sentence).claims if c.type is ClaimType.CONTROL], sentence
    claimed = _analysed("Russia claimed control of Pokrovsk.")
    assert [c.stance for c in claimed.claims if c.type is ClaimType.CONTROL] == [Stance.ASSERTS]


def test_a_meeting_wished_for_is_no_meeting_and_one_set_is_planned() -> None:
    wished = _analysed("Trump wants to meet Putin in Budapest, the White House said on Monday.")
    assert not [c for c in wished.claims if c.type is ClaimType.MEETING]
    set_ = _analysed("Trump will meet Putin in Budapest next week, the White House said on Monday.")
    assert [c.hedges for c in set_.claims if c.type is ClaimType.MEETING] == [("planned",)]


def test_who_met_is_not_the_one_who_reports_or_sends() -> None:
    """ "his visit" after Putin is named is Putin's, not the speaker's; the subject of "sent" sent
    someone to meet; who said it is not among who met."""
    reported = "Peskov said the news was reported to President Vladimir Putin during his visit to a command centre."
    assert not [p for p in _meetings(reported) if "Dmitry Peskov" in p]
    assert _meetings("Trump sent his envoy Steve Witkoff to Moscow to meet Vladimir Putin.") == {
        "Steve Witkoff; Vladimir Putin": ("Moscow", Stance.ASSERTS)
    }
    assert _meetings("Zelensky was sent to Istanbul to meet Putin.") == {
        "Vladimir Putin; Volodymyr Zelensky": ("Istanbul", Stance.ASSERTS)
    }


def test_a_known_person_named_by_one_word_is_found_where_the_recogniser_missed_him() -> None:
    """The English model tags no entity on a sentence's first "Trump": no meeting was read."""
    assert _meetings("Trump met Putin in Budapest on Monday, the White House said.") == {
        "Donald Trump; Vladimir Putin": ("Budapest", Stance.ASSERTS)
    }


def test_the_time_a_capture_took_is_the_capture_not_one_of_the_attackers() -> None:
    """ "it took the Russians a year to capture Pokrovsk" was read as someone taking the Russians:
    Ukraine's capture, a denial of Russia's control. The capture it times is done; a verb with a
    place as object after an "it" standing for troops stays a capture (a guard)."""
    took = _analysed("It took the Russians a year to capture Pokrovsk.")
    assert _control(took) == [("journalist", Stance.ASSERTS)]
    assert [c.args["actor"] for c in took.claims if c.type is ClaimType.CONTROL] == ["Russia"]
    for later in (
        "It will take Russia months to seize Pokrovsk.",
        "It could take Russian troops weeks to take Pokrovsk.",
    ):
        assert _control(_analysed(later)) == [], later  # a forecast of the time, found by a review
    brigade = _analysed("The Russian brigade said it took the village of Kurakhove to secure the road.")
    assert [(c.key, c.stance) for c in brigade.claims if c.type is ClaimType.CONTROL] == [
        ("control|Kurakhove|Russia", Stance.ASSERTS)
    ]
