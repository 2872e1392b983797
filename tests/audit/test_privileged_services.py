"""No privileged service runs without writing an audit entry.

Privileged services are registered by construction: ``@change`` (in
``hearth.core.changes``) puts each in ``CHANGES``, and only a registered service
can record a person's change (``record`` refuses otherwise), under the role the
one rule computes from the actor (``Actor.audit_role``).

1. Every registered service has a scenario below that runs it in its privileged
   use; the scenario must leave an audit entry with the registered action (and,
   when acting through an organisation role or a swapped one, that role as
   ``as_role``). A new privileged service without a scenario fails the test.
2. A safety net for the registry itself: a public service function (in every
   ``hearth.<app>.services`` module or package, and the lifecycle's ``exchange``)
   that asks a privileged policy check — those the policy and every app's own
   ``policies`` declare privileged (``hearth.access.policy.rules``) — directly or
   through a private helper of its module, must be registered.
"""

import importlib
import inspect
import pkgutil
import re
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from hearth.access import policy
from hearth.access.actor import Actor
from hearth.access.policy.rules import privileged_checks
from hearth.core.changes import CHANGES
from hearth.core.models import AuditEntry
from tests.factories import (
    access_request_make,
    business_unit_make,
    conversation_make,
    document_make,
    event_make,
    home_feature_make,
    idea_make,
    membership_make,
    person_make,
    poll_make,
    reply_make,
    report_make,
    rules_make,
    space_make,
    story_make,
)

# A module's private helpers and its own predicates (``can_…``/``require_…``) are
# followed into: a check they ask is asked by the service calling them.
HELPER = re.compile(r"\b(_[a-z]\w*|(?:can|require)_\w+)\(")
# The modules that hold an app's writes: its services (a module, or a package of
# modules named for verbs), and the lifecycle's export/import.
SERVICE_MODULES = ("services", "exchange")


def _privileged_checks() -> set[str]:
    """``access.policy``'s privileged checks and those each app's ``policies`` declares."""
    for config in apps.get_app_configs():
        if config.name.startswith("hearth."):
            try:
                importlib.import_module(f"{config.name}.policies")
            except ModuleNotFoundError:
                continue
    names = set(privileged_checks())
    assert set(policy.PRIVILEGED_CHECKS) <= names
    return names


def _service_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("hearth."):
            for name in SERVICE_MODULES:
                try:
                    module = importlib.import_module(f"{config.name}.{name}")
                except ModuleNotFoundError:
                    continue
                yield module
                for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
                    yield importlib.import_module(f"{module.__name__}.{info.name}")


def _same_app(helper, module) -> bool:
    """A helper of the module itself, or of a sibling in its services package."""
    package = module.__name__.rpartition(".")[0]
    return helper.__module__ == module.__name__ or (
        package.endswith(".services") and helper.__module__.startswith(package + ".")
    )


def _reach(module, function, seen=None) -> str:
    """The function's source with the sources of the module's private helpers it
    calls, transitively."""
    seen = seen if seen is not None else set()
    source = inspect.getsource(function)
    for name in HELPER.findall(source):
        helper = getattr(module, name, None)
        if name in seen or not inspect.isfunction(helper) or not _same_app(helper, module):
            continue
        seen.add(name)
        source += _reach(inspect.getmodule(helper), helper, seen)
    return source


def _public_services():
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield module, f"{module.__name__}.{name}", function


# Public functions of a services module that only answer a question (they change
# nothing, so there is nothing to audit) although they ask a privileged check.
READS = {
    "hearth.lifecycle.services.transitions_for",
    "hearth.lifecycle.exchange.export.can_export_space",
    "hearth.lifecycle.exchange.export.export_job_get",
    "hearth.launch.services.batch_get",
    "hearth.gardening.services.undo.undo_denial",
}


