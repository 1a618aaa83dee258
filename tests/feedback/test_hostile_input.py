"""Hostile input into the public forms (hypothesis): never a server error, and either one whole case (with its
first event, and a checked attachment) or nothing at all."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.models import Case, CaseEvent

from .conftest import PDF, make_case

WEIRD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202e\u200b",
    "😀" * 50,
    "x" * 6000,
    "00000000-0000-0000-0000-000000000000",
    "1e309",
    "-1",
]

weird = st.one_of(
    st.sampled_from(WEIRD),
    st.text(max_size=60),
    st.builds(lambda char, n: char * n, st.characters(exclude_categories=("Cs",)), st.integers(100, 20_000)),
)


def _field(values):
    return st.one_of(values, values.map(lambda v: [v, v]), st.none())


def _files():
    contents = st.one_of(
        st.binary(max_size=500),
        st.just(PDF),
        st.binary(max_size=200).map(lambda b: b"%PDF-" + b),
        st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
        st.binary(max_size=200).map(lambda b: b"\xff\xd8\xff" + b),
    )
    names = st.sampled_from(["a.pdf", "b.png", "c.jpg", "d.exe", "", "../../x.pdf", "ä ö.pdf"])
    return st.builds(lambda c, n: SimpleUploadedFile(n or "fil", c), contents, names)


def _counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseEvent.objects.count(), Case.history.count()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_public_form_survives_hostile_input(world, settings, data) -> None:  # noqa: F811
    settings.FEEDBACK_RATE_LIMIT = 0
    client = Client()
    unit_codes = [str(world.units[k].code) for k in ("school_a", "bun", "team_a1", "kf")]
    form = data.draw(
        st.fixed_dictionaries(
            {
                "category": _field(st.one_of(st.sampled_from(["complaint", "praise", "x"]), weird)),
                "unit": _field(st.one_of(st.sampled_from(unit_codes), weird)),
                "text": _field(weird),
                "name": _field(weird),
                "email": _field(st.one_of(st.just("a@example.se"), weird)),
                "website": st.one_of(st.none(), st.just(""), weird),
                "attachment": st.one_of(st.none(), _files()),
            }
        )
    )
    form = {k: v for k, v in form.items() if v is not None}
    before = _counts()
    response = client.post("/synpunkter/", form)
    assert response.status_code < 500
    after = _counts()
    if response.status_code == 302:
        # One whole case: the row, its first event, one history row; its attachment checked by content.
        assert after == (before[0] + 1, before[1] + 1, before[2] + 1)
        case = Case.objects.order_by("-pk").first()
        assert case.text and case.unit.kind in ("unit", "administration", "department")
        if case.attachment:
            head = case.attachment.open("rb").read(8)
            case.attachment.close()
            assert head.startswith((b"%PDF-", b"\x89PNG", b"\xff\xd8\xff"))
    else:
        assert after == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comment=_field(weird), website=st.one_of(st.none(), weird))
def test_the_reopen_form_survives_hostile_input(world, settings, comment, website) -> None:
    settings.FEEDBACK_RATE_LIMIT = 0
    case = make_case(world.units["school_a"])
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ANSWERED, answer="Svar")
    data = {k: v for k, v in {"comment": comment, "website": website}.items() if v is not None}
    response = Client().post(f"/synpunkter/arende/{case.citizen_token}/oppna-igen/", data)
    assert response.status_code < 500
    case.refresh_from_db()
    reopened = case.events.filter(kind=CaseEvent.Kind.REOPENED).count()
    assert (case.status == Case.Status.REOPENED) == (reopened == 1)


def test_a_malformed_multipart_body_is_refused_cleanly(client, world) -> None:
    response = client.generic(
        "POST",
        "/synpunkter/",
        b'--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=xyz",
    )
    assert response.status_code < 500
    assert Case.objects.count() == 0
