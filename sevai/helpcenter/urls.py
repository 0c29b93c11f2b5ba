"""/help/<brand>/<language>/...: the language is always in the address (one URL per page
and language, for search engines and shared links). Fixed words (search, c/) come before the
article slug; slugs may be in any script, so they are matched as plain path segments."""

from django.urls import URLPattern, URLResolver, path

from sevai.helpcenter.views import pages, search, seo, votes

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", seo.robots, name="robots_txt"),
    path("help/", pages.help_root, name="helpcenter"),
    path("help/<slug:brand>/", pages.brand_root, name="helpcenter_brand"),
    path("help/<slug:brand>/sitemap.xml", seo.sitemap, name="helpcenter_sitemap"),
    path("help/<slug:brand>/<str:language>/", pages.home, name="helpcenter_home"),
    path("help/<slug:brand>/<str:language>/search/", search.search, name="helpcenter_search"),
    path(
        "help/<slug:brand>/<str:language>/search/instant/",
        search.instant,
        name="helpcenter_instant",
    ),
    path(
        "help/<slug:brand>/<str:language>/c/<str:slug>/",
        pages.category,
        name="helpcenter_category",
    ),
    path("help/<slug:brand>/<str:language>/<str:slug>/", pages.article, name="helpcenter_article"),
    path(
        "help/<slug:brand>/<str:language>/<str:slug>/vote/",
        votes.vote,
        name="helpcenter_vote",
    ),
]
