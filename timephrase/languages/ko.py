"""Korean: 3시 / 3시 반 / 3시 30분, 3월 12일, 다음 주 화요일, 저녁 / 아침 / 밤, 오늘 밤, 정오,
<city> 시간 / 한국 시간, particles (에, 쯤 …)."""

from __future__ import annotations

import re

from timephrase.languages.common import AM, city_time, clock, day_month, past, time_range
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "서울": "seoul", "뉴욕": "new york", "런던": "london", "파리": "paris", "도쿄": "tokyo",
    "베를린": "berlin", "로스앤젤레스": "los angeles", "싱가포르": "singapore",
    "베이징": "beijing", "상하이": "shanghai", "시드니": "sydney", "홍콩": "hong kong",
}
_H = r"(?P<h>\d{1,2})"

EXTRA = Extra(
    code="ko",
    spaced=False,
    accents=True,
    numerals=lambda text: native_hours(text),
    rules=(
        (rf"(?P<city>{_names(CITIES)}) ?시간(?! ?[후뒤])", city_time(CITIES)),
        (r"한국 ?시간", "korea time"),
        (r"(?P<n>\d+) ?시간 ?(?:후|뒤)", "in \\g<n> hours"),
        (r"(?P<n>\d+) ?분 ?(?:후|뒤)", "in \\g<n> minutes"),
        (r"(?P<n>\d+) ?일 ?(?:후|뒤)", "in \\g<n> days"),
        (r"(?P<n>\d+) ?주 ?(?:후|뒤)", "in \\g<n> weeks"),
        (r"(?P<n>\d+) ?(?:시간|분|일|주) ?전", "\\g<n> days ago"),
        (r"(?P<mo>\d{1,2}) ?월 ?(?P<d>\d{1,2}) ?일", day_month()),
        (r"(?P<d>\d{1,2}) ?일(?! ?[후뒤전])", "\\g<d>th"),
        (r"(?P<h>\d{1,2}) ?시(?: ?(?P<m>\d{1,2}) ?분)? ?(?:부터|-|~) ?(?P<h2>\d{1,2}) ?시"
         r"(?: ?(?P<m2>\d{1,2}) ?분)?(?: ?까지)?", time_range),
        (rf"{_H} ?시 ?(?P<m>\d{{1,2}}) ?분(?! ?[후뒤전])", clock()),
        (rf"{_H} ?시 ?반", past(30)),
        (rf"{_H} ?시(?!간)", clock()),
        (r"정오", "noon"),
        (r"자정", "midnight"),
        (r"오늘 ?(?:밤|저녁)", "tonight"),
        (r"오늘 ?아침", "this morning"),
        (r"오늘 ?오후", "this afternoon"),
        (r"다음 ?주", "next week"),
        (r"이번 ?주", "this week"),
        (r"다음 {WD}", "next {wd}"),
        (r"이번 {WD}", "this {wd}"),
        (r"저녁", "evening"),
        (r"밤", "night"),
        (r"아침|새벽", AM),
    ),
    cities=CITIES,
    words=(
        ("에는", ""), ("에", ""), ("쯤", "around"), ("경", "around"), ("으로", ""), ("로", ""),
        ("부터", ""), ("에서", ""), ("의", ""), ("은", ""), ("는", ""), ("을", ""), ("를", ""),
        ("예약", ""), ("회의", ""), ("미팅", ""), ("해주세요", ""), ("해 주세요", ""),
        ("주세요", ""), ("잡아줘", ""), ("잡아 줘", ""), ("요", ""), ("또는", "or"),
        ("아니면", "or"),
        ("매주", "every"), ("매일", "every"), ("언제든", "whenever"), ("나중에", "later"),
    ),
)


_NATIVE_HOURS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
                 "아홉": 9, "열": 10, "열한": 11, "열두": 12}
_NATIVE_HOUR = re.compile(r"(열한|열두|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열) ?(?=시(?!간))")


def native_hours(text: str) -> str:
    """Hours in native Korean numbers ("세 시", "열두 시") as digits: "3시"."""
    return _NATIVE_HOUR.sub(lambda m: str(_NATIVE_HOURS[m.group(1)]), text)
