from django.urls import URLPattern, URLResolver, path

from sevai.contact import settings_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("contact/", views.contact_page, name="contact_default"),
    path("contact/<slug:brand_slug>/", views.contact_page, name="contact"),
    path("contact/<slug:brand_slug>/embed/", views.contact_embed, name="contact_embed"),
    path("contact/<slug:brand_slug>/sent/", views.contact_sent, name="contact_sent"),
    path("settings/contact/", settings_views.category_list, name="contact_categories"),
    path(
        "settings/contact/<int:category_id>/",
        settings_views.category_edit,
        name="contact_category_edit",
    ),
    path(
        "settings/contact/<int:category_id>/delete/",
        settings_views.category_delete,
        name="contact_category_delete",
    ),
]
