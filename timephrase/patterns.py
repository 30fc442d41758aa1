"""The precompiled patterns the extractor runs, in the normalised text's vocabulary."""

from __future__ import annotations

import re

from timephrase import _zones
from timephrase.vocabulary import MONTHS, PAST_WORDS, WEEKDAYS

_WD = "|".join(WEEKDAYS)
_MON = "|".join(MONTHS)
_YEAR = r"(?:19|20|21)\d\d"
_NOT_TIME_AFTER = r"(?!\s*(?:am|pm|:|\.\d|h\b|oclock|hours?|hrs?|minutes?|mins?|/))"
_UNIT_H = r"(?:hours?|hrs?|h)"
_UNIT_M = r"(?:minutes?|mins?|m)"
_UNIT_S = r"(?:seconds?|secs?|s)"
_DNUM = r"(?:\d+(?:\.\d+)?|an?|half\s+an?|a\s+half)"
_DPART = rf"(?:{_DNUM}\s*(?:{_UNIT_H}|{_UNIT_M}|{_UNIT_S})\b)"
_DUR = rf"(?:{_DPART}(?:\s*(?:and\s+)?{_DPART})*(?:\s+and\s+a\s+half)?)"


def _c(p: str) -> re.Pattern[str]:
    return re.compile(p)


ISO = _c(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
            r"(?:\s*(z|[+-]\d{2}(?::?\d{2})?)\b)?)?(?![\d/-])")
