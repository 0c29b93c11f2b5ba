from django.db import migrations


def create_article_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Words are normalised in Python (sevai/search/text.py) and stored space-separated;
        # the ascii tokenizer treats every non-ASCII character as part of a word.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_article USING fts5("
            "title_words, body_words, article_id UNINDEXED, language UNINDEXED, "
            "brand_id UNINDEXED, published UNINDEXED, title UNINDEXED, body UNINDEXED, "
            "tokenize='ascii', prefix='2 3')"
        )
    else:
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS search_article ("
            "doc_id bigint PRIMARY KEY, article_id bigint NOT NULL, "
            "language varchar(35) NOT NULL, brand_id bigint NULL, published boolean NOT NULL, "
            "title text NOT NULL, body text NOT NULL, document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_article_document "
            "ON search_article USING gin (document)"
        )


def drop_article_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_article")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_article_index, drop_article_index)]
