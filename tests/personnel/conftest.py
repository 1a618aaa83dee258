"""Builders for the personnel tests: HR files as the HR system writes them."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from personnel.importer import COLUMNS
from tests.browser.conftest import axe, browser, journey  # noqa: F401 - the browser fixtures, for test_browser.py

# unit, gender, age group, employees, FTE, working hours, sick hours, of which 60 days or more
ROWS = [
    ["Skola A", "kvinna", "-29", 12, "11,5", "6000", "300", "0"],
    ["Skola A", "kvinna", "30-49", 20, "19", "10000", "900", "400"],
    ["Skola B", "man", "30-49", 11, "10", "5000", "150", "100"],
    ["Skola B", "man", "50-", 4, "4", "2000", "400", "400"],
    ["Hemtjänsten", "kvinna", "50-", 30, "27", "13000", "1300", "600"],
    ["Hemtjänsten", "annat", "30-49", 1, "1", "500", "0", "0"],
]


def csv_bytes(rows=ROWS, *, header=COLUMNS, delimiter=";", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows=ROWS, *, header=COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_import(client, period, data: bytes, name: str = "hr.csv"):
    return client.post(
        reverse("personnel:import"), {"period": str(period.code), "file": SimpleUploadedFile(name, data)}
    )
