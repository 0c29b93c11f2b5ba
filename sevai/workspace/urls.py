from django.urls import path
from django.views.generic import RedirectView

from sevai.workspace.views import customers, inbox, notifications, search, ticket

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inbox"), name="home"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/bulk/", inbox.bulk_update, name="inbox_bulk"),
    path("inbox/views/", inbox.save_view, name="save_view"),
    path("inbox/views/<int:pk>/delete/", inbox.delete_view, name="delete_view"),
    path("tickets/<int:number>/", ticket.ticket_detail, name="ticket"),
    path("tickets/<int:number>/compose/", ticket.compose, name="ticket_compose"),
    path("tickets/<int:number>/properties/", ticket.update_properties, name="ticket_properties"),
    path("tickets/<int:number>/assign-to-me/", ticket.assign_to_me, name="ticket_assign_me"),
    path("tickets/<int:number>/solve/", ticket.solve, name="ticket_solve"),
    path("tickets/<int:number>/merge/", ticket.merge, name="ticket_merge"),
    path("tickets/<int:number>/links/", ticket.link, name="ticket_link"),
    path("tickets/<int:number>/links/<int:other>/delete/", ticket.unlink, name="ticket_unlink"),
    path("customers/", customers.customer_list, name="customers"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer"),
    path("customers/<int:pk>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<int:pk>/identities/", customers.identity_add, name="identity_add"),
    path(
        "customers/<int:pk>/identities/<int:identity_id>/delete/",
        customers.identity_remove,
        name="identity_remove",
    ),
    path("customers/<int:pk>/merge/", customers.customer_merge, name="customer_merge"),
    path("organizations/", customers.organization_list, name="organizations"),
    path("organizations/<int:pk>/", customers.organization_detail, name="organization"),
    path("search/", search.search, name="search"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
]
