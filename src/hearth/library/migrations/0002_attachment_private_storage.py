import hearth.core.files
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(
                max_length=200,
                storage=hearth.core.files.private_storage,
                upload_to="library/%Y/%m/",
            ),
        ),
    ]
