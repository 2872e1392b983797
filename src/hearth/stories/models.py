"""Success stories: what a community achieved for the business, told as a story.

A story lives in a space and is read through the space's policy. It names the
kind of outcome, what it saved (estimated hours and money, with the currency)
and who benefited. A conversation that led to a business outcome can be marked
so by the space's facilitators and leaders (``BusinessOutcome``, kept here so
the conversations app does not change) and promoted to a story that links back.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hearth.stories.querysets import BusinessOutcomeQuerySet, StoryQuerySet

TITLE_MAX = 200
BODY_MAX = 10_000
BENEFICIARIES_MAX = 300
NOTE_MAX = 500
# Estimates beyond these are typing mistakes, not outcomes: refused with a message.
HOURS_MAX = Decimal("1000000")
MONEY_MAX = Decimal("1000000000")


class OutcomeKind(models.TextChoices):
    TIME_SAVED = "time_saved", "Time saved"
    COST_SAVED = "cost_saved", "Cost saved"
    REVENUE = "revenue", "Revenue"
    QUALITY = "quality", "Quality"
    CUSTOMER_SATISFACTION = "customer_satisfaction", "Customer satisfaction"
    OTHER = "other", "Other"


class Currency(models.TextChoices):
    EUR = "EUR", "EUR (€)"
    USD = "USD", "USD ($)"
    GBP = "GBP", "GBP (£)"
    CHF = "CHF", "CHF"
    INR = "INR", "INR (₹)"
    SEK = "SEK", "SEK"


CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£", "INR": "₹"}


class Story(models.Model):
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(blank=True)
    outcome_kind = models.CharField(max_length=24, choices=OutcomeKind.choices)
    hours_saved = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    money_saved = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=Currency.choices, blank=True)
    beneficiaries = models.CharField(max_length=BENEFICIARIES_MAX, blank=True)
    # The conversation it was promoted from: at most one story per conversation.
    source_conversation = models.OneToOneField(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story",
    )
    # Copied from the space when the story is written, so the gallery filters by unit
    # without a join, and a story keeps the unit it was achieved in.
    business_unit = models.ForeignKey(
        "people.BusinessUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="stories"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["space", "-created_at"]),
            models.Index(fields=["outcome_kind", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_saved__isnull=True) | Q(hours_saved__gte=0),
                name="story_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(money_saved__isnull=True) | (Q(money_saved__gte=0) & ~Q(currency="")),
                name="story_money_not_negative_with_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/stories/{self.pk}/"

    @property
    def money_display(self) -> str:
        if self.money_saved is None:
            return ""
        return money_format(self.money_saved, self.currency)


def money_format(amount, currency: str) -> str:
    whole = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{whole}" if sign else f"{whole} {currency}"


class BusinessOutcome(models.Model):
    """A conversation marked by the space's facilitators or leaders as having led
    to a business outcome: the first step to its success story."""

    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="business_outcome"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    objects = BusinessOutcomeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Business outcome of conversation {self.conversation_id}"
