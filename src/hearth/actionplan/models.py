"""The community management action plan: tasks with an owner, a due date and a status."""

from django.conf import settings
from django.db import models


class ActionTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DOING = "doing", "Doing"
        DONE = "done", "Done"

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="action_tasks")
    title = models.CharField(max_length=200)
    notes = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_tasks"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["space", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class TaskReminder(models.Model):
    """One overdue reminder sent to a task's owner on one day: never two that day."""

    task = models.ForeignKey(ActionTask, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "day"], name="one_task_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder for task {self.task_id} on {self.day}"
