"""Portal views: signing in with a mailed link (signin), and the customer's requests."""

from sevai.portal.views.requests import (
    assistant_feedback,
    download,
    new_request,
    reply,
    request_detail,
    request_list,
    solve,
)
from sevai.portal.views.signin import home, link, link_sent, sign_out

__all__ = [
    "assistant_feedback",
    "download",
    "home",
    "link",
    "link_sent",
    "new_request",
    "reply",
    "request_detail",
    "request_list",
    "sign_out",
    "solve",
]
