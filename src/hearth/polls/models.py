"""Quick polls: a question with options, in a space or inside one of its conversations.

One ballot per person and poll (a unique constraint); the ballot holds the
person's choices and may change until the poll closes. An anonymous poll still
keeps who cast a ballot (to allow one each and a change of mind) but no page,
API response or export ever shows it: only the counts.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.polls.querysets import PollQuerySet

QUESTION_MAX = 300
OPTION_MAX = 120
MIN_OPTIONS = 2
MAX_OPTIONS = 12


class Poll(models.Model):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="polls")
    # Set for a poll asked inside a conversation (of the same space).
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="polls",
    )
    question = models.CharField(max_length=QUESTION_MAX)
    multiple = models.BooleanField(default=False, help_text="People may pick several options.")
    anonymous = models.BooleanField(default=False, help_text="Only counts are ever shown.")
    closes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="polls"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Kept by the services: people who hold a ballot.
    voter_count = models.PositiveIntegerField(default=0)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["space", "-created_at"])]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"/polls/{self.pk}/"

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=OPTION_MAX)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One person's vote in one poll; changed in place until the poll closes."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_ballots"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="poll_one_ballot_per_person")
        ]

    def __str__(self) -> str:
        return f"Ballot {self.pk} in poll {self.poll_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")
    # Denormalised so that results are one grouped query over the poll.
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="poll_choice_once")
        ]
        indexes = [models.Index(fields=["poll", "option"])]

    def __str__(self) -> str:
        return f"Choice {self.option_id} in ballot {self.ballot_id}"
