from django.urls import URLPattern, path

from sevai.assistant.admin import conversations, views

urlpatterns: list[URLPattern] = [
    path("settings/assistant/", views.assistant_settings_page, name="assistant_settings"),
    path("assistant/", conversations.turn_list, name="assistant_turns"),
    path("assistant/turns/<int:turn_id>/", conversations.turn_detail, name="assistant_turn"),
    path(
        "assistant/turns/<int:turn_id>/correct/",
        conversations.turn_correct,
        name="assistant_turn_correct",
    ),
    path(
        "assistant/corrections/<int:correction_id>/delete/",
        conversations.correction_delete,
        name="assistant_correction_delete",
    ),
    path(
        "assistant/tickets/<int:number>/card/",
        conversations.ticket_card,
        name="assistant_ticket_card",
    ),
]
