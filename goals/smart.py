"""SMART help that reads a goal's wording.

The board confirms specific, accepted and realistic itself, and the data decides measurable (an indicator with a
target level) and time-bound (a target year): `services.smart_check`. This module adds what the words themselves
say, the way the seed tests its examples: a level (a number or a share) and a year make "Andelen med slutbetyg från
gymnasieskolan skall vara minst 85 % [2012]" OK; "Utveckla ett kvalitetssystem …" names work to be done and nothing
to measure it by, so it is less OK.

Pure functions on text: `read_wording()` gives the findings, each with what it means for S, M, A, R or T, and
`failing_criteria()` joins them with the board's and the data's verdict into the criteria an adoption must confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

SPECIFIC, MEASURABLE, ACCEPTED, REALISTIC, TIME_BOUND = (
    "specific",
    "measurable",
    "accepted",
    "realistic",
    "time_bound",
)
LETTERS = {SPECIFIC: "S", MEASURABLE: "M", ACCEPTED: "A", REALISTIC: "R", TIME_BOUND: "T"}
# Measurable and time-bound are established by the data (an indicator's target level, the target year): when the
# data says yes, words missing from the text are advice, not a failure. What the text says against being specific
# (work instead of a result) stands even when the board confirmed it, and then the board confirms it once more.
DECIDED_BY_DATA = frozenset({MEASURABLE, TIME_BOUND})

_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_VERB_END = r"(?:r|s|t|de|ts)?"

# Words that say which way, or up to which level, a result is to go.
MEASURABLE_WORDS = [
    rf"öka{_VERB_END}",
    rf"minska{_VERB_END}",
    r"uppg(?:å|år|ick|ått) till",
    r"minst",
    r"högst",
    r"som mest",
    r"som minst",
    r"maximalt",
    rf"halvera{_VERB_END}",
    rf"fördubbla{_VERB_END}",
    r"överstig(?:a|er)",
    r"understig(?:a|er)",
    r"sänk(?:a|as|er|s|t)",
    r"höj(?:a|as|er|s|t)",
    rf"reducera{_VERB_END}",
    r"nå upp till",
    r"fler",
    r"färre",
]
# Words that describe work to be done rather than a result to be reached.
VAGUE_WORDS = [
    rf"utveckla{_VERB_END}",
    r"arbeta(?:r)? (?:för|med)",
    r"bli(?:r)? bättre",
    rf"förbättra{_VERB_END}",
    r"sträva(?:r)? efter",
    r"verka(?:r)? för",
    rf"främja{_VERB_END}",
    r"stärk(?:a|as|er|s)",
    r"värna(?:r|s)?(?: om)?",
    r"säkerställ(?:a|as|er|s)",
    r"satsa(?:r)? på",
    r"se(?:r)? över",
    r"fortsätt(?:a|er)",
]
BASELINE_WORDS = [
    r"från (?:dagens )?\d[\d\s]*(?:[,.]\d+)?\s*(?:%|procent)?",
    r"jämfört med(?: år)?(?: \d{4})?",
    r"i förhållande till(?: år)?(?: \d{4})?",
    r"utgångs(?:värde|värdet|läge|läget|nivå|nivån)",
    r"basår(?:et)?",
    r"dagens nivå",
    r"\d{4} års (?:nivå|resultat|utfall)",
]
TIME_WORDS = [r"varje år", r"årligen", r"per år", r"under året", r"vid årets slut", r"under mandatperioden"]

_WORD = r"(?<![\wåäöÅÄÖ])(?:{})(?![\wåäöÅÄÖ])"
_MEASURABLE_RE = re.compile(_WORD.format("|".join(MEASURABLE_WORDS)), re.IGNORECASE)
_VAGUE_RE = re.compile(_WORD.format("|".join(VAGUE_WORDS)), re.IGNORECASE)
_BASELINE_RE = re.compile(_WORD.format("|".join(BASELINE_WORDS)), re.IGNORECASE)
_TIME_RE = re.compile(_WORD.format("|".join(TIME_WORDS)), re.IGNORECASE)
_DATE_RE = re.compile(
    rf"(?<!\d)(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?)(?!\d)", re.IGNORECASE
)
# A number with thousands separated by spaces and a decimal comma or point; what follows decides its meaning.
_NUMBER_RE = re.compile(r"(?<![\w,.])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[,.]\d+)?(?![\w])(\s*(?:%|procent))?")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
# Numbers that name a thing, not a level: "åk 3", "§ 12".
_NAMING_BEFORE = re.compile(r"(?:åk|årskurs|klass|§|kap\.?|kapitel|nr|steg)\s*$", re.IGNORECASE)


class Tone:
    """Whether a finding speaks for the criteria it names, against them, or is only advice."""

    FOR = "for"
    AGAINST = "against"
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    kind: str  # percentage, number, measurable_word, baseline, year, date, time_word, vague_word, no_level, no_time
    phrase: str  # the words found; empty for something missing
    message: str  # what it means, in the user's language
    criteria: tuple[str, ...]
    tone: str

    @property
    def letters(self) -> str:
        return ", ".join(LETTERS[c] for c in self.criteria)

    @property
    def tone_label(self) -> str:
        return {Tone.FOR: _("Speaks for"), Tone.AGAINST: _("Speaks against"), Tone.NOTE: _("Note")}[self.tone]


@dataclass(frozen=True)
class Reading:
    findings: list[Finding] = field(default_factory=list)

    def has(self, *kinds: str) -> bool:
        return any(f.kind in kinds for f in self.findings)

    @property
    def names_a_level(self) -> bool:
        return self.has("percentage", "number")

    @property
    def names_a_time(self) -> bool:
        return self.has("year", "date", "time_word")

    @property
    def reads_smart(self) -> bool:
        """The seed's verdict on the words alone: OK when they name a level and a time, less OK otherwise."""
        return self.names_a_level and self.names_a_time

    @property
    def concerns(self) -> set[str]:
        """Criteria the words speak against."""
        return {c for f in self.findings if f.tone == Tone.AGAINST for c in f.criteria}

    @property
    def summary(self) -> str:
        if self.reads_smart:
            return _("The wording names a level and a time: it reads as a SMART goal (the seed's “OK”).")
        return _(
            "The wording does not name both a level and a time: it reads as a less SMART goal (the seed's "
            "“less OK”)."
        )


