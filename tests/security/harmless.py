"""Checks that text a user typed comes out of a page, a PDF or a workbook as text, never as markup or formula."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

# Each payload is a different way out of an HTML context; every one must come back as the literal text.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    '\'><a href="javascript:alert(1)">x</a>',
    "{{ request.user.password }}{% csrf_token %}",
    '=HYPERLINK("https://example.com","x")',
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class DangerParser(HTMLParser):
    """Collects everything in a page that would run script, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in_script = True
            if not values.get("src"):
                self.dangers.append("inline <script>")
        if tag in ("iframe", "object", "embed", "base"):
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}=…>")
            if (
                name in URL_ATTRIBUTES
                and value
                and re.sub(r"\s", "", value)
                .lower()
                .startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.dangers.append(f"<{tag} {name}={value!r}>")
            if name == "src" and value == "x":
                self.dangers.append(f"<{tag} src=x>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if not self._in_script:
            self.text.append(data)
        self.text.append(" ")

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_dangers(html: str) -> tuple[list[str], str]:
    """What in the page would run script, and the page's text (whitespace normalised)."""
    parser = DangerParser()
    parser.feed(html)
    parser.close()
    return parser.dangers, normalise("".join(parser.text))


def pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))


def xlsx_cells(data: bytes) -> list[tuple[str, object, str]]:
    """(coordinate, value, data type) of every non-empty cell of every sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells.append((f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type))
    return cells
