"""Portuguese (Brazil and Portugal): parts of day (à noite, da tarde), terça que vem, e meia,
às 15h, horário de Brasília, articles and prepositions."""

from __future__ import annotations

from timephrase.languages.common import AM, PM, before, city_time, clock, past, time_range
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "brasilia": "sao paulo", "sao paulo": "sao paulo", "rio": "rio", "rio de janeiro": "rio",
    "lisboa": "lisbon", "londres": "london", "nova york": "new york", "nova iorque": "new york",
    "paris": "paris", "berlim": "berlin", "madri": "madrid", "madrid": "madrid",
    "roma": "rome", "toquio": "tokyo", "porto": "lisbon",
}
_H = r"(?:as |a )?(?P<h>\d{1,2})"
_NEXT = r"(?:que vem|proxim[ao]|seguinte)"
_FEIRA = r"(?:-feira| feira)?"

EXTRA = Extra(
    code="pt",
    rules=(
        (rf"(?:no |pelo )?(?:horario|hora|fuso) (?:de|do|da) (?P<city>{_names(CITIES)})",
         city_time(CITIES)),
        (r"(?:no )?(?:meu|nosso) horario(?: local)?", "my time"),
        (r"depois de amanha", "day after tomorrow"),
        (r"daqui a (?P<n>\d+) ?(?:h|horas?)", "in \\g<n> hours"),
        (r"daqui a (?P<n>\d+) ?(?:min|minutos?)", "in \\g<n> minutes"),
        (r"daqui a (?P<n>\d+) dias?", "in \\g<n> days"),
        (r"daqui a (?P<n>\d+) semanas?", "in \\g<n> weeks"),
        (r"mais tarde", "later"),
        (r"(?:das |de )(?P<h>\d{1,2}) ?h? ?(?P<m>\d{2})? ?(?:as|a|ate) (?P<h2>\d{1,2})"
         r" ?h? ?(?P<m2>\d{2})?", time_range),
        (r"(?<![\d./-])(?P<h>\d{1,2}) ?h? ?(?P<m>\d{2})? ?- ?(?P<h2>\d{1,2}) ?h? ?(?P<m2>\d{2})?"
         r"(?![\d./-])", time_range),
        # clock words: e meia = half past; 15h30
        (rf"{_H} ?(?:h|horas)? e meia", past(30)),
        (rf"{_H} ?(?:h|horas)? e (?:um )?quarto", past(15)),
        (r"(?:um )?quarto para (?:as |a )?(?P<h>\d{1,2})", before(15)),
        (r"(?P<n>\d{1,2}) para (?:as |a )?(?P<h>\d{1,2})", before("n")),
        (rf"(?<!em )(?<!daqui a ){_H} ?h ?(?P<m>\d{{2}})", clock()),
        (rf"(?<!em )(?<!daqui a ){_H} ?(?:h|horas)(?! ?\d)", clock()),
        (r"(?:ao )?meio-dia|(?:ao )?meio dia", "noon"),
        (r"(?:a )?meia-noite|(?:a )?meia noite", "midnight"),
        # parts of day fix am / pm
        (r"hoje a noite|esta noite|hoje de noite", "tonight"),
        (r"hoje de manha|esta manha", "this morning"),
        (r"hoje a tarde|esta tarde", "this afternoon"),
        (r"amanha de manha", f"tomorrow {AM}"),
        (r"(?:da|de|pela|na) manha", AM),
        (r"(?:da|de|pela|a|na) tarde", PM),
        (r"(?:da|de|pela|a|na) noite", "night"),
        (r"(?:da|de|pela|na) madrugada", AM),
        # next / this + weekday; the weekday of next week
        (rf"(?:na )?{{WD}}{_FEIRA} da (?:semana {_NEXT}|proxima semana)", "next week {wd}"),
        (rf"(?:na )?(?:semana {_NEXT}|proxima semana)", "next week"),
        (rf"(?:na |no )?{{WD}}{_FEIRA} {_NEXT}", "next {wd}"),
        (rf"(?:na |no )?proxim[ao] {{WD}}{_FEIRA}", "next {wd}"),
        (rf"(?:nest[ae]|est[ae]) {{WD}}{_FEIRA}", "this {wd}"),
        (rf"{{WD}}{_FEIRA} d[ae]ss?a semana", "this week {wd}"),
        (r"(?:no )?dia (?P<d>\d{1,2})(?! de)", "\\g<d>th"),
        (r"(?:dia )?(?P<d>\d{1,2}) de {MON}(?: de (?P<y>\d{4}))?", "\\g<d> {mon} \\g<y>"),
        (r"segunda(?:-feira| feira)?", "monday"),
        (r"terca(?:-feira| feira)?", "tuesday"),
        (r"quarta(?:-feira| feira)?", "wednesday"),
        (r"quinta(?:-feira| feira)?", "thursday"),
        (r"sexta(?:-feira| feira)?", "friday"),
    ),
    cities=CITIES,
    words=(
        ("as", "at"), ("a", ""), ("o", ""), ("os", ""), ("de", ""), ("do", ""), ("da", ""),
        ("no", ""), ("na", ""), ("em", "in"), ("para", ""), ("pra", ""), ("por favor", ""),
        ("reuniao", ""), ("marcar", ""), ("agendar", ""), ("podemos", ""), ("pode", ""),
        ("vamos", ""), ("me", ""), ("nos", ""), ("obrigado", ""), ("ola", ""), ("oi", ""),
        ("ou", "or"), ("cada", "every"), ("toda", "every"), ("todo", "every"),
        ("logo", "soon"), ("cerca das", "around"), ("por volta das", "around"),
        ("dia", ""), ("feira", ""),
        ("um", "1"), ("uma", "1"), ("dois", "2"), ("duas", "2"), ("tres", "3"),
        ("quatro", "4"), ("cinco", "5"), ("seis", "6"), ("sete", "7"), ("oito", "8"),
        ("nove", "9"), ("dez", "10"), ("onze", "11"), ("doze", "12"),
    ),
)
