from django.urls import path

from sevai.chat import views

urlpatterns = [
    path("settings/chat/", views.widget_list, name="chat_widgets"),
]
