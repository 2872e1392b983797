"""Every notification and email asks the policy for its recipient.

1. Nothing under ``src/hearth`` creates ``Notification`` rows or calls Django's mail
   API (or the outbox) but ``hearth.notifications.services`` and ``hearth.core.mail``:
   every other module sends through ``notification_send``, ``notifications_send``
   or ``email_send``.
2. Every call to those (or to a helper that passes its own ``kind`` on to them)
   names kinds declared in ``hearth.notifications.kinds``, plainly enough to be
   read from the source; and every declared kind is sent somewhere.
3. For every declared kind, a recipient who may not read what it is about gets
   nothing — neither the bell nor an email — while one who may gets both; and an
   email queued for someone who loses access before delivery is withheld.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.core import mail

import hearth
from hearth.core.models import OutboundEmail
from hearth.moderation.models import Case
from hearth.notifications.kinds import KINDS, PERSONAL, UnknownKind
from hearth.notifications.models import Notification
from hearth.notifications.services import email_send, notification_send, notifications_send
from hearth.spaces.models import Membership
from tests.factories import (
    conversation_make,
    membership_make,
    person_make,
    space_in_state_make,
)

SRC = Path(hearth.__file__).parent
# The only modules that write notification rows or touch the mail API.
SENDING_MODULES = {"notifications/services.py", "core/mail.py"}
MAIL_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
    "outbox_queue",
    "email_user",
}
ROW_WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}
SENDERS = {"notification_send", "notifications_send", "email_send"}


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" not in relative:
            yield relative, ast.parse(path.read_text(), filename=str(path))


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _writes_rows(call: ast.Call) -> bool:
    """``Notification(...)``, ``Notification.objects.create(...)`` and the like
    (``OutboundEmail`` too)."""
    func = call.func
    if _name(func) == "Notification":
        return True
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ROW_WRITES
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "objects"
        and _name(func.value.value) in {"Notification", "OutboundEmail"}
    )


def test_nothing_sends_outside_the_notifications_service_and_the_outbox():
    found = []
    for relative, tree in _sources():
        if relative in SENDING_MODULES:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "django.core.mail"
            ):
                found.append(f"{relative}:{node.lineno} imports django.core.mail")
            elif isinstance(node, ast.Call) and (
                _name(node.func) in MAIL_NAMES or _writes_rows(node)
            ):
                found.append(f"{relative}:{node.lineno} {ast.unparse(node.func)}(...)")
    assert not found, "send through hearth.notifications.services instead: " + "; ".join(found)


class _Calls(ast.NodeVisitor):
    """Calls to the senders with the ``kind`` expression and the parameters of the
    function they are made in."""

    def __init__(self, senders: set[str]):
        self.senders, self.calls, self.params = senders, [], [set()]
        self.functions = [""]

    def visit_FunctionDef(self, node):
        args = node.args
        names = {a.arg for a in args.args + args.kwonlyargs + args.posonlyargs}
        self.params.append(names)
        self.functions.append(node.name)
        self.generic_visit(node)
        self.params.pop()
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        if _name(node.func) in self.senders:
            kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
            self.calls.append((node, kind, self.params[-1], self.functions[-1]))
        self.generic_visit(node)


def _module_of(relative: str):
    return importlib.import_module("hearth." + relative[:-3].replace("/", "."))


def _kinds_of(expr, module) -> set[str]:
    """The kinds an expression can name: literals, either side of ``a if c else b``,
    module constants (``EVENT_REMINDER_KIND``) and every value of a module dict
    looked up by key (``STATE_KINDS[state]``)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _kinds_of(expr.body, module) | _kinds_of(expr.orelse, module)
    if isinstance(expr, ast.Subscript):
        table = eval(ast.unparse(expr.value), vars(module))  # noqa: S307 (our own source)
        assert isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
        return set(table.values())
    if isinstance(expr, ast.Name | ast.Attribute):
        value = eval(ast.unparse(expr), vars(module))  # noqa: S307 (our own source)
        assert isinstance(value, str), f"{ast.unparse(expr)} is not a kind's name"
        return {value}
    raise AssertionError(f"name the kind plainly, not {ast.unparse(expr)}")


def _sent_kinds() -> tuple[dict[str, list[str]], list[str]]:
    """Every kind sent, with where; and the calls whose kind cannot be read."""
    senders, relays = set(SENDERS), set()
    sources = [(r, t) for r, t in _sources() if r not in SENDING_MODULES]
    while True:  # a helper passing its own ``kind`` parameter on is a sender too
        found = set()
        for _relative, tree in sources:
            visitor = _Calls(senders)
            visitor.visit(tree)
            for _node, kind, params, function in visitor.calls:
                if isinstance(kind, ast.Name) and kind.id in params:
                    found.add(function)
        if found <= relays:
            break
        relays |= found
        senders |= found
    sent, unreadable = {}, []
    for relative, tree in sources:
        visitor = _Calls(senders)
        visitor.visit(tree)
        for node, kind, params, _function in visitor.calls:
            where = f"{relative}:{node.lineno}"
            if kind is None:
                unreadable.append(f"{where} (no kind=)")
                continue
            if isinstance(kind, ast.Name) and kind.id in params:
                continue  # a relay: its callers are read instead
            try:
                names = _kinds_of(kind, _module_of(relative))
            except (AssertionError, NameError, AttributeError) as error:
                unreadable.append(f"{where} ({error})")
                continue
            for name in names:
                sent.setdefault(name, []).append(where)
    return sent, unreadable


