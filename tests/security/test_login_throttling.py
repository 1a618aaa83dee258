"""Login throttling by username (django-axes): locked after repeated failures, with a Swedish message."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse


def post_login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1")


def fail(client, username: str, times: int) -> None:
    for _ in range(times):
        response = post_login(client, username, "wrong-password")
        assert response.status_code in (200, 429)


def test_it_logs_in_with_the_right_password(client, world):
    response = post_login(client, "manager", "test-password-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_shows_the_usual_error_before_the_limit(client, world, settings):
    fail(client, "manager", settings.AXES_FAILURE_LIMIT - 2)
    response = post_login(client, "manager", "wrong-password")
    assert response.status_code == 200
    assert "Logga in" in response.content.decode()
    # One attempt left: the right password still works and resets the count.
    response = post_login(client, "manager", "test-password-1")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="manager").exists()


def test_it_locks_the_username_after_the_limit_with_a_swedish_message(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(client, "manager", 5)
    response = post_login(client, "manager", "test-password-1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "För många misslyckade inloggningar" in body
    assert "5 misslyckade försök" in body
    assert 'role="alert"' in body
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("address", ["10.0.0.1", "10.9.9.9"])
def test_it_locks_by_username_whatever_the_address(client, world, address):
    fail(client, "manager", 5)
    response = client.post(
        reverse("login"), {"username": "manager", "password": "test-password-1"}, REMOTE_ADDR=address
    )
    assert response.status_code == 429


def test_it_does_not_lock_other_users_at_the_same_address(client, world):
    fail(client, "manager", 5)
    response = post_login(client, "employee", "test-password-1")
    assert response.status_code == 302


def test_it_lifts_the_lock_after_the_cooloff(client, world, settings):
    fail(client, "manager", 5)
    AccessAttempt.objects.filter(username="manager").update(attempt_time="2000-01-01T00:00:00Z")
    response = post_login(client, "manager", "test-password-1")
    assert response.status_code == 302
