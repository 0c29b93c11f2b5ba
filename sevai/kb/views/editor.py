"""Editing one language of an article: the editor, its preview, status, revisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sevai.kb.actions import articles as actions
from sevai.kb.content import language_choices
from sevai.kb.diff import diff_revisions
from sevai.kb.forms import NewTranslationForm, TranslationForm
from sevai.kb.models import Revision, Status
from sevai.kb.permissions import can_edit
from sevai.kb.queries import (
    article_for,
    languages_in_use,
    revisions_of,
    translation_for_edit,
)
from sevai.kb.views.common import SECTION, editor_required, error_text, kb_user

MAX_PREVIEW_CHARS = 200_000


@editor_required
def translation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    translation = translation_for_edit(pk)
    form = TranslationForm(
        request.POST or None,
        initial={
            "title": translation.title,
            "slug": translation.slug,
            "body_markdown": translation.body_markdown,
            "status": translation.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_translation(
                translation,
                actor=kb_user(request),
                title=data["title"],
                slug=data["slug"] or translation.slug,
                body_markdown=data["body_markdown"],
                status=data["status"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("kb_article", pk=translation.article_id)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "translation": translation, "section": SECTION}
    return render(request, "kb/edit.html", context, status=status)


@editor_required
def translation_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_for(pk)
    taken = [t.language for t in article.translations.all()]
    form = NewTranslationForm(
        request.POST or None, initial={"language": request.GET.get("language", "")}, taken=taken
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_translation(
                article,
                actor=kb_user(request),
                language=data["language"],
                title=data["title"],
                body_markdown=data["body_markdown"],
                slug=data["slug"],
                status=data["status"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Translation added."))
            return redirect("kb_article", pk=article.pk)
    source = next(
        (t for t in article.translations.all() if t.language == article.default_language), None
    )
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "article": article,
        "source": source,
        "language_options": language_choices(languages_in_use()),
        "section": SECTION,
    }
    return render(request, "kb/translate.html", context, status=status)


@editor_required
@require_POST
def translation_status(request: HttpRequest, pk: int) -> HttpResponse:
    translation = translation_for_edit(pk)
    status = request.POST.get("status", "")
    if status not in Status.values:
        messages.error(request, _("Unknown status."))
    else:
        translation = actions.change_status(translation, status, actor=kb_user(request))
        messages.success(
            request,
            _("%(title)s is now %(status)s.")
            % {"title": translation.title, "status": Status(status).label.lower()},
        )
    return redirect("kb_article", pk=translation.article_id)


@editor_required
@require_POST
def translation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    translation = translation_for_edit(pk)
    article_id = translation.article_id
    whole = translation.language == translation.article.default_language
    actions.delete_translation(translation, actor=kb_user(request))
    messages.success(request, _("Deleted."))
    return redirect("kb_articles") if whole else redirect("kb_article", pk=article_id)


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown of the editor, rendered as readers will see it (htmx)."""
    text = request.POST.get("body_markdown", "")[:MAX_PREVIEW_CHARS]
    return render(request, "kb/partials/preview.html", {"text": text})


@login_required
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    translation = translation_for_edit(pk)
    history = revisions_of(translation)
    by_number = {r.number: r for r in history}
    diff = None
    if len(history) > 1:
        new = by_number.get(_number(request, "new"), history[0])
        old = by_number.get(_number(request, "old"), by_number.get(new.number - 1, history[-1]))
        diff = diff_revisions(old, new)
    return render(
        request,
        "kb/revisions.html",
        {
            "translation": translation,
            "revisions": history,
            "diff": diff,
            "can_edit": can_edit(kb_user(request)),
            "section": SECTION,
        },
    )


def _number(request: HttpRequest, name: str) -> int:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return 0


@editor_required
@require_POST
def revision_restore(request: HttpRequest, pk: int) -> HttpResponse:
    revision = get_object_or_404(Revision.objects.select_related("translation"), pk=pk)
    try:
        actions.restore_revision(revision, actor=kb_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Revision %(number)d restored.") % {"number": revision.number})
    return redirect("kb_revisions", pk=revision.translation_id)