YMD = _c(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
OFFSET = _c(r"\b(utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
MYTIME = _c(r"\b(?:in\s+)?(?:my|local|my\s+local|our)\s+time(?:\s+zone)?\b")
YOURTIME = _c(r"\b(?:in\s+)?(?:your|their|his|her|the\s+other)\s+time(?:\s+zone)?\b")
_ZONE_NAMES = sorted(set(_zones.GENERIC) | set(_zones.LONG_NAMES) | set(_zones.FIXED),
                     key=len, reverse=True)
ZONE = _c(r"\b(?:in\s+)?(" + "|".join(re.escape(z) for z in _ZONE_NAMES)
             + r")(?:\s+time(?:\s+zone)?)?\b")
_CITY_NAMES = sorted(_zones.CITIES, key=len, reverse=True)
CITY = _c(r"\b(?:in\s+)?(" + "|".join(re.escape(c) for c in _CITY_NAMES)
             + r")(?:\s+time(?:\s+zone)?)?\b")
DUR_IN = _c(rf"\bin\s+(?:about\s+|around\s+|roughly\s+|approx\s+|exactly\s+|just\s+)?({_DUR})")
DUR_FROM_NOW = _c(rf"\b({_DUR})\s+from\s+now\b")
DUR_HM = _c(r"\bin\s+(\d{1,2})h\s*(\d{1,2})m?\b")
DUR_ANDHALF = _c(r"\bin\s+(\d+|an?)\s+and\s+a\s+half\s+(hours?|hrs?|minutes?|mins?)\b")
DUR_LATER = _c(rf"\b({_DUR})\s+(?:later|after|hence)\b")
REL_FROM = _c(r"\b(?:in\s+)?(\d+|an?)\s+(days?|weeks?|fortnights?|months?)\s+"
                 r"(?:from|after)\s+(now|today|tomorrow)\b")
REL_IN = _c(r"\bin\s+(\d+|an?)\s+(days?|weeks?|fortnights?|months?)\b(?:\s+time\b)?")
WEEK_TODAY = _c(r"\b(?:a\s+)?week\s+(today|tomorrow)\b")
DAT = _c(r"\b(?:the\s+)?(?:day\s+after\s+tomorrow|overmorrow)\b")
WEEK = _c(r"\b(next|this|coming|the\s+following|following)\s+week(?:s)?\b")
WEEKDAY = _c(rf"\b(?:(this\s+coming|this\s+next|this|coming|next)\s+)?({_WD})\b")
TONIGHT = _c(r"\btonight\b")
THIS_PERIOD = _c(r"\bthis\s+(morning|afternoon|evening)\b")
TODAY = _c(r"\btoday\b")
TOMORROW = _c(r"\btomorrow\b")
PERIOD = _c(r"\b(?:in\s+the\s+|at\s+|during\s+the\s+)?(morning|afternoon|evening|night)\b")
MONTH_DAY = _c(rf"\b({_MON})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b{_NOT_TIME_AFTER}"
                  rf"(?:\s+({_YEAR})\b(?![:\d]))?")
DAY_MONTH = _c(rf"(?<!\bat\s)\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\b"
                  rf"(?:\s+({_YEAR})\b(?![:\d]))?")
MONTH_YEAR = _c(rf"\b(?:in\s+)?({_MON})(?:\s+({_YEAR}))?\b(?!\s+(?:we|i|you|us|they)\b)")
NTH = _c(r"\b(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b")
SLASH = _c(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b(?!/)")
DASH_DATE = _c(r"\b(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})\b(?![-\d])")
DOT_DATE = _c(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b(?![.\d])")
NOON = _c(r"\b(?:12\s*)?noon\b(?:\s+time\b)?")
MIDNIGHT = _c(r"\b(?:12\s*)?midnight\b")
PAST_TO = _c(r"\b(half|quarter|\d{1,2})(?:\s+(?:minutes?|mins?))?\s+(past|after|to|till|til)"
                r"\s+(\d{1,2})\b(?:\s*(am|pm)\b)?(?!:)")
HALF_H = _c(r"\bhalf\s+(\d{1,2})\b(?!\s*(?:hours?|hrs?|minutes?|mins?|h\b|:))(?:\s*(am|pm)\b)?")
COLON = _c(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?(?:\s*(?:hrs|hours|h)\b)?(?![\d:])")
DOT_AMPM = _c(r"\b(\d{1,2})\.(\d{2})\s*(am|pm)\b")
HHMM_AMPM = _c(r"\b(\d{1,2})(\d{2})\s*(am|pm)\b")
AMPM = _c(r"\b(\d{1,2})\s*(am|pm)\b")
H_NOTATION = _c(r"\b(\d{1,2})h(\d{2})?\b")
OCLOCK = _c(r"\b(\d{1,2})\s+oclock\b(?:\s*(am|pm)\b)?")
MILITARY = _c(r"\b(at\s+)?([01]\d|2[0-3])([0-5]\d)\s*(hrs|hours|h)?\b(?![:./\d])")
AT_HOUR = _c(r"\bat\s+(\d{1,2})\b(?!\s*(?:st|nd|rd|th)\b|[/.:]\d|-)")
DOT2 = _c(r"(?<![\d.])\b(at\s+)?(\d{1,2})\.(\d{1,2})\b(?![.\d])")
LENGTH = _c(r"\b(?:for\s+(?:an?\s+|\d+\s*(?:(?:[-–]|to|or)\s*\d+\s*)?)"
               r"(?:hours?|hrs?|h|minutes?|mins?|m)\b"
               r"|for\s+half\s+an\s+hour\b"
               r"|(?<!\d\s)\b\d+\s*(?:minutes?|mins?|m)\b(?:\s+(?:meeting|call|slot|session|chat))?)")
VAGUE_PHRASE = _c(r"\b(?:some\s+time|any\s+time|at\s+some\s+point|in\s+a\s+(?:bit|while|"
                     r"moment|sec|second|minute|min|jiffy|few)|right\s+now|first\s+thing|"
                     r"end\s+of|start\s+of|beginning\s+of|later\s+on|every|each|daily|weekly|"
                     r"monthly|tbd)\b"
                     r"|\bin\s+\d+\s*(?:[-–]|to|or)\s*\d+\s*(?:days?|weeks?|months?|hours?|hrs?"
                     r"|minutes?|mins?)\b")
# a time range ("3-4pm", "3pm to 4pm", "between 3 and 4", "from 11:30 till noon"): its start
_RANGE_END = r"(?:(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(am|pm)\b)?|(noon|midnight))"
RANGE = _c(r"(?<![\w.:/+–-])(?:(between|from)\s+)?"
              r"(?:(\d{1,2})(?:([:.])(\d{2}))?(?:\s*(am|pm)\b)?|(?:12\s*)?(noon)\b)"
              r"(?:\s*([-–])\s*|\s+(to|till|til|until|through|thru|and)\s+)"
              + _RANGE_END +
              r"(?![\w:/+–-]|\.\d|\s*(?:hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?"
              r"|years?|people|persons?|times?|x|oclock)\b)")
CLOCK_WORDS = _c(r"\b(?:five|ten|twenty|twenty[\s-]five)\s+(?:to|till|til)\b")
CLOCK_MINUTES = (5, 10, 20, 25)
SEP = " ¦ "

DPART_FIND = _c(rf"({_DNUM})\s*({_UNIT_H}|{_UNIT_M}|{_UNIT_S})\b")
# a word (between spaces) that puts the phrase in the past
PAST = _c(r"(?<!\S)(?:" + "|".join(sorted(PAST_WORDS)) + r")(?!\S)")
