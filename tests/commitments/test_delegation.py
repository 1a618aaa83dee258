"""A manager lets one person report on one unit commitment: a single-object django-guardian grant."""

from django.urls import reverse

from commitments import rules as commitments_rules
from commitments.models import CommitmentDelegation, Status, StatusReport
from styrmodell.models import Role
from tests.conftest import grant, make_user

from .test_reporting import post_data, url


def _delegate(client, world, person):
    return client.post(
        reverse("commitments:commitment-delegate", args=[world.unit_c.code]), {"person": str(person.code)}
    )


def test_it_lets_a_delegate_report_on_the_unit_commitment(client, cworld):
    employee = cworld.users["employee"]
    client.force_login(employee)
    t2 = cworld.periods["t2"]
    assert client.post(url(cworld.unit_c, t2), post_data(cworld.unit_c, Status.ON_TRACK)).status_code == 403

    client.force_login(cworld.users["manager"])
    response = _delegate(client, cworld, employee)
    assert response.status_code == 302
    delegation = CommitmentDelegation.objects.get(user=employee, content_object=cworld.unit_c)
    assert delegation.permission.codename == "report_commitment"
    assert delegation.history.count() == 1

    client.force_login(employee)
    mine = client.get(reverse("commitments:commitment-mine"))
    assert cworld.unit_c in [row.commitment for row in mine.context["mine"]]
    response = client.post(
        url(cworld.unit_c, t2), post_data(cworld.unit_c, Status.ON_TRACK, next="/ataganden/")
    )
    assert response.status_code == 302
    assert StatusReport.objects.get(commitment=cworld.unit_c, period=t2).reported_by == employee


def test_it_takes_a_delegation_back(client, cworld):
    employee = cworld.users["employee"]
    client.force_login(cworld.users["manager"])
    _delegate(client, cworld, employee)
    delegation = CommitmentDelegation.objects.get(user=employee)
    response = client.post(
        reverse("commitments:commitment-undelegate", args=[cworld.unit_c.code, delegation.pk])
    )
    assert response.status_code == 302
    assert not CommitmentDelegation.objects.filter(user=employee).exists()
    fresh = type(employee).objects.get(pk=employee.pk)
    assert not commitments_rules.can_report_on_commitment(fresh, cworld.unit_c)


def test_it_refuses_a_person_outside_the_units_line(client, cworld):
    client.force_login(cworld.users["manager"])
    response = _delegate(client, cworld, cworld.users["outsider"])
    assert response.status_code == 302
    assert not CommitmentDelegation.objects.exists()


def test_it_lets_only_managers_above_delegate(client, cworld):
    client.force_login(cworld.users["employee"])
    assert _delegate(client, cworld, cworld.users["employee"]).status_code == 403
    client.force_login(cworld.users["board_member"])
    assert _delegate(client, cworld, cworld.users["employee"]).status_code == 403
    client.force_login(cworld.users["outsider"])
    assert _delegate(client, cworld, cworld.users["employee"]).status_code == 404
    assert not CommitmentDelegation.objects.exists()


def test_it_decides_delegations_in_one_query_however_many_there_are(cworld, django_assert_num_queries):
    person = make_user("delegate")
    grant(person, Role.EMPLOYEE, cworld.units["school_b"])
    from guardian.shortcuts import assign_perm

    assign_perm("commitments.report_commitment", person, cworld.unit_c)
    assign_perm("commitments.report_commitment", person, cworld.other_c)
    person = type(person).objects.get(pk=person.pk)
    with django_assert_num_queries(1):  # role grants and delegations together
        assert commitments_rules.can_report_on_commitment(person, cworld.unit_c)
        assert commitments_rules.can_report_on_commitment(person, cworld.other_c)
        assert not commitments_rules.can_report_on_commitment(person, cworld.personal)
