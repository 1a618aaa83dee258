"""Writes of the e-proposal app: every change of state and the e-mails that go with it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Proposal,
    RefusalReason,
    Signature,
    Verification,
    hash_token,
    new_token,
    normalise_email,
)

# Proposals and signatures whose address was never confirmed are deleted this many days after their link expired.
UNCONFIRMED_KEEP_DAYS = 7


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.PROPOSALS_LINK_HOURS)


def _mail(to: str, subject: str, template: str, ctx: dict) -> None:
    body = render_to_string(template, {**ctx, "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


# --- submitting ----------------------------------------------------------------------------------------------


def submit(*, board, topic: str, title: str, text: str, name: str, email: str, link) -> Proposal:
    """Store the proposal unconfirmed and e-mail the confirmation link; `link(token)` makes its absolute URL."""
    token, token_hash = new_token()
    proposal = Proposal.objects.create(
        board=board,
        topic=topic,
        title=title,
        text=text,
        submitter_name=name,
        submitter_email=normalise_email(email),
        token_hash=token_hash,
        token_expires=timezone.now() + link_lifetime(),
    )
    _mail(
        proposal.submitter_email,
        _("Confirm your e-proposal"),
        "proposals/email/confirm_proposal.txt",
        {"proposal": proposal, "link": link(token), "hours": settings.PROPOSALS_LINK_HOURS},
    )
    return proposal


def submit_verified(*, board, topic: str, title: str, text: str, name: str, email: str) -> Proposal:
    """A proposal whose submitter proved who they are with e-legitimation: it goes straight to moderation, and
    the e-mail address (kept to tell them if it is refused) needs no confirmation link."""
    return Proposal.objects.create(
        board=board,
        topic=topic,
        title=title,
        text=text,
        submitter_name=name,
        submitter_email=normalise_email(email),
        status=Proposal.Status.PENDING,
        verified_at=timezone.now(),
        verification=Verification.EID,
    )


def proposal_for_token(token: str) -> Proposal | None:
    """The unconfirmed proposal the link belongs to, if the link is still valid."""
    if not token:
        return None
    return Proposal.objects.filter(
        token_hash=hash_token(token),
        status=Proposal.Status.UNVERIFIED,
        token_expires__gt=timezone.now(),
    ).first()


def confirm_proposal(token: str) -> Proposal | None:
    """Use the link once: the proposal goes to moderation. None when the link is unknown, used or expired."""
    proposal = proposal_for_token(token)
    if proposal is None:
        return None
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.UNVERIFIED:
        return None
    proposal.status = Proposal.Status.PENDING
    proposal.verified_at = timezone.now()
    proposal.token_hash = ""
    proposal.token_expires = None
    proposal.save(update_fields=["status", "verified_at", "token_hash", "token_expires"])
    return proposal


# --- moderation ----------------------------------------------------------------------------------------------


class WrongState(Exception):
    """The proposal is not in a state that allows this (someone else got there first)."""


def publish(proposal: Proposal, today: datetime.date | None = None) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise WrongState
    today = today or timezone.localdate()
    proposal.status = Proposal.Status.COLLECTING
    proposal.published_at = timezone.now()
    proposal.signing_ends = today + datetime.timedelta(days=settings.PROPOSALS_SIGNING_DAYS)
    proposal.threshold = settings.PROPOSALS_THRESHOLD
    proposal.save(update_fields=["status", "published_at", "signing_ends", "threshold"])
    return proposal


def refuse(proposal: Proposal, reason: str, comment: str) -> Proposal:
    """Refuse with a reason from the published rules; the submitter is told why by e-mail."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise WrongState
    proposal.status = Proposal.Status.REFUSED
    proposal.refusal_reason = reason
    proposal.refusal_comment = comment
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["status", "refusal_reason", "refusal_comment", "closed_at"])
    if proposal.submitter_email:
        _mail(
            proposal.submitter_email,
            _("Your e-proposal was not published"),
            "proposals/email/refused.txt",
            {"proposal": proposal, "reason": RefusalReason(reason).label},
        )
    return proposal


# --- signatures ----------------------------------------------------------------------------------------------


def sign(proposal: Proposal, *, name: str, email: str, link) -> None:
    """Ask the signer to confirm by e-mail. A second request with the same address sends a new link (and tells
    nobody whether the address had signed already); a confirmed signature is never stored twice."""
    address = normalise_email(email)
    token, token_hash = new_token()
    expires = timezone.now() + link_lifetime()
    try:
        # A savepoint: losing the race against a concurrent insert of the same address must not spoil the
        # request's transaction.
        with transaction.atomic():
            Signature.objects.create(
                proposal=proposal, name=name, email=address, token_hash=token_hash, token_expires=expires
            )
    except IntegrityError:
        updated = Signature.objects.filter(proposal=proposal, email=address, verified_at__isnull=True).update(
            name=name, token_hash=token_hash, token_expires=expires
        )
        if not updated:
            _mail(
                address,
                _("You have already signed the e-proposal"),
                "proposals/email/already_signed.txt",
                {"proposal": proposal},
            )
            return
    _mail(
        address,
        _("Confirm your signature"),
        "proposals/email/confirm_signature.txt",
        {"proposal": proposal, "link": link(token), "hours": settings.PROPOSALS_LINK_HOURS},
    )


