from django.db import migrations, models

BATCH = 500


def current_revisions_fill(apps, schema_editor):
    """Give each document's current revision the fields the document holds now: they
    are what that revision left (only a new revision changes them), so an edit
    begun from it merges field by field. Older revisions stay unknown (null)."""
    Document = apps.get_model("library", "Document")
    DocumentRevision = apps.get_model("library", "DocumentRevision")
    Tagged = Document.tags.through
    documents = Document.objects.order_by("pk").values_list(
        "pk", "revision", "status", "collection_id", "review_on"
    )
    last = 0
    while True:
        rows = list(documents.filter(pk__gt=last)[:BATCH])
        if not rows:
            return
        last = rows[-1][0]
        tags: dict[int, list[str]] = {}
        for document_id, slug in Tagged.objects.filter(
            document_id__in=[row[0] for row in rows]
        ).values_list("document_id", "tag__slug"):
            tags.setdefault(document_id, []).append(slug)
        current = models.Q()
        for document_id, number, *_ in rows:
            current |= models.Q(document_id=document_id, number=number)
        revisions = {
            (r.document_id, r.number): r
            for r in DocumentRevision.objects.filter(current, metadata__isnull=True)
        }
        for document_id, number, status, collection_id, review_on in rows:
            revision = revisions.get((document_id, number))
            if revision is None:
                continue
            revision.metadata = {
                "status": status,
                "collection": collection_id,
                "tags": sorted(tags.get(document_id, [])),
                "review_on": review_on.isoformat() if review_on else None,
            }
        DocumentRevision.objects.bulk_update(list(revisions.values()), ["metadata"])


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_attachment_soft_removal"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentrevision",
            name="metadata",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(current_revisions_fill, migrations.RunPython.noop),
    ]
