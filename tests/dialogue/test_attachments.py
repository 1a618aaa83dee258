"""Files on commitments, status reports, controls, control results and reports: checked by content, stored under
unguessable names, served only to those who may see the object, optionally scanned by ClamAV."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile

import pytest
from django.urls import reverse

from dialogue.models import Attachment

from .conftest import DOCM_MAIN, DOCX_MAIN, PDF, XLSX_MAIN, office_zip, upload

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def fetch(client, url: str) -> tuple[int, bytes]:
    """GET a download, read it whole and close it (the file handle is released)."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    response.close()
    return response.status_code, body


def attach(client, slug: str, code, file) -> object:
    return client.post(reverse("dialogue:attachment-create", args=[slug, code]), {"file": file})


def test_it_attaches_a_file_to_a_status_report_and_serves_it_to_the_manager(client, dworld, settings) -> None:
    client.force_login(dworld.users["employee"])
    response = attach(client, "statusrapport", dworld.status.code, upload("Protokoll mars.pdf"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.status_report_id == dworld.status.pk
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "Protokoll mars.pdf"
    # An unguessable stored name, under MEDIA_ROOT, never the uploaded one.
    assert attachment.file.name.startswith("dialogue/") and "Protokoll" not in attachment.file.name
    assert len(attachment.file.name.split("/")[-1]) >= 40
    assert (settings.MEDIA_ROOT / attachment.file.name).exists()

    client.force_login(dworld.users["manager"])
    download = client.get(reverse("dialogue:attachment-download", args=[attachment.code]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    download.close()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


def test_it_serves_no_file_to_those_who_may_not_see_the_object(client, dworld) -> None:
    client.force_login(dworld.users["employee"])
    attach(client, "statusrapport", dworld.status.code, upload())
    attachment = Attachment.objects.get()
    url = reverse("dialogue:attachment-download", args=[attachment.code])
    for persona in ("board_member", "secretary", "outsider", "other_board_member", "council"):
        client.force_login(dworld.users[persona])
        assert client.get(url).status_code == 404, persona
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_reading_is_not_attaching(client, dworld) -> None:
    # The board member sees the unit commitment but does not report on it.
    client.force_login(dworld.users["board_member"])
    assert attach(client, "atagande", dworld.unit_c.code, upload()).status_code == 403
    client.force_login(dworld.users["outsider"])
    assert attach(client, "atagande", dworld.unit_c.code, upload()).status_code == 404
    assert not Attachment.objects.exists()


def test_files_on_controls_results_and_reports(client, dworld) -> None:
    client.force_login(dworld.users["ic_officer"])
    assert attach(client, "kontroll", dworld.control.code, upload()).status_code == 302
    assert attach(client, "kontrollresultat", dworld.result.code, upload("r.png", PNG)).status_code == 302
    client.force_login(dworld.users["secretary"])
    assert (
        attach(
            client, "rapport", dworld.report.code, upload("bilaga.txt", "Analys av läget.\n".encode())
        ).status_code
        == 302
    )
    kinds = sorted(Attachment.objects.values_list("content_type", flat=True))
    assert kinds == ["application/pdf", "image/png", "text/plain"]
    # A board member reads the control's files, the outsider does not.
    control_file = Attachment.objects.get(control=dworld.control)
    client.force_login(dworld.users["board_member"])
    assert fetch(client, reverse("dialogue:attachment-download", args=[control_file.code]))[0] == 200
    client.force_login(dworld.users["outsider"])
    assert fetch(client, reverse("dialogue:attachment-download", args=[control_file.code]))[0] == 404


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("rapport.txt", PDF, "application/pdf"),  # the content decides, not the name
        (
            "avtal.docx",
            office_zip(DOCX_MAIN),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            office_zip(XLSX_MAIN),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", None),
        ("makro.docx", office_zip(DOCM_MAIN), None),
        ("makro2.docx", office_zip(DOCX_MAIN, extra={"word/vbaProject.bin": b"x"}), None),
        ("arkiv.zip", office_zip("application/xml"), None),
        ("bild.png", b"\x89PNG\r\n\x1a\nnot really", None),
        ("tom.txt", b"", None),
        ("binär.txt", b"abc\x00def", None),
    ],
)
def test_it_checks_the_type_by_content(client, dworld, name, content, accepted) -> None:
    client.force_login(dworld.users["manager"])
    response = attach(client, "atagande", dworld.unit_c.code, upload(name, content))
    if accepted:
        assert response.status_code == 302
        assert Attachment.objects.get().content_type == accepted
    else:
        assert response.status_code == 200
        assert not Attachment.objects.exists()
        body = response.content.decode()
        assert "Bara PDF-" in body or "tom" in body


def test_it_refuses_a_file_over_the_limit(client, dworld, settings) -> None:
    settings.DIALOGUE_ATTACHMENT_MAX_BYTES = 100
    client.force_login(dworld.users["manager"])
    response = attach(client, "atagande", dworld.unit_c.code, upload("stor.txt", b"a" * 101))
    assert response.status_code == 200
    assert "högst 100" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_zip_bomb_is_refused_unopened(client, dworld) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_MAIN)
        archive.writestr("word/huge.xml", b"0" * (60 * 1024 * 1024))
    client.force_login(dworld.users["manager"])
    response = attach(client, "atagande", dworld.unit_c.code, upload("bomb.docx", buffer.getvalue()))
    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_removing_a_file(client, dworld) -> None:
    client.force_login(dworld.users["manager"])
    attach(client, "atagande", dworld.unit_c.code, upload())
    attachment = Attachment.objects.get()
    client.force_login(dworld.users["board_member"])
    assert client.post(reverse("dialogue:attachment-delete", args=[attachment.code])).status_code == 403
    client.force_login(dworld.users["manager"])
    assert client.post(reverse("dialogue:attachment-delete", args=[attachment.code])).status_code == 302
    assert not Attachment.objects.exists()


# --- ClamAV ---------------------------------------------------------------------------------------------------


class FakeClamd:
    """A clamd speaking INSTREAM on a unix socket: it reads the chunks and answers FOUND when the stream holds the
    EICAR marker, OK otherwise."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(5)
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack(">I", self._read(conn, 4))[0]
                    if size == 0:
                        break
                    data += self._read(conn, size)
                self.received.append(data)
                infected = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if infected else b"stream: OK\0")

    @staticmethod
    def _read(conn, n: int) -> bytes:
        out = b""
        while len(out) < n:
            part = conn.recv(n - len(out))
            if not part:
                raise OSError("closed")
            out += part
        return out

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    fake = FakeClamd(path)
    settings.CLAMD_SOCKET = path
    yield fake
    fake.close()


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def test_an_infected_file_is_refused_with_a_clear_message(client, dworld, clamd) -> None:
    client.force_login(dworld.users["manager"])
    response = attach(client, "atagande", dworld.unit_c.code, upload("eicar.txt", EICAR))
    assert response.status_code == 200
    assert (
        "Filen innehåller ett virus (Eicar-Test-Signature) och bifogades inte." in response.content.decode()
    )
    assert not Attachment.objects.exists()
    assert clamd.received == [EICAR]


def test_a_clean_file_passes_the_scan(client, dworld, clamd) -> None:
    client.force_login(dworld.users["manager"])
    assert attach(client, "atagande", dworld.unit_c.code, upload()).status_code == 302
    assert clamd.received == [PDF]


def test_no_file_is_stored_while_the_scan_cannot_be_made(client, dworld, settings, tmp_path) -> None:
    settings.CLAMD_SOCKET = str(tmp_path / "missing.sock")
    client.force_login(dworld.users["manager"])
    response = attach(client, "atagande", dworld.unit_c.code, upload())
    assert response.status_code == 200
    assert "Virskontrollen går inte att nå" in response.content.decode()
    assert not Attachment.objects.exists()
