"""A generated or archived PDF that is gone from storage answers 404, not a server error."""

import pytest
from django.urls import reverse

from .conftest import make_goal, make_report


@pytest.mark.parametrize("persona", ["secretary", "board_member"])
def test_it_answers_404_for_a_report_pdf_missing_from_storage(client, world, persona, caplog):
    make_goal(world)
    report = make_report(world)
    url = reverse("reporting:report-pdf", args=[report.code])
    client.force_login(world.users[persona])
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    report.pdf.storage.delete(report.pdf.name)
    assert client.get(url).status_code == 404
    assert "Stored file missing" in caplog.text