def test_every_sending_path_names_declared_kinds_and_every_kind_is_sent():
    sent, unreadable = _sent_kinds()
    assert not unreadable, f"calls whose kind the registry cannot read: {unreadable}"
    undeclared = {k: w for k, w in sent.items() if k not in KINDS}
    assert not undeclared, f"kinds sent without a declaration in notifications.kinds: {undeclared}"
    unused = sorted(set(KINDS) - set(sent))
    assert not unused, f"declared kinds nothing sends: {unused}"
    assert len(sent) >= 35  # the scan really reads the apps
    assert "action_task_overdue" in sent and "accepted" in sent and "password_reset" in sent


def test_every_personal_kind_says_why_the_policy_has_nothing_to_say():
    personal = {k.name: k.why_unchecked for k in KINDS.values() if k.audience is PERSONAL}
    assert set(personal) == {"moderation", "removed", "org_role_changed", "password_reset"}
    assert all(len(why) > 40 for why in personal.values())


def test_the_kind_column_holds_every_declared_kind_and_lists_none_itself():
    # The registry is the one list of kinds: a copy on the field would ask for a
    # migration at every new kind.
    field = Notification._meta.get_field("kind")
    assert not field.choices
    assert all(len(name) <= field.max_length for name in KINDS)


@pytest.mark.django_db
def test_an_undeclared_kind_or_a_missing_subject_sends_nothing():
    person = person_make()
    with pytest.raises(UnknownKind):
        notification_send(recipient=person, kind="made_up", text="Hello", email=True)
    with pytest.raises(ValueError, match="about a conversation"):
        notification_send(recipient=person, kind="accepted", text="Accepted", email=True)
    with pytest.raises(ValueError, match="about a space"):
        email_send(recipient=person, kind="invited", subject="Hi", body="Join.")
    assert not Notification.objects.exists() and not OutboundEmail.objects.exists()


# -- 3. Every kind, sent to someone who may not read what it is about ------------------------


def _about(kind: str, space, leader) -> dict:
    """What a notification of ``kind`` is about, in ``space``."""
    needs = KINDS[kind].audience.needs
    subject = {"space": space}
    if "conversation" in needs or "about" in needs:
        subject["conversation"] = conversation_make(
            space=space, author=leader, title="Aurora budget"
        )
    if "about" in needs:
        subject["about"] = Case.objects.create(
            target_type="conversation",
            target_id=subject.get("conversation", space).pk,
            space=space,
            target_label="Aurora budget",
        )
    return subject


def _told(person) -> tuple[int, int]:
    return (
        Notification.objects.filter(recipient=person).count(),
        OutboundEmail.objects.filter(to=[person.email]).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(k for k, v in KINDS.items() if v.audience is not PERSONAL))
def test_a_kind_reaches_only_who_may_read_what_it_is_about(kind):
    leader, outsider, member = person_make(), person_make(), person_make()
    private = space_in_state_make(state="live", visibility="private", leader=leader)
    draft = space_in_state_make(state="draft", visibility="open", leader=leader)
    membership_make(space=draft, user=member)  # a plain member: the draft leaves them out
    for space, refused in ((private, outsider), (draft, member)):
        about = _about(kind, space, leader)
        sent = notification_send(
            recipient=refused, kind=kind, text="About Aurora", email=True, **about
        )
        assert sent is None and _told(refused) == (0, 0)
        if KINDS[kind].audience.needs == ("space",):  # the batch form: about a space alone
            assert (
                notifications_send(
                    recipients=[refused], kind=kind, text="About Aurora", space=space, email=True
                )
                == []
            )
        assert (
            email_send(recipient=refused, kind=kind, subject="About Aurora", body="", **about)
            is False
        )
        assert _told(refused) == (0, 0)
        # The space's leader may: told in the app and by email.
        assert (
            notification_send(recipient=leader, kind=kind, text="About Aurora", email=True, **about)
            is not None
        )
    assert _told(leader) == (2, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(k for k, v in KINDS.items() if v.audience is not PERSONAL))
def test_an_email_is_withheld_when_its_recipient_lost_access_before_delivery(kind, deliver_outbox):
    leader, colleague = person_make(), person_make()
    space = space_in_state_make(state="live", visibility="private", leader=leader)
    membership_make(space=space, user=colleague, role="facilitator")
    about = _about(kind, space, leader)
    assert (
        notification_send(recipient=colleague, kind=kind, text="About Aurora", email=True, **about)
        is not None
    )
    Membership.objects.filter(space=space, user=colleague).delete()  # they leave meanwhile
    assert deliver_outbox() == []
    assert OutboundEmail.objects.get().status == "withheld"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(k for k, v in KINDS.items() if v.audience is PERSONAL))
def test_a_personal_kind_reaches_its_person(kind, deliver_outbox):
    person = person_make()
    assert notification_send(recipient=person, kind=kind, text="About you", email=True)
    assert [m.to for m in deliver_outbox()] == [[person.email]]
    assert mail.outbox[0].subject == "[Hearth] About you"
