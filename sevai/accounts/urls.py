from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from sevai.accounts import views
from sevai.accounts.login import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", RedirectView.as_view(pattern_name="profile"), name="settings"),
    path("settings/profile/", views.profile, name="profile"),
    path("settings/availability/", views.availability, name="set_availability"),
    path("settings/tokens/", views.api_tokens, name="api_tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_api_token"),
    path("settings/users/", views.admin_users, name="admin_users"),
    path("settings/users/<int:user_id>/", views.admin_user_edit, name="admin_user_edit"),
    path("settings/teams/", views.admin_teams, name="admin_teams"),
]