def test_every_service_calling_a_privileged_check_is_registered():
    names = _privileged_checks()
    assert "require_review_case" in names  # the apps' own lists are read
    checks = re.compile(r"\bpolic(?:y|ies)\.(" + "|".join(sorted(names)) + r")\(")
    bare = re.compile(r"(?<![\w.])(" + "|".join(sorted(names)) + r")\(")
    unregistered = []
    for module, qualified, function in _public_services():
        if qualified in READS or qualified in CHANGES:
            continue
        source = _reach(module, function)
        # a check imported by name (``from hearth.x.policies import require_...``)
        imported = any(
            getattr(getattr(module, name, None), "__module__", "").endswith(".policies")
            or getattr(getattr(module, name, None), "__module__", "").startswith(
                "hearth.access.policy"
            )
            for name in bare.findall(source)
        )
        if checks.search(source) or imported:
            unregistered.append(qualified)
    assert not unregistered, f"privileged services without @change: {unregistered}"
    assert len(CHANGES) >= 15  # the registry is really filled


def test_a_person_s_change_is_recorded_only_by_a_registered_service(org):
    from hearth.core.changes import record

    with pytest.raises(RuntimeError):
        record(Actor.for_user(org["leader"]), action="space.update", target=org["space"])


# -- Scenarios: each privileged service in its privileged use ---------------------------


@pytest.fixture
def org(db):
    ops = business_unit_make(name="Operations")
    leader = person_make(username="lea")
    space = space_make(slug="ops", visibility="restricted", business_unit=ops, leader=leader)
    member = person_make(username="mem")
    membership_make(space=space, user=member)
    question = conversation_make(
        space=space, author=member, kind="question", title="How do we run a kaizen event?"
    )
    reply = reply_make(conversation=question, author=person_make())
    return {
        "ops": ops,
        "leader": leader,
        "space": space,
        "member": member,
        "question": question,
        "reply": reply,
        "director": person_make(username="dir", org_role="director"),
        "unitlead": person_make(username="ul", org_role="unit_leader", business_unit=ops),
        "admin": person_make(username="adm", org_role="admin"),
    }


def _spaces():
    from hearth.spaces import services

    return services


def _conversations():
    from hearth.conversations import services

    return services


def _desks():
    from hearth.desks import services

    return services


def s_space_create(o):
    _spaces().space_create(actor=Actor.for_user(o["member"]), name="Brand new space")
    return ""


def s_space_update(o):
    _spaces().space_update(
        actor=Actor.for_user(o["director"]),
        space=o["space"],
        name="Renamed",
        description="",
        visibility="restricted",
        business_unit=o["ops"],
    )
    return "director"


def s_access_request_decide(o):
    request = access_request_make(space=o["space"], user=person_make())
    _spaces().access_request_decide(
        actor=Actor.for_user(o["unitlead"]), space=o["space"], request_id=request.pk, approve=True
    )
    return "unit_leader"


def s_invitation_create(o):
    _spaces().invitation_create(
        actor=Actor.for_user(o["director"]), space=o["space"], user=person_make()
    )
    return "director"


def s_member_add(o):
    _spaces().member_add(actor=Actor.for_user(o["admin"]), space=o["space"], user=person_make())
    return "platform_admin"


def s_member_change_role(o):
    _spaces().member_change_role(
        actor=Actor.for_user(o["unitlead"]),
        space=o["space"],
        user_id=o["member"].pk,
        role="facilitator",
    )
    return "unit_leader"


def s_member_remove(o):
    _spaces().member_remove(
        actor=Actor.for_user(o["director"]), space=o["space"], user_id=o["member"].pk
    )
    return "director"


def s_person_create(o):
    from hearth.people.services import person_create

    person_create(
        actor=Actor.for_user(o["admin"]),
        username="newbie",
        email="newbie@example.org",
        display_name="New Bie",
    )
    return "platform_admin"


def s_conversation_edit(o):
    _conversations().conversation_edit(
        actor=Actor.for_user(o["leader"]),
        conversation=o["question"],
        title="How do we run a kaizen event, really?",
        body="Edited by a leader.",
    )
    return ""


def s_reply_edit(o):
    _conversations().reply_edit(
        actor=Actor.for_user(o["leader"]), reply=o["reply"], body="Edited by a leader."
    )
    return ""


def s_conversation_remove(o):
    _conversations().conversation_remove(
        actor=Actor.for_user(o["leader"]), conversation=o["question"]
    )
    return ""


def s_reply_remove(o):
    _conversations().reply_remove(actor=Actor.for_user(o["leader"]), reply=o["reply"])
    return ""


