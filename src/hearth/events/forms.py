from zoneinfo import available_timezones

from django import forms

from hearth.events.models import TEXT_MAX, TITLE_MAX, URL_MAX, Event, Rsvp

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


class EventForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    kind = forms.ChoiceField(label="Kind", choices=Event.Kind.choices, initial=Event.Kind.MEETING)
    starts_at = forms.DateTimeField(
        label="Starts (local time)",
        input_formats=LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label="Ends (local time)",
        input_formats=LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    timezone = forms.ChoiceField(label="Time zone", initial="Europe/Paris")
    online_url = forms.CharField(
        label="Online link",
        max_length=URL_MAX,
        required=False,
        help_text="https://… for a chat session or webinar",
    )
    place = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="A room or an address, for a meeting in person",
    )
    capacity = forms.IntegerField(
        label="Capacity", required=False, min_value=1, help_text="Leave empty for no limit."
    )
    agenda = forms.CharField(
        label="Agenda",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = _zones()
        # Naive local times: read in the chosen zone by the service, not the server's.
        for name in ("starts_at", "ends_at"):
            self.fields[name].to_python = self._naive(self.fields[name].to_python)

    @staticmethod
    def _naive(parse):
        def to_python(value):
            parsed = parse(value)
            return parsed.replace(tzinfo=None) if parsed is not None else None

        return to_python


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The people going or maybe going are told.",
    )


class RsvpForm(forms.Form):
    response = forms.ChoiceField(choices=Rsvp.Response.choices)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown.",
    )
    recording_url = forms.CharField(label="Recording link", max_length=URL_MAX, required=False)
