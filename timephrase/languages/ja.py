"""Japanese: 15時 / 15時半 / 15時30分, 3月12日, 次の火曜日, 夜 / 朝 / 夕方, 今夜, 正午,
<city>時間 / 日本時間, particles (の, に, で …).  Input-method text needs no spaces."""

from __future__ import annotations

from timephrase.languages.common import (
    AM,
    before,
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
    "ニューヨーク": "new york", "ロンドン": "london", "パリ": "paris", "ベルリン": "berlin",
    "東京": "tokyo", "大阪": "osaka", "ロサンゼルス": "los angeles", "シンガポール": "singapore",
    "北京": "beijing", "上海": "shanghai", "ソウル": "seoul", "シドニー": "sydney",
    "香港": "hong kong", "サンフランシスコ": "san francisco", "シカゴ": "chicago",
}
_H = r"(?P<h>\d{1,2})"

EXTRA = Extra(
    code="ja",
    spaced=False,
    accents=True,
    numerals=kanji_numerals,
    rules=(
        (rf"(?P<city>{_names(CITIES)}) ?(?:の)?時間", city_time(CITIES)),
        (r"日本時間", "japan time"),
        (r"半時間後|30分後", "in 30 minutes"),
        (r"(?P<y>\d{4}) ?年 ?(?P<mo>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?日", day_month()),
        (r"(?P<mo>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?日", day_month()),
        (r"(?P<d>\d{1,2}) ?日(?![間後前])", "\\g<d>th"),
        (r"(?P<h>\d{1,2}) ?時(?:(?P<m>\d{1,2}) ?分)? ?(?:から|〜|~|-) ?(?P<h2>\d{1,2}) ?時"
         r"(?:(?P<m2>\d{1,2}) ?分)?(?:まで)?", time_range),
        (rf"{_H} ?時 ?(?P<m>\d{{1,2}}) ?分(?![間後前])", clock()),
        (rf"{_H} ?時半", past(30)),
        (rf"{_H} ?時 ?(?P<n>\d{{1,2}}) ?分前", before("n")),
        (rf"{_H} ?時(?![間])", clock()),
        (r"(?P<n>\d+) ?(?:時間|分|日|週間|か月) ?前", "\\g<n> days ago"),
        (r"正午|お昼の12時", "noon"),
        (r"真夜中|夜中の12時", "midnight"),
        (r"今夜|今晩|今日の夜|今日の晩", "tonight"),
        (r"今朝|今日の朝", "this morning"),
        (r"今日の午後", "this afternoon"),
        (r"次の{WD}", "next {wd}"),
        (r"今度の{WD}", "this {wd}"),
        (r"夕方|晩", "evening"),
        (r"夜", "night"),
        (r"朝", AM),
    ),
    cities=CITIES,
    words=(
        ("月曜", "monday"), ("火曜", "tuesday"), ("水曜", "wednesday"), ("木曜", "thursday"),
        ("金曜", "friday"), ("土曜", "saturday"), ("日曜", "sunday"),
        ("の", ""), ("に", ""), ("で", ""), ("は", ""), ("を", ""), ("から", ""),
        ("ごろ", "around"),
        ("頃", "around"), ("くらい", "around"), ("ぐらい", "around"), ("予約", ""), ("会議", ""),
        ("ミーティング", ""), ("打ち合わせ", ""), ("お願いします", ""), ("おねがいします", ""),
        ("してください", ""), ("して", ""), ("ください", ""), ("でお願いします", ""), ("設定", ""),
        ("か", "or"), ("または", "or"), ("毎週", "every"), ("毎日", "every"),
        ("いつでも", "whenever"),
        ("あとで", "later"), ("後で", "later"), ("そのうち", "sometime"),
    ),
)
