"""E-proposals (e-förslag): citizens bring proposals to a board or to the council between elections.

Decisions recorded here (they are the rules the views and services enforce):
- A proposal starts UNVERIFIED; the submitter's e-mail address is confirmed by a single-use link that expires
  (setting PROPOSALS_LINK_HOURS), which sends it to moderation (PENDING). A moderator publishes it (it then
  collects signatures for PROPOSALS_SIGNING_DAYS against the threshold PROPOSALS_THRESHOLD, both fixed on the
  proposal at publication) or refuses it with a reason from the published rules.
- A signature counts once its e-mail address is confirmed by its own single-use link; one per normalised
  address and proposal (a database constraint, so two concurrent requests still store one).
- Where the municipality has an e-legitimation broker (PROPOSALS_OIDC_*, proposals/eid.py), a citizen may instead
  prove who they are with it: the signature counts at once, and the proposal goes straight to moderation. The
  person is kept only as a keyed hash of the broker's identifier, the proposal and the broker (`eid_hash`): one
  signature per person and proposal (a database constraint), the same person unlinkable between proposals, and
  no personal identity number, identifier or name in clear.
- Reaching the threshold makes the proposal a case for its board; its answer and decision are published on the
  proposal's page. A proposal whose signing time runs out below the threshold is closed.
- Names and e-mail addresses never enter the audit history and are removed PROPOSALS_RETENTION_DAYS after the
  proposal is closed (refused, answered or run out); the counts stay.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from uuid import uuid4

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrmodell.models import OrgUnit

# Personal data and secrets are never copied into the audit history (it would outlive the retention time).
PERSONAL_FIELDS = ["submitter_name", "submitter_email", "token_hash"]


def normalise_email(address: str) -> str:
    """One spelling per mailbox: surrounding space removed, lower case (the domain is case-insensitive, and no
    Swedish mail provider treats the local part's case as significant)."""
    return address.strip().casefold()


def new_token() -> tuple[str, str]:
    """A link token (sent by e-mail) and the hash that is stored; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Verification(models.TextChoices):
    """How the person behind a proposal or a signature was confirmed."""

    EMAIL = "email", _("E-mail link")
    EID = "eid", _("E-legitimation")


class Topic(models.TextChoices):
    SCHOOL = "school", _("School and preschool")
    CARE = "care", _("Care and social services")
    ENVIRONMENT = "environment", _("Environment and nature")
    TRAFFIC = "traffic", _("Streets and traffic")
    CULTURE = "culture", _("Culture and leisure")
    HOUSING = "housing", _("Housing and planning")
    DEMOCRACY = "democracy", _("Democracy and administration")
    OTHER = "other", _("Other")


class RefusalReason(models.TextChoices):
    """The published rules: a proposal is refused only for one of these reasons (shown on the rules page)."""

    UNLAWFUL = "unlawful", _("Contrary to law")
    OFFENSIVE = "offensive", _("Offensive")
    NOT_MUNICIPAL = "not_municipal", _("Not the municipality's responsibility")
    ALREADY_HANDLED = "already_handled", _("Already handled")
    ADVERTISING = "advertising", _("Advertising")
    PERSONAL = "personal", _("Names or concerns individuals")


REFUSAL_RULES = {
    RefusalReason.UNLAWFUL: _(
        "The proposal asks for something the law does not allow, or incites others to break the law."
    ),
    RefusalReason.OFFENSIVE: _(
        "The proposal contains insults, threats, discrimination or other offensive content."
    ),
    RefusalReason.NOT_MUNICIPAL: _(
        "The proposal concerns something the municipality does not decide, e.g. state or regional matters."
    ),
    RefusalReason.ALREADY_HANDLED: _(
        "An equal proposal is already collecting signatures or has been answered in the last twelve months."
    ),
    RefusalReason.ADVERTISING: _("The proposal advertises a company, a product or a political party."),
    RefusalReason.PERSONAL: _(
        "The proposal names private individuals or concerns a single person's case (use the feedback service "
        "or contact the administration instead)."
    ),
}


class ProposalQuerySet(models.QuerySet):
    def public(self) -> ProposalQuerySet:
        """What citizens see: everything published, whatever has happened to it since."""
        return self.filter(status__in=Proposal.PUBLIC_STATUSES)

    def with_signature_count(self) -> ProposalQuerySet:
        return self.annotate(
            signature_count=models.Count("signatures", filter=models.Q(signatures__verified_at__isnull=False))
        )

    def due_for_closing(self, today: datetime.date) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.COLLECTING, signing_ends__lt=today)

    def due_for_erasure(self, now: datetime.datetime, days: int) -> ProposalQuerySet:
        return self.filter(
            closed_at__lt=now - datetime.timedelta(days=days), personal_data_erased_at__isnull=True
        )


class Proposal(models.Model):
    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("E-mail not confirmed")
        PENDING = "pending", _("Awaiting moderation")
        COLLECTING = "collecting", _("Collecting signatures")
        THRESHOLD = "threshold", _("Reached the threshold")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REFUSED = "refused", _("Refused")

    PUBLIC_STATUSES = (Status.COLLECTING, Status.THRESHOLD, Status.ANSWERED, Status.CLOSED)
    SIGNABLE_STATUSES = (Status.COLLECTING, Status.THRESHOLD)

    code = models.UUIDField(default=uuid4, unique=True, editable=False)
    board = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("board or council")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("proposal"), max_length=4000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)

    submitter_name = models.CharField(_("name"), max_length=100, blank=True)
    submitter_email = models.EmailField(_("e-mail address"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    verified_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    verification = models.CharField(
        _("confirmed with"), max_length=5, choices=Verification.choices, default=Verification.EMAIL
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    signing_ends = models.DateField(_("signing ends"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)

    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_comment = models.TextField(_("comment on the refusal"), max_length=2000, blank=True)

    answer = models.TextField(_("answer"), max_length=8000, blank=True)
    decision_date = models.DateField(_("date of decision"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    decision = models.TextField(_("decision"), max_length=4000, blank=True)
    answer_published_at = models.DateTimeField(_("answer published"), null=True, blank=True)

    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=PERSONAL_FIELDS)
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-proposal")
        verbose_name_plural = _("e-proposals")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "board"], name="proposals_status_board")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def signing_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status in self.SIGNABLE_STATUSES
            and self.signing_ends is not None
            and today <= self.signing_ends
        )

    @property
    def has_answer(self) -> bool:
        return self.status == self.Status.ANSWERED


class Signature(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=100, blank=True)
    # NULL once erased: the constraint below then no longer applies to the anonymous signature.
    email = models.EmailField(_("e-mail address"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    verified_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    verification = models.CharField(
        _("confirmed with"), max_length=5, choices=Verification.choices, default=Verification.EMAIL
    )
    # A signature by e-legitimation: HMAC of the broker, its subject identifier and the proposal (proposals/eid.py).
    # NULL for e-mail signatures and once erased, when the constraint below no longer applies to it.
    eid_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["name", "email", "token_hash", "eid_hash"])

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "email"], name="proposals_one_signature_per_email"),
            models.UniqueConstraint(fields=["proposal", "eid_hash"], name="proposals_one_signature_per_eid"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.pk}"