def s_reply_accept(o):
    _conversations().reply_accept(actor=Actor.for_user(o["leader"]), reply=o["reply"])
    return ""


def s_reply_unaccept(o):
    _conversations().reply_accept(actor=Actor.for_user(o["member"]), reply=o["reply"])
    o["question"].refresh_from_db()
    _conversations().reply_unaccept(actor=Actor.for_user(o["leader"]), conversation=o["question"])
    return ""  # a leader acts by their own role


def s_question_notify(o):
    _desks().question_notify(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], usernames=["mem"]
    )
    return ""


def s_question_move(o):
    target = space_make(visibility="restricted", leader=o["leader"])
    _desks().question_move(
        actor=Actor.for_user(o["leader"]),
        conversation=o["question"],
        to_space=target,
        confirm_wider=True,
    )
    return ""


def s_question_close_duplicate(o):
    original = conversation_make(
        space=o["space"], author=o["member"], kind="question", title="The original question"
    )
    _desks().question_close_duplicate(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], original_id=original.pk
    )
    return ""


def s_org_role_set(o):
    _desks().org_role_set(
        actor=Actor.for_user(o["admin"]),
        person=o["member"],
        org_role="unit_leader",
        business_unit=o["ops"],
    )
    return "platform_admin"


def _gardening():
    from hearth.gardening import services

    return services


def s_conversation_retitle(o):
    _gardening().conversation_retitle(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], title="Kaizen events"
    )
    return ""


def s_conversation_retag(o):
    _gardening().conversation_retag(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], tags=["kaizen"]
    )
    return ""


def s_conversation_mark_outdated(o):
    # A business collaboration leader who is a member gardens as their organisation role.
    membership_make(space=o["space"], user=o["unitlead"])
    _gardening().conversation_mark_outdated(
        actor=Actor.for_user(o["unitlead"]), conversation=o["question"]
    )
    return "unit_leader"


def s_conversation_move(o):
    target = space_make(visibility="restricted", leader=o["leader"])
    _gardening().conversation_move(
        actor=Actor.for_user(o["leader"]),
        conversation=o["question"],
        to_space=target,
        confirm_widen=True,
    )
    return ""


def s_conversation_merge(o):
    kept = conversation_make(space=o["space"], author=o["member"], title="Kaizen events, kept")
    _gardening().conversation_merge(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], into=kept.pk
    )
    return ""


def s_conversation_split(o):
    _gardening().conversation_split(
        actor=Actor.for_user(o["leader"]),
        conversation=o["question"],
        reply_ids=[o["reply"].pk],
        title="A side topic",
    )
    return ""


def s_conversation_notify(o):
    _gardening().conversation_notify(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], usernames=["mem"]
    )
    return ""


def s_document_mark_outdated(o):
    doc = document_make(space=o["space"], owner=o["member"], title="An old procedure")
    _gardening().document_mark_outdated(actor=Actor.for_user(o["leader"]), document=doc)
    return ""


def s_gardening_undo(o):
    actor = Actor.for_user(o["leader"])
    _gardening().conversation_retitle(
        actor=actor, conversation=o["question"], title="Kaizen events"
    )
    entry = AuditEntry.objects.filter(action="gardening.retitle").latest("pk")
    _gardening().gardening_undo(actor=actor, entry_id=entry.pk)
    return ""


def _moderation():
    from hearth.moderation import services

    return services


def s_case_decide(o):
    report = report_make(reporter=o["member"], target=o["reply"], reason="spam")
    _moderation().case_decide(
        actor=Actor.for_user(o["leader"]), case=report.case, decision="hide", reason="Spam."
    )
    return ""  # a leader acts by their own role


def s_sanction_create(o):
    _moderation().sanction_create(
        actor=Actor.for_user(o["leader"]),
        person=o["member"],
        kind="warning",
        reason="Stay on topic.",
        space=o["space"],
    )
    return ""  # a leader acts by their own role


def s_sanction_lift(o):
    sanction = _moderation().sanction_create(
        actor=Actor.for_user(o["admin"]),
        person=o["member"],
        kind="suspension",
        reason="Cooling off.",
        until=timezone.now() + timedelta(days=3),
    )
    _moderation().sanction_lift(sanction_id=sanction.pk, actor=Actor.for_user(o["admin"]))
    return "platform_admin"


