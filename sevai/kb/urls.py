from django.urls import URLPattern, URLResolver, path

from sevai.kb.views import articles, editor, taxonomy, tickets

urlpatterns: list[URLPattern | URLResolver] = [
    path("kb/", articles.article_index, name="kb_articles"),
    path("kb/new/", articles.article_new, name="kb_article_new"),
    path("kb/articles/<int:pk>/", articles.article_detail, name="kb_article"),
    path("kb/articles/<int:pk>/comments/", articles.article_comments, name="kb_article_comments"),
    path("kb/articles/<int:pk>/settings/", articles.article_settings, name="kb_article_settings"),
    path("kb/articles/<int:pk>/delete/", articles.article_delete, name="kb_article_delete"),
    path("kb/articles/<int:pk>/translate/", editor.translation_add, name="kb_translation_add"),
    path("kb/translations/<int:pk>/edit/", editor.translation_edit, name="kb_translation_edit"),
    path("kb/translations/<int:pk>/status/", editor.translation_status, name="kb_status"),
    path(
        "kb/translations/<int:pk>/delete/", editor.translation_delete, name="kb_translation_delete"
    ),
    path("kb/translations/<int:pk>/revisions/", editor.revisions, name="kb_revisions"),
    path("kb/revisions/<int:pk>/restore/", editor.revision_restore, name="kb_revision_restore"),
    path("kb/preview/", editor.preview, name="kb_preview"),
    path("kb/categories/", taxonomy.categories, name="kb_categories"),
    path("kb/categories/new/", taxonomy.category_create, name="kb_category_create"),
    path("kb/categories/<int:pk>/", taxonomy.category_update, name="kb_category_update"),
    path("kb/categories/<int:pk>/delete/", taxonomy.category_delete, name="kb_category_delete"),
    path("kb/categories/<int:pk>/sections/", taxonomy.section_create, name="kb_section_create"),
    path("kb/sections/<int:pk>/", taxonomy.section_update, name="kb_section_update"),
    path("kb/sections/<int:pk>/delete/", taxonomy.section_delete, name="kb_section_delete"),
    path("kb/from-ticket/<int:number>/", tickets.from_ticket, name="kb_from_ticket"),
    path("kb/suggest/<int:number>/", tickets.suggest, name="kb_suggest"),
]
