"""SMART help that reads the wording: the seed's four examples as the seed classifies them, each kind of finding,
and which criteria an adoption must confirm."""

from __future__ import annotations

import pytest
from django.utils import translation

from goals import smart
from goals.services import SmartCriterion

# The seed's examples (mal-och-resultatstyrning.txt, "Definiera mål"): two from BUN, two from SN.
SEED_EXAMPLES = [
    ("Andelen med slutbetyg från gymnasieskolan skall vara minst 85% [2012]", True),
    ("Utveckla ett kvalitetssystem för att säkerställa en näringsrik mat och trivsam miljö", False),
    (
        "Frisknärvaron bland anställda ska öka. För nämndens verksamhetsområde är målet att frisknärvaron skall "
        "uppgå till 96 % [2012]",
        True,
    ),
    ("En miljöplan för förvaltningen upprättas tillsammans med kommunens klimatstrateg", False),
]


@pytest.fixture(autouse=True)
def _in_swedish():
    with translation.override("sv"):
        yield


def _kinds(reading: smart.Reading) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for finding in reading.findings:
        kinds.setdefault(finding.kind, []).append(finding.phrase)
    return kinds


@pytest.mark.parametrize(("text", "ok"), SEED_EXAMPLES)
def test_it_classifies_the_seeds_examples_as_the_seed_does(text, ok):
    reading = smart.read_wording(text)
    assert reading.reads_smart is ok
    assert ("OK" in reading.summary) and (("mindre" in reading.summary) is not ok)


def test_it_sees_a_share_a_measurable_word_and_a_year_in_the_first_bun_example():
    reading = smart.read_wording(SEED_EXAMPLES[0][0])
    kinds = _kinds(reading)
    assert kinds["percentage"] == ["85%"]
    assert kinds["measurable_word"] == ["minst"]
    assert kinds["year"] == ["2012"]  # a year is not taken for a level
    assert "number" not in kinds
    assert reading.concerns == set()
    share = next(f for f in reading.findings if f.kind == "percentage")
    assert share.letters == "S, M"
    assert "nivå i procent" in share.message


def test_it_points_out_work_instead_of_a_result_in_the_second_bun_example():
    reading = smart.read_wording(SEED_EXAMPLES[1][0])
    kinds = _kinds(reading)
    assert kinds["vague_word"] == ["Utveckla", "säkerställa"]
    assert "no_level" in kinds and "no_time" in kinds
    assert reading.concerns == {smart.SPECIFIC, smart.MEASURABLE, smart.TIME_BOUND}
    vague = next(f for f in reading.findings if f.kind == "vague_word")
    assert vague.tone == smart.Tone.AGAINST
    assert vague.letters == "S, M"
    assert "arbete som ska göras" in vague.message


def test_it_reads_the_measurable_verbs_of_the_first_sn_example():
    kinds = _kinds(smart.read_wording(SEED_EXAMPLES[2][0]))
    assert kinds["measurable_word"] == ["öka", "uppgå till"]
    assert kinds["percentage"] == ["96 %"]


def test_it_finds_nothing_to_measure_in_the_second_sn_example():
    reading = smart.read_wording(SEED_EXAMPLES[3][0])
    assert {f.kind for f in reading.findings} == {"no_level", "no_time"}
    no_level = next(f for f in reading.findings if f.kind == "no_level")
    assert "inget tal" in no_level.message


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ("Kostnaden per portion ska minska från 52 kr till 48 kr", "baseline", "från 52"),
        ("Sjukfrånvaron ska halveras jämfört med 2024", "baseline", "jämfört med 2024"),
        ("Väntetiden ska vara högst 14 dagar senast 31 december 2027", "date", "31 december 2027"),
        ("Antalet besökare ska fördubblas till 2028", "measurable_word", "fördubblas"),
        ("Vi ska arbeta för en bättre skolmiljö", "vague_word", "arbeta för"),
        ("Verksamheten ska bli bättre", "vague_word", "bli bättre"),
        ("Nämnden ska sträva efter nöjda brukare", "vague_word", "sträva efter"),
        ("Förbättra tillgängligheten", "vague_word", "Förbättra"),
        ("Resultaten följs upp årligen", "time_word", "årligen"),
    ],
)
def test_it_recognises_each_kind_of_wording(text, kind, phrase):
    assert phrase in _kinds(smart.read_wording(text)).get(kind, [])


def test_it_takes_neither_a_school_year_nor_a_date_for_a_level():
    reading = smart.read_wording("Fler elever ska läsa med flyt i åk 3 senast 30 juni 2027")
    kinds = _kinds(reading)
    assert "number" not in kinds and "percentage" not in kinds
    assert kinds["date"] == ["30 juni 2027"]


def test_a_vague_verb_beside_a_level_is_only_a_note():
    reading = smart.read_wording("Förbättra läsförmågan så att minst 80 % läser med flyt 2027")
    vague = next(f for f in reading.findings if f.kind == "vague_word")
    assert vague.tone == smart.Tone.NOTE
    assert reading.concerns == set()
    assert reading.reads_smart


def _criteria(**met: bool) -> list[SmartCriterion]:
    keys = [smart.SPECIFIC, smart.MEASURABLE, smart.ACCEPTED, smart.REALISTIC, smart.TIME_BOUND]
    return [SmartCriterion(key, key.title(), met.get(key, True), f"{key} reason") for key in keys]


def test_the_words_fail_specific_even_when_the_board_confirmed_it():
    failures = smart.failing_criteria(_criteria(), smart.read_wording(SEED_EXAMPLES[1][0]))
    # Measurable and time-bound are met by the data (an indicator's target level, the target year) here.
    assert [f.key for f in failures] == [smart.SPECIFIC]
    assert failures[0].letter == "S"
    assert any("Utveckla" in reason for reason in failures[0].reasons)


def test_the_data_and_the_board_fail_criteria_with_their_own_reasons():
    failures = smart.failing_criteria(
        _criteria(accepted=False, time_bound=False), smart.read_wording(SEED_EXAMPLES[3][0])
    )
    by_key = {f.key: f for f in failures}
    assert list(by_key) == [smart.ACCEPTED, smart.TIME_BOUND]
    assert by_key[smart.ACCEPTED].reasons == ["accepted reason"]
    # A criterion failing by the data also lists what the words say against it.
    assert by_key[smart.TIME_BOUND].reasons[0] == "time_bound reason"
    assert len(by_key[smart.TIME_BOUND].reasons) == 2


def test_a_smart_goal_fails_nothing():
    assert smart.failing_criteria(_criteria(), smart.read_wording(SEED_EXAMPLES[0][0])) == []
