"""The scheduler queues every periodic job for the worker, and refuses a silly rhythm."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from hearth.core.management.commands.run_schedule import SCHEDULE


@pytest.mark.django_db(transaction=True)
def test_one_round_queues_every_periodic_job_and_the_worker_runs_them(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    out = io.StringIO()
    call_command("run_schedule", once=True, stdout=out)
    names = set(DBTaskResult.objects.values_list("task_path", flat=True))
    # community_routines queues six jobs, the moderation sweep one.
    assert len(names) == 7, names
    assert any(name.endswith("sanctions_lift_expired_sweep") for name in names)
    assert any(name.endswith("expired_exports_purge") for name in names)
    assert any(name.endswith("removed_attachments_purge") for name in names)
    assert any(name.endswith("role_swaps_sweep") for name in names)
    call_command("db_worker", batch=True, interval=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert [name for name, _ in SCHEDULE] == ["community_routines", "moderation_sweep"]


def test_a_rhythm_under_a_minute_is_refused():
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("run_schedule", every=5, once=True, stderr=err)
    assert "at least 60 seconds" in err.getvalue()
