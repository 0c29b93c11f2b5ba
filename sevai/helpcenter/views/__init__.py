"""Public help-center views (no sign-in): pages, search, votes, sitemap."""
