"""What both presets share: the organisation's structure and the demo sign-ins."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from hearth.core.demo import DEMO_PASSWORD, DEMO_SIGN_INS
from hearth.people.models import BusinessUnit, Country, ExpertiseTag
from hearth.seed import texts
from hearth.spaces.models import Membership, Space

# A fixed salt makes the demo password's hash the same on every run, so a rerun
# can tell with a string comparison (no hashing) that a sign-in needs no change.
# It is long enough that Django does not rehash it at the first sign-in.
_DEMO_SALT = "hearthdemoorganisation2025"


def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once with the configured hasher, shared by every seeded person."""
    return make_password(DEMO_PASSWORD, salt=_DEMO_SALT)


def units_ensure(count: int) -> list[BusinessUnit]:
    units = []
    for name, _family in texts.BUSINESS_UNITS[:count]:
        unit, _ = BusinessUnit.objects.get_or_create(
            name=name, defaults={"slug": slugify(name.replace("&", "and"))}
        )
        units.append(unit)
    return units


def unit_family(unit: BusinessUnit) -> str:
    return dict(texts.BUSINESS_UNITS).get(unit.name, "operations")


def countries_ensure(codes: list[str] | None = None) -> list[Country]:
    rows = [c for c in texts.COUNTRIES if codes is None or c[0] in codes]
    return [
        Country.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name, _cities, _cultures in rows
    ]


def expertise_ensure() -> dict[str, ExpertiseTag]:
    tags = {}
    for name in texts.EXPERTISE:
        tag, _ = ExpertiseTag.objects.get_or_create(
            name=name, defaults={"slug": slugify(name.replace("&", "and"))}
        )
        tags[name] = tag
    return tags


@dataclass(frozen=True)
class SignInProfile:
    first_name: str
    last_name: str
    title: str
    unit: str
    country: str
    location: str
    bio: str
    expertise: tuple[str, ...]
    org_role: str = "employee"
    is_staff: bool = False
    is_superuser: bool = False


# One recognisable person per demo sign-in; `newcomer` has not finished their profile.
SIGN_IN_PROFILES: dict[str, SignInProfile] = {
    "admin": SignInProfile(
        "Priya",
        "Raman",
        "IT Solution Manager",
        "Research & Development",
        "IN",
        "Bengaluru",
        "I run Hearth for the organisation: accounts, permissions and integrations. "
        "Something broken or confusing? Tell me.",
        ("Cloud architecture", "Cybersecurity"),
        org_role="admin",
        is_staff=True,
        is_superuser=True,
    ),
    "director": SignInProfile(
        "Margaux",
        "Lefèvre",
        "Director of Collaboration",
        "People & Culture",
        "FR",
        "Paris",
        "I look after how we work together across units and countries, and after the "
        "community managers who make it happen.",
        ("Change management", "Knowledge management", "Public speaking"),
        org_role="director",
    ),
    "unitlead": SignInProfile(
        "Jonas",
        "Becker",
        "Business Collaboration Leader",
        "Operations",
        "DE",
        "Munich",
        "I help the Operations communities grow: onboarding groups, comparing sites and "
        "sharing what works on one shop floor with the others.",
        ("Lean", "Facilitation"),
        org_role="unit_leader",
    ),
    "leader": SignInProfile(
        "Sofia",
        "Martins",
        "Community Manager",
        "People & Culture",
        "FR",
        "Lyon",
        "Community manager for several of our communities of practice. Ask me how to start "
        "one, or how to bring a quiet one back to life.",
        ("Facilitation", "Knowledge management", "Onboarding"),
    ),
    "facilitator": SignInProfile(
        "Kwame",
        "Mensah",
        "Quality Manager",
        "Operations",
        "US",
        "Atlanta",
        "Quality manager by day, moderator of a few communities the rest of the time. "
        "I make sure no question stays unanswered.",
        ("Quality assurance", "Six Sigma", "Data analysis"),
    ),
    "champion": SignInProfile(
        "Aiko",
        "Tanaka",
        "Data Scientist",
        "Research & Development",
        "DE",
        "Berlin",
        "Data scientist and key user of the new digital workplace. Happy to show anyone "
        "the shortcuts.",
        ("Python", "Machine learning", "Power BI"),
    ),
    "member": SignInProfile(
        "Lucas",
        "Moreau",
        "Financial Controller",
        "Finance",
        "FR",
        "Toulouse",
        "Controller for the Toulouse site. I run the onboarding sessions for new finance "
        "colleagues.",
        ("IFRS", "Excel"),
    ),
    "newcomer": SignInProfile(
        "Emily", "Carter", "Account Manager", "Sales & Marketing", "US", "Chicago", "", ()
    ),
}


def sign_ins_ensure(*, password_hash: str, expertise: dict[str, ExpertiseTag]) -> dict:
    """Create the demo sign-ins, or bring back what the demo promises about them
    (their organisation role and the demo password); anything else people changed
    while trying the demo is left alone."""
    User = get_user_model()
    units = {u.name: u for u in BusinessUnit.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    people = {}
    for username, _what in DEMO_SIGN_INS:
        profile = SIGN_IN_PROFILES[username]
        promised = {
            "org_role": profile.org_role,
            "is_staff": profile.is_staff,
            "is_superuser": profile.is_superuser,
            "is_active": True,
            "password": password_hash,
        }
        person = User.objects.filter(username=username).first()
        if person is None:
            person = User.objects.create(
                username=username,
                email=f"{username}@example.com",
                first_name=profile.first_name,
                last_name=profile.last_name,
                display_name=f"{profile.first_name} {profile.last_name}",
                title=profile.title,
                business_unit=units.get(profile.unit),
                country=countries.get(profile.country),
                location=profile.location,
                bio=profile.bio,
                **promised,
            )
            person.expertise.set([expertise[name] for name in profile.expertise])
        else:
            changed = [f for f, value in promised.items() if getattr(person, f) != value]
            for field in changed:
                setattr(person, field, promised[field])
            if profile.org_role == "unit_leader" and person.business_unit_id is None:
                # A unit leader without a unit would see nothing to lead.
                person.business_unit = units.get(profile.unit)
                changed.append("business_unit")
            if changed:
                person.save(update_fields=changed)
        people[username] = person
    return people


def member_counts_refresh(space_ids) -> None:
    """Set member_count from the memberships themselves (the directory trusts it)."""
    counted = (
        Membership.objects.filter(space=OuterRef("pk"))
        .order_by()
        .values("space")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Space.objects.filter(pk__in=space_ids).update(member_count=Coalesce(Subquery(counted), 0))


def search_reindex() -> list[str]:
    """Rebuild the search index when the search app is installed; the lines to print."""
    from django.conf import settings
    from django.core.management import call_command, get_commands

    if "hearth.search" not in settings.INSTALLED_APPS or "search_reindex" not in get_commands():
        return []
    call_command("search_reindex", verbosity=0)
    return ["Search index rebuilt."]


def sign_ins_text() -> list[str]:
    lines = [f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {username:<12} {what}" for username, what in DEMO_SIGN_INS]
    return lines
