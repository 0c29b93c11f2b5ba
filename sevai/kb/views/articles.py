"""The article list, an article's page, new articles and article settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sevai.kb.actions import articles as actions
from sevai.kb.content import clean_language, language_choices
from sevai.kb.forms import ArticleFilterForm, ArticleForm, ArticleSettingsForm
from sevai.kb.models import Article
from sevai.kb.permissions import can_edit
from sevai.kb.queries import (
    article_for,
    article_list,
    languages_in_use,
    translation_for,
    vote_comments,
)
from sevai.kb.views.common import SECTION, editor_required, error_text, kb_user
from sevai.lib.cursor import InvalidCursor
from sevai.search.articles import search_articles

PAGE_SIZE = 50
MAX_SEARCH_HITS = 100


def agent_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@login_required
def article_index(request: HttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None, languages=languages_in_use())
    filters = form.cleaned_data if form.is_valid() else {}
    search_ids = None
    if filters.get("q"):
        hits = search_articles(
            filters["q"], published_only=False, language=agent_language(), limit=MAX_SEARCH_HITS
        )
        search_ids = list(dict.fromkeys(hit.article_id for hit in hits))
    page = Paginator(article_list(filters, search_ids=search_ids), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    language = agent_language()
    rows = [(article, translation_for(article, language, published_only=False)) for article in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "kb/list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can_edit(kb_user(request)),
            "section": SECTION,
        },
    )


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    translations = list(article.translations.all())
    have = {t.language for t in translations}
    try:
        reader_language = clean_language(request.GET.get("lang") or article.default_language)
    except ValidationError:
        reader_language = article.default_language
    missing = [(code, name) for code, name in language_choices() if code not in have]
    settings_form = ArticleSettingsForm(
        initial={
            "category": article.category_id,
            "section": article.section_id,
            "tags": ", ".join(t.name for t in article.tags.all()),
            "default_language": article.default_language,
        },
        languages=sorted(have),
    )
    return render(
        request,
        "kb/article.html",
        {
            "article": article,
            "translations": translations,
            "missing": missing,
            "reader_language": reader_language,
            "reader_choices": language_choices(sorted(have)),
            "shown": translation_for(article, reader_language),
            "comments": vote_comments(article.pk),
            "settings_form": settings_form,
            "can_edit": can_edit(kb_user(request)),
            "section": SECTION,
        },
    )


@login_required
def article_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """Readers' comments after ?cursor=: more list items for the article page's "Show more"
    (htmx), or a page of their own without JavaScript."""
    try:
        comments = vote_comments(pk, cursor=request.GET.get("cursor"))
    except InvalidCursor:  # an edited address: start again from the newest
        comments = vote_comments(pk)
    context = {"comments": comments, "article_id": pk, "section": SECTION}
    if getattr(request, "htmx", False):
        get_object_or_404(Article, pk=pk)
        return render(request, "kb/partials/comments.html", context)
    article = article_for(pk)
    shown = translation_for(article, article.default_language, published_only=False)
    return render(request, "kb/comments.html", context | {"article": article, "shown": shown})


@editor_required
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(
        request.POST or None,
        initial={"language": request.GET.get("language") or settings.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category, section = form.place()
        try:
            created = actions.create_article(
                actor=kb_user(request),
                language=data["language"],
                title=data["title"],
                body_markdown=data["body_markdown"],
                slug=data["slug"],
                status=data["status"],
                brand=data["brand"],
                category=category,
                section=section,
                tags=form.tag_names(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Article created."))
            return redirect("kb_article", pk=created.article_id)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "language_options": language_choices(), "section": SECTION}
    return render(request, "kb/new.html", context, status=status)


@editor_required
@require_POST
def article_settings(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    languages = [t.language for t in article.translations.all()]
    form = ArticleSettingsForm(request.POST, languages=languages)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("kb_article", pk=pk)
    category, section = form.place()
    try:
        actions.update_article(
            article,
            actor=kb_user(request),
            category=category,
            section=section,
            tags=form.tag_names(),
            default_language=form.cleaned_data["default_language"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("kb_article", pk=pk)


@editor_required
@require_POST
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_article(article_for(pk), actor=kb_user(request))
    messages.success(request, _("Article deleted."))
    return redirect("kb_articles")
