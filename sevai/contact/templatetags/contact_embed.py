"""The iframe code admins paste into their website to show a brand's contact form."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from sevai.brands.models import Brand

register = template.Library()

EMBED_HEIGHT = 900


@register.simple_tag
def contact_embed_code(brand: Brand) -> str:
    """The <iframe> snippet as text (the template escapes it for display)."""
    url = f"{settings.BASE_URL}{reverse('contact_embed', args=[brand.slug])}"
    title = _("Contact %(brand)s") % {"brand": brand.name}
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" '
        f'height="{EMBED_HEIGHT}" style="border:0;max-width:720px" loading="lazy"></iframe>'
    )
