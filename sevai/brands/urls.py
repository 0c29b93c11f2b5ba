from django.urls import path

from sevai.brands import views

urlpatterns = [
    path("settings/brands/", views.brand_list, name="brands"),
    path("settings/brands/<int:brand_id>/", views.brand_edit, name="brand_edit"),
]
