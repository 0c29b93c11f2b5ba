from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the search index from every message."

    def handle(self, *args: Any, **options: Any) -> None:
        from sevai.search.index import reindex_all

        count = reindex_all()
        self.stdout.write(f"Indexed {count} messages.")