def _unique(matches: Iterable[re.Match]) -> list[str]:
    seen, phrases = set(), []
    for match in matches:
        phrase = " ".join(match.group(0).split())
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            phrases.append(phrase)
    return phrases


def read_wording(text: str) -> Reading:
    """What the words of a goal (title and description) say about each SMART criterion."""
    text = " ".join((text or "").split())
    findings: list[Finding] = []

    def add(kind: str, phrase: str, message: str, criteria: tuple[str, ...], tone: str) -> None:
        findings.append(Finding(kind, phrase, message, criteria, tone))

    date_spans = [m.span() for m in _DATE_RE.finditer(text)]
    levels, years = [], []
    for match in _NUMBER_RE.finditer(text):
        inside_a_date = any(start <= match.start() < end for start, end in date_spans)
        if inside_a_date or _NAMING_BEFORE.search(text[: match.start()]):
            continue
        percent = match.group(2)
        if percent:
            levels.append(("percentage", " ".join(match.group(0).split())))
        elif _YEAR_RE.match(match.group(0)):
            years.append(match.group(0))
        else:
            levels.append(("number", match.group(0)))
    dates = _unique(_DATE_RE.finditer(text))
    years = list(dict.fromkeys(years))

    for kind, phrase in dict.fromkeys(levels):
        if kind == "percentage":
            add(
                kind,
                phrase,
                _(
                    "“%(phrase)s” is a level in per cent: the goal says what is to be reached (S) and can be "
                    "measured against it (M)."
                )
                % {"phrase": phrase},
                (SPECIFIC, MEASURABLE),
                Tone.FOR,
            )
        else:
            add(
                kind,
                phrase,
                _("“%(phrase)s” is a number: the goal has a level to be measured against (M).")
                % {"phrase": phrase},
                (MEASURABLE,),
                Tone.FOR,
            )
    has_level = bool(levels)
    measurable_words = _unique(_MEASURABLE_RE.finditer(text))
    for phrase in measurable_words:
        if has_level:
            add(
                "measurable_word",
                phrase,
                _("“%(phrase)s” says which way, or to what level, the result is to go (M).")
                % {"phrase": phrase},
                (MEASURABLE,),
                Tone.FOR,
            )
        else:
            add(
                "measurable_word",
                phrase,
                _(
                    "“%(phrase)s” says which way the result is to go but not how far: give a level, in the text or "
                    "as an indicator's target level (M)."
                )
                % {"phrase": phrase},
                (MEASURABLE,),
                Tone.NOTE,
            )
    for phrase in _unique(_BASELINE_RE.finditer(text)):
        add(
            "baseline",
            phrase,
            _(
                "“%(phrase)s” names a starting point: progress can be measured from it (M) and the level judged "
                "against it (R)."
            )
            % {"phrase": phrase},
            (MEASURABLE, REALISTIC),
            Tone.FOR,
        )
    for phrase in dates:
        add(
            "date",
            phrase,
            _("“%(phrase)s” is a date: the goal has a deadline (T).") % {"phrase": phrase},
            (TIME_BOUND,),
            Tone.FOR,
        )
    for phrase in years:
        add(
            "year",
            phrase,
            _("“%(phrase)s” is a year: the goal has an end point (T).") % {"phrase": phrase},
            (TIME_BOUND,),
            Tone.FOR,
        )
    for phrase in _unique(_TIME_RE.finditer(text)):
        add(
            "time_word",
            phrase,
            _("“%(phrase)s” says over which time the goal runs (T).") % {"phrase": phrase},
            (TIME_BOUND,),
            Tone.FOR,
        )
    for phrase in _unique(_VAGUE_RE.finditer(text)):
        if has_level:
            add(
                "vague_word",
                phrase,
                _(
                    "“%(phrase)s” describes work to be done, but the level in the text says what counts as success "
                    "(S)."
                )
                % {"phrase": phrase},
                (SPECIFIC,),
                Tone.NOTE,
            )
        else:
            add(
                "vague_word",
                phrase,
                _(
                    "“%(phrase)s” describes work to be done rather than a result: it is unclear what is to be "
                    "achieved (S) and when the goal is met (M)."
                )
                % {"phrase": phrase},
                (SPECIFIC, MEASURABLE),
                Tone.AGAINST,
            )
    if not has_level and not measurable_words:
        add(
            "no_level",
            "",
            _(
                "The text names no number, share or measurable word (öka, minska, minst …): nothing in it says when "
                "the goal is met (M). An indicator with a target level can measure it."
            ),
            (MEASURABLE,),
            Tone.AGAINST,
        )
    if not (dates or years or _TIME_RE.search(text)):
        add(
            "no_time",
            "",
            _("The text names no year or date: only the goal's target year makes it time-bound (T)."),
            (TIME_BOUND,),
            Tone.AGAINST,
        )
    return Reading(findings)


class Criterion(Protocol):
    key: str
    label: str
    met: bool
    reason: str


@dataclass(frozen=True)
class Failure:
    key: str
    label: str
    reasons: list[str]

    @property
    def letter(self) -> str:
        return LETTERS[self.key]


def failing_criteria(criteria: Iterable[Criterion], reading: Reading) -> list[Failure]:
    """The criteria an adoption must confirm: those the board has not confirmed or the data does not meet, and
    those the words speak against, except measurable and time-bound when the data meets them (DECIDED_BY_DATA)."""
    failures = []
    for criterion in criteria:
        against = [
            f.message for f in reading.findings if f.tone == Tone.AGAINST and criterion.key in f.criteria
        ]
        reasons = [] if criterion.met else [criterion.reason]
        if against and (not criterion.met or criterion.key not in DECIDED_BY_DATA):
            reasons += against
        if reasons:
            failures.append(Failure(criterion.key, criterion.label, reasons))
    return failures
