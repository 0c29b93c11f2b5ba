"""PostgreSQL: trigram indexes so ticket search can match customer names and identities
(ILIKE '%…%', sevai/search/tickets.py) without scanning every customer. SQLite: nothing
(a LIKE scan of the customers table is fast enough there)."""

from django.db import migrations


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_customer_name_trgm "
        "ON customers_customer USING gin (name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_identity_value_trgm "
        "ON customers_identity USING gin (value gin_trgm_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_customer_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS search_identity_value_trgm")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_message_words"), ("customers", "0001_initial")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
