from django.urls import URLPattern, URLResolver, path

from sevai.portal import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("portal/", views.home, name="portal_home"),
    path("portal/sent/", views.link_sent, name="portal_link_sent"),
    path("portal/login/<str:token>/", views.link, name="portal_link"),
    path("portal/sign-out/", views.sign_out, name="portal_sign_out"),
    path("portal/requests/", views.request_list, name="portal_requests"),
    path("portal/requests/new/", views.new_request, name="portal_new"),
    path("portal/requests/<int:number>/", views.request_detail, name="portal_request"),
    path("portal/requests/<int:number>/reply/", views.reply, name="portal_reply"),
    path("portal/requests/<int:number>/solve/", views.solve, name="portal_solve"),
    path(
        "portal/requests/<int:number>/assistant/<int:turn_id>/",
        views.assistant_feedback,
        name="portal_assistant_feedback",
    ),
    path(
        "portal/requests/<int:number>/files/<int:attachment_id>/",
        views.download,
        name="portal_file",
    ),
]
