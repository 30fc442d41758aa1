"""Every Slack id calbot uses, written once.

Listeners match on these, builders emit them, tests read them from here. Input blocks use the
same string as block_id and action_id, so ``state.values[X][X]`` reads an input.
"""

import re


def matching(action_id: str) -> re.Pattern[str]:
    """An action id, alone or with a `:suffix` that keeps it unique within a message."""
    return re.compile(rf"^{re.escape(action_id)}(:.*)?$")


# Buttons and selects (action_id). A booking's buttons carry the booking uid as their value.
CONFIRM = "booking_confirm"
DECLINE = "booking_decline"
CANCEL = "booking_cancel"
RESCHEDULE = "booking_reschedule"
BOOK_SLOT = "slot_book"
SLOTS_EVENT_TYPE = "slots_event_type"
OPEN_CONNECT = "open_connect"
OPEN_BOOK = "open_book"
OPEN_DISCONNECT = "open_disconnect"
DETAILS = "booking_details"
CHANGE_LOCATION = "booking_location"
ADD_GUESTS = "booking_guests"
MARK_NOSHOW = "booking_noshow"
REASSIGN = "booking_reassign"
MORE = "booking_more"  # an overflow menu of a booking's other actions
OPEN_LINK = "open_link"  # link buttons (Join, Add to calendar, Open in Cal.com): Slack still calls
TEAM_SLOT = "team_slot"  # a teammate's (or a booking page's) free slot: book it as the presser
TEAM_SLOTS_TYPE = "team_slots_type"
TEAM_BOOK = "team_book"  # the Book button of `/cal link` and of an unfurl
JOIN = "booking_join"  # a URL button: opens the meeting link; the press is only acked
DAY_AGENDA_TIME = "day_agenda_time"  # Home: timepicker, the daily agenda's time
DAY_AGENDA_TOGGLE = "day_agenda_toggle"  # Home: value "on" | "off"
DAY_REMIND = "day_remind"  # Home: static_select, minutes or "off"
DAY_NOTIFY_ME = "day_notify_me"  # Home: notices to the user's DM
DAY_NOTIFY_OFF = "day_notify_off"  # Home: value the channel to stop

# Shortcuts (callback_id).
SCHEDULE_SHORTCUT = "schedule_meeting"  # message shortcut
BOOK_SHORTCUT = "book_meeting"  # global shortcut

# Modals (callback_id).
CONNECT_VIEW = "connect"
BOOK_VIEW = "book"
CANCEL_VIEW = "cancel"
DECLINE_VIEW = "decline"
RESCHEDULE_VIEW = "reschedule"
LOADING_VIEW = "loading"
LOCATION_VIEW = "location"
GUESTS_VIEW = "guests"
NOSHOW_VIEW = "noshow"
REASSIGN_VIEW = "reassign"
TEAM_BOOK_VIEW = "team_book"

# Inputs (block_id == action_id).
API_KEY = "api_key"
API_URL = "api_url"
EVENT_TYPE = "event_type"
WHEN = "when"
ATTENDEE_NAME = "attendee_name"
ATTENDEE_EMAIL = "attendee_email"
GUESTS = "guests"
NOTES = "notes"
REASON = "reason"
LOCATION_KIND = "location_kind"
LOCATION_VALUE = "location_value"
GUEST_EMAILS = "guest_emails"
ABSENT = "absent"
NEW_HOST = "new_host"
TEAM_EVENT_TYPE = "team_event_type"
TEAM_WHEN = "team_when"

# Non-input blocks whose id matters.
BOOKING_ACTIONS = "booking_actions"
WHEN_PREVIEW = "when_preview"
FORM_PROBLEM = "form_problem"
HOME_ACTIONS = "home_actions"
DETAILS_ACTIONS = "details_actions"
DETAILS_DECIDE = "details_decide"
DETAILS_WHERE = "details_where"
DETAILS_CALENDAR = "details_calendar"
DAY_SETTINGS = "day_settings"