def s_guideline_publish(o):
    _moderation().guideline_publish(
        actor=Actor.for_user(o["leader"]), space=o["space"], body="Be kind; stay on topic."
    )
    return ""  # a leader acts by their own role


def s_report_threshold_set(o):
    _moderation().report_threshold_set(
        actor=Actor.for_user(o["leader"]), space=o["space"], threshold=5
    )
    return ""  # a leader acts by their own role


def s_staff_note_add(o):
    _moderation().staff_note_add(
        actor=Actor.for_user(o["admin"]), person=o["member"], body="Warned once in ops."
    )
    return "platform_admin"


def s_campaign_create(o):
    from hearth.ideas.services import campaign_create

    campaign_create(
        actor=Actor.for_user(o["leader"]), space=o["space"], question="How do we cut waste?"
    )
    return ""  # a leader acts by their own role


def s_idea_status_set(o):
    from hearth.ideas.services import idea_status_set

    idea = idea_make(space=o["space"], author=o["member"], title="Label the shelves")
    idea_status_set(
        actor=Actor.for_user(o["leader"]),
        idea=idea,
        status="accepted",
        reason="We will do it next month.",
    )
    return ""  # a leader acts by their own role


def _story_fields(title="Kaizen on the packing line"):
    from hearth.stories.services import StoryFields

    return StoryFields(
        title=title,
        body="Walking distance down by half.",
        outcome_kind="time_saved",
        hours_saved="300",
    )


def s_story_update(o):
    from hearth.stories.services import story_update

    story = story_make(space=o["space"], author=o["member"], title="Shelves labelled")
    story_update(
        actor=Actor.for_user(o["leader"]),
        story=story,
        fields=_story_fields("Shelves labelled, picking faster"),
    )
    return ""  # a leader acts by their own role


def s_outcome_mark(o):
    from hearth.stories.services import outcome_mark

    outcome_mark(actor=Actor.for_user(o["leader"]), conversation=o["question"], note="A week")
    return ""  # a leader acts by their own role


def s_outcome_unmark(o):
    from hearth.stories.services import outcome_mark, outcome_unmark

    outcome_mark(actor=Actor.for_user(o["leader"]), conversation=o["question"])
    outcome_unmark(actor=Actor.for_user(o["leader"]), conversation=o["question"])
    return ""  # a leader acts by their own role


def s_story_promote(o):
    from hearth.stories.services import story_promote

    story_promote(
        actor=Actor.for_user(o["leader"]), conversation=o["question"], fields=_story_fields()
    )
    return ""  # a leader acts by their own role


def s_home_feature_create(o):
    home_feature_make(curator=o["director"], kind="person", target="mem")
    return "director"


def s_home_feature_update(o):
    from hearth.curation.services import home_feature_update

    feature = home_feature_make(curator=o["admin"], kind="space", target="ops")
    home_feature_update(
        actor=Actor.for_user(o["director"]),
        feature=feature,
        blurb="Join us",
        starts_at=None,
        ends_at=feature.ends_at + timedelta(days=1),
        position=2,
    )
    return "director"


def s_home_feature_remove(o):
    from hearth.curation.services import home_feature_remove

    feature = home_feature_make(curator=o["admin"], kind="person", target="mem")
    home_feature_remove(actor=Actor.for_user(o["admin"]), feature=feature)
    return "platform_admin"


def s_role_swap_create(o):
    from hearth.swaps.services import role_swap_create

    role_swap_create(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        user=o["member"],
        role="facilitator",
        until=timezone.now() + timedelta(days=2),
    )
    return ""


def s_role_swap_end(o):
    from hearth.swaps.services import role_swap_create, role_swap_end

    swap = role_swap_create(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        user=o["member"],
        role="facilitator",
        until=timezone.now() + timedelta(days=2),
    )
    role_swap_end(actor=Actor.for_user(o["leader"]), space=o["space"], swap_id=swap.pk)
    return ""


def _lifecycle():
    from hearth.lifecycle import services

    return services


def _rules():
    from hearth.rules import services

    return services


def s_space_transition(o):
    _lifecycle().space_transition(
        actor=Actor.for_user(o["leader"]), space=o["space"], state="pilot", reason="Trial run."
    )
    return ""


