"""Articles to suggest in the reply box of a ticket.

The search index wants every query word to match, which a whole customer message never
does; so the ticket's subject and latest customer message are cut into a few telling words
(no stop words, no numbers) and each word is searched on its own. Articles in the customer's
language come first; then articles are ranked by the words they match (a word found in few
articles counts more than one found in many), then by score. Each is shown in the customer's
language when it is published in it, else in its default language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri

from sevai.brands.models import Brand
from sevai.kb.markdown import markdown_to_plain
from sevai.kb.models import Article, ArticleTranslation
from sevai.kb.queries import Shown, translation_for, with_translations
from sevai.search.articles import search_articles
from sevai.tickets.models import Message, Ticket

MAX_WORDS = 6
MIN_WORD_CHARS = 3
STOP_TEXT = {  # words too common to tell articles apart
    "english": (
        "the and for are but not you your yours with have has had this that there their from what "
        "when where which will would could should can can't cannot please thanks thank hello dear "
        "about into been being was were they them then than also just still yet very much any "
        "some more most our ours out get got today yesterday tomorrow now need want know "
    ),
    "tagalog": (
        "ang ng mga sa na po ko mo ako ikaw siya kami kayo sila ito iyan iyon yung yun pa rin din "
        "lang naman kasi para may wala hindi oo opo salamat paano bakit kailan saan ano nang "
        "pero nga naka nag mag si ni kay sana talaga "
    ),
    "tamil": (
        "நான் என் எனக்கு நீங்கள் உங்கள் இது அது இந்த அந்த மற்றும் ஆனால் இன்னும் ஏன் எப்படி "
        "எங்கே எப்போது வணக்கம் நன்றி தயவுசெய்து "
    ),
    "armenian": (
        "եմ ես է են էր իմ իմը մեր ձեր դուք նա այս այդ այն և բայց ու որ թե ինչ ինչու ինչպես որտեղ "
        "երբ դեռ արդեն խնդրում բարև շնորհակալություն"
    ),
}
STOP_WORDS = frozenset(word for text in STOP_TEXT.values() for word in text.split())
MAX_SUGGESTIONS = 5
SEARCH_LIMIT = 20  # hits per word


@dataclass(frozen=True)
class Suggestion:
    shown: Shown
    url: str  # the public address of the article in the help center
    text: str  # the article as plain text, to insert into a reply


def _words(text: str) -> list[str]:
    """Words of any script (letters and combining marks), lowercased, in order."""
    words, current = [], []
    for char in unicodedata.normalize("NFC", text).lower() + " ":
        if unicodedata.category(char)[0] in "LM":
            current.append(char)
        else:
            if current:
                words.append("".join(current))
            current = []
    return words


def keywords(*texts: str, limit: int = MAX_WORDS) -> list[str]:
    """The telling words of the texts: not stop words, at least three letters, first seen
    first (the subject is passed first, so its words win)."""
    seen: list[str] = []
    for text in texts:
        for word in _words(text):
            if len(word) >= MIN_WORD_CHARS and word not in STOP_WORDS and word not in seen:
                seen.append(word)
    return seen[:limit]


def ticket_query_words(ticket: Ticket) -> list[str]:
    latest = (
        ticket.messages.filter(kind=Message.Kind.CUSTOMER)
        .order_by("-created_at", "-id")
        .values_list("body", flat=True)
        .first()
    )
    return keywords(ticket.subject, latest or "")


def public_url(translation: ArticleTranslation, brand: Brand | None) -> str:
    """The help-center address of a translation. The help center serves it at
    /help/<brand>/<language>/<slug>/ (URL name `helpcenter_article`)."""
    brand_slug = brand.slug if brand else "support"
    kwargs = {"brand": brand_slug, "language": translation.language, "slug": translation.slug}
    try:
        path = reverse("helpcenter_article", kwargs=kwargs)
    except NoReverseMatch:
        path = iri_to_uri(f"/help/{brand_slug}/{translation.language}/{translation.slug}/")
    return f"{settings.BASE_URL}{path}"


def suggestions_for(
    ticket: Ticket, *, limit: int = MAX_SUGGESTIONS, brand: Brand | None = None
) -> list[Suggestion]:
    """Up to `limit` published articles for the ticket (brand: for shared articles' links;
    default: the default brand)."""
    language = ticket.language or settings.LANGUAGE_CODE
    # article id -> [in the customer's language, weight of the words matched, score]
    matched: dict[int, list[float]] = {}
    for word in ticket_query_words(ticket):
        best: dict[int, float] = {}
        for hit in search_articles(word, language=language, limit=SEARCH_LIMIT):
            best[hit.article_id] = max(best.get(hit.article_id, 0.0), hit.score)
            entry = matched.setdefault(hit.article_id, [0.0, 0.0, 0.0])
            entry[0] = max(entry[0], 1.0 if hit.language == language else 0.0)
        for article_id, score in best.items():
            matched[article_id][1] += 1 / len(best)  # a word that every article has tells little
            matched[article_id][2] += score
    ranked = sorted(matched, key=lambda a: ([-v for v in matched[a]], a))
    ids = ranked[: limit * 2]
    articles = {
        a.pk: a
        for a in with_translations(Article.objects.filter(pk__in=ids).select_related("brand"))
    }
    brand = brand or Brand.objects.order_by("-is_default", "pk").first()
    out: list[Suggestion] = []
    for article_id in ids:
        article = articles.get(article_id)
        shown = translation_for(article, language) if article else None
        if shown is None:
            continue
        t = shown.translation
        text = f"{t.title}\n\n{markdown_to_plain(t.body_markdown)}"
        out.append(Suggestion(shown, public_url(t, shown.article.brand or brand), text))
    return out[:limit]
