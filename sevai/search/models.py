"""The search index lives in database-specific tables created by migrations (see index.py)."""
