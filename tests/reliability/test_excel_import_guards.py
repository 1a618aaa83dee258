"""Files that must never reach openpyxl: a zip bomb, a file that is not Excel, an oversized upload; and a
workbook with duplicate rows. Each is refused with a Swedish message and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from goals.models import IndicatorOutcome
from reporting import exports
from reporting.models import EconomyFigure
from styrmodell.lib import upload
from styrmodell.lib.upload import check_xlsx_upload
from tests.reporting.conftest import make_goal


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def never_opened(monkeypatch) -> None:
    """Fail if the import opens the workbook at all: these files must be refused before."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a file the upload checks should have refused")

    monkeypatch.setattr(exports, "open_workbook", refuse)


def import_url(world) -> str:
    return reverse(
        "reporting:excel-import",
        kwargs={"code": world.unit("bun").code, "period": world.periods["t2"].code},
    )


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb(expanded: int) -> bytes:
    """A workbook-shaped zip whose one sheet expands to `expanded` bytes of XML."""
    sheet = (
        b'<?xml version="1.0"?><worksheet><sheetData>'
        + b"<row/>" * (expanded // 6)
        + b"</sheetData></worksheet>"
    )
    return zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def post(client, world, name: str, data: bytes):
    client.force_login(world.users["controller"])
    return client.post(import_url(world), {"file": SimpleUploadedFile(name, data)})


def assert_refused(response, message: str) -> None:
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert not IndicatorOutcome.objects.exists()
    assert not EconomyFigure.objects.exists()


def test_it_refuses_a_zip_bomb_before_expanding_it(client, world, never_opened) -> None:
    data = bomb(60 * 1024 * 1024)
    assert len(data) < 200 * 1024  # small on the wire, 60 MB once opened
    assert_refused(post(client, world, "utfall.xlsx", data), "skulle packas upp till långt mer")


def test_it_refuses_a_workbook_that_expands_far_more_than_workbooks_do(client, world, never_opened) -> None:
    data = bomb(3 * 1024 * 1024)  # under the size cap, but a thousand times its compressed size
    assert_refused(post(client, world, "utfall.xlsx", data), "skulle packas upp till långt mer")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04 not really a zip",
        b"%PDF-1.7 a report, not a workbook",
        b"Indikator;Utfall\nx;1\n",
        zip_of({"readme.txt": b"a zip, but no workbook"}),
    ],
    ids=["empty", "broken-zip", "pdf", "csv", "other-zip"],
)
def test_it_refuses_a_file_that_is_not_excel(client, world, never_opened, data: bytes) -> None:
    response = post(client, world, "utfall.xlsx", data)
    if data == b"":
        # An empty upload is refused by the form itself ("Den skickade filen är tom").
        assert response.status_code == 422
        assert not IndicatorOutcome.objects.exists()
    else:
        assert_refused(response, "Filen är inte en Excel-arbetsbok (.xlsx).")


def test_it_refuses_an_oversized_upload(client, world, never_opened) -> None:
    data = b"PK" + b"\x00" * (upload.MAX_UPLOAD_BYTES + 1)
    assert_refused(post(client, world, "utfall.xlsx", data), "högst 5,0\xa0MB kan importeras")


def test_it_refuses_duplicate_rows_and_imports_nothing(client, world) -> None:
    make_goal(world, outcome="70")
    client.force_login(world.users["controller"])
    template = client.get(
        reverse(
            "reporting:excel-template",
            kwargs={"code": world.unit("bun").code, "period": world.periods["t2"].code},
        )
    )
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["Utfall"]
    sheet["F2"] = 80
    sheet.append([cell.value for cell in sheet[2]])
    buffer = io.BytesIO()
    book.save(buffer)
    response = post(client, world, "utfall.xlsx", buffer.getvalue())
    assert response.status_code == 422
    assert "Indikatorn finns redan på rad 2." in response.content.decode()
    assert list(
        IndicatorOutcome.objects.filter(period=world.periods["t2"]).values_list("value", flat=True)
    ) == [70]


def test_it_lets_a_real_workbook_through() -> None:
    from styrmodell.lib.xlsx import SafeWorkbook

    book = SafeWorkbook()
    book.sheet("Utfall").append(["Indikator-id", "Utfall"])
    check_xlsx_upload(SimpleUploadedFile("utfall.xlsx", book.to_bytes()))


def test_it_leaves_the_file_at_its_start() -> None:
    from styrmodell.lib.xlsx import SafeWorkbook

    file = SimpleUploadedFile("utfall.xlsx", SafeWorkbook().to_bytes())
    file.read(10)
    check_xlsx_upload(file)
    assert file.tell() == 0
    with pytest.raises(ValidationError):
        check_xlsx_upload(SimpleUploadedFile("x.xlsx", b"nope"))
