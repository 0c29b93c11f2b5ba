"""The widget's words, translated on the server in the visitor's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sevai.chat.models import ChatWidget


def widget_strings(widget: ChatWidget) -> dict[str, str]:
    team = widget.team_name or widget.brand.name
    return {
        "open": _("Chat with us"),
        "close": _("Close chat"),
        "title": team,
        "greeting": widget.greeting or _("Hi! How can we help you today?"),
        "placeholder": _("Write a message…"),
        "send": _("Send"),
        "attach": _("Attach a file"),
        "you": _("You"),
        "agent": _("Support"),
        "typing": _("%(team)s is typing…") % {"team": team},
        "seen": _("Seen"),
        "sending": _("Sending…"),
        "failed": _("Not sent yet: we will retry when you are back online."),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "name": _("Your name"),
        "email": _("Your email address"),
        "start": _("Start chatting"),
        "skip": _("Skip"),
        "prechat": _("Tell us who you are, so we can answer you even if you leave."),
        "offline": widget.offline_expectation
        or _("No one is available right now. We usually answer within a few hours."),
        "offline_email": _("Leave your email address and we will answer you by email."),
        "email_saved": _("Thanks! We will answer you at %(email)s."),
        "save_email": _("Send me the answer by email"),
        "messages": _("Chat messages"),
        "too_long": _("This message is too long."),
        "rate_limited": _("You are sending messages too quickly. Please wait a moment."),
        "assistant": _("Virtual assistant"),
        "other_language": _("This article is not available in your language yet."),
        "ask": _("Did this answer your question?"),
        "yes": _("Yes"),
        "no": _("No, talk to a person"),
        "solved": _("Glad it helped! We marked your question as solved."),
        "not_solved": _("Thanks for telling us. A person will take over."),
    }
