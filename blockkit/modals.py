"""Modals: connect, book, cancel/decline reason, reschedule, loading and result views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.text import context, escape, mrkdwn, plain, section, sentence
from blockkit.text import when as slack_date
from calcom.models import Booking, EventType
from i18n import ENGLISH, Translator


def _modal(callback_id: str, title: str, blocks: list[dict[str, Any]], *, submit: str | None,
           close: str = "Cancel", metadata: str = "") -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal", "callback_id": callback_id, "title": plain(title[:24]),
        "close": plain(close), "blocks": blocks, "private_metadata": metadata,
    }
    if submit:
        view["submit"] = plain(submit)
    return view


def _problem(text: str) -> dict[str, Any]:
    """What went wrong, above the form; dropped again by `with_preview` once a time reads."""
    return section(f":warning: {sentence(text)}", block_id=ids.FORM_PROBLEM)


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
           hint: str | None = None, dispatch: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label),
                             "element": {**element, "action_id": block_id},
                             "optional": optional}
    if hint:
        block["hint"] = plain(hint)
    if dispatch:
        block["dispatch_action"] = True
    return block


def _text(initial: str | None = None, placeholder: str | None = None,
          multiline: bool = False, dispatch_on_enter: bool = False,
          dispatch_on_typing: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder)
    if dispatch_on_enter or dispatch_on_typing:
        element["dispatch_action_config"] = {"trigger_actions_on": (
            ["on_enter_pressed", "on_character_entered"] if dispatch_on_typing
            else ["on_enter_pressed"])}
    return element


def loading(title: str, what: str | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    """Opened at once (a trigger_id dies after 3 s), then updated when Cal.com answers.
    `title` and `what` come already translated; `what` defaults to "Talking to Cal.com…"."""
    what = what or t("Talking to Cal.com…")
    return _modal(ids.LOADING_VIEW, title, [section(f":hourglass_flowing_sand: {what}")],
                  submit=None, close=t("Close"))


def message(title: str, text: str, t: Translator = ENGLISH) -> dict[str, Any]:
    """A modal that only says something (a result, or what went wrong and what to do)."""
    return _modal(ids.LOADING_VIEW, title, [section(text)], submit=None, close=t("Close"))


def outcome(title: str, message: dict[str, Any], t: Translator = ENGLISH) -> dict[str, Any]:
    """A closing modal that shows the same blocks as a result message (booked, cancelled…)."""
    return _modal(ids.LOADING_VIEW, title, list(message["blocks"]), submit=None,
                  close=t("Close"))


def connect(*, masked_key: str | None = None, api_url: str | None = None,
            problem: str | None = None, metadata: str = "",
            t: Translator = ENGLISH) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [section(t(
        "Paste a Cal.com API key (Cal.com → Settings → Developer → API keys). calbot acts "
        "with it on your bookings only; it's stored encrypted and never shown again."))]
    if masked_key:
        blocks.append(context(t("Connected now with `{key}` — a new key replaces it.",
                                key=masked_key)))
    if problem:
        blocks.append(_problem(problem))
    blocks.append(_input(ids.API_KEY, t("Cal.com API key"), _text(placeholder="cal_live_…")))
    blocks.append(_input(
        ids.API_URL, t("Self-hosted Cal.com API URL"),
        _text(api_url, "https://cal.example.com"), optional=True,
        hint=t("Leave empty for cal.com.")))
    return _modal(ids.CONNECT_VIEW, t("Connect Cal.com"), blocks, submit=t("Connect"),
                  close=t.ctx("close a modal", "Cancel"), metadata=metadata)


def connected(email: str, masked_key: str, t: Translator = ENGLISH) -> dict[str, Any]:
    return message(t("Connected"), t(":white_check_mark: Connected as *{email}* with "
                                     "`{key}`. Try `/cal book` or `/cal list`.",
                                     email=escape(email), key=masked_key), t)


def event_type_option(event_type: EventType) -> dict[str, Any]:
    label = f"{event_type.title} ({event_type.length} min)"
    return {"text": plain(label[:75]), "value": str(event_type.id)}


def book(types: list[EventType], *, metadata: str, event_type_id: int | None = None,
         when: str | None = None, preview: str | None = None, attendee_name: str | None = None,
         attendee_email: str | None = None, guests: str | None = None, notes: str | None = None,
         problem: str | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    """The booking modal. `preview` is the parsed time in the user's zone, shown before booking."""
    options = [event_type_option(t) for t in types[:100]]
    select: dict[str, Any] = {"type": "static_select", "options": options,
                              "placeholder": plain(t("Pick an event type"))}
    chosen = next((o for o in options if o["value"] == str(event_type_id)), None)
    if chosen:
        select["initial_option"] = chosen
    blocks: list[dict[str, Any]] = []
    if problem:
        blocks.append(_problem(problem))
    blocks.append(_input(ids.EVENT_TYPE, t("Event type"), select))
    blocks.append(_input(ids.WHEN, t("When"),
                         _text(when, t("tomorrow 3pm"), dispatch_on_typing=True),
                         hint=t("Plain language, in your time zone. Its reading shows below as "
                                "you type."), dispatch=True))
    shown = (f":calendar: *{escape(preview)}*" if preview
             else t("_Type a time to see it in your zone._"))
    blocks.append({"type": "context", "block_id": ids.WHEN_PREVIEW, "elements": [mrkdwn(shown)]})
    blocks.append(_input(ids.ATTENDEE_NAME, t("Attendee name"),
                         _text(attendee_name, "Jane Doe"), optional=True,
                         hint=t("Leave empty to use the email's name.")))
    blocks.append(_input(ids.ATTENDEE_EMAIL, t("Attendee email"),
                         _text(attendee_email, "jane@example.com")))
    blocks.append(_input(ids.GUESTS, t("Guests"),
                         _text(guests, "bob@example.com, eve@example.com"), optional=True))
    blocks.append(_input(ids.NOTES, t("Notes"), _text(notes, multiline=True), optional=True))
    # Until a time reads, the button says what pressing it does: check the time first.
    return _modal(ids.BOOK_VIEW, t("Book a meeting"), blocks,
                  submit=t("Book") if preview else t("Check time"),
                  close=t.ctx("close a modal", "Cancel"), metadata=metadata)