class AlreadySigned(Exception):
    """This person's signature on the proposal is already stored."""


class SigningClosed(Exception):
    """The proposal no longer collects signatures."""


def sign_verified(proposal: Proposal, identity: str, today: datetime.date | None = None) -> Signature:
    """A signature by e-legitimation counts at once. `identity` is eid.identity_hash() of the person; the
    database stores one per proposal, so two concurrent requests of the same person still count once."""
    if not proposal.signing_open(today):
        raise SigningClosed
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                proposal=proposal,
                eid_hash=identity,
                verified_at=timezone.now(),
                verification=Verification.EID,
            )
    except IntegrityError:
        raise AlreadySigned from None
    _check_threshold(proposal)
    return signature


def signature_for_token(token: str) -> Signature | None:
    if not token:
        return None
    return (
        Signature.objects.select_related("proposal")
        .filter(token_hash=hash_token(token), verified_at__isnull=True, token_expires__gt=timezone.now())
        .first()
    )


def confirm_signature(token: str, today: datetime.date | None = None) -> Signature | None:
    """Use the link once: the signature counts. None when the link is unknown, used or expired, or signing has
    closed."""
    signature = signature_for_token(token)
    if signature is None or not signature.proposal.signing_open(today):
        return None
    # Locked and checked again, so two clicks at the same moment count once.
    signature = (
        Signature.objects.select_for_update().filter(pk=signature.pk, verified_at__isnull=True).first()
    )
    if signature is None:
        return None
    signature.verified_at = timezone.now()
    signature.token_hash = ""
    signature.token_expires = None
    signature.save(update_fields=["verified_at", "token_hash", "token_expires"])
    _check_threshold(signature.proposal)
    return signature


def _check_threshold(proposal: Proposal) -> None:
    if proposal.status != Proposal.Status.COLLECTING:
        return
    count = Signature.objects.filter(proposal=proposal, verified_at__isnull=False).count()
    if count < (proposal.threshold or 0):
        return
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status == Proposal.Status.COLLECTING:
        locked.status = Proposal.Status.THRESHOLD
        locked.threshold_reached_at = timezone.now()
        locked.save(update_fields=["status", "threshold_reached_at"])


# --- the board's answer --------------------------------------------------------------------------------------


def publish_answer(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.THRESHOLD:
        raise WrongState
    if not (proposal.answer and proposal.decision_date and proposal.decision):
        raise WrongState
    now = timezone.now()
    proposal.status = Proposal.Status.ANSWERED
    proposal.answer_published_at = now
    proposal.closed_at = now
    proposal.save(update_fields=["status", "answer_published_at", "closed_at"])
    return proposal


# --- scheduled -----------------------------------------------------------------------------------------------


def close_expired(today: datetime.date | None = None) -> int:
    """Close the proposals whose signing time ran out below the threshold."""
    today = today or timezone.localdate()
    closed = 0
    for proposal in Proposal.objects.due_for_closing(today).select_for_update():
        proposal.status = Proposal.Status.CLOSED
        proposal.closed_at = timezone.now()
        proposal.save(update_fields=["status", "closed_at"])
        closed += 1
    return closed


def erase_personal_data(proposal: Proposal, now: datetime.datetime | None = None) -> int:
    """Remove the submitter's and the signers' names and addresses, and the keyed hashes of those who signed with
    e-legitimation; confirmed signatures stay as anonymous counts, unconfirmed ones (which never counted) go.
    Returns how many rows were changed or removed."""
    now = now or timezone.now()
    changed = Signature.objects.filter(proposal=proposal, verified_at__isnull=True).delete()[0]
    changed += (
        Signature.objects.filter(proposal=proposal, verified_at__isnull=False)
        .exclude(email__isnull=True, name="", eid_hash__isnull=True)
        .update(name="", email=None, eid_hash=None, token_hash="", token_expires=None)
    )
    proposal.submitter_name = ""
    proposal.submitter_email = ""
    proposal.token_hash = ""
    proposal.token_expires = None
    proposal.personal_data_erased_at = now
    proposal.save(
        update_fields=[
            "submitter_name",
            "submitter_email",
            "token_hash",
            "token_expires",
            "personal_data_erased_at",
        ]
    )
    return changed + 1


def erase_expired(now: datetime.datetime | None = None) -> int:
    """The retention rule: personal data of proposals closed more than PROPOSALS_RETENTION_DAYS ago is removed,
    and proposals whose e-mail address was never confirmed are deleted once their link has long expired."""
    now = now or timezone.now()
    erased = 0
    for proposal in Proposal.objects.due_for_erasure(now, settings.PROPOSALS_RETENTION_DAYS):
        erase_personal_data(proposal, now)
        erased += 1
    stale = now - link_lifetime() - datetime.timedelta(days=UNCONFIRMED_KEEP_DAYS)
    Proposal.objects.filter(status=Proposal.Status.UNVERIFIED, created_at__lt=stale).delete()
    Signature.objects.filter(verified_at__isnull=True, created_at__lt=stale).delete()
    return erased
