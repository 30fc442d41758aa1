"""Chinese (simplified and traditional): 3点 / 3点半 / 3点30分, 3月12日 / 12号, 下周二,
下午 / 晚上 / 早上, 今晚, 中午, 北京时间 / <city>时间, particles (的, 在 …)."""

from __future__ import annotations

import re

from timephrase.languages.common import (
    AM,
    PM,
    Repl,
    city_time,
    clock,
    day_month,
    kanji_numerals,
    past,
    time_range,
)
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "纽约": "new york", "紐約": "new york", "伦敦": "london", "倫敦": "london",
    "东京": "tokyo", "東京": "tokyo", "巴黎": "paris", "柏林": "berlin", "上海": "shanghai",
    "香港": "hong kong", "新加坡": "singapore", "首尔": "seoul", "首爾": "seoul",
    "悉尼": "sydney", "雪梨": "sydney", "洛杉矶": "los angeles", "洛杉磯": "los angeles",
}
_DAYS = {"一": "monday", "二": "tuesday", "三": "wednesday", "四": "thursday", "五": "friday",
         "六": "saturday", "日": "sunday", "天": "sunday"}
_WEEK = r"(?:周|週|星期|礼拜|禮拜)"
_H = r"(?P<h>\d{1,2})"


def _week_day(which: str) -> Repl:
    def repl(m: re.Match[str]) -> str:
        return f"{which} {_DAYS[m.group('n')]}".strip()
    return repl


def _extra(code: str) -> Extra:
    return Extra(
        code=code,
        spaced=False,
        accents=True,
        numerals=kanji_numerals,
        rules=(
            (rf"(?P<city>{_names(CITIES)}) ?(?:时间|時間)", city_time(CITIES)),
            (r"半(?:个|個)?(?:小时|小時|钟头|鐘頭)(?:以?[后後])", "in 30 minutes"),
            (r"(?P<n>\d+) ?(?:个|個)?(?:小时|小時|钟头|鐘頭)(?:以?[后後])", "in \\g<n> hours"),
            (r"(?P<n>\d+) ?(?:分钟|分鐘)(?:以?[后後])", "in \\g<n> minutes"),
            (r"(?P<n>\d+) ?天(?:以?[后後])", "in \\g<n> days"),
            (r"(?P<n>\d+) ?(?:个|個)?(?:星期|礼拜|禮拜|周|週)(?:以?[后後])", "in \\g<n> weeks"),
            (r"北京(?:时间|時間)|中国(?:时间|時間)", "china time"),
            (r"(?P<y>\d{4}) ?年 ?(?P<mo>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号號]", day_month()),
            (r"(?P<mo>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号號]", day_month()),
            (r"(?P<d>\d{1,2}) ?[日号號](?![后後前])", "\\g<d>th"),
            (r"(?P<h>\d{1,2}) ?[点點](?:(?P<m>\d{1,2}) ?分?)? ?(?:到|至|-|~) ?(?P<h2>\d{1,2})"
             r" ?[点點](?:(?P<m2>\d{1,2}) ?分?)?", time_range),
            (rf"{_H} ?[点點时時] ?(?P<m>\d{{1,2}}) ?分?(?!钟|鐘|[后後前])", clock()),
            (rf"{_H} ?[点點时時]半", past(30)),
            (rf"{_H} ?[点點时時]一刻", past(15)),
            (rf"{_H} ?[点點时時]三刻", past(45)),
            (rf"{_H} ?[点點](?:钟|鐘)?|{_H.replace('h>', 'h2>')} ?[时時](?![间間])",
             _either_hour),
            (rf"下个?{_WEEK}(?P<n>[一二三四五六日天])", _week_day("next week")),
            (rf"(?:这|這|本)个?{_WEEK}(?P<n>[一二三四五六日天])", _week_day("this week")),
            (rf"下个?{_WEEK}", "next week"),
            (rf"(?:这|這)个?{_WEEK}", "this week"),
            (rf"{_WEEK}(?P<n>[一二三四五六日天])", _week_day("")),
            (r"今晚|今天晚上|今夜", "tonight"),
            (r"今天上午|今天早上|今早", "this morning"),
            (r"今天下午", "this afternoon"),
            (r"晚上|傍晚", "evening"),
            (r"夜里|夜裡|半夜", "night"),
            (r"早上|凌晨|早晨", AM),
            (r"中午", PM),
        ),
        cities=CITIES,
        words=(
            ("的", ""), ("在", ""), ("吧", ""), ("请", ""), ("請", ""), ("预约", ""), ("預約", ""),
            ("开会", ""), ("開會", ""), ("会议", ""), ("會議", ""), ("左右", "around"),
            ("见", ""), ("見", ""), ("可以", ""), ("吗", ""), ("嗎", ""), ("我们", ""),
            ("我們", ""), ("安排", ""), ("约", ""), ("或者", "or"), ("还是", "or"),
            ("還是", "or"), ("每周", "every"), ("每天", "every"), ("随时", "whenever"),
            ("以后", "later"), ("以後", "later"),
        ),
    )


def _either_hour(m: re.Match[str]) -> str:
    return f"{m.group('h') or m.group('h2')}:00"


EXTRA = _extra("zh")
EXTRA_HANT = _extra("zh-Hant")
