"""Reading the text after `/cal` into one typed command. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from blockkit.help import subcommand_named

LIST_FILTERS = ("upcoming", "unconfirmed", "past", "cancelled")
NOTIFY_EVENTS = ("created", "cancelled", "rescheduled", "requested")

# Slack escapes what it recognises (the manifest sets should_escape): <#C123|name>, <@U123|name>,
# <mailto:a@b.c|a@b.c>, <https://…|label>.
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
_MAILTO = re.compile(r"<mailto:([^|>]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*")
_UID = re.compile(r"^[A-Za-z0-9_-]{6,}$")


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Unknown:
    word: str


@dataclass(frozen=True)
class Connect:
    pass


@dataclass(frozen=True)
class Disconnect:
    pass


@dataclass(frozen=True)
class Book:
    """Pre-fill for the booking modal; every part optional."""

    event_type: str | None = None
    when: str | None = None
    attendee_email: str | None = None
    attendee_name: str | None = None
    guests: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListBookings:
    status: str = "upcoming"


@dataclass(frozen=True)
class Cancel:
    uid: str | None
    reason: str | None = None


@dataclass(frozen=True)
class Reschedule:
    uid: str | None
    when: str | None = None


@dataclass(frozen=True)
class Pending:
    pass


@dataclass(frozen=True)
class Slots:
    event_type: str | None = None
    day: str | None = None


@dataclass(frozen=True)
class Notify:
    action: str  # "list" | "subscribe" | "off"
    channel: str | None = None
    events: frozenset[str] = field(default_factory=frozenset)
    me: bool = False  # `/cal notify me …`: the user's own DM instead of a channel


@dataclass(frozen=True)
class Agenda:
    action: str  # "show" | "on" | "off"
    at: str | None = None  # 'HH:MM' for "on"


@dataclass(frozen=True)
class Remind:
    action: str  # "show" | "on" | "off"
    minutes: int | None = None


@dataclass(frozen=True)
class Show:
    uid: str | None


@dataclass(frozen=True)
class Location:
    uid: str | None
    where: str | None = None


@dataclass(frozen=True)
class Guests:
    uid: str | None
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoShow:
    uid: str | None
    emails: tuple[str, ...] = ()
    host: bool = False


@dataclass(frozen=True)
class Reassign:
    uid: str | None
    slack_user: str | None = None
    email: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class TeammateSlots:
    """`/cal slots @teammate [event type] [day]` (``rest``: what follows the mention)."""

    teammate: str
    rest: str = ""


@dataclass(frozen=True)
class TeammateBook:
    """`/cal book @teammate [text]`."""

    teammate: str
    rest: str = ""


@dataclass(frozen=True)
class Link:
    event_type: str | None = None


class CommandError(ValueError):
    """The text can't be read; ``message`` is the sentence to show (in English: ``template``
    with ``params`` is its message id, written in the user's language by ``user_message``)."""

    def __init__(self, template: str, **params: str):
        self.template = template
        self.params = params
        self.message = template.format(**params) if params else template
        super().__init__(self.message)


Command = (
    Help | Unknown | Connect | Disconnect | Book | ListBookings | Cancel | Reschedule | Pending
    | Slots | Notify | Show | Location | Guests | NoShow | Reassign | TeammateSlots
    | TeammateBook | Link | Agenda | Remind
)


def unescape(text: str) -> str:
    """Slack's escaped text to plain: mailto links to addresses, &amp; and friends to characters."""
    text = _MAILTO.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<@([UW][A-Z0-9]+)\|([^>]*)>", r"@\2", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parse_command(text: str, event_type_words: frozenset[str] = frozenset()) -> Command:
    """Read `/cal` text. ``event_type_words`` are lowercase slugs known to name event types."""
    text = (text or "").strip()
    if not text:
        return Help()
    word, _, rest = text.partition(" ")
    rest = rest.strip()
    sub = subcommand_named(word)
    name = sub.name if sub else None
    if name is None:
        return Unknown(word.lower())
    if name == "help":
        return Help()
    if name == "connect":
        return Connect()
    if name == "disconnect":
        return Disconnect()
    mention = _MENTION.match(rest)
    if name == "book" and mention:
        return TeammateBook(mention.group(1), rest[mention.end():].strip())
    if name == "book":
        return parse_book(rest, event_type_words)
    if name == "list":
        status = rest.lower() or "upcoming"
        if status not in LIST_FILTERS:
            raise CommandError("`{word}` isn't a list filter — use one of: {filters}.",
                               word=rest, filters=", ".join(LIST_FILTERS))
        return ListBookings(status)
    if name == "cancel":
        uid, _, reason = rest.partition(" ")
        return Cancel(_uid(uid), unescape(reason).strip() or None)
    if name == "reschedule":
        uid, _, when = rest.partition(" ")
        return Reschedule(_uid(uid), unescape(when).strip() or None)
    if name == "pending":
        return Pending()
    if name == "slots" and mention:
        return TeammateSlots(mention.group(1), rest[mention.end():].strip())
    if name == "link":
        return Link(unescape(rest).strip() or None)
    if name == "slots":
        return parse_slots(rest, event_type_words)
    if name == "notify":
        return parse_notify(rest)
    if name in ("show", "location", "guests", "noshow", "reassign"):
        return parse_booking_action(name, rest)
    if name == "agenda":
        return parse_agenda(rest)
    if name == "remind":
        return parse_remind(rest)
    raise AssertionError(f"subcommand {name!r} has no parser")  # SUBCOMMANDS and this agree


