"""What a site serves, as fingerprints to compare two databases: run in a process of its own,

    DATABASE_URL=... MEDIA_ROOT=... python -m tests.reliability.tools.site_snapshot

prints JSON: every page the administrator reaches by following links from the start page (GET only, at most
MAX_PAGES) with its status and a checksum of its HTML (per-request tokens removed), and every archived report
with its recorded checksum and whether the stored PDF still has it. With `--make-archive` it instead archives
one adopted report (with a PDF in MEDIA_ROOT) if the database has none, so a backup has an archive to carry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections import deque
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrmodell.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

MAX_PAGES = int(os.environ.get("SNAPSHOT_MAX_PAGES", "150"))
# Where to write each page's normalised HTML (named by its checksum), to see what differs.
DUMP_DIR = os.environ.get("SNAPSHOT_DUMP_DIR", "")
_LINK = re.compile(r'href="(/[^"#]*)"')
_VOLATILE = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(r'("X-CSRFToken":\s*")[^"]+'),
    re.compile(r'(nonce=")[^"]+'),
    # Charts get a random element id per rendering (for aria-labelledby).
    re.compile(r"(chart-)[0-9a-f]{6,}"),
]
# The second-factor enrolment page shows a new random secret each time it is opened (nothing stored to compare).
_SKIP = (
    "/logga-ut/",
    "/django-admin/",
    "/" + settings.MEDIA_URL.strip("/") + "/",
    "/static/",
    "/konto/tvastegsverifiering/",
)


def normalise(html: str) -> str:
    for pattern in _VOLATILE:
        html = pattern.sub(r"\1-", html)
    return html


def crawl(client: Client) -> dict[str, list]:
    seen: dict[str, list] = {}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft().replace("&amp;", "&")
        if path in seen or path.startswith(_SKIP) or "ladda-ned" in path:
            continue
        response = client.get(path)
        content_type = response.get("Content-Type", "")
        body = response.content.decode("utf-8", errors="replace") if "html" in content_type else ""
        digest = hashlib.sha256(normalise(body).encode()).hexdigest()
        seen[path] = [response.status_code, digest]
        if DUMP_DIR:
            (Path(DUMP_DIR) / digest).write_text(normalise(body))
        for link in _LINK.findall(body):
            if link not in seen:
                queue.append(link)
    return seen


def make_archive() -> None:
    from django.core.files.base import ContentFile

    from reporting.models import ArchivedReport, Report, sha256_of
    from styrmodell.models import OrgUnit, Period, User

    if ArchivedReport.objects.exists():
        return
    board = OrgUnit.objects.filter(kind=OrgUnit.Kind.BOARD).order_by("path").first()
    period = Period.objects.filter(key="t1").order_by("year__year").first()
    admin = User.objects.get(username="admin")
    report, _ = Report.objects.get_or_create(
        unit=board, period=period, defaults={"kind": Report.kind_for(period), "created_by": admin}
    )
    report.status = Report.Status.ADOPTED
    report.decision_date = period.ends
    report.decision_paragraph = "§ 1"
    report.adopted_at = timezone.now()
    report.save(update_fields=["status", "decision_date", "decision_paragraph", "adopted_at"])
    pdf = b"%PDF-1.4\n% Delarsrapport " + board.name.encode() + b"\n%%EOF\n"
    archived = ArchivedReport(
        report=report,
        unit=board,
        period=period,
        title=report.title,
        html=f"<h1>{report.title}</h1>",
        pdf_sha256=sha256_of(pdf),
        pdf_size=len(pdf),
        decision_date=report.decision_date,
        decision_paragraph=report.decision_paragraph,
        archived_by=admin,
    )
    archived.pdf.save("delarsrapport.pdf", ContentFile(pdf), save=False)
    archived.save()


def archive() -> list[list]:
    from reporting.models import ArchivedReport

    return [[str(a.code), a.pdf_sha256, a.verify()] for a in ArchivedReport.objects.order_by("code")]


def main() -> None:
    if "--make-archive" in sys.argv:
        make_archive()
        return
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login

    from styrmodell.models import User

    # Looking must not change what is looked at (the admin's last login is shown on pages).
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    json.dump({"pages": crawl(client), "archive": archive()}, sys.stdout)


if __name__ == "__main__":
    main()
