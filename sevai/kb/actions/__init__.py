"""Every change to the knowledge base goes through these modules.

- articles: articles, translations, status changes, restoring revisions, deleting
- revisions: the revision kept by every save
- taxonomy: categories and sections
- from_ticket: a draft article from a solved ticket (personal data removed)
- import_export: `sevai kb import` / `sevai kb export`
- votes: readers' votes and view counts (help center)
"""
