"""Modal submissions: connect, book, cancel, decline, reschedule.

Inline errors can only travel in the acknowledgement, so each submission races its Cal.com call
against Slack's clock (`bot.deadline.race`): answered in time, the ack carries the outcome or the
inline error; too slow, the ack shows a progress view that is updated when Cal.com answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from blockkit import bookings as bk
from blockkit import ids, modals
from blockkit.values import BadValue, FormState
from bot.deadline import race
from bot.hometab import publish_home
from bot.payloads import value_of
from bot.replies import actor, say_privately, services_of, show_outcome
from bot.screens import BOOK_TITLE
from bot.services import Services
from calcom import mask_key
from commands import forms
from commands.errors import user_message
from commands.once import form_key
from i18n import ENGLISH, Translator
from timephrase import TimePhraseError

log = logging.getLogger(__name__)
Body = dict[str, Any]
View = dict[str, Any]
InlineMapper = Callable[[BaseException], forms.InlineErrors | None]


def _finish(ack: Ack, client: WebClient, view_id: str, title: str,
            work: Callable[[], View], services: Services, on_error: InlineMapper,
            form_again: Callable[[str], View] | None = None, t: Translator = ENGLISH) -> bool:
    """Run `work` (returns the result view); ack with it, or with a progress view if slow.

    `on_error` maps an error to inline errors for the ack (None: show a message view). When
    the answer comes too late for inline errors, `form_again(sentence)` shows the form again
    with the sentence on it, so nothing typed is lost. True when the work succeeded. `title`
    comes translated; `t` writes the rest in the user's language.
    """
    try:
        done, view, pending = race(services.work, work)
    except Exception as error:
        inline = on_error(error)
        if inline:
            ack(response_action="errors", errors=inline)
        else:
            ack(response_action="update",
                view=modals.message(title, user_message(error, t), t))
        return False
    if done:
        ack(response_action="update", view=view)
        return True
    ack(response_action="update",
        view=modals.loading(title, t("Still waiting for Cal.com…"), t))
    try:
        late = pending.result()
        succeeded = True
    except Exception as error:
        succeeded = False
        sentence = user_message(error, t)
        fixable = on_error(error) is not None  # a mistake in the form, not an outage
        late = form_again(sentence) if (fixable and form_again) else modals.message(
            title, sentence, t)
    client.views_update(view_id=view_id, view=late)
    return succeeded


def _state(ack: Ack, view: View, services: Services, title: str) -> FormState | None:
    """The form's metadata as calbot signed it; else the form is refused in one sentence and
    nothing is done (None)."""
    try:
        return FormState.decode(view.get("private_metadata"), services.signer)
    except BadValue as error:
        log.warning("refused a form submission: %s", error)
        ack(response_action="update", view=modals.message(title, user_message(error)))
        return None


def _edit_original(services: Services, client: WebClient, team: str, user: str,
                   meta: FormState, outcome: dict[str, Any]) -> None:
    """After the modal closed: the message that held the button shows the outcome too."""
    try:
        show_outcome(services, client, None, team, user, meta, outcome)
    except SlackApiError as error:  # the modal already showed it
        log.info("could not edit the original message (%s)", error.response.get("error"))


def on_connect(ack: Ack, body: Body, view: View, client: WebClient,
               context: BoltContext) -> None:
    services = services_of(context)
    calbot = services.calbot
    team, user = actor(context, body)
    meta = _state(ack, view, services, "Connect Cal.com")
    if meta is None:
        return
    key = (value_of(view, ids.API_KEY) or "").strip()
    url = (value_of(view, ids.API_URL) or "").strip().rstrip("/") or None
    t = services.zones.translator(client, team, user)
    problems = forms.connect_problems(key, url, t)
    if problems:
        ack(response_action="errors", errors=problems)
        return

    def work() -> View:
        me = calbot.connect(team, user, key, url)
        return modals.connected(me.email, mask_key(key), t)

    _finish(ack, client, body["view"]["id"], t("Connect Cal.com"), work, services,
            lambda error: forms.connect_refusal(error, url, t),
            lambda sentence: modals.connect(api_url=url, problem=sentence, t=t), t)
    if calbot.is_connected(team, user):  # after the ack: Slack isn't kept waiting
        calbot.register_webhook(team, user)
        services.notices.connected(team, user)
        if meta.home:
            publish_home(services, client, team, user)


def on_book(ack: Ack, body: Body, view: View, client: WebClient, context: BoltContext) -> None:
    services = services_of(context)
    calbot = services.calbot
    team, user = actor(context, body)
    meta = _state(ack, view, services, "Book a meeting")
    if meta is None:
        return
    zone, locale = services.zones.profile(client, team, user)
    tz = meta.tz or zone
    t = services.zones.translator(client, team, user)
    when = value_of(view, ids.WHEN) or ""
    email = value_of(view, ids.ATTENDEE_EMAIL) or ""
    name = value_of(view, ids.ATTENDEE_NAME) or email.split("@")[0].replace(".", " ").title()
    guests = forms.split_guests(value_of(view, ids.GUESTS))
    event_type = value_of(view, ids.EVENT_TYPE)
    when_error: TimePhraseError | None = None
    try:
        preview = calbot.preview(when, tz, locale)
    except TimePhraseError as error:
        when_error = error
    problems = forms.booking_problems(email, guests, event_type, when_error, t)
    if problems or when_error is not None or event_type is None:
        ack(response_action="errors", errors=problems)
        return
    if meta.p != when:
        # Show the time back before anything is booked: the next press books it.
        ack(response_action="update", view=modals.with_preview(
            view, t("{when} — press Book to confirm", when=preview.shown), None, when,
            meta.replace(p=when, tz=tz).encode(services.signer), submit=t("Book"), t=t))
        return
    result: dict[str, Any] = {}

    form = form_key(team, body["view"]["id"])  # claimed before Cal.com: books once

    def work() -> View:
        made = services.once.book(form, team, user, event_type_id=int(event_type),
                                  start=preview.start, attendee_name=name,
                                  attendee_email=email, attendee_tz=tz, guests=guests,
                                  notes=value_of(view, ids.NOTES))
        result.update(bk.booked(made, t))
        return modals.outcome(t("Booked"), result, t)

    booked = _finish(ack, client, body["view"]["id"], t(BOOK_TITLE), work, services,
                     lambda error: forms.when_refusal(error, t),
                     lambda sentence: modals.with_preview(
                         view, None, sentence, when,
                         meta.replace(p=None).encode(services.signer), t=t), t)
    if booked and meta.home:
        publish_home(services, client, team, user)
    elif booked and meta.r:  # a record in the conversation, once the modal closes
        say_privately(meta.r, result)


def _on_reason(callback_id: str, ack: Ack, body: Body, view: View, client: WebClient,
               context: BoltContext) -> None:
    services = services_of(context)
    calbot = services.calbot
    team, user = actor(context, body)
    meta = _state(ack, view, services, "Booking")
    if meta is None:
        return
    uid = meta.uid or ""
    reason = value_of(view, ids.REASON)
    cancelling = callback_id == ids.CANCEL_VIEW
    t = services.zones.translator(client, team, user)
    problems = forms.reason_problems(reason, required=cancelling, t=t)
    if problems:
        ack(response_action="errors", errors=problems)
        return
    outcome: dict[str, Any] = {}

    def work() -> View:
        if cancelling:
            booking = calbot.cancel(team, user, uid, reason)
            outcome.update(bk.cancelled(uid, booking, reason, t))
        else:
            decided = calbot.decline(team, user, uid, reason)
            outcome.update(bk.decided(decided, "Declined", user, reason, t))
        return modals.outcome(t("Done"), outcome, t)

    _finish(ack, client, body["view"]["id"], t("Booking"), work, services, lambda error: None,
            t=t)
    if outcome:
        _edit_original(services, client, team, user, meta, outcome)


def on_cancel(ack: Ack, body: Body, view: View, client: WebClient,
              context: BoltContext) -> None:
    _on_reason(ids.CANCEL_VIEW, ack, body, view, client, context)


def on_decline(ack: Ack, body: Body, view: View, client: WebClient,
               context: BoltContext) -> None:
    _on_reason(ids.DECLINE_VIEW, ack, body, view, client, context)


def on_reschedule(ack: Ack, body: Body, view: View, client: WebClient,
                  context: BoltContext) -> None:
    services = services_of(context)
    calbot = services.calbot
    team, user = actor(context, body)
    meta = _state(ack, view, services, "Reschedule")
    if meta is None:
        return
    uid = meta.uid or ""
    zone, locale = services.zones.profile(client, team, user)
    tz = meta.tz or zone
    t = services.zones.translator(client, team, user)
    when = value_of(view, ids.WHEN) or ""
    try:
        preview = calbot.preview(when, tz, locale)
    except TimePhraseError as error:
        ack(response_action="errors", errors={ids.WHEN: user_message(error, t)})
        return
    if meta.p != when:
        ack(response_action="update", view=modals.with_preview(
            view, t("{when} — press Reschedule to confirm", when=preview.shown), None, when,
            meta.replace(p=when, tz=tz).encode(services.signer), t=t))
        return
    outcome: dict[str, Any] = {}

    def work() -> View:
        old, new = calbot.reschedule(team, user, uid, when, tz, locale)
        outcome.update(bk.rescheduled(old, new, t))
        return modals.outcome(t("Rescheduled"), outcome, t)

    _finish(ack, client, body["view"]["id"], t("Reschedule"), work, services,
            lambda error: forms.when_refusal(error, t),
            lambda sentence: modals.with_preview(view, None, sentence, when,
                                                 meta.replace(p=None).encode(services.signer),
                                                 t=t), t)
    if outcome and (meta.ts or meta.r):
        _edit_original(services, client, team, user, meta, outcome)
