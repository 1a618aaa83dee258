"""styrmodell.lib.pdf: tagged PDF, language and title, and a URL fetcher that fetches nothing foreign."""

from __future__ import annotations

import io

import pypdf
import pytest

from styrmodell.lib import pdf


def _html(body: str, title: str = "Provrapport") -> str:
    return pdf.render_html("pdf/base.html", {"pdf_title": title, "pdf_lang": "sv"}).replace(
        "<body>", f"<body><h1>{title}</h1>{body}", 1
    )


def test_it_renders_a_tagged_pdf_with_language_and_title() -> None:
    data = pdf.html_to_pdf(
        _html("<table><caption>T</caption><tr><th scope='col'>Mål</th></tr><tr><td>85 %</td></tr></table>")
    )
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Provrapport"
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Mål" in text and "85 %" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "ftp://example.com/x.png",
        "/static/../../../etc/passwd",
        "/etc/passwd",
        "../secret.png",
    ],
)
def test_it_never_fetches_foreign_urls_in_user_text(url: str, monkeypatch) -> None:
    opened: list[str] = []
    # The parent fetcher is the only code that opens URLs; a spy on it proves nothing was opened.
    monkeypatch.setattr(pdf.URLFetcher, "fetch", lambda self, u, headers=None: opened.append(u))
    fetcher = pdf.SafeURLFetcher()
    user_text = f'<p>Analys</p><img src="{url}" alt="x"><link rel="stylesheet" href="{url}">'
    data = pdf.html_to_pdf(_html(user_text), fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert opened == []
    assert len(fetcher.refused) == 2
    assert "root:" not in pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_it_fetches_data_urls_and_own_static_files() -> None:
    fetcher = pdf.SafeURLFetcher()
    pixel = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'></svg>"
    pdf.html_to_pdf(_html(f'<img src="{pixel}" alt="">'), fetcher=fetcher)
    # pdf/base.html links /static/css/pdf.css, which is served from the static files.
    assert fetcher.refused == []


def test_it_maps_only_existing_static_files() -> None:
    assert pdf.static_path_for(pdf.BASE_URL + "static/css/pdf.css").name == "pdf.css"
    assert pdf.static_path_for(pdf.BASE_URL + "static/css/missing.css") is None
    assert pdf.static_path_for(pdf.BASE_URL + "static/css/../../manage.py") is None
    assert pdf.static_path_for("https://example.com/static/css/pdf.css") is None
    assert pdf.static_path_for(pdf.BASE_URL + "media/x.pdf") is None


def test_render_pdf_sets_title_from_argument() -> None:
    data = pdf.render_pdf("pdf/base.html", {}, title="Delårsrapport", lang="sv")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Delårsrapport"
    assert reader.trailer["/Root"]["/Lang"] == "sv"
