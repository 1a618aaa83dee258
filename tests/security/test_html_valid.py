"""Valid HTML: the pages a crawl of the demo municipality reaches, for a few demo users and an anonymous visitor,
pass the Nu HTML checker (vnu.jar from the `vnu-jar` npm package in tools/html-checker, run once on all of them),
and every aria-describedby / aria-labelledby on a page names an element of that page.

`./dev test` and .ci/run install the checker (`npm ci`); it needs Java. Only a machine without Java skips the
checker, with the reason; CI installs Java, so there it always runs.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from styrmodell.models import User
from tests.conftest import PERSONAS

from .crawler import crawl

VNU_JAR = (
    Path(settings.BASE_DIR)
    / "tools"
    / "html-checker"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
DEMO_USERS = ["admin", "bun-ledamot", "chef-aspen", "medarbetare-aspen", "kommun-ekonom"]


def crawl_pages(client: Client, max_pages: int = 120) -> dict[str, str]:
    return crawl(client, "/", max_pages=max_pages, per_route=1, keep_html=True).html


def demo_pages() -> dict[str, str]:
    """Path (prefixed by who saw it) -> HTML, for an anonymous visitor and each demo user."""
    pages = {f"anonymous {path}": html for path, html in crawl_pages(Client()).items()}
    for username in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages |= {f"{username} {path}": html for path, html in crawl_pages(client).items()}
    return pages


def vnu_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Every error the Nu HTML checker reports, as 'who path line: message'."""
    files = {}
    for number, (where, html) in enumerate(sorted(pages.items())):
        file = folder / f"page-{number:04d}.html"
        file.write_text(html, encoding="utf-8")
        files[file.resolve().as_uri()] = where
    checked = subprocess.run(  # noqa: S603 (our own command line)
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, folder.iterdir()),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(checked.stderr or checked.stdout or '{"messages": []}')
    errors = []
    for message in report["messages"]:
        where = files.get(message.get("url", "").replace("file:/", "file:///", 1), message.get("url"))
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{where} line {message.get('lastLine')}: {message['message']} [{extract}]")
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    return errors


def test_the_nu_html_checker_finds_no_error_on_the_demo(db, settings, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is missing: install default-jre-headless to run the Nu HTML checker")
    assert VNU_JAR.exists(), "vnu.jar is missing: run `npm ci` in tools/html-checker (./dev test does)"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    pages = demo_pages()
    assert len(pages) > 50
    assert titles_with_markup(pages) == []
    folder = tmp_path / "pages"
    folder.mkdir()
    errors = vnu_errors(pages, folder)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def titles_with_markup(pages: dict[str, str]) -> list[str]:
    """Pages whose <title> holds markup: the checker accepts it (a title is text), but the browser's tab and a
    screen reader read the tags out (a template block left open swallowed a section into the title)."""
    found = []
    for where, html in pages.items():
        start, end = html.find("<title>"), html.find("</title>")
        if start != -1 and "<" in html[start + len("<title>") : end]:
            found.append(f"{where}: {' '.join(html[start:end].split())[:120]}")
    return found


class IdReferences(HTMLParser):
    REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "for")

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for attribute in self.REFERENCES[:2]:
            for target in (values.get(attribute) or "").split():
                self.references.append((tag, attribute, target))


def missing_references(pages: dict[str, str]) -> list[str]:
    problems = []
    for where, html in pages.items():
        parser = IdReferences()
        parser.feed(html)
        problems += [
            f"{where}: <{tag} {attribute}={target!r}> names no element"
            for tag, attribute, target in parser.references
            if target not in parser.ids
        ]
    return problems


def test_every_aria_reference_names_an_element_on_the_page(rich):
    pages: dict[str, str] = {}
    for persona in PERSONAS:
        client = Client()
        client.force_login(rich.users[persona])
        pages |= {f"{persona} {path}": html for path, html in crawl_pages(client, max_pages=150).items()}
    pages |= {f"anonymous {path}": html for path, html in crawl_pages(Client()).items()}
    assert any("/organisation/" in where for where in pages)
    # A filter the form refuses: the unit view names the error beside the field it describes.
    client = Client()
    client.force_login(rich.users["manager"])
    refused = (
        reverse("commitments:unit-commitments", args=[rich.unit("school_a").code]) + "?period=x&status=x"
    )
    response = client.get(refused)
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    pages[f"manager {refused}"] = response.content.decode()
    assert missing_references(pages) == []
    assert titles_with_markup(pages) == []
