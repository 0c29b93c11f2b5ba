from django.urls import path

from sevai.chat.views import admin, public

urlpatterns = [
    path("settings/chat/", admin.widget_list, name="chat_widgets"),
    path("settings/chat/<int:widget_id>/", admin.widget_edit, name="chat_widget"),
    path(
        "settings/chat/<int:widget_id>/rotate/",
        admin.widget_rotate_secret,
        name="chat_widget_rotate",
    ),
    path("chat/widget.js", public.script, name="chat_widget_script"),
    path("chat/api/<str:key>/config", public.config, name="chat_config"),
    path("chat/api/<str:key>/session", public.session, name="chat_session"),
    path("chat/api/<str:key>/identify", public.identify, name="chat_identify"),
    path("chat/api/<str:key>/upload", public.upload, name="chat_upload"),
    path("chat/files/<str:signed>/", public.file, name="chat_file"),
]
