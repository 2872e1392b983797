import hearth.core.files
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_sanction_flags"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="photo",
            field=models.ImageField(
                blank=True, storage=hearth.core.files.private_storage, upload_to="photos/"
            ),
        ),
    ]
