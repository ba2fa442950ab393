"""The phrase library (list, create, edit with live preview, duplicate, archive, copy) and the
composer that fills a phrase for a request in the inbox."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import TeamRequest, get_in_team, require_write, team_required
from config.params import clean_message, parse_int, shown_params
from config.responses import htmx_or_redirect
from network.inbox.pages import render_inbox
from network.inbox.selectors import get_connection_request, get_connection_request_rw
from network.models import LANGUAGES, ConnectionRequest, IllegalTransition
from network.recognition.selectors import possible_matches
from replies.models import Intent, Phrase, templates_for
from replies.phrases import PLACEHOLDERS, fill, problems, sender_values, values_for
from replies.services import message_send, reply_record


class PhraseForm(forms.ModelForm):
    shared = forms.BooleanField(
        label=gettext_lazy("Shared with the team"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Untick to keep this phrase for yourself."),
    )

    class Meta:
        model = Phrase
        fields = ["title", "intent", "language", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 9})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["shared"].initial = self.instance.owner_id is None


def get_phrase(request: TeamRequest, pk: int) -> Phrase:
    """A phrase of the team that the member may see: shared, or their own (else 404)."""
    return get_in_team(
        request, Phrase.objects.filter(Q(owner__isnull=True) | Q(owner=request.user)), pk=pk
    )


def get_phrase_rw(request: TeamRequest, pk: int, *, post: bool = True) -> Phrase:
    phrase = get_phrase(request, pk)
    require_write(request, post=post)
    return phrase


SAMPLE = {
    "first_name": "Marie",
    "last_name": "Lefebvre",
    "full_name": "Marie Lefebvre",
    "network": "LinkedIn",
    "company": "Acme Distribution",
}


def _sample_values(request: TeamRequest) -> dict[str, str]:
    return {**SAMPLE, **sender_values(request.user, request.team)}


@team_required
def phrase_list(request: TeamRequest) -> HttpResponse:
    params = request.GET
    phrases = Phrase.objects.filter(team=request.team).filter(
        Q(owner__isnull=True) | Q(owner=request.user)
    )
    phrases = phrases.filter(archived_at__isnull=params.get("archived") != "1")
    # Only a value the filter offers reaches the query (a NUL byte would not get that far).
    if (intent := params.get("intent")) in Intent.values:
        phrases = phrases.filter(intent=intent)
    if (language := params.get("language")) in dict(LANGUAGES):
        phrases = phrases.filter(language=language)
    if params.get("scope") == "mine":
        phrases = phrases.filter(owner=request.user)
    elif params.get("scope") == "team":
        phrases = phrases.filter(owner__isnull=True)
    # ``used`` and ``answered`` are counters kept as messages and replies are recorded.
    phrases = phrases.select_related("owner")
    return render(
        request,
        "replies/phrase_list.html",
        {
            "phrases": phrases,
            "intents": Intent.choices,
            "languages": LANGUAGES,
            "params": shown_params(params),
        },
    )


def _phrase_form_page(request: TeamRequest, form: PhraseForm, phrase=None, status=200):
    preview = fill(form["body"].value() or "", _sample_values(request))
    return render(
        request,
        "replies/phrase_form.html",
        {"form": form, "phrase": phrase, "preview": preview, "placeholders": PLACEHOLDERS},
        status=status,
    )


def _save(request: TeamRequest, form: PhraseForm) -> Phrase:
    phrase = form.save(commit=False)
    phrase.team = request.team
    phrase.owner = None if form.cleaned_data["shared"] else request.user
    phrase.created_by = phrase.created_by or request.user
    phrase.save()
    return phrase


@team_required
def phrase_create(request: TeamRequest) -> HttpResponse:
    require_write(request)
    intent = request.GET.get("intent")
    initial = {
        "intent": intent if intent in Intent.values else Intent.ASK_HOW_MET,
        "language": "fr",
    }
    form = PhraseForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            phrase = _save(request, form)
            messages.success(request, _("Phrase “%(title)s” saved.") % {"title": phrase.title})
            return redirect("phrase_list")
        return _phrase_form_page(request, form, status=422)
    return _phrase_form_page(request, form)


@team_required
def phrase_edit(request: TeamRequest, pk: int) -> HttpResponse:
    phrase = get_phrase_rw(request, pk, post=False)
    form = PhraseForm(request.POST or None, instance=phrase)
    if request.method == "POST":
        if form.is_valid():
            _save(request, form)
            messages.success(request, _("Phrase “%(title)s” saved.") % {"title": phrase.title})
            return redirect("phrase_list")
        return _phrase_form_page(request, form, phrase, status=422)
    return _phrase_form_page(request, form, phrase)


@team_required
def phrase_preview(request: TeamRequest) -> HttpResponse:
    """The body as it would read for a sample request (htmx, as the member types)."""
    body = request.POST.get("body", "") if request.method == "POST" else ""
    return render(
        request,
        "replies/phrase_form.html#preview",
        {"preview": fill(body, _sample_values(request)), "problems": problems(body)},
    )


@team_required
def phrase_duplicate(request: TeamRequest, pk: int) -> HttpResponse:
    phrase = get_phrase_rw(request, pk)
    copy = Phrase.objects.create(
        team=request.team,
        owner=phrase.owner,
        title=_("%(title)s (copy)") % {"title": phrase.title},
        intent=phrase.intent,
        language=phrase.language,
        body=phrase.body,
        created_by=request.user,
    )
    messages.success(request, _("Copied; edit it as you like."))
    return redirect("phrase_edit", pk=copy.pk)


@team_required
def phrase_copy_personal(request: TeamRequest, pk: int) -> HttpResponse:
    phrase = get_phrase_rw(request, pk)
    copy = Phrase.objects.create(
        team=request.team,
        owner=request.user,
        title=phrase.title,
        intent=phrase.intent,
        language=phrase.language,
        body=phrase.body,
        created_by=request.user,
    )
    messages.success(request, _("A personal copy is yours to adapt."))
    return redirect("phrase_edit", pk=copy.pk)


@team_required
def phrase_archive(request: TeamRequest, pk: int) -> HttpResponse:
    phrase = get_phrase_rw(request, pk)
    phrase.archived_at = None if phrase.archived_at else timezone.now()
    phrase.save(update_fields=["archived_at", "updated_at"])
    text = _("Phrase archived.") if phrase.archived_at else _("Phrase restored.")
    messages.success(request, text)
    return redirect("phrase_list")


# The composer, inside the inbox's detail pane


def _may_be_known(request: TeamRequest, connection_request: ConnectionRequest) -> bool:
    """Whether recognition suggests anyone for the sender. The request keeps what it found
    (its best match, stored when it arrived and whenever the team's contacts change): it is
    read, not recognised again; only a request not yet recognised runs it."""
    if connection_request.contact_id or connection_request.best_match_id:
        return True
    if connection_request.matched_at is not None:
        return False
    return bool(possible_matches(connection_request, request.user))


def suggest(request: TeamRequest, connection_request: ConnectionRequest, intent: str | None = None):
    """The phrase that fits: "remind me how we met" when someone in the contacts may be the
    sender, "what is the purpose" otherwise; in the request's language first."""
    if intent is None:
        intent = (
            Intent.ASK_HOW_MET if _may_be_known(request, connection_request) else Intent.ASK_PURPOSE
        )
    usable = list(templates_for(request.team, request.user).filter(intent=intent))
    language = connection_request.language or request.user.language or request.LANGUAGE_CODE
    if intent == Intent.FOLLOW_UP:
        # A follow-up speaks the language of the first message, whatever the screen's.
        first = (
            connection_request.messages_sent.exclude(phrase__isnull=True)
            .order_by("sent_at", "pk")
            .values_list("phrase__language", flat=True)
            .first()
        )
        language = first or language
    usable.sort(key=lambda phrase: (phrase.language != language, phrase.owner_id is None))
    return intent, usable


@team_required
def composer(request: TeamRequest, pk: int) -> HttpResponse:
    connection_request = get_connection_request(request, pk)
    chosen_pk = parse_int(request.GET.get("phrase"))
    intent = request.GET.get("intent") or None
    intent, usable = suggest(
        request, connection_request, intent if intent in Intent.values else None
    )
    phrase = None
    if chosen_pk:
        phrase = get_phrase(request, chosen_pk)
        intent = phrase.intent
        _intent, usable = suggest(request, connection_request, intent)
    elif usable:
        phrase = usable[0]
    text = (
        fill(phrase.body, values_for(connection_request, request.user, request.team))
        if phrase
        else ""
    )
    return render(
        request,
        "replies/composer.html",
        {
            "connection_request": connection_request,
            "phrase": phrase,
            "phrases": usable,
            "intent": intent,
            "intents": Intent.choices,
            "text": text,
            "can_write": request.membership.can_write,
        },
    )


@team_required
def composer_send(request: TeamRequest, pk: int) -> HttpResponse:
    connection_request = get_connection_request_rw(request, pk)
    intent = request.POST.get("intent", "")
    phrase_pk = parse_int(request.POST.get("phrase"))
    phrase = get_phrase(request, phrase_pk) if phrase_pk else None
    try:
        if intent not in Intent.values:
            raise ValueError(_("Choose what the message is for."))
        message_send(
            connection_request=connection_request,
            actor=request.user,
            text=clean_message(request.POST.get("text")),
            intent=intent,
            phrase=phrase,
        )
    except (IllegalTransition, ValueError) as error:  # refusals say why; anything else is a bug
        return _answer(request, connection_request, error=error)
    return _answer(
        request,
        connection_request,
        done=_("Message recorded as sent to %(name)s.") % {"name": connection_request.sender_name},
    )


def _answer(
    request: TeamRequest, connection_request, *, done: str = "", error: Exception | None = None
):
    """The inbox again, the request still open, with the outcome as a toast."""
    if error is not None:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return htmx_or_redirect(
        request,
        lambda: render_inbox(
            request,
            selected_pk=connection_request.pk,
            acted=None if error else connection_request,
            status=409 if error else 200,
        ),
        f"{reverse('inbox')}?r={connection_request.pk}",
    )


@team_required
def reply_receive(request: TeamRequest, pk: int) -> HttpResponse:
    connection_request = get_connection_request_rw(request, pk)
    try:
        reply_record(
            connection_request=connection_request,
            actor=request.user,
            text=clean_message(request.POST.get("text")),
        )
    except (IllegalTransition, ValueError) as error:
        return _answer(request, connection_request, error=error)
    return _answer(
        request,
        connection_request,
        done=_("%(name)s's reply recorded.") % {"name": connection_request.sender_name},
    )