def s_pilot_feedback_resolve(o):
    from hearth.lifecycle.models import PilotFeedback

    item = PilotFeedback.objects.create(space=o["space"], author=o["member"], text="Too noisy.")
    _lifecycle().pilot_feedback_resolve(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        feedback_id=item.pk,
        note="Digest is weekly now.",
    )
    return ""


def s_charter_update(o):
    _lifecycle().charter_update(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        vision="Operations learn from each other.",
        audience="Shift leads",
        targets=[],
    )
    return ""


def s_playbook_tick(o):
    from hearth.lifecycle.playbook import HAND_ITEMS

    _lifecycle().playbook_tick(
        actor=Actor.for_user(o["leader"]), space=o["space"], item=sorted(HAND_ITEMS)[0], ticked=True
    )
    return ""


def s_rules_publish_first(o):
    _rules().rules_publish_first(
        actor=Actor.for_user(o["leader"]), space=o["space"], text="Be kind to each other."
    )
    return ""


def s_rules_decide(o):
    from hearth.rules.models import RulesProposal

    rules_make(space=o["space"], leader=o["leader"])
    proposal = _rules().rules_propose(
        actor=Actor.for_user(o["member"]),
        space=o["space"],
        text="Be kind. Answer within a week.",
        reason="Questions wait too long.",
    )
    RulesProposal.objects.filter(pk=proposal.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    _rules().rules_decide(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        proposal_id=proposal.pk,
        adopt=False,
        comment="Not this quarter.",
    )
    return ""


def s_rules_configure(o):
    _rules().rules_configure(
        actor=Actor.for_user(o["leader"]), space=o["space"], require_acknowledgement=True
    )
    return ""


def _library():
    from hearth.library import services

    return services


def s_document_create(o):
    _library().document_create(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        title="Kaizen event checklist",
        body="Step one.",
        status="official",
    )
    return ""


def s_document_edit(o):
    document = document_make(space=o["space"], owner=o["member"], title="Shift handover")
    _library().document_edit(
        actor=Actor.for_user(o["leader"]),
        document=document,
        base_revision=document.revision,
        title=document.title,
        body=document.body,
        status="official",
    )
    return ""


def s_document_restore(o):
    document = document_make(space=o["space"], owner=o["member"], title="Shift handover")
    document = _library().document_edit(
        actor=Actor.for_user(o["member"]),
        document=document,
        base_revision=document.revision,
        title=document.title,
        body="A second version.",
    )
    _library().document_restore(
        actor=Actor.for_user(o["leader"]),
        document=document,
        number=1,
        base_revision=document.revision,
    )
    return ""


def s_attachment_remove(o):
    from tests.factories import attachment_make

    document = document_make(space=o["space"], owner=o["member"], title="Kaizen template")
    attachment = attachment_make(document=document, uploaded_by=o["member"])
    _library().attachment_remove(actor=Actor.for_user(o["leader"]), attachment=attachment)
    return ""


def s_attachment_restore(o):
    from tests.factories import attachment_make

    document = document_make(space=o["space"], owner=o["member"], title="Kaizen checklist")
    attachment = attachment_make(document=document, uploaded_by=o["member"])
    _library().attachment_remove(actor=Actor.for_user(o["member"]), attachment=attachment)
    _library().attachment_restore(actor=Actor.for_user(o["leader"]), attachment=attachment)
    return ""


def s_poll_close(o):
    from hearth.polls.services import poll_close

    poll = poll_make(space=o["space"], author=o["member"])
    poll_close(actor=Actor.for_user(o["leader"]), poll=poll)
    return ""  # a leader acts by their own role


def _member_event(o):
    return event_make(space=o["space"], host=o["member"], title="Kaizen walk")


def s_event_update(o):
    from hearth.events.services import event_update

    event = _member_event(o)
    start = (event.starts_at + timedelta(days=1)).replace(tzinfo=None)
    event_update(
        actor=Actor.for_user(o["leader"]),
        event=event,
        title="Kaizen walk, moved",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone_name="UTC",
        place="Hall B",
    )
    return ""  # a leader acts by their own role


def s_event_cancel(o):
    from hearth.events.services import event_cancel

    event_cancel(actor=Actor.for_user(o["leader"]), event=_member_event(o), reason="Site closed.")
    return ""  # a leader acts by their own role


def s_event_notes_save(o):
    from hearth.events.services import event_notes_save

    event = _member_event(o)
    with time_machine.travel(event.starts_at + timedelta(minutes=5)):
        event_notes_save(
            actor=Actor.for_user(o["leader"]), event=event, notes="Five ideas.", recording_url=""
        )
    return ""  # a leader acts by their own role


def s_profile_update(o):
    from hearth.people.services import profile_update

    profile_update(actor=Actor.for_user(o["admin"]), person=o["member"], display_name="Mem Renamed")
    return "platform_admin"


def _photo():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")


def s_profile_photo_set(o):
    from hearth.people.services import profile_photo_set

    profile_photo_set(actor=Actor.for_user(o["admin"]), person=o["member"], upload=_photo())
    return "platform_admin"


def s_profile_photo_remove(o):
    from hearth.people.services import profile_photo_remove, profile_photo_set

    profile_photo_set(actor=Actor.for_user(o["member"]), person=o["member"], upload=_photo())
    profile_photo_remove(actor=Actor.for_user(o["admin"]), person=o["member"])
    return "platform_admin"


def _structure():
    from hearth.structure import services

    return services


def s_layout_update(o):
    _structure().layout_update(
        actor=Actor.for_user(o["leader"]), space=o["space"], sections=["top", "questions"]
    )
    return ""


def _featured_two(o):
    leader = Actor.for_user(o["leader"])
    document = document_make(space=o["space"], owner=o["leader"], status="published")
    return [
        _structure().featured_add(
            actor=leader, space=o["space"], kind="conversation", item_id=o["question"].pk
        ),
        _structure().featured_add(
            actor=leader, space=o["space"], kind="document", item_id=document.pk
        ),
    ]


def s_featured_add(o):
    _featured_two(o)
    return ""


def s_featured_reorder(o):
    first, second = _featured_two(o)
    _structure().featured_reorder(
        actor=Actor.for_user(o["leader"]), space=o["space"], item_ids=[second.pk, first.pk]
    )
    return ""


def s_featured_move(o):
    _, second = _featured_two(o)
    _structure().featured_move(
        actor=Actor.for_user(o["leader"]), space=o["space"], item_id=second.pk, step=-1
    )
    return ""


def s_featured_remove(o):
    first, _ = _featured_two(o)
    _structure().featured_remove(
        actor=Actor.for_user(o["leader"]), space=o["space"], item_id=first.pk
    )
    return ""


def s_key_user_add(o):
    _structure().key_user_add(actor=Actor.for_user(o["leader"]), space=o["space"], user=o["member"])
    return ""


def s_key_user_remove(o):
    leader = Actor.for_user(o["leader"])
    _structure().key_user_add(actor=leader, space=o["space"], user=o["member"])
    _structure().key_user_remove(actor=leader, space=o["space"], user_id=o["member"].pk)
    return ""


def _plan():
    from hearth.actionplan import services

    return services


def _task(o):
    return _plan().task_create(
        actor=Actor.for_user(o["leader"]),
        space=o["space"],
        title="Book the kaizen room",
        owner=o["member"],
        due_on=timezone.localdate() + timedelta(days=7),
    )


def s_task_create(o):
    _task(o)
    return ""


def s_task_update(o):
    task = _task(o)
    _plan().task_update(
        actor=Actor.for_user(o["leader"]), space=o["space"], task_id=task.pk, status="doing"
    )
    return ""


def s_task_delete(o):
    task = _task(o)
    _plan().task_delete(actor=Actor.for_user(o["leader"]), space=o["space"], task_id=task.pk)
    return ""


def _launch():
    from hearth.launch import services

    return services


def _batch(o):
    person_make(username="newhire")
    return _launch().batch_preview_people(
        actor=Actor.for_user(o["leader"]), space=o["space"], usernames=["newhire", "nobody"]
    )


def s_batch_preview_people(o):
    _batch(o)
    return ""


def s_batch_preview_csv(o):
    person_make(username="csvhire")
    _launch().batch_preview_csv(
        actor=Actor.for_user(o["leader"]), space=o["space"], data=b"username\ncsvhire\n"
    )
    return ""


def s_batch_preview_unit(o):
    person_make(username="opshire", business_unit=o["ops"])
    _launch().batch_preview_unit(
        actor=Actor.for_user(o["leader"]), space=o["space"], business_unit=o["ops"], country=None
    )
    return ""


def s_batch_send(o):
    batch = _batch(o)
    _launch().batch_send(actor=Actor.for_user(o["leader"]), space=o["space"], batch_id=batch.pk)
    return ""


def s_welcome_update(o):
    _launch().welcome_update(
        actor=Actor.for_user(o["leader"]), space=o["space"], message="Welcome to ops!"
    )
    return ""


def _exchange():
    from hearth.lifecycle import exchange

    return exchange


def s_space_export(o):
    _exchange().space_export(actor=Actor.for_user(o["leader"]), space=o["space"])
    return ""


def s_export_job_start(o):
    _exchange().export_job_start(actor=Actor.for_user(o["leader"]), space=o["space"])
    return ""


def s_space_import(o):
    raw = _exchange().archive_build(o["space"])
    _exchange().space_import(actor=Actor.for_user(o["admin"]), raw=raw, slug="ops-copy")
    return "platform_admin"


def s_collection_create(o):
    _library().collection_create(actor=Actor.for_user(o["member"]), space=o["space"], name="Kaizen")
    return ""


def s_attachment_add(o):
    document = document_make(space=o["space"], owner=o["member"], title="Kaizen board")
    photo = _photo()
    _library().attachment_add(actor=Actor.for_user(o["member"]), upload=photo, document=document)
    return ""


def s_space_tags_suggest(o):
    _conversations().space_tags_suggest(
        actor=Actor.for_user(o["leader"]), space=o["space"], tags=["kaizen", "lean"]
    )
    return ""


SCENARIOS = {
    "hearth.library.services.collection_create": s_collection_create,
    "hearth.library.services.attachment_add": s_attachment_add,
    "hearth.conversations.services.tags.space_tags_suggest": s_space_tags_suggest,
    "hearth.spaces.services.space_create": s_space_create,
    "hearth.spaces.services.space_update": s_space_update,
    "hearth.spaces.services.access_request_decide": s_access_request_decide,
    "hearth.spaces.services.invitation_create": s_invitation_create,
    "hearth.spaces.services.member_add": s_member_add,
    "hearth.spaces.services.member_change_role": s_member_change_role,
    "hearth.spaces.services.member_remove": s_member_remove,
    "hearth.people.services.person_create": s_person_create,
    "hearth.conversations.services.edit.conversation_edit": s_conversation_edit,
    "hearth.conversations.services.edit.reply_edit": s_reply_edit,
    "hearth.conversations.services.edit.conversation_remove": s_conversation_remove,
    "hearth.conversations.services.edit.reply_remove": s_reply_remove,
    "hearth.conversations.services.accept.reply_accept": s_reply_accept,
    "hearth.conversations.services.accept.reply_unaccept": s_reply_unaccept,
    "hearth.desks.services.question_notify": s_question_notify,
    "hearth.desks.services.question_move": s_question_move,
    "hearth.desks.services.question_close_duplicate": s_question_close_duplicate,
    "hearth.desks.services.org_role_set": s_org_role_set,
    "hearth.gardening.services.retitle.conversation_retitle": s_conversation_retitle,
    "hearth.gardening.services.retitle.conversation_retag": s_conversation_retag,
    "hearth.gardening.services.outdated.conversation_mark_outdated": s_conversation_mark_outdated,
    "hearth.gardening.services.move.conversation_move": s_conversation_move,
    "hearth.gardening.services.merge.conversation_merge": s_conversation_merge,
    "hearth.gardening.services.split.conversation_split": s_conversation_split,
    "hearth.gardening.services.notify.conversation_notify": s_conversation_notify,
    "hearth.gardening.services.undo.gardening_undo": s_gardening_undo,
    "hearth.gardening.services.outdated.document_mark_outdated": s_document_mark_outdated,
    "hearth.moderation.services.decide.case_decide": s_case_decide,
    "hearth.moderation.services.sanction.sanction_create": s_sanction_create,
    "hearth.moderation.services.sanction.sanction_lift": s_sanction_lift,
    "hearth.moderation.services.guidelines.guideline_publish": s_guideline_publish,
    "hearth.moderation.services.guidelines.report_threshold_set": s_report_threshold_set,
    "hearth.moderation.services.guidelines.staff_note_add": s_staff_note_add,
    "hearth.ideas.services.campaign_create": s_campaign_create,
    "hearth.ideas.services.idea_status_set": s_idea_status_set,
    "hearth.stories.services.story_update": s_story_update,
    "hearth.stories.services.outcome_mark": s_outcome_mark,
    "hearth.stories.services.outcome_unmark": s_outcome_unmark,
    "hearth.stories.services.story_promote": s_story_promote,
    "hearth.curation.services.home_feature_create": s_home_feature_create,
    "hearth.curation.services.home_feature_update": s_home_feature_update,
    "hearth.curation.services.home_feature_remove": s_home_feature_remove,
    "hearth.swaps.services.role_swap_create": s_role_swap_create,
    "hearth.swaps.services.role_swap_end": s_role_swap_end,
    "hearth.lifecycle.services.space_transition": s_space_transition,
    "hearth.lifecycle.services.pilot_feedback_resolve": s_pilot_feedback_resolve,
    "hearth.lifecycle.services.charter_update": s_charter_update,
    "hearth.lifecycle.services.playbook_tick": s_playbook_tick,
    "hearth.rules.services.rules_publish_first": s_rules_publish_first,
    "hearth.rules.services.rules_decide": s_rules_decide,
    "hearth.rules.services.rules_configure": s_rules_configure,
    "hearth.library.services.document_create": s_document_create,
    "hearth.library.services.document_edit": s_document_edit,
    "hearth.library.services.document_restore": s_document_restore,
    "hearth.library.services.attachment_remove": s_attachment_remove,
    "hearth.library.services.attachment_restore": s_attachment_restore,
    "hearth.polls.services.poll_close": s_poll_close,
    "hearth.events.services.event_update": s_event_update,
    "hearth.events.services.event_cancel": s_event_cancel,
    "hearth.events.services.event_notes_save": s_event_notes_save,
    "hearth.people.services.profile_update": s_profile_update,
    "hearth.people.services.profile_photo_set": s_profile_photo_set,
    "hearth.people.services.profile_photo_remove": s_profile_photo_remove,
    "hearth.structure.services.layout_update": s_layout_update,
    "hearth.structure.services.featured_add": s_featured_add,
    "hearth.structure.services.featured_reorder": s_featured_reorder,
    "hearth.structure.services.featured_move": s_featured_move,
    "hearth.structure.services.featured_remove": s_featured_remove,
    "hearth.structure.services.key_user_add": s_key_user_add,
    "hearth.structure.services.key_user_remove": s_key_user_remove,
    "hearth.actionplan.services.task_create": s_task_create,
    "hearth.actionplan.services.task_update": s_task_update,
    "hearth.actionplan.services.task_delete": s_task_delete,
    "hearth.launch.services.batch_preview_people": s_batch_preview_people,
    "hearth.launch.services.batch_preview_csv": s_batch_preview_csv,
    "hearth.launch.services.batch_preview_unit": s_batch_preview_unit,
    "hearth.launch.services.batch_send": s_batch_send,
    "hearth.launch.services.welcome_update": s_welcome_update,
    "hearth.lifecycle.exchange.export.space_export": s_space_export,
    "hearth.lifecycle.exchange.export.export_job_start": s_export_job_start,
    "hearth.lifecycle.exchange.import_.space_import": s_space_import,
}


def test_every_privileged_service_has_a_scenario():
    list(_service_modules())  # import them all, so that every service is registered
    missing = sorted(set(CHANGES) - set(SCENARIOS))
    assert not missing, f"privileged services without an audit scenario: {missing}"


@pytest.mark.parametrize("qualified", sorted(SCENARIOS))
def test_privileged_service_writes_its_audit_entry(org, qualified):
    list(_service_modules())
    action = CHANGES[qualified].action
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    as_role = SCENARIOS[qualified](org)
    new = AuditEntry.objects.exclude(pk__in=before).filter(action__startswith=action)
    assert new.exists(), f"{qualified} ran without writing an “{action}” entry"
    assert new.first().as_role == as_role
