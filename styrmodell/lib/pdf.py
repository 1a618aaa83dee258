"""PDF output: a Django template rendered to a tagged, accessible PDF by WeasyPrint.

Reports contain text people typed. WeasyPrint would happily fetch any URL it meets in that text (an `<img>`
pointing at `file:///etc/passwd` or at an internal `http://` service), so the fetcher here allows only `data:`
URLs and the application's own static files; everything else is refused without being opened.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative and root-relative URLs in a template (`{% static %}` gives `/static/…`) are resolved against this
# base. The host is reserved (`.invalid`, RFC 2606) and is never contacted: the fetcher maps it to files.
BASE_URL = "https://styrmodell.invalid/"
_BASE = urlsplit(BASE_URL)

# Tagged PDF for accessibility: PDF/UA-1 turns on tags (headings, tables with header cells, reading order),
# the document language from <html lang> and the title from <title>.
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


def static_path_for(url: str) -> Path | None:
    """The file behind one of our own static URLs, or None for anything else (other hosts, paths outside
    STATIC_URL, `..` segments, files that do not exist)."""
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (_BASE.scheme, _BASE.netloc):
        return None
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        return None
    relative = path[len(static_prefix) :]
    if not relative or relative != posixpath.normpath(relative) or relative.startswith(("/", "..")):
        return None
    found = finders.find(relative)
    if not found:
        return None
    return Path(found if isinstance(found, str) else found[0])


class SafeURLFetcher(URLFetcher):
    """Fetches `data:` URLs and our own static files; refuses every other URL before opening it."""

    def __init__(self, on_refuse: Callable[[str], None] | None = None) -> None:
        super().__init__(timeout=1, allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []
        self._on_refuse = on_refuse

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = static_path_for(url)
        if path is not None:
            mime_type = _mime_type(path)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})
        self.refused.append(url)
        if self._on_refuse:
            self._on_refuse(url)
        logger.info("PDF: refused to fetch %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


_MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def _mime_type(path: Path) -> str:
    return _MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


def render_html(template_name: str, context: dict[str, Any], *, lang: str = "sv") -> str:
    """The finished HTML of a PDF template, rendered in the document's language."""
    with translation.override(lang):
        return render_to_string(template_name, context)


# Options for both steps: laying out (`render`) and writing (`write_pdf`). Fonts are always embedded (subset):
# PDF/UA-1 requires it, and a reader without DejaVu would otherwise substitute another font.
PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "pdf_tags": True, "uncompressed_pdf": False}


def render_document(html: str, *, fetcher: SafeURLFetcher | None = None) -> Document:
    """Finished HTML laid out into pages (not yet written): `text_outside_page` can check it, `write_pdf` writes it."""
    fetcher = fetcher or SafeURLFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**PDF_OPTIONS)


def write_pdf(document: Document) -> bytes:
    return document.write_pdf(**PDF_OPTIONS)


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """WeasyPrint alone: finished HTML to a tagged PDF through the safe fetcher. The HTML must carry
    `<html lang>` and `<title>` (the templates under templates/pdf/ extend pdf/base.html, which does)."""
    return write_pdf(render_document(html, fetcher=fetcher))


@dataclass(frozen=True)
class Overflow:
    """A run of text laid out (partly) outside its page: cut off in the PDF."""

    page: int
    text: str
    left: float
    right: float
    page_width: float


def text_outside_page(document: Document, *, tolerance: float = 0.5) -> list[Overflow]:
    """Every run of text whose glyphs reach beyond the left or right edge of its page (CSS px), from the layout
    WeasyPrint made: exact, where reading positions back from the PDF would have to guess glyph widths."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TextBox) or not box.text.strip():
                continue
            left, right = box.position_x, box.position_x + box.width
            if left < -tolerance or right > page.width + tolerance:
                found.append(Overflow(number, box.text, left, right, page.width))
    return found


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    title: str,
    lang: str = "sv",
    fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render a template under templates/pdf/ to a tagged PDF with its language and title set.

    `title` and `lang` are passed to the template as `pdf_title` and `pdf_lang` (pdf/base.html puts them in
    `<title>` and `<html lang>`, which WeasyPrint writes into the PDF's metadata)."""
    html = render_html(template_name, {**context, "pdf_title": title, "pdf_lang": lang}, lang=lang)
    return html_to_pdf(html, fetcher=fetcher)
