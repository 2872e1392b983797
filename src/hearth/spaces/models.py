"""Spaces (communities), their members and roles, access requests and invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# The policy's words live below ``access`` (hearth.access.roles), so that the policy
# needs no model; they are the fields' choices here and stay importable from here.
from hearth.access.roles import ROLE_RANK as ROLE_RANK
from hearth.access.roles import LifecycleState, Role, Visibility
from hearth.spaces.querysets import SpaceQuerySet


class Space(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    business_unit = models.ForeignKey(
        "people.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spaces",
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    state = models.CharField(
        max_length=10, choices=LifecycleState.choices, default=LifecycleState.LIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the membership services, so that directories never count rows.
    member_count = models.PositiveIntegerField(default=0)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["visibility", "business_unit"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("spaces:home", kwargs={"slug": self.slug})


class Membership(models.Model):
    # No single-column indexes: (space, role) and (user, space) below serve
    # every lookup by space or by user, and the planner then uses them.
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="membership_once_per_space"),
        ]
        indexes = [models.Index(fields=["user", "space"]), models.Index(fields=["space", "role"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.space} as {self.role}"


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        DENIED = "denied"
        WITHDRAWN = "withdrawn"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="access_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests"
    )
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_space",
            ),
        ]
        indexes = [models.Index(fields=["space", "status"])]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.space}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        DECLINED = "declined"

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_space",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.space}"
