"""PostgreSQL: search_message rows carry their ticket's status, assignee and creation time,
with btree indexes in message order, so a filtered search reads the newest rows of one
filter instead of joining every match of its words to tickets_ticket (search/postgres.py).
Existing rows are filled from tickets_ticket (about a minute per million messages).
SQLite: nothing (its search joins the ticket)."""

from django.db import migrations

INDEXES = {
    "search_message_status": "(status, message_id)",
    "search_message_assignee": "(assignee_id, message_id)",
    "search_message_created_day": "(((created_at AT TIME ZONE 'UTC')::date), message_id)",
}


def add_ticket_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        "ALTER TABLE search_message ADD COLUMN IF NOT EXISTS status varchar(10), "
        "ADD COLUMN IF NOT EXISTS assignee_id bigint, "
        "ADD COLUMN IF NOT EXISTS created_at timestamp with time zone"
    )
    execute(
        "UPDATE search_message s SET status = t.status, assignee_id = t.assignee_id, "
        "created_at = t.created_at FROM tickets_ticket t WHERE t.id = s.ticket_id"
    )
    for name, columns in INDEXES.items():
        execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_message {columns}")
    execute("ANALYZE search_message")  # statistics for the day expression


def drop_ticket_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(
        "ALTER TABLE search_message DROP COLUMN IF EXISTS status, "
        "DROP COLUMN IF EXISTS assignee_id, DROP COLUMN IF EXISTS created_at"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_customer_trigram_indexes"), ("tickets", "0001_initial")]
    operations = [migrations.RunPython(add_ticket_columns, drop_ticket_columns)]
