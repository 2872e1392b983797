"""The audit log is append-only in the database too (PostgreSQL).

A trigger refuses every DELETE, and every UPDATE except the database's own
``SET NULL`` of ``actor_id`` / ``space_id`` when the account or space an entry
points to is deleted (the entry keeps its action, target, labels and states).
TRUNCATE, which only an operator runs (and the test runner between tests), is
not a row operation and is left alone. SQLite has no trigger here: its test
runner empties tables with DELETE, and the model refuses changes in code.

Written by hand (``makemigrations`` knows no triggers): keep it when the
migrations are regenerated.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hearth_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'The audit log is append-only: entries are never deleted.'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
       OR (NEW.space_id IS NOT NULL AND NEW.space_id IS DISTINCT FROM OLD.space_id)
       OR ROW(NEW.id, NEW.action, NEW.target_type, NEW.target_id, NEW.target_label,
              NEW.before::text, NEW.after::text, NEW.via, NEW.as_role, NEW.created_at)
          IS DISTINCT FROM
          ROW(OLD.id, OLD.action, OLD.target_type, OLD.target_id, OLD.target_label,
              OLD.before::text, OLD.after::text, OLD.via, OLD.as_role, OLD.created_at)
    THEN
        RAISE EXCEPTION 'The audit log is append-only: entries are never changed.'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION hearth_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS hearth_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
