"""Staff for a load test, in the database of DATABASE_URL (run in a process of its own):

    DATABASE_URL=... python -m tests.reliability.tools.soak_setup PEOPLE COMMITMENTS_EACH [MANAGERS]

creates PEOPLE employees `soak-NNN` (password SOAK_PASSWORD), each responsible for COMMITMENTS_EACH commitments
of a unit of the demo municipality in the newest open year, and prints JSON: per person the username and their
commitments (code, pk) and the codes of the periods open for reporting. MANAGERS managers `soak-chef-N`
of the whole organisation may edit every commitment.
"""

from __future__ import annotations

import datetime
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrmodell.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from guardian.shortcuts import assign_perm  # noqa: E402

from commitments.models import Commitment  # noqa: E402
from styrmodell.access import reporting_is_open  # noqa: E402
from styrmodell.models import OrgUnit, Reporting, Role, User, Year  # noqa: E402

SOAK_PASSWORD = "soak-password-1"


@transaction.atomic
def main(people: int, each: int, managers: int = 0) -> dict:
    year = Year.objects.filter(is_closed=False).order_by("-year").first()
    periods = [p for p in year.periods.order_by("ends", "key")]
    units = list(OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.UNIT, OrgUnit.Kind.TEAM], is_active=True))
    # One hash for everybody: hashing a hundred passwords would take longer than the test.
    password = make_password(SOAK_PASSWORD)
    result: dict = {"people": [], "periods": {}}
    for n in range(people):
        unit = units[n % len(units)]
        username = f"soak-{n:03d}"
        user = User.objects.create(
            username=username,
            password=password,
            first_name="Medarbetare",
            last_name=f"lasttest {n:03d} (demo)",
            email=f"{username}@example.se",
        )
        assign_perm(f"styrmodell.{Role.EMPLOYEE.codename}", user, unit)
        commitments = []
        for i in range(each):
            commitment = Commitment.objects.create(
                unit=unit,
                year=year,
                title=f"Lasttest {n:03d}.{i}",
                responsible=user,
                starts=datetime.date(year.year, 1, 1),
                ends=datetime.date(year.year, 12, 31),
                created_by=user,
            )
            commitments.append({"code": str(commitment.code), "pk": commitment.pk})
        open_periods = [str(p.code) for p in periods if reporting_is_open(p, unit, Reporting.STATUS)]
        result["people"].append({"username": username, "commitments": commitments, "periods": open_periods})
    # Managers of the whole municipality, for editing the same commitment at the same time.
    root = OrgUnit.get_first_root_node()
    for n in range(managers):
        username = f"soak-chef-{n}"
        user = User.objects.create(
            username=username,
            password=password,
            first_name="Chef",
            last_name=f"lasttest {n} (demo)",
            email=f"{username}@example.se",
        )
        assign_perm(f"styrmodell.{Role.MANAGER.codename}", user, root)
    return result


if __name__ == "__main__":
    json.dump(main(*(int(arg) for arg in sys.argv[1:4])), sys.stdout)
