"""Zone names a user may type, and small helpers about the user's own zone."""

from __future__ import annotations

from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

# Generic names: follow daylight saving (an IANA zone).
GENERIC: dict[str, str] = {
    "et": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "us eastern": "America/New_York",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "central time": "America/Chicago",
    "us central": "America/Chicago",
    "mt": "America/Denver",
    "mountain": "America/Denver",
    "mountain time": "America/Denver",
    "us mountain": "America/Denver",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "aet": "Australia/Sydney",
    "uk time": "Europe/London",
    "british time": "Europe/London",
    "india time": "Asia/Kolkata",
    "indian time": "Asia/Kolkata",
    "japan time": "Asia/Tokyo",
    "china time": "Asia/Shanghai",
    "hawaii time": "Pacific/Honolulu",
    "brazil time": "America/Sao_Paulo",
    "brasilia time": "America/Sao_Paulo",
    "german time": "Europe/Berlin",
    "germany time": "Europe/Berlin",
    "french time": "Europe/Paris",
    "france time": "Europe/Paris",
    "spain time": "Europe/Madrid",
    "italy time": "Europe/Rome",
    "italian time": "Europe/Rome",
    "irish time": "Europe/Dublin",
    "ireland time": "Europe/Dublin",
    "dutch time": "Europe/Amsterdam",
    "singapore time": "Asia/Singapore",
    "korea time": "Asia/Seoul",
    "korean time": "Asia/Seoul",
    "la time": "America/Los_Angeles",
    "sf time": "America/Los_Angeles",
    "ny time": "America/New_York",
    "nyc time": "America/New_York",
    "dc time": "America/New_York",
}

# City names: accepted as "<city> time", "in <city>" or bare.
CITIES: dict[str, str] = {
    "new york": "America/New_York",
    "new york city": "America/New_York",
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "toronto": "America/Toronto",
    "montreal": "America/Toronto",
    "chicago": "America/Chicago",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "austin": "America/Chicago",
    "denver": "America/Denver",
    "phoenix": "America/Phoenix",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "vancouver": "America/Vancouver",
    "mexico city": "America/Mexico_City",
    "sao paulo": "America/Sao_Paulo",
    "são paulo": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "honolulu": "Pacific/Honolulu",
    "london": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "madrid": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "rome": "Europe/Rome",
    "milan": "Europe/Rome",
    "amsterdam": "Europe/Amsterdam",
    "brussels": "Europe/Brussels",
    "zurich": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "prague": "Europe/Prague",
    "warsaw": "Europe/Warsaw",
    "stockholm": "Europe/Stockholm",
    "oslo": "Europe/Oslo",
    "copenhagen": "Europe/Copenhagen",
    "helsinki": "Europe/Helsinki",
    "athens": "Europe/Athens",
    "istanbul": "Europe/Istanbul",
    "moscow": "Europe/Moscow",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "dubai": "Asia/Dubai",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "pune": "Asia/Kolkata",
    "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong",
    "shanghai": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "tokyo": "Asia/Tokyo",
    "osaka": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "sydney": "Australia/Sydney",
    "canberra": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "brisbane": "Australia/Brisbane",
    "perth": "Australia/Perth",
    "adelaide": "Australia/Adelaide",
    "auckland": "Pacific/Auckland",
    "wellington": "Pacific/Auckland",
}

# Season-specific abbreviations: fixed offsets in minutes east of UTC.
FIXED: dict[str, int] = {
    "utc": 0,
    "gmt": 0,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "akst": -540,
    "akdt": -480,
    "hst": -600,
    "brt": -180,
    "wet": 0,
    "cet": 60,
    "cest": 120,
    "bst": 60,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "jst": 540,
    "kst": 540,
    "sgt": 480,
    "hkt": 480,
    "awst": 480,
    "acst": 570,
    "acdt": 630,
    "aest": 600,
    "aedt": 660,
    "nzst": 720,
    "nzdt": 780,
    "ist": 330,  # only for users in India; see resolve_abbreviation
}

LONG_NAMES: dict[str, str] = {
    "eastern standard time": "est",
    "eastern daylight time": "edt",
    "central standard time": "cst",
    "central daylight time": "cdt",
    "mountain standard time": "mst",
    "mountain daylight time": "mdt",
    "pacific standard time": "pst",
    "pacific daylight time": "pdt",
    "central european time": "cet",
    "central european summer time": "cest",
    "central european standard time": "cet",
    "eastern european time": "eet",
    "eastern european summer time": "eest",
    "british summer time": "bst",
    "greenwich mean time": "gmt",
    "coordinated universal time": "utc",
    "universal time": "utc",
    "japan standard time": "jst",
    "korea standard time": "kst",
    "india standard time": "india",
    "indian standard time": "india",
    "australian eastern standard time": "aest",
    "australian eastern daylight time": "aedt",
}

_INDIA = {"Asia/Kolkata", "Asia/Calcutta"}
_CHINA = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Taipei", "Asia/Macau",
          "PRC", "ROC"}


class ZoneProblem(Exception):
    """A zone word that cannot be read safely for this user."""


def fixed(minutes: int, name: str) -> tzinfo:
    return timezone(timedelta(minutes=minutes), name)


def resolve_abbreviation(abbr: str, user_key: str) -> tzinfo:
    """Fixed-offset abbreviations, with the few that depend on who is asking."""
    if abbr == "ist":
        if user_key in _INDIA:
            return fixed(330, "IST")
        if user_key in ("Europe/Dublin", "Eire"):
            return ZoneInfo("Europe/Dublin")
        if user_key in ("Asia/Jerusalem", "Asia/Tel_Aviv", "Israel"):
            return ZoneInfo("Asia/Jerusalem")
        raise ZoneProblem("IST")
    if abbr == "cst" and user_key in _CHINA:
        return fixed(480, "CST")
    if abbr == "bst" and user_key == "Asia/Dhaka":
        return fixed(360, "BST")
    return fixed(FIXED[abbr], abbr.upper())


def month_first(user_key: str) -> bool:
    """Numeric a/b dates: month/day in the Americas and Japan, day/month elsewhere."""
    return (
        user_key.startswith(("America/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/"))
        or user_key in ("Asia/Tokyo", "Japan", "Pacific/Honolulu", "EST5EDT", "CST6CDT",
                        "MST7MDT", "PST8PDT", "EST", "MST", "HST", "Navajo", "Cuba", "Jamaica")
    )
