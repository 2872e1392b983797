import hearth.core.files
from django.db import migrations, models
from django.utils import timezone


def expire_earlier_exports(apps, schema_editor):
    """Archives made before exports expired were named after their space and job
    number, guessable, and may have been reachable by a media URL: they expire now,
    and the next purge deletes them (a leader exports again in a minute)."""
    ExportJob = apps.get_model("lifecycle", "ExportJob")
    ExportJob.objects.filter(status="done", expires_at__isnull=True).update(
        expires_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lifecycle", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="archive",
            field=models.FileField(
                blank=True, storage=hearth.core.files.private_storage, upload_to="exports/"
            ),
        ),
        migrations.AlterField(
            model_name="exportjob",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                    ("expired", "Expired"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.RunPython(expire_earlier_exports, migrations.RunPython.noop),
    ]