def reason(callback_id: str, booking: Booking | None, uid: str, *, metadata: str,
           required: bool, t: Translator = ENGLISH) -> dict[str, Any]:
    """Cancel (reason required by Cal.com for hosts) or decline (reason optional)."""
    cancelling = callback_id == ids.CANCEL_VIEW
    if booking:
        what = {"title": escape(booking.title), "when": slack_date(booking.start, t=t)}
        question = (t("Cancel *{title}* on {when}?", **what) if cancelling
                    else t("Decline *{title}* on {when}?", **what))
    else:
        shown_uid = escape(uid, 80)
        question = (t("Cancel `{uid}`?", uid=shown_uid) if cancelling
                    else t("Decline `{uid}`?", uid=shown_uid))
    blocks = [section(question),
              _input(ids.REASON, t("Reason"), _text(multiline=True,
                     placeholder=t("Shared with the attendees")), optional=not required)]
    title = t("Cancel booking") if cancelling else t("Decline booking")
    return _modal(callback_id, title, blocks, submit=t("Cancel") if cancelling else t("Decline"),
                  metadata=metadata, close=t("Back"))


def reschedule(booking_title: str, *, metadata: str, when: str | None = None,
               preview: str | None = None, problem: str | None = None,
               current: datetime | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    title = escape(booking_title)
    question = (t("Move *{title}* (now {when}) to:", title=title,
                  when=slack_date(current, t=t)) if current
                else t("Move *{title}* to:", title=title))
    blocks: list[dict[str, Any]] = [section(question)]
    if problem:
        blocks.append(_problem(problem))
    blocks.append(_input(ids.WHEN, t("New time"), _text(when, t("friday 10am"),
                                                        dispatch_on_enter=True), dispatch=True))
    shown = (f":calendar: *{escape(preview)}*" if preview
             else t("_Type a time and press Enter to see it in your zone._"))
    blocks.append({"type": "context", "block_id": ids.WHEN_PREVIEW, "elements": [mrkdwn(shown)]})
    return _modal(ids.RESCHEDULE_VIEW, t("Reschedule"), blocks, submit=t("Reschedule"),
                  close=t.ctx("close a modal", "Cancel"), metadata=metadata)


def with_preview(view: dict[str, Any], shown: str | None, problem: str | None,
                 when_text: str, metadata: str, *, submit: str | None = None,
                 t: Translator = ENGLISH) -> dict[str, Any]:
    """The same modal with its time preview line replaced (after Enter in the "when" field)."""
    line = (f":calendar: *{escape(shown)}*" if shown
            else f":warning: {sentence(problem or t('I could not read that time.'))}")
    blocks = [
        {"type": "context", "block_id": ids.WHEN_PREVIEW, "elements": [mrkdwn(line)]}
        if block.get("block_id") == ids.WHEN_PREVIEW else block
        for block in view.get("blocks", [])
        if not (shown and block.get("block_id") == ids.FORM_PROBLEM)
    ]
    keep = ("type", "callback_id", "title", "submit", "close", "clear_on_close",
            "notify_on_close", "external_id")
    fresh = {k: view[k] for k in keep if k in view}
    if submit:
        fresh["submit"] = plain(submit)
    return {**fresh, "blocks": blocks, "private_metadata": metadata}
