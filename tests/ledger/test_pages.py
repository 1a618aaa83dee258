"""The ledger's pages: who may open them, upload → progress → result, the problems page, the ansvar mapping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import Balance, Dimension, LedgerImport, LedgerObject

from .conftest import SMALL, run, sie_bytes


def _upload(client, django_capture_on_commit_callbacks, data: bytes, year: int = 2026, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("ledger:import-create", kwargs={"year": year}),
            {
                "file": SimpleUploadedFile("huvudbok.se", data),
                "responsibility": "1",
                "project": "6",
                **fields,
            },
        )


def test_it_imports_an_upload_in_the_background_and_shows_the_result(
    client, world, keeper, django_capture_on_commit_callbacks
) -> None:
    client.force_login(keeper)
    page = client.get(reverse("ledger:import-create", kwargs={"year": 2026}))
    assert page.status_code == 200
    assert "SIE-dimension för ansvar" in page.content.decode()

    response = _upload(client, django_capture_on_commit_callbacks, sie_bytes())
    ledger_import = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:job-detail", kwargs={"code": ledger_import.job.code})

    progress = client.get(response["Location"])
    assert progress.status_code == 200
    assert "Klart." in progress.content.decode()
    result_url = reverse("ledger:import-detail", kwargs={"code": ledger_import.code})
    assert result_url in progress.content.decode()

    result = client.get(result_url)
    text = result.content.decode()
    assert "Filen lästes in; siffrorna för 2026 är den här filens." in text
    ledger_import.refresh_from_db()
    assert ledger_import.state == LedgerImport.State.DONE
    assert ledger_import.imported_by == keeper
    assert not ledger_import.upload  # the uploaded file is not kept once imported
    assert Balance.objects.filter(year=world.year).count() == ledger_import.rows > 0

    overview = client.get(reverse("ledger:year-detail", kwargs={"year": 2026})).content.decode()
    assert "huvudbok.se" in overview and "gällande" in overview


def test_the_same_upload_again_is_refused_beside_the_field(
    client, world, keeper, django_capture_on_commit_callbacks
) -> None:
    client.force_login(keeper)
    _upload(client, django_capture_on_commit_callbacks, sie_bytes())
    response = _upload(client, django_capture_on_commit_callbacks, sie_bytes())
    assert response.status_code == 422
    assert "Filen är redan inläst" in response.content.decode()
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.content.decode()
    assert LedgerImport.objects.count() == 1


def test_a_wrong_file_shows_every_problem_and_changes_nothing(
    client, world, keeper, django_capture_on_commit_callbacks
) -> None:
    client.force_login(keeper)
    bad = SMALL.replace("#RES 0 511 200.00", "#RES 0 511 12,3,4").replace("#SIETYP 4", "#SIETYP 3")
    response = _upload(client, django_capture_on_commit_callbacks, sie_bytes(bad))
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.state == LedgerImport.State.REFUSED
    page = client.get(reverse("ledger:import-detail", kwargs={"code": ledger_import.code})).content.decode()
    assert "Inget importerades" in page
    assert "Filen har 2 fel." in page
    assert "Rad 28: #RES – beloppet ”12,3,4” är inget tal." in page
    assert "Rad 3: #SIETYP" in page
    assert response.status_code == 302
    assert not Balance.objects.exists()


def test_the_form_keeps_bad_dimension_numbers_beside_their_fields(client, world, keeper) -> None:
    client.force_login(keeper)
    response = client.post(
        reverse("ledger:import-create", kwargs={"year": 2026}),
        {"file": SimpleUploadedFile("a.se", sie_bytes()), "responsibility": "x1", "project": "6"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Ange ett dimensionsnummer, till exempel 1." in text
    assert 'value="x1"' in text
    assert not LedgerImport.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("controller", 403), ("board_member", 403), ("secretary", 403), ("manager", 403), ("council", 403)],
)
def test_only_the_municipalitys_controllers_and_administrators_open_the_ledger(
    client, world, persona, status
) -> None:
    done = run(world, sie_bytes())
    client.force_login(world.users[persona])
    for url in (
        reverse("ledger:home"),
        reverse("ledger:year-detail", kwargs={"year": 2026}),
        reverse("ledger:import-create", kwargs={"year": 2026}),
        reverse("ledger:object-mapping"),
    ):
        assert client.get(url).status_code == status, url
    assert client.post(reverse("ledger:import-create", kwargs={"year": 2026})).status_code == status
    # An import found by its code does not exist for them.
    assert client.get(reverse("ledger:import-detail", kwargs={"code": done.code})).status_code == 404


@pytest.mark.parametrize("persona", ["keeper", "admin"])
def test_the_controller_of_the_municipality_and_the_administrator_open_it(
    client, world, keeper, persona
) -> None:
    done = run(world, sie_bytes())
    client.force_login(keeper if persona == "keeper" else world.users["admin"])
    assert client.get(reverse("ledger:home")).status_code == 302
    assert client.get(reverse("ledger:year-detail", kwargs={"year": 2026})).status_code == 200
    assert client.get(reverse("ledger:import-detail", kwargs={"code": done.code})).status_code == 200
    assert client.get(reverse("ledger:object-mapping")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, world) -> None:
    response = client.get(reverse("ledger:year-detail", kwargs={"year": 2026}))
    assert response.status_code == 302
    assert "login" in response["Location"] or "logga-in" in response["Location"]


def test_a_closed_year_takes_no_import(client, world, keeper) -> None:
    world.year.is_closed = True
    world.year.save(update_fields=["is_closed"])
    client.force_login(keeper)
    assert client.get(reverse("ledger:import-create", kwargs={"year": 2026})).status_code == 403
    assert (
        "Året är stängt" in client.get(reverse("ledger:year-detail", kwargs={"year": 2026})).content.decode()
    )


def test_the_overview_lists_unmapped_accounts_with_their_balances(client, world, keeper) -> None:
    from ledger.models import AccountRange

    AccountRange.objects.filter(first__startswith="8").delete()
    run(world, sie_bytes())
    client.force_login(keeper)
    text = client.get(reverse("ledger:year-detail", kwargs={"year": 2026})).content.decode()
    assert "Konton utanför bokslutet" in text
    assert '<th scope="row">801</th><td>Kommunalskatt</td><td class="num">-500.00</td>' in text


def test_the_controller_assigns_ansvar_to_boards_and_units(client, world, keeper) -> None:
    run(world, sie_bytes())
    school = LedgerObject.objects.get(dimension=Dimension.RESPONSIBILITY, code="100")
    home = LedgerObject.objects.get(dimension=Dimension.RESPONSIBILITY, code="200")
    client.force_login(keeper)
    url = reverse("ledger:object-mapping")
    page = client.get(url).content.decode()
    assert "Skolan" in page and "Hemtjänsten" in page
    response = client.post(url, {f"unit-{school.pk}": world.units["school_a"].pk, f"unit-{home.pk}": ""})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.unit == world.units["school_a"]
    # Unmapped only, filtered by name.
    page = client.get(url, {"unmapped": "on", "q": "hem"}).content.decode()
    assert "Hemtjänsten" in page and "Skolan" not in page


def test_an_unknown_unit_is_refused_beside_its_row(client, world, keeper) -> None:
    run(world, sie_bytes())
    school = LedgerObject.objects.get(dimension=Dimension.RESPONSIBILITY, code="100")
    client.force_login(keeper)
    response = client.post(reverse("ledger:object-mapping"), {f"unit-{school.pk}": "999999"})
    assert response.status_code == 422
    assert "Välj en nämnd eller enhet i listan." in response.content.decode()
    school.refresh_from_db()
    assert school.unit is None


def test_the_mapping_page_costs_the_same_queries_for_few_and_many_ansvar(
    client, world, keeper, django_assert_max_num_queries
) -> None:
    client.force_login(keeper)
    LedgerObject.objects.bulk_create(
        LedgerObject(dimension=Dimension.RESPONSIBILITY, code=f"{n:05d}", name=f"Ansvar {n}")
        for n in range(300)
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ledger:object-mapping")).status_code == 200


def test_the_menu_entry_is_shown_to_those_who_may_open_the_ledger(rf, world, keeper) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = keeper
    assert reverse("ledger:home") in render_to_string("ledger/partials/nav.html", {"request": request})
    request.user = world.users["controller"]
    assert reverse("ledger:home") not in render_to_string("ledger/partials/nav.html", {"request": request})
