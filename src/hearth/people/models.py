"""People and the organisation's structure: business units, countries, expertise."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from hearth.core.files import private_storage


class BusinessUnit(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class ExpertiseTag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An employee. Organisation roles sit here; space roles on memberships."""

    class OrgRole(models.TextChoices):
        EMPLOYEE = "employee", "Employee"
        UNIT_LEADER = "unit_leader", "Business collaboration leader"
        DIRECTOR = "director", "Director of collaboration"
        ADMIN = "admin", "Platform admin"

    display_name = models.CharField(max_length=120)
    title = models.CharField(max_length=120, blank=True)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    location = models.CharField(max_length=120, blank=True)
    # Private storage: a photo is for signed-in colleagues, served by people:photo.
    photo = models.ImageField(upload_to="photos/", storage=private_storage, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    expertise = models.ManyToManyField(ExpertiseTag, blank=True, related_name="experts")
    org_role = models.CharField(max_length=16, choices=OrgRole.choices, default=OrgRole.EMPLOYEE)
    # The bell's number, kept by the notification services in the same
    # transaction as the notifications, so that no page has to count them.
    unread_notifications = models.PositiveIntegerField(default=0)
    # Kept by the moderation services so that no request looks sanctions up for
    # people without any: a platform-wide suspension's end (checked by the
    # middleware and the token authentication), and whether a silence or a ban may
    # be in force (then the actor loads them, once).
    suspended_until = models.DateTimeField(null=True, blank=True)
    has_restrictions = models.BooleanField(default=False)

    class EmailPreference(models.TextChoices):
        IMPORTANT = "important", "Replies to what I watch, mentions, answers and access decisions"
        NONE = "none", "No email: only the bell in Hearth"

    email_notifications = models.CharField(
        max_length=10, choices=EmailPreference.choices, default=EmailPreference.IMPORTANT
    )

    objects = UserManager()

    class Meta:
        ordering = ["display_name", "id"]
        indexes = [
            models.Index(Lower("display_name"), name="people_user_name_lower"),
            # The directory's order: read in index order, never sorted per request.
            models.Index(fields=["display_name", "id"], name="people_user_directory"),
            models.Index(fields=["business_unit", "country"]),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        if not self.display_name:
            self.display_name = self.get_full_name() or self.username
        super().save(*args, **kwargs)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.org_role == self.OrgRole.ADMIN

    @property
    def initials(self) -> str:
        parts = [p for p in (self.display_name or self.username).split() if p]
        letters = "".join(p[0] for p in parts[:2]) or self.username[:1]
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        # A stable colour per person for the initials avatar.
        return sum(ord(c) for c in self.username) * 37 % 360
