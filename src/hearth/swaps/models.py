"""Role swap for a day: a member takes another role in a space for a bounded time.

A swap is in force while ``starts_at <= now < ends_at`` and it has not been
ended. The actor (``hearth.access.actor``) reads the swapped role in the same
query as the memberships, with the clock of the request, so the policy is right
at the exact end time even before the worker marks the swap ended.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_SWAP = timedelta(days=7)


class SwapRole(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    LEADER = "leader", "Leader"


class RoleSwap(models.Model):
    class EndReason(models.TextChoices):
        EXPIRED = "expired", "Its time was up"
        ENDED_EARLY = "ended_early", "Ended early"
        LEFT = "left", "No longer a member"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="role_swaps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_swaps"
    )
    role = models.CharField(max_length=12, choices=SwapRole.choices)
    # The role the member held when the swap began, shown in the banner and audit.
    usual_role = models.CharField(max_length=12)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            # One swap in force (not ended) per person and space.
            models.UniqueConstraint(
                fields=["space", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_open_swap_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="swap_ends_after_it_starts"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "space"], name="swap_user_space", condition=Q(ended_at__isnull=True)
            ),
            models.Index(
                fields=["ends_at"], name="swap_open_by_end", condition=Q(ended_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.space}"

    @property
    def until_label(self) -> str:
        return self.ends_at.strftime("%d %b %Y %H:%M UTC")
