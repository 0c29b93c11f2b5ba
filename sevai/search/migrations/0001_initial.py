from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_message_text USING fts5("
            "body, message_id UNINDEXED, ticket_id UNINDEXED, tokenize='trigram')"
        )
    else:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS search_message_text ("
            "message_id bigint PRIMARY KEY, ticket_id bigint NOT NULL, body text NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_message_text_trgm "
            "ON search_message_text USING gin (body gin_trgm_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_message_text_ticket "
            "ON search_message_text (ticket_id)"
        )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_message_text")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
