"""Co-created rules: a document per space, its versions, the changes members
propose and vote on, leaders' decisions, and members' acknowledgements."""

from django.conf import settings
from django.db import models
from django.db.models import Q

RULES_MAX = 20_000


class RulesDocument(models.Model):
    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="rules")
    # Ask each member to acknowledge the current version (a prompt on the space home).
    require_acknowledgement = models.BooleanField(default=True)
    # The latest version's number (0 before the first one); kept by the services.
    current_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Rules of {self.space_id}"


class RulesVersion(models.Model):
    document = models.ForeignKey(RulesDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=RULES_MAX)
    proposal = models.ForeignKey(
        "RulesProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="rules_version_number_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class RulesProposal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ADOPTED = "adopted", "Adopted"
        DECLINED = "declined", "Declined"

    document = models.ForeignKey(RulesDocument, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The whole text the rules would have, and the version it was written against.
    text = models.TextField(max_length=RULES_MAX)
    reason = models.TextField(max_length=2000)
    base_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Kept by the vote service so lists never count rows.
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self) -> str:
        return f"Proposal {self.pk}"


class RulesVote(models.Model):
    """One vote per member per proposal; changeable until the vote closes."""

    proposal = models.ForeignKey(RulesProposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    in_favour = models.BooleanField()
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "voter"], name="rules_vote_once")
        ]

    def __str__(self) -> str:
        return f"Vote {'for' if self.in_favour else 'against'} {self.proposal_id}"


class RulesAcknowledgement(models.Model):
    document = models.ForeignKey(
        RulesDocument, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "user", "number"], name="rules_ack_once_per_version"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="rules_ack_of_a_version"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged v{self.number}"
