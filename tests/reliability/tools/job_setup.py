"""Queue a background job in the database of DATABASE_URL on the broker of REDIS_URL (own process):

    python -m tests.reliability.tools.job_setup build|crash

`build` builds a board's interim report (reporting.build_report), `crash` runs reliability.crash. Prints JSON
with the job's and the report's ids.
"""

from __future__ import annotations

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrmodell.settings")
django.setup()

from reporting.models import Report  # noqa: E402
from reporting.tasks import build_report  # noqa: E402
from styrmodell.celery import app  # noqa: E402
from styrmodell.models import (  # noqa: E402
    Job,  # noqa: E402
    OrgUnit,
    Period,
    User,
)


def main(kind: str) -> dict:
    admin = User.objects.get(username="admin")
    if kind == "crash":
        job = Job.objects.create(kind="reliability.crash", title="Krasch", created_by=admin)
        app.send_task("reliability.crash", args=[job.pk])
        return {"job": job.pk}
    board = OrgUnit.objects.filter(kind=OrgUnit.Kind.BOARD).order_by("path").first()
    period = Period.objects.filter(key="t2", is_closed=False).order_by("-year__year").first()
    report = Report.objects.filter(unit=board, period=period).first() or Report.objects.create(
        unit=board, period=period, kind=Report.kind_for(period), created_by=admin
    )
    job = Job.objects.create(
        kind=build_report.name, title="Bygg rapport", params={"report": report.pk}, created_by=admin
    )
    build_report.delay(job.pk)
    return {"job": job.pk, "report": report.pk}


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout)
