"""The figures pages: the municipality and each board beside the same period last year, small groups hidden, and
who may read and import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from personnel import importer
from personnel.models import PersonnelFigure
from personnel.services import figures_for
from styrmodell.models import OrgUnit, Role
from tests.conftest import grant, make_user, make_year

from .conftest import ROWS, csv_bytes, post_import


def _import(rows=ROWS, period=None, world=None) -> None:
    result = importer.import_file(
        io.BytesIO(csv_bytes(rows)), period or world.periods["t2"], None, filename="hr.csv"
    )
    assert result.ok, result.problems


def _cells(figures) -> dict[str, tuple]:
    return {
        r.key: (r.current.value, r.current.hidden, r.previous.value, r.previous.hidden) for r in figures.rows
    }


def test_a_board_counts_the_units_of_its_subtree_and_hides_groups_under_ten(world) -> None:
    _import(world=world)
    bun = figures_for(world.periods["t2"], world.unit("bun"))
    assert bun.total.headcount == 47  # Skola A and Skola B, not Hemtjänsten
    cells = _cells(bun)
    assert cells["total"][:2] == (Decimal("7.6"), False)  # 1750 / 23000
    assert cells["men"][:2] == (Decimal("7.9"), False)  # 15 men: shown
    assert cells["50-"][:2] == (None, True)  # 4 employees aged 50 or more: hidden
    assert bun.has_hidden
    sn = figures_for(world.periods["t2"], world.unit("sn"))
    cells = _cells(sn)
    assert cells["men"][:2] == (None, False)  # no men at all: no figure, nothing hidden
    assert cells["30-49"][:2] == (None, True)  # one person of "other gender"
    assert cells["50-"][:2] == (Decimal("10.0"), False)


def test_the_whole_group_under_ten_hides_the_long_term_share_too(world) -> None:
    _import([ROWS[3]], world=world)  # 4 men
    cells = _cells(figures_for(world.periods["t2"]))
    assert cells["total"][:2] == (None, True)
    assert cells["long"][:2] == (None, True)


def test_the_same_period_last_year_stands_beside(world) -> None:
    _year, last = make_year(2025)
    _import(period=last["t2"], world=world)
    _import([ROWS[0], ROWS[1]], world=world)  # this year only Skola A's women
    figures = figures_for(world.periods["t2"])
    assert figures.previous_period == last["t2"]
    assert figures.previous_total.headcount == 78
    cells = _cells(figures)
    assert cells["total"] == (Decimal("7.5"), False, Decimal("8.4"), False)  # 1200/16000 now, 3050/36500 then
    assert cells["men"] == (None, False, Decimal("7.9"), False)
    assert figures_for(last["ye"]) is None


def test_the_municipality_page_shows_every_board_and_the_footnote(client, world) -> None:
    _import(world=world)
    client.force_login(world.users["council"])
    response = client.get(reverse("personnel:figures", kwargs={"period": world.periods["t2"].code}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Barn- och utbildningsnämnden" in html and "Socialnämnden" in html
    assert "8,4 %" in html
    assert "färre än 10 anställda" not in html  # every group of the municipality has ten or more
    response = client.get(
        reverse(
            "personnel:board-figures",
            kwargs={"period": world.periods["t2"].code, "code": world.unit("bun").code},
        )
    )
    html = response.content.decode()
    assert "7,6 %" in html
    assert "visas inte: färre än 10 anställda" in html


def test_no_figures_yet_says_so(client, world) -> None:
    client.force_login(world.users["admin"])
    response = client.get(reverse("personnel:figures-latest"))
    assert response.status_code == 200
    assert "Inga personaluppgifter har importerats ännu." in response.content.decode()
    _import(world=world)
    response = client.get(reverse("personnel:figures-latest"))
    assert response["Location"] == reverse("personnel:figures", kwargs={"period": world.periods["t2"].code})


# --- access -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "municipality", "bun", "sn"),
    [
        ("admin", 200, 200, 200),
        ("council", 200, 200, 200),
        ("board_member", 200, 200, 404),
        ("employee", 200, 200, 404),  # in a line with BUN from below
        ("outsider", 200, 404, 200),
        ("other_board_member", 200, 404, 200),
    ],
)
def test_figures_are_read_by_everyone_in_a_line_with_the_unit(
    client, world, persona, municipality, bun, sn
) -> None:
    _import(world=world)
    period = world.periods["t2"].code
    client.force_login(world.users[persona])
    assert client.get(reverse("personnel:figures", kwargs={"period": period})).status_code == municipality
    for key, expected in (("bun", bun), ("sn", sn)):
        url = reverse("personnel:board-figures", kwargs={"period": period, "code": world.unit(key).code})
        assert client.get(url).status_code == expected


def test_a_person_without_any_role_gets_404_and_a_unit_that_is_no_board_404(client, world) -> None:
    period = world.periods["t2"].code
    client.force_login(make_user("nobody"))
    assert client.get(reverse("personnel:figures", kwargs={"period": period})).status_code == 404
    assert client.get(reverse("personnel:import")).status_code == 404
    client.force_login(world.users["admin"])
    url = reverse("personnel:board-figures", kwargs={"period": period, "code": world.unit("school_a").code})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("root_controller", 200), ("controller", 403), ("secretary", 403), ("council", 403)],
)
def test_only_an_administrator_or_controller_on_the_root_imports(client, world, persona, status) -> None:
    if persona == "root_controller":
        user = make_user("root_controller")
        grant(user, Role.CONTROLLER, world.unit("kf"))
    else:
        user = world.users[persona]
    client.force_login(user)
    assert client.get(reverse("personnel:import")).status_code == status
    assert client.get(reverse("personnel:template-csv")).status_code == status
    response = post_import(client, world.periods["t2"], csv_bytes())
    assert response.status_code == (302 if status == 200 else status)
    assert PersonnelFigure.objects.exists() == (status == 200)


def test_anonymous_is_sent_to_log_in(client, world) -> None:
    response = client.get(reverse("personnel:import"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "logga" in response["Location"]


def test_the_municipality_page_costs_the_same_queries_for_more_boards_and_units(
    client, world, django_assert_max_num_queries
) -> None:
    _import(world=world)
    client.force_login(world.users["admin"])
    url = reverse("personnel:figures", kwargs={"period": world.periods["t2"].code})
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    rows = list(ROWS)
    for i in range(5):
        board = OrgUnit.objects.create_child(world.unit("kf"), name=f"Nämnd {i}", kind=OrgUnit.Kind.BOARD)
        OrgUnit.objects.create_child(board, name=f"Enhet {i}", kind=OrgUnit.Kind.UNIT)
        rows.append([f"Enhet {i}", "kvinna", "30-49", 12, "12", "6000", "300", "100"])
    _import(rows, world=world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Nämnd 4" in response.content.decode()
