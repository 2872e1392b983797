from django import forms

from hearth.actionplan.models import ActionTask


class TaskForm(forms.Form):
    title = forms.CharField(label="Task", max_length=200)
    owner = forms.CharField(label="Owner (username)", max_length=40)
    due_on = forms.DateField(label="Due on", widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label="Notes", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionTask.Status.choices)
