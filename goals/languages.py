"""Finnish texts beside the Swedish ones on the goal model (vision, direction, goal, indicator, mission statement).

The Swedish text is the adopted one and always present; a Finnish text (`<field>_fi`) may stand beside it. A Finnish
reader gets the Finnish text where it exists; everyone else, and a Finnish reader where there is none, gets the Swedish
text, marked as Swedish (`lang="sv"`, so screen readers switch voice) with a short note when the page is not Swedish.

Explicit `*_fi` fields rather than django-modeltranslation: see README, "Finnish texts on the goal model".
"""

from __future__ import annotations

from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# The note names the language of the text, in the reader's language. It is a fixed pair, written here rather than in
# the catalogues so that it reads right whichever catalogue a reader's language has reached.
IN_SWEDISH = {"fi": "(ruotsiksi)", "en": "(in Swedish)"}


def _reader_language(language: str | None = None) -> str:
    return (language or get_language() or "sv").split("-")[0].lower()


def text(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """The text of `obj.<field>` for a reader of `language` (the active one by default), and its language code."""
    swedish = getattr(obj, field, "") or ""
    if _reader_language(language) == "fi":
        finnish = getattr(obj, f"{field}_fi", "") or ""
        if finnish.strip():
            return finnish, "fi"
    return swedish, "sv"


def plain(obj, field: str, language: str | None = None) -> str:
    """The reader's text without markup (for <title>, <option> and the like)."""
    return text(obj, field, language)[0]


def html(obj, field: str, *, paragraphs: bool = False, language: str | None = None) -> SafeString:
    """The reader's text as HTML: the Swedish fallback wrapped in lang="sv" and noted on non-Swedish pages."""
    value, lang = text(obj, field, language)
    if not value:
        return SafeString("")
    reader = _reader_language(language)
    if paragraphs:
        body = mark_safe(linebreaks(value, autoescape=True))  # noqa: S308 - autoescape=True escaped the text
    else:
        body = escape(value)
    if lang == reader or reader not in IN_SWEDISH:
        return body
    tag = "div" if paragraphs else "span"
    return format_html(
        '<{} lang="{}">{}</{}> <span class="kind">{}</span>',
        tag,
        lang,
        body,
        tag,
        IN_SWEDISH[reader],
    )


def shared_with(vision) -> dict | None:
    """The vision's partner line in both languages (the same on every page, whatever the reader's language)."""
    if not vision.partner:
        return None
    return {
        "sv": f"Gemensam vision med {vision.partner}",
        "fi": f"Yhteinen visio {vision.partner_fi} kanssa"
        if vision.partner_fi
        else f"Yhteinen visio: {vision.partner}",
    }
