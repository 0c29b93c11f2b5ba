"""Messages are indexed as normalised words (sevai/search/text.py) instead of trigrams, so
Tamil inflections, Armenian punctuation and Tagalog affixes match; the subject of the
ticket is indexed with each message (weighted higher). Existing messages are re-indexed."""

from django.db import migrations


def create_message_index(apps, schema_editor):
    execute = schema_editor.execute
    execute("DROP TABLE IF EXISTS search_message_text")
    if schema_editor.connection.vendor == "sqlite":
        # Contentless: rowid = tickets_message.id; the ticket comes from a join, so merges
        # need no index change. The ascii tokenizer keeps every non-ASCII character in words.
        execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_message USING fts5("
            "subject_words, body_words, content='', tokenize='ascii')"
        )
    else:
        execute(
            "CREATE TABLE IF NOT EXISTS search_message ("
            "message_id bigint PRIMARY KEY, ticket_id bigint NOT NULL, "
            "document tsvector NOT NULL)"
        )
        execute(
            "CREATE INDEX IF NOT EXISTS search_message_document "
            "ON search_message USING gin (document)"
        )
        execute(
            "CREATE INDEX IF NOT EXISTS search_message_ticket ON search_message (ticket_id)"
        )


def reindex(apps, schema_editor):
    from sevai.search.index import reindex_all

    reindex_all()


def drop_message_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_message")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_articles"), ("tickets", "0001_initial")]
    operations = [
        migrations.RunPython(create_message_index, drop_message_index),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