def _uid(token: str) -> str | None:
    token = token.strip()
    if not token:
        return None
    if not _UID.match(token):
        raise CommandError(
            "`{token}` doesn't look like a booking uid — copy it from `/cal list`, or run the "
            "command with no uid to pick from a list.", token=token)
    return token


_LONE_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def parse_booking_action(name: str, rest: str) -> Show | Location | Guests | NoShow | Reassign:
    """`show|location|guests|noshow|reassign <booking> …`."""
    token, _, tail = rest.partition(" ")
    uid = _uid(token)
    tail = tail.strip()
    if name == "show":
        return Show(uid)
    if name == "location":
        return Location(uid, unescape(tail).strip() or None)
    words = unescape(tail).replace(",", " ").split()
    if name == "guests":
        return Guests(uid, tuple(words))
    if name == "noshow":
        host = any(w.lower() in ("host", "the-host") for w in words)
        return NoShow(uid, tuple(w for w in words if w.lower() not in ("host", "the-host")),
                      host)
    first, _, reason = tail.partition(" ")
    mention = _LONE_MENTION.match(first)
    if mention:
        return Reassign(uid, slack_user=mention.group(1), reason=reason.strip() or None)
    plain = unescape(first)
    if EMAIL.fullmatch(plain):
        return Reassign(uid, email=plain, reason=reason.strip() or None)
    return Reassign(uid, reason=unescape(tail).strip() or None)


def book_text(text: str) -> str:
    """The pre-fill part of `/cal book …` text (the text itself when it has no subcommand)."""
    word, _, rest = (text or "").strip().partition(" ")
    sub = subcommand_named(word)
    return rest if sub is not None and sub.name == "book" else text


def parse_book(text: str, event_type_words: frozenset[str] = frozenset()) -> Book:
    """`30min tomorrow 3pm with Jane Doe jane@example.com, bob@example.com`."""
    text = unescape(text).strip()
    if not text:
        return Book()
    emails = EMAIL.findall(text)
    attendee_email = emails[0] if emails else None
    guests = tuple(emails[1:])
    attendee_name = None
    when_part = text
    match = re.search(r"\bwith\b(.*)$", text, flags=re.IGNORECASE)
    if match:
        when_part = text[: match.start()]
        who = EMAIL.sub(" ", match.group(1))
        who = re.sub(r"[<>(),;]|\band\b", " ", who)
        who = " ".join(who.split())
        attendee_name = who or None
    else:
        when_part = EMAIL.sub(" ", text)
    words = when_part.split()
    event_type = None
    if words and (words[0].lower() in event_type_words or re.fullmatch(r"\d+\s*min", words[0])):
        event_type = words.pop(0)
    when = " ".join(words).strip(" ,") or None
    return Book(event_type, when, attendee_email, attendee_name, guests)


def parse_slots(text: str, event_type_words: frozenset[str] = frozenset()) -> Slots:
    """`[event type] [day]`: a first word that names an event type is it; the rest is the day."""
    words = unescape(text).split()
    if not words:
        return Slots()
    if words[0].lower() in event_type_words or re.fullmatch(r"\d+\s*min", words[0].lower()):
        return Slots(words[0], " ".join(words[1:]) or None)
    if not event_type_words and len(words) > 1 and not _looks_like_day(words[0]):
        return Slots(words[0], " ".join(words[1:]))
    if _looks_like_day(" ".join(words)):
        return Slots(None, " ".join(words))
    return Slots(words[0], " ".join(words[1:]) or None)


_DAY_WORDS = re.compile(
    r"^(today|tod|tomorrow|tmrw?|tmr|tommorow|mon|tue|wed|thu|fri|sat|sun|next|this|\d|jan|feb|mar"
    r"|apr|may|jun|jul|aug|sep|oct|nov|dec|in\b)",
    re.IGNORECASE,
)


