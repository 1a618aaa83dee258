"""The ledger's tests: a small SIE 4 file, a controller of the whole municipality, and helpers to import."""

from __future__ import annotations

import io

import pytest

from ledger import services
from ledger.models import Account, Balance, LedgerImport, LedgerObject
from styrmodell.models import Role, Year

from ..conftest import grant, make_user

SMALL = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Ekonomisystemet" 7.1
#GEN 20260415
#FNAMN "Provkommunen"
#RAR 0 20260101 20261231
#RAR -1 20250101 20251231
#KPTYP KOMMUNBAS
#KONTO 193 "Bank"
#KONTO 204 "Övrigt eget kapital"
#KONTO 511 "Månadslöner"
#KONTO 801 "Kommunalskatt"
#KTYP 193 T
#DIM 1 "Ansvar"
#DIM 2 "Verksamhet"
#DIM 6 "Projekt"
#OBJEKT 1 "100" "Skolan"
#OBJEKT 1 "200" "Hemtjänsten"
#OBJEKT 2 "435" "Grundskola"
#OBJEKT 6 "P1" "Ny skola"
#IB 0 193 1000.00
#IB 0 204 -1000.00
#UB 0 193 1300.00
#UB 0 204 -1000.00
#IB -1 193 900.00
#UB -1 193 1000.00
#RES 0 511 200.00
#RES 0 801 -500.00
#PSALDO 0 202601 511 {} 100.00
#PSALDO 0 202602 511 {} 100.00
#PSALDO 0 202601 511 {1 "100" 2 "435"} 60.00
#PSALDO 0 202601 511 {1 "200"} 40.00
#PSALDO 0 202602 511 {1 "100" 2 "435"} 100.00
#PSALDO 0 202601 801 {} -250.00
#PSALDO 0 202602 801 {} -250.00
#PSALDO 0 202601 193 {} 150.00
#PSALDO 0 202602 193 {} 150.00
#PSALDO -1 202512 511 {} 90.00
#PBUDGET 0 202601 511 {1 "100"} 110.00
#VER A 1 20260105 "Lön januari"
{
   #TRANS 511 {1 "100"} 60.00
   #TRANS 193 {} -60.00
}
"""


def sie_bytes(text: str = SMALL, encoding: str = "cp437") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


@pytest.fixture
def keeper(world):
    """A controller of the whole municipality (the controller role on the root)."""
    user = make_user("kommunekonom")
    grant(user, Role.CONTROLLER, world.units["kf"])
    return user


def run(world, data: bytes, year: Year | None = None, **dimensions) -> LedgerImport:
    """Import `data` for the world's year as the background job does, without the job."""
    year = year or world.year
    stream = io.BytesIO(data)
    ledger_import = LedgerImport.objects.create(
        year=year,
        file_name="prov.se",
        sha256=services.sha256_of(stream),
        size=len(data),
        dimensions=dimensions,
    )
    return services.run_import(ledger_import, stream)


def snapshot() -> tuple:
    """Everything an import may change, to assert that a refused one changed nothing."""
    return (
        sorted(
            Balance.objects.values_list(
                "year_id", "year_offset", "kind", "month", "account__number", "amount"
            )
        ),
        sorted(Account.objects.values_list("number", "name")),
        sorted(LedgerObject.objects.values_list("dimension", "code", "name", "unit_id")),
        sorted(LedgerImport.objects.filter(state=LedgerImport.State.DONE).values_list("pk", "sha256")),
    )
