from django.urls import URLPattern, path

from sevai.triage import views

urlpatterns: list[URLPattern] = [
    path("triage/tickets/<int:number>/", views.ticket_card, name="triage_ticket"),
    path("triage/tickets/<int:number>/correct/", views.ticket_correct, name="triage_correct"),
]