def _looks_like_day(text: str) -> bool:
    return bool(_DAY_WORDS.match(text.strip()))


def parse_notify(text: str) -> Notify:
    words = text.split()
    if not words:
        return Notify("list")
    action = "subscribe"
    if words[0].lower() in ("off", "stop", "remove"):
        action = "off"
        words = words[1:]
    channel = None
    me = False
    events: set[str] = set()
    for word in words:
        if word.lower() in ("me", "dm", "@me"):
            me = True
            continue
        found = _CHANNEL.fullmatch(word)
        if found:
            channel = found.group(1)
            continue
        if word.startswith("#"):
            raise CommandError(
                "I can't tell which channel `{word}` is — pick it from Slack's autocomplete as "
                "you type `#` so it turns into a link, then send the command again.", word=word)
        for event in word.lower().replace(",", " ").split():
            event = {"cancellations": "cancelled", "cancel": "cancelled", "canceled": "cancelled",
                     "created": "created", "new": "created", "rescheduled": "rescheduled",
                     "reschedule": "rescheduled", "requested": "requested", "request": "requested",
                     "all": "all"}.get(event, event)
            if event == "all":
                events.update(NOTIFY_EVENTS)
            elif event in NOTIFY_EVENTS:
                events.add(event)
            else:
                raise CommandError(
                    "`{event}` isn't an event I can post — use any of: {events} (e.g. "
                    "`/cal notify #team cancelled,rescheduled`).", event=event,
                    events=", ".join(NOTIFY_EVENTS))
    if me and channel is not None:
        raise CommandError("Your DM or a channel, not both — try `/cal notify me` or "
                           "`/cal notify #team`.")
    if me:
        if action == "subscribe" and not events:
            events = {"cancelled"}
        return Notify(action, None, frozenset(events), me=True)
    if action == "subscribe" and channel is None:
        raise CommandError(
            "Which channel? Try `/cal notify #team` (cancellations) or "
            "`/cal notify #team created,cancelled`."
        )
    if action == "subscribe" and not events:
        events = {"cancelled"}
    return Notify(action, channel, frozenset(events))


# ---- your day ------------------------------------------------------------------------------

DEFAULT_AGENDA_AT = "08:30"
DEFAULT_REMIND_MIN = 10
MAX_REMIND_MIN = 24 * 60
_HHMM = re.compile(r"^([01]?\d|2[0-3])(?:[:.h]([0-5]\d))?$")


def read_clock_time(text: str) -> str:
    """'8:30', '08:30', '9', '17h15', '9am', '5:30pm' → 'HH:MM'."""
    raw = text.strip().lower().replace(" ", "")
    suffix = None
    for mark in ("am", "pm"):
        if raw.endswith(mark):
            suffix, raw = mark, raw[:-2]
    found = _HHMM.match(raw)
    if not found:
        raise CommandError(f"`{text}` isn't a time of day — try `/cal agenda on 08:30`.")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if suffix is not None:
        if not 1 <= hour <= 12:
            raise CommandError(f"`{text}` isn't a time of day — try `8:30am` or `17:00`.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    return f"{hour:02d}:{minute:02d}"


def parse_agenda(text: str) -> Agenda:
    """`` (today's agenda), `on [HH:MM]`, `off`."""
    words = text.split()
    if not words or words[0].lower() in ("today", "show"):
        return Agenda("show")
    first = words[0].lower()
    if first in ("off", "stop"):
        return Agenda("off")
    if first == "on":
        at = read_clock_time(" ".join(words[1:])) if len(words) > 1 else DEFAULT_AGENDA_AT
        return Agenda("on", at)
    try:
        return Agenda("on", read_clock_time(text))  # `/cal agenda 9:00`
    except CommandError:
        raise CommandError(f"`{text}` isn't something agenda takes — try `/cal agenda`, "
                           "`/cal agenda on 08:30` or `/cal agenda off`.") from None


def parse_remind(text: str) -> Remind:
    """`` (10 minutes), `<minutes>`, `off`."""
    raw = text.strip().lower()
    if not raw or raw == "on":
        return Remind("on", DEFAULT_REMIND_MIN)
    if raw in ("off", "stop", "none"):
        return Remind("off")
    if raw in ("show", "status", "?"):
        return Remind("show")
    for unit in ("minutes", "minute", "mins", "min", "m"):
        if raw.endswith(unit):
            raw = raw[: -len(unit)].strip()
            break
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_REMIND_MIN:
        raise CommandError(f"`{text.strip()}` isn't a number of minutes — try `/cal remind 10` "
                           f"(1 to {MAX_REMIND_MIN}), or `/cal remind off`.")
    return Remind("on", int(raw))
