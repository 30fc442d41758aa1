"""Modal submissions: connect, book, cancel, decline, reschedule.

Inline errors can only travel in the acknowledgement, so each submission races its Cal.com call
against Slack's clock (`bot.deadline.race`): answered in time, the ack carries the outcome or the
inline error; too slow, the ack shows a progress view that is updated when Cal.com answers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from blockkit import bookings as bk
from blockkit import ids, modals
from bot.deadline import race
from bot.hometab import publish_home
from bot.listeners.actions import show_outcome
from bot.payloads import actor, metadata, read_metadata, value_of
from bot.services import Services
from calcom import errors as cal
from calcom import mask_key
from commands.errors import user_message
from timephrase import TimePhraseError

log = logging.getLogger(__name__)
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _finish(ack: Ack, client: WebClient, view_id: str, title: str,
            work: Callable[[], dict[str, Any]], services: Services,
            on_error: Callable[[BaseException], dict[str, Any] | None],
            form_again: Callable[[str], dict[str, Any]] | None = None) -> bool:
    """Run `work` (returns the result view); ack with it, or with a progress view if slow.

    `on_error` maps an error to an inline-errors dict for the ack (None: show a message view).
    When the answer comes too late for inline errors, `form_again(sentence)` shows the form
    again with the sentence on it, so nothing typed is lost. True when the work succeeded.
    """
    try:
        done, view, pending = race(services.work, work)
    except Exception as error:
        inline = on_error(error)
        if inline:
            ack(response_action="errors", errors=inline)
        else:
            ack(response_action="update", view=modals.message(title, user_message(error)))
        return False
    if done:
        ack(response_action="update", view=view)
        return True
    ack(response_action="update", view=modals.loading(title, "Still waiting for Cal.com…"))
    try:
        late = pending.result()
        succeeded = True
    except Exception as error:
        succeeded = False
        sentence = user_message(error)
        fixable = on_error(error) is not None  # a mistake in the form, not an outage
        late = form_again(sentence) if (fixable and form_again) else modals.message(
            title, sentence)
    client.views_update(view_id=view_id, view=late)
    return succeeded


def _say_privately(response_url: str, message: dict[str, Any]) -> None:
    try:
        WebhookClient(response_url).send(response_type="ephemeral", **message)
    except Exception:  # the modal already showed it
        log.info("could not post the outcome to the conversation", exc_info=True)


def register(app: App, services: Services) -> None:
    calbot = services.calbot

    @app.view(ids.CONNECT_VIEW)
    def on_connect(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
        team, user = actor(context, body)
        key = (value_of(view, ids.API_KEY) or "").strip()
        url = (value_of(view, ids.API_URL) or "").strip().rstrip("/") or None
        if not key or " " in key:
            ack(response_action="errors", errors={ids.API_KEY: "Paste your Cal.com API key — "
                "it starts with cal_ (Cal.com → Settings → Developer → API keys)."})
            return
        if url and not re.match(r"^https?://[^\s/]+", url):
            ack(response_action="errors", errors={ids.API_URL: "That isn't a URL — use the "
                "address of your Cal.com API, like https://cal.example.com, or leave it empty."})
            return

        def work() -> dict[str, Any]:
            me = calbot.connect(team, user, key, url)
            return modals.connected(me.email, mask_key(key))

        def inline(error: BaseException) -> dict[str, Any] | None:
            if isinstance(error, cal.Unauthorized | cal.Forbidden):
                return {ids.API_KEY: "Cal.com didn't accept this key — check you copied all of "
                        "it, or create a new one in Cal.com → Settings → Developer."}
            if url and isinstance(error, cal.Unavailable | cal.NotFound):
                return {ids.API_URL: "I couldn't reach Cal.com's API at this URL — check the "
                        "address, or leave it empty for cal.com."}
            if isinstance(error, cal.CalcomError):
                return {ids.API_KEY: user_message(error)}
            return None

        _finish(ack, client, body["view"]["id"], "Connect Cal.com", work, services, inline,
                lambda sentence: modals.connect(api_url=url, problem=sentence))
        if calbot.is_connected(team, user):  # after the ack: Slack isn't kept waiting
            calbot.register_webhook(team, user)
            services.notices.connected(team, user)
            if read_metadata(view).get("home"):
                publish_home(services, client, team, user)

    @app.view(ids.BOOK_VIEW)
    def on_book(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
        team, user = actor(context, body)
        meta = read_metadata(view)
        tz = meta.get("tz") or services.zones.of(client, team, user)
        when = value_of(view, ids.WHEN) or ""
        email = value_of(view, ids.ATTENDEE_EMAIL) or ""
        name = value_of(view, ids.ATTENDEE_NAME) or email.split("@")[0].replace(".", " ").title()
        guests = tuple(g for g in re.split(r"[\s,;]+", value_of(view, ids.GUESTS) or "") if g)
        errors: dict[str, str] = {}
        if not EMAIL.match(email):
            errors[ids.ATTENDEE_EMAIL] = "Type the attendee's email, like jane@example.com."
        bad = [g for g in guests if not EMAIL.match(g)]
        if bad:
            errors[ids.GUESTS] = f"“{bad[0]}” isn't an email — separate guests with commas."
        event_type = value_of(view, ids.EVENT_TYPE)
        if not event_type:
            errors[ids.EVENT_TYPE] = "Pick an event type."
        try:
            preview = calbot.preview(when, tz)
        except TimePhraseError as error:
            errors[ids.WHEN] = error.message
            preview = None
        if errors or preview is None or event_type is None:
            ack(response_action="errors", errors=errors)
            return
        if meta.get("p") != when:
            # Show the time back before anything is booked: the next press books it.
            meta.update(p=when, tz=tz)
            ack(response_action="update", view=modals.with_preview(
                view, preview.shown + " — press Book to confirm", None, when, metadata(**meta)))
            return

        result: dict[str, Any] = {}

        def work() -> dict[str, Any]:
            made = calbot.book(team, user, event_type_id=int(event_type), start=preview.start,
                               attendee_name=name, attendee_email=email, attendee_tz=tz,
                               guests=guests, notes=value_of(view, ids.NOTES))
            result.update(bk.booked(made))
            return modals.outcome("Booked", result)

        def inline(error: BaseException) -> dict[str, Any] | None:
            if isinstance(error, cal.Rejected):
                return {ids.WHEN: user_message(error)}
            return None

        booked = _finish(ack, client, body["view"]["id"], "Book a meeting", work, services,
                         inline, lambda sentence: modals.with_preview(
                             view, None, sentence, when, metadata(**{**meta, "p": None})))
        if booked and meta.get("home"):
            publish_home(services, client, team, user)
        elif booked and meta.get("r"):  # a record in the conversation, once the modal closes
            _say_privately(meta["r"], result)

    def reason_submission(callback_id: str) -> None:
        @app.view(callback_id)
        def on_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                      context: BoltContext) -> None:
            team, user = actor(context, body)
            meta = read_metadata(view)
            uid = meta.get("uid", "")
            reason = value_of(view, ids.REASON)
            if callback_id == ids.CANCEL_VIEW and not reason:
                ack(response_action="errors",
                    errors={ids.REASON: "Cal.com needs a reason to cancel — say why."})
                return
            outcome: dict[str, Any] = {}

            def work() -> dict[str, Any]:
                calbot.owner_check(team, user, uid)
                if callback_id == ids.CANCEL_VIEW:
                    booking = calbot.cancel(team, user, uid, reason)
                    outcome.update(bk.cancelled(uid, booking, reason))
                else:
                    booking = calbot.decline(team, user, uid, reason)
                    outcome.update(bk.decided(booking, "Declined", user, reason))
                return modals.outcome("Done", outcome)

            _finish(ack, client, body["view"]["id"], "Booking", work, services,
                    lambda error: None)
            if outcome:
                try:
                    show_outcome(services, client, None, team, user, meta, outcome)
                except Exception:
                    log.info("could not edit the original message", exc_info=True)

    reason_submission(ids.CANCEL_VIEW)
    reason_submission(ids.DECLINE_VIEW)

    @app.view(ids.RESCHEDULE_VIEW)
    def on_reschedule(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                      context: BoltContext) -> None:
        team, user = actor(context, body)
        meta = read_metadata(view)
        uid = meta.get("uid", "")
        tz = meta.get("tz") or services.zones.of(client, team, user)
        when = value_of(view, ids.WHEN) or ""
        try:
            preview = calbot.preview(when, tz)
        except TimePhraseError as error:
            ack(response_action="errors", errors={ids.WHEN: error.message})
            return
        if meta.get("p") != when:
            meta.update(p=when, tz=tz)
            ack(response_action="update", view=modals.with_preview(
                view, preview.shown + " — press Reschedule to confirm", None, when,
                metadata(**meta)))
            return
        outcome: dict[str, Any] = {}

        def work() -> dict[str, Any]:
            calbot.owner_check(team, user, uid)
            old, new = calbot.reschedule(team, user, uid, when, tz)
            outcome.update(bk.rescheduled(old, new))
            return modals.outcome("Rescheduled", outcome)

        def inline(error: BaseException) -> dict[str, Any] | None:
            if isinstance(error, cal.Rejected):
                return {ids.WHEN: user_message(error)}
            return None

        _finish(ack, client, body["view"]["id"], "Reschedule", work, services, inline,
                lambda sentence: modals.with_preview(view, None, sentence, when,
                                                     metadata(**{**meta, "p": None})))
        if outcome and (meta.get("ts") or meta.get("r")):
            try:
                show_outcome(services, client, None, team, user, meta, outcome)
            except Exception:
                log.info("could not edit the original message", exc_info=True)
