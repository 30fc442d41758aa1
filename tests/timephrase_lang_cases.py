"""Hand-computed cases for typed times in other languages, one block per rule of the time-phrase
rules (1–23), written from the rules for each language (not taken from the code's examples).

Each case: (locale, rule, tz, now, text, expect) with `expect` as in tests/timephrase_cases.py:
a UTC instant, a tuple of allowed instants, or "!" [+ reason] for a refusal.
Shared by tests/test_timephrase_languages.py and bench/bench_timephrase.py.

Anchors (2026):
  A  = 03-10T14:00Z Tue.  Berlin/Madrid/Paris/Rome 15:00 CET, Lisbon 14:00 WET, Sao Paulo 11:00.
  D1 = 03-27T12:00Z Fri.  CET zones 13:00 (EU DST starts Sun 29 Mar 01:00Z: 02:00→03:00 CET→CEST,
       Lisbon 01:00→02:00 WET→WEST).  D2 = 10-23T12:00Z Fri, CET zones 14:00 CEST (back on Sun
       25 Oct 01:00Z: 03:00→02:00 CEST→CET, Lisbon 02:00→01:00).
  J  = 03-10T00:00Z Tue.  Tokyo/Seoul 09:00, Shanghai 08:00.  J2 = 03-06T00:00Z Fri, Tokyo 09:00
       (US DST starts Sun 8 Mar: New York EST -5 before, EDT -4 after).
"""

from __future__ import annotations

A = "2026-03-10T14:00:00+00:00"
D1 = "2026-03-27T12:00:00+00:00"
D2 = "2026-10-23T12:00:00+00:00"
J = "2026-03-10T00:00:00+00:00"
J2 = "2026-03-06T00:00:00+00:00"

ZONES = {"de": "Europe/Berlin", "es": "Europe/Madrid", "fr": "Europe/Paris", "it": "Europe/Rome"}
LOCALES = {"de": "de-DE", "es": "es-ES", "fr": "fr-FR", "it": "it-IT"}

LangCase = tuple[str, int, str, str, str, "str | tuple[str, ...]"]
CASES: list[LangCase] = []

# Central European languages: the zones share one offset, so one expected instant serves all four.
# (rule, now, expect, {lang: phrase}); a phrase may name its own zone with "@Zone/Name " in front.
CET: list[tuple[int, str, str | tuple[str, ...], dict[str, str]]] = [
    (1, A, "2026-03-11T14:00:00Z", {"de": "morgen um 15 Uhr", "es": "mañana a las 15:00",
                                    "fr": "demain à 15h", "it": "domani alle 15"}),
    (1, A, "2026-03-11T19:00:00Z", {"de": "@America/New_York morgen um 15 Uhr",
                                    "es": "@America/New_York mañana a las 15:00",
                                    "fr": "@America/New_York demain à 15h",
                                    "it": "@America/New_York domani alle 15"}),
    (2, A, "2026-03-10T15:00:00Z", {"de": "16 Uhr", "es": "a las 16:00", "fr": "à 16h",
                                    "it": "alle 16:00"}),
    (2, A, "2026-03-11T13:00:00Z", {"de": "um 14 Uhr", "es": "a las 14:00", "fr": "14h",
                                    "it": "alle 14:00"}),
    (3, A, "!no_time", {"de": "morgen", "es": "mañana", "fr": "demain", "it": "domani"}),
    (3, A, "!", {"de": "nächsten Freitag", "es": "el próximo viernes", "fr": "vendredi prochain",
                 "it": "venerdì prossimo"}),
    (4, A, "2026-03-13T14:00:00Z", {"de": "Freitag 15 Uhr", "es": "el viernes a las 15:00",
                                    "fr": "vendredi à 15h", "it": "venerdì alle 15"}),
    (4, A, "2026-03-10T15:00:00Z", {"de": "diesen Dienstag um 16 Uhr",
                                    "es": "este martes a las 16:00", "fr": "ce mardi à 16h",
                                    "it": "questo martedì alle 16"}),
    (4, A, "2026-03-17T13:00:00Z", {"de": "Dienstag 14 Uhr", "es": "el martes a las 14:00",
                                    "fr": "mardi à 14h", "it": "martedì alle 14"}),
    (5, A, "2026-03-18T09:00:00Z", {"de": "nächsten Mittwoch um 10 Uhr",
                                    "es": "el próximo miércoles a las 10:00",
                                    "fr": "mercredi prochain à 10h",
                                    "it": "mercoledì prossimo alle 10"}),
    (5, A, ("2026-03-13T09:00:00Z", "2026-03-20T09:00:00Z"), {
        "de": "nächsten Freitag um 10 Uhr", "es": "el viernes que viene a las 10:00",
        "fr": "le prochain vendredi à 10h", "it": "il prossimo venerdì alle 10"}),
    (6, A, "2026-03-12T09:00:00Z", {"de": "übermorgen um 10 Uhr",
                                    "es": "pasado mañana a las 10:00",
                                    "fr": "après-demain à 10h", "it": "dopodomani alle 10"}),
    (6, A, "2026-03-13T08:00:00Z", {"de": "in 3 Tagen um 9 Uhr",
                                    "es": "dentro de 3 días a las 9:00",
                                    "fr": "dans 3 jours à 9h", "it": "tra 3 giorni alle 9"}),
    (6, A, "2026-03-24T09:00:00Z", {"de": "in zwei Wochen um 10 Uhr",
                                    "es": "dentro de 2 semanas a las 10:00",
                                    "fr": "dans deux semaines à 10h",
                                    "it": "tra 2 settimane alle 10"}),
    (7, A, "2026-03-10T16:00:00Z", {"de": "in 2 Stunden", "es": "dentro de 2 horas",
                                    "fr": "dans 2 heures", "it": "tra 2 ore"}),
    (7, A, "2026-03-10T14:45:00Z", {"de": "in 45 Minuten", "es": "dentro de 45 minutos",
                                    "fr": "dans 45 minutes", "it": "tra 45 minuti"}),
    (7, A, "2026-03-10T15:00:00Z", {"de": "in einer Stunde", "es": "dentro de una hora",
                                    "fr": "dans une heure", "it": "tra un'ora"}),
    (8, A, "2026-03-11T14:00:00Z", {"de": "morgen um 3", "es": "mañana a las 3",
                                    "fr": "demain à 3h", "it": "domani alle 3"}),
    (8, A, "!ambiguous", {"de": "morgen um 7", "es": "mañana a las 7", "fr": "demain à 7h",
                          "it": "domani alle 7"}),
    (8, A, "2026-03-11T02:00:00Z", {"de": "morgen um 03:00", "es": "mañana a las 03:00",
                                    "fr": "demain à 03h00", "it": "domani alle 03:00"}),
    (8, A, "2026-03-11T09:00:00Z", {"de": "morgen um 10", "es": "mañana a las 10",
                                    "fr": "demain à 10h", "it": "domani alle 10"}),
    (9, A, "2026-03-11T11:00:00Z", {"de": "morgen Mittag", "es": "mañana a mediodía",
                                    "fr": "demain midi", "it": "domani a mezzogiorno"}),
    (9, A, "2026-03-10T23:00:00Z", {"de": "heute um Mitternacht",
                                    "es": "esta noche a medianoche",
                                    "fr": "ce soir à minuit", "it": "stasera a mezzanotte"}),
    (10, A, "2026-03-11T15:00:00Z", {"de": "morgen 15 Uhr UTC", "es": "mañana a las 15:00 UTC",
                                     "fr": "demain à 15h UTC", "it": "domani alle 15 UTC"}),
    (10, A, ("2026-03-11T08:00:00Z", "2026-03-11T09:00:00Z"), {
        "de": "morgen 10 Uhr MESZ", "es": "mañana a las 10:00 CEST", "fr": "demain à 10h CEST",
        "it": "domani alle 10 CEST"}),
    (11, D1, "2026-03-29T13:00:00Z", {"de": "Sonntag um 15 Uhr", "es": "el domingo a las 15:00",
                                      "fr": "dimanche à 15h", "it": "domenica alle 15"}),
    (11, D1, "2026-03-28T14:00:00Z", {"de": "morgen um 15 Uhr", "es": "mañana a las 15:00",
                                      "fr": "demain à 15h", "it": "domani alle 15"}),
    (11, D1, "2026-03-29T01:30:00Z", {"de": "übermorgen um 02:30",
                                      "es": "pasado mañana a las 02:30",
                                      "fr": "après-demain à 02h30",
                                      "it": "dopodomani alle 02:30"}),
    (11, D1, "2026-03-29T12:00:00Z", {"de": "in 48 Stunden", "es": "dentro de 48 horas",
                                      "fr": "dans 48 heures", "it": "tra 48 ore"}),
    (11, D2, "2026-10-25T14:00:00Z", {"de": "Sonntag um 15 Uhr", "es": "el domingo a las 15:00",
                                      "fr": "dimanche à 15h", "it": "domenica alle 15"}),
    (11, D2, ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"), {
        "de": "Sonntag um 02:30", "es": "el domingo a las 02:30", "fr": "dimanche à 02h30",
        "it": "domenica alle 02:30"}),
    (11, D2, "2026-10-24T13:00:00Z", {"de": "morgen um 15 Uhr", "es": "mañana a las 15:00",
                                      "fr": "demain à 15h", "it": "domani alle 15"}),
    (12, A, "2026-03-12T09:00:00Z", {"de": "12/3 um 10 Uhr", "es": "12/3 a las 10:00",
                                     "fr": "12/3 à 10h", "it": "12/3 alle 10"}),
    (12, A, "2026-03-12T09:00:00Z", {"de": "2026-03-12 10:00", "es": "2026-03-12 10:00",
                                     "fr": "2026-03-12 10:00", "it": "2026-03-12 10:00"}),
    (12, A, "2026-03-12T09:00:00Z", {"de": "12.03.2026 um 10 Uhr",
                                     "es": "12.03.2026 a las 10:00",
                                     "fr": "12.03.2026 à 10h", "it": "12.03.2026 alle 10"}),
    (13, A, "2026-03-12T09:00:00Z", {"de": "12. März um 10 Uhr", "es": "12 de marzo a las 10:00",
                                     "fr": "le 12 mars à 10h", "it": "il 12 marzo alle 10"}),
    (13, A, "!past", {"de": "10. März um 10 Uhr", "es": "10 de marzo a las 10:00",
                      "fr": "le 10 mars à 10h", "it": "il 10 marzo alle 10"}),
    (14, A, "!", {"de": "irgendwann", "es": "cuando sea", "fr": "n'importe quand",
                  "it": "quando vuoi"}),
    (14, A, "!impossible", {"de": "30. Februar um 10 Uhr", "es": "30 de febrero a las 10:00",
                            "fr": "le 30 février à 10h", "it": "il 30 febbraio alle 10"}),
    (14, A, "!past", {"de": "gestern um 15 Uhr", "es": "ayer a las 15:00", "fr": "hier à 15h",
                      "it": "ieri alle 15"}),
    (14, A, "!impossible", {"de": "morgen um 25 Uhr", "es": "mañana a las 25:00",
                            "fr": "demain à 25h", "it": "domani alle 25:00"}),
    (14, A, "!past", {"de": "vor 2 Stunden", "es": "hace 2 horas", "fr": "il y a 2 heures",
                      "it": "2 ore fa"}),
    (15, A, "2026-03-11T14:00:00Z", {"de": "können wir morgen um 15 Uhr?",
                                     "es": "¿podemos mañana a las 15:00?",
                                     "fr": "on peut demain à 15h ?",
                                     "it": "possiamo domani alle 15?"}),
    (15, A, "2026-03-11T14:00:00Z", {"de": "MORGEN UM 15 UHR", "es": "MAÑANA A LAS 15:00",
                                     "fr": "DEMAIN À 15H", "it": "DOMANI ALLE 15"}),
    (15, A, "2026-03-11T14:00:00Z", {"de": "morgen um 15 uhr",
                                     "es": "manana a las 15:00", "fr": "demain a 15h",
                                     "it": "domani alle ore 15"}),
    (16, A, "2026-03-11T13:00:00Z", {"de": "morgen 14-15 Uhr", "fr": "demain de 14h à 15h"}),
    (16, A, "!", {"de": "Montag oder Dienstag um 10 Uhr", "es": "el lunes o el martes a las 10",
                  "fr": "lundi ou mardi à 10h", "it": "lunedì o martedì alle 10"}),
    (17, A, "!", {"de": "Freitag Nachmittag", "es": "el viernes por la tarde",
                  "fr": "vendredi après-midi", "it": "venerdì pomeriggio"}),
    (17, A, "!", {"de": "irgendwann am Montag", "es": "algún momento del lunes",
                  "fr": "un moment lundi", "it": "lunedì prima o poi"}),
    (18, A, "2026-03-17T09:00:00Z", {"de": "Dienstag nächste Woche um 10 Uhr",
                                     "es": "el martes de la semana que viene a las 10:00",
                                     "fr": "mardi de la semaine prochaine à 10h",
                                     "it": "martedì della settimana prossima alle 10"}),
    (18, A, "2026-03-17T09:00:00Z", {"de": "nächsten Dienstag um 10 Uhr",
                                     "es": "el próximo martes a las 10:00",
                                     "fr": "mardi prochain à 10h",
                                     "it": "martedì prossimo alle 10"}),
    (18, A, "!", {"de": "Montag dieser Woche um 10 Uhr", "es": "el lunes de esta semana a las 10",
                  "fr": "lundi de cette semaine à 10h",
                  "it": "lunedì di questa settimana alle 10"}),
    (19, A, "2026-03-11T19:00:00Z", {"de": "morgen Abend um 8", "es": "mañana a las 8 de la tarde",
                                     "fr": "demain soir à 8h", "it": "domani sera alle 8"}),
    (19, A, "2026-03-11T08:00:00Z", {"de": "morgen früh um 9",
                                     "es": "mañana a las 9 de la mañana",
                                     "fr": "demain à 9h du matin", "it": "domani mattina alle 9"}),
    (19, A, "2026-03-11T14:00:00Z", {"de": "morgen um 3 nachmittags",
                                     "es": "mañana a las 3 de la tarde",
                                     "fr": "demain à 3h de l'après-midi",
                                     "it": "domani alle 3 del pomeriggio"}),
    (19, A, "2026-03-10T20:00:00Z", {"de": "heute Abend um 9", "es": "esta noche a las 9",
                                     "fr": "ce soir à 21h", "it": "stasera alle 9"}),
    (20, A, "2026-03-11T14:30:00Z", {"de": "morgen um halb 4", "es": "mañana a las 3 y media",
                                     "fr": "demain à 3h et demie", "it": "domani alle 3 e mezza"}),
    (20, A, "2026-03-11T14:15:00Z", {"de": "morgen um Viertel nach 3",
                                     "es": "mañana a las 3 y cuarto",
                                     "fr": "demain à 3h et quart",
                                     "it": "domani alle 3 e un quarto"}),
    (20, A, "2026-03-11T14:45:00Z", {"de": "morgen um Viertel vor 4",
                                     "es": "mañana a las 4 menos cuarto",
                                     "fr": "demain à 4h moins le quart",
                                     "it": "domani alle 4 meno un quarto"}),
    (21, A, "!contradiction", {"de": "Freitag 12.3. um 10 Uhr",
                               "es": "el viernes 12 de marzo a las 10:00",
                               "fr": "vendredi 12 mars à 10h", "it": "venerdì 12 marzo alle 10"}),
    (21, A, "2026-03-12T09:00:00Z", {"de": "Donnerstag 12.3. um 10 Uhr",
                                     "es": "el jueves 12/3 a las 10:00",
                                     "fr": "jeudi 12/03 à 10h", "it": "giovedì 12/3 alle 10"}),
    (22, A, "2026-03-11T14:00:00Z", {"de": "morgen 15 Uhr MEZ", "es": "mañana a las 15:00 CET",
                                     "fr": "demain à 15h CET", "it": "domani alle 15 CET"}),
    (22, A, "2026-03-11T15:00:00Z", {"de": "morgen 15 Uhr Londoner Zeit",
                                     "es": "mañana a las 15:00 hora de Londres",
                                     "fr": "demain à 15h heure de Londres",
                                     "it": "domani alle 15 ora di Londra"}),
    (22, A, "2026-03-11T19:00:00Z", {"de": "morgen 15 Uhr New Yorker Zeit",
                                     "es": "mañana a las 15:00 hora de Nueva York",
                                     "fr": "demain à 15h heure de New York",
                                     "it": "domani alle 15 ora di New York"}),
    (23, A, "2026-03-11T14:00:00Z", {"de": "morgen um １５ Uhr", "es": "mañana a las １５:００",
                                     "fr": "demain à １５h", "it": "domani alle １５"}),
    (23, A, "2026-03-11T14:30:00Z", {"de": "morgen um １５：３０", "es": "mañana a las １５：３０",
                                     "fr": "demain à １５h３０", "it": "domani alle １５：３０"}),
]

for _rule, _now, _expect, _by_lang in CET:
    for _lang, _text in _by_lang.items():
        _tz = ZONES[_lang]
        if _text.startswith("@"):
            _tz, _text = _text[1:].split(" ", 1)
        CASES.append((LOCALES[_lang], _rule, _tz, _now, _text, _expect))

# rule 21: the locale decides numeric order; with none, the zone's region (Berlin: day/month)
CASES += [
    ("en-US", 21, "Europe/Berlin", A, "12/3 10am", "2026-12-03T09:00:00Z"),
    ("en-GB", 21, "America/New_York", A, "12/3 10am", "2026-03-12T14:00:00Z"),
    ("es-LA", 21, "America/Mexico_City", A, "12/3 a las 10:00", "2026-03-12T16:00:00Z"),
    ("pt-BR", 21, "America/Sao_Paulo", A, "12/3 às 10h", "2026-03-12T13:00:00Z"),
    ("ja-JP", 21, "Asia/Tokyo", J, "3/12 10時", "2026-03-12T01:00:00Z"),
    ("ko-KR", 21, "Asia/Seoul", J, "3/12 10시", "2026-03-12T01:00:00Z"),
    ("zh-CN", 21, "Asia/Shanghai", J, "3/12 10点", "2026-03-12T02:00:00Z"),
]

LIS, SAO = "Europe/Lisbon", "America/Sao_Paulo"
# Portuguese (pt-BR and pt-PT): Lisbon is CET - 1 h, Sao Paulo -3 h without DST
CASES += [(loc, rule, tz, now, text, expect) for rule, loc, tz, now, text, expect in [
    (1, "pt-BR", SAO, A, "amanhã às 15h", "2026-03-11T18:00:00Z"),
    (1, "pt-PT", LIS, A, "amanhã às 15h", "2026-03-11T15:00:00Z"),
    (2, "pt-BR", SAO, A, "às 16h", "2026-03-10T19:00:00Z"),
    (2, "pt-BR", SAO, A, "às 10h", "2026-03-11T13:00:00Z"),
    (3, "pt-BR", SAO, A, "amanhã", "!no_time"),
    (3, "pt-BR", SAO, A, "sexta que vem", "!"),
    (4, "pt-BR", SAO, A, "sexta às 15h", "2026-03-13T18:00:00Z"),
    (4, "pt-BR", SAO, A, "esta terça às 16h", "2026-03-10T19:00:00Z"),
    (4, "pt-BR", SAO, A, "terça às 10h", "2026-03-17T13:00:00Z"),
    (5, "pt-BR", SAO, A, "quarta que vem às 10h", "2026-03-18T13:00:00Z"),
    (5, "pt-BR", SAO, A, "próxima sexta às 10h", ("2026-03-13T13:00:00Z", "2026-03-20T13:00:00Z")),
    (6, "pt-BR", SAO, A, "depois de amanhã às 10h", "2026-03-12T13:00:00Z"),
    (6, "pt-BR", SAO, A, "em 3 dias às 9h", "2026-03-13T12:00:00Z"),
    (7, "pt-BR", SAO, A, "daqui a 2 horas", "2026-03-10T16:00:00Z"),
    (7, "pt-BR", SAO, A, "em 45 minutos", "2026-03-10T14:45:00Z"),
    (8, "pt-BR", SAO, A, "amanhã às 3", "2026-03-11T18:00:00Z"),
    (8, "pt-BR", SAO, A, "amanhã às 7", "!ambiguous"),
    (8, "pt-BR", SAO, A, "amanhã às 03h", "2026-03-11T06:00:00Z"),
    (9, "pt-BR", SAO, A, "amanhã ao meio-dia", "2026-03-11T15:00:00Z"),
    (9, "pt-BR", SAO, A, "hoje à meia-noite", "2026-03-11T03:00:00Z"),
    (10, "pt-BR", SAO, A, "amanhã às 15h UTC", "2026-03-11T15:00:00Z"),
    (11, "pt-PT", LIS, D1, "domingo às 15h", "2026-03-29T14:00:00Z"),
    (11, "pt-PT", LIS, D1, "amanhã às 15h", "2026-03-28T15:00:00Z"),
    (11, "pt-PT", LIS, D1, "depois de amanhã à 01h30", "2026-03-29T01:30:00Z"),
    (11, "pt-PT", LIS, D2, "domingo às 15h", "2026-10-25T15:00:00Z"),
    (11, "pt-PT", LIS, D2, "domingo à 01h30", ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")),
    (11, "pt-BR", SAO, D1, "domingo às 15h", "2026-03-29T18:00:00Z"),
    (12, "pt-BR", SAO, A, "12/3 às 10h", "2026-03-12T13:00:00Z"),
    (13, "pt-BR", SAO, A, "12 de março às 10h", "2026-03-12T13:00:00Z"),
    (13, "pt-BR", SAO, A, "10 de março às 10h", "!past"),
    (14, "pt-BR", SAO, A, "qualquer hora", "!"),
    (14, "pt-BR", SAO, A, "30 de fevereiro às 10h", "!impossible"),
    (14, "pt-BR", SAO, A, "ontem às 15h", "!past"),
    (15, "pt-BR", SAO, A, "podemos amanhã às 15h?", "2026-03-11T18:00:00Z"),
    (15, "pt-BR", SAO, A, "AMANHA AS 15H", "2026-03-11T18:00:00Z"),
    (16, "pt-BR", SAO, A, "segunda ou terça às 10h", "!"),
    (17, "pt-BR", SAO, A, "sexta à tarde", "!"),
    (18, "pt-BR", SAO, A, "terça da semana que vem às 10h", "2026-03-17T13:00:00Z"),
    (18, "pt-BR", SAO, A, "terça que vem às 10h", "2026-03-17T13:00:00Z"),
    (19, "pt-BR", SAO, A, "amanhã à noite às 8", "2026-03-11T23:00:00Z"),
    (19, "pt-BR", SAO, A, "amanhã às 9 da manhã", "2026-03-11T12:00:00Z"),
    (19, "pt-BR", SAO, A, "amanhã às 3 da tarde", "2026-03-11T18:00:00Z"),
    (20, "pt-BR", SAO, A, "amanhã às 3 e meia", "2026-03-11T18:30:00Z"),
    (20, "pt-BR", SAO, A, "amanhã às 14h30", "2026-03-11T17:30:00Z"),
    (21, "pt-BR", SAO, A, "sexta 12/3 às 10h", "!contradiction"),
    (22, "pt-BR", SAO, A, "amanhã às 15h horário de Lisboa", "2026-03-11T15:00:00Z"),
    (22, "pt-BR", SAO, A, "amanhã às 15h horário de Brasília", "2026-03-11T18:00:00Z"),
    (23, "pt-BR", SAO, A, "amanhã às １５h", "2026-03-11T18:00:00Z"),
]]

TYO, SEL, SHA, BER, NY = "Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Europe/Berlin", \
    "America/New_York"
# Japanese: Tokyo has no DST; DST both sides through a Berlin user and a New York named zone
CASES += [("ja-JP", rule, tz, now, text, expect) for rule, tz, now, text, expect in [
    (1, TYO, J, "明日の15時", "2026-03-11T06:00:00Z"),
    (1, BER, A, "明日の15時", "2026-03-11T14:00:00Z"),
    (2, TYO, J, "15時", "2026-03-10T06:00:00Z"),
    (2, TYO, J, "8時半", "!ambiguous"),
    (2, TYO, J, "08:30", "2026-03-10T23:30:00Z"),
    (3, TYO, J, "明日", "!no_time"),
    (3, TYO, J, "金曜日", "!no_time"),
    (4, TYO, J, "金曜日の15時", "2026-03-13T06:00:00Z"),
    (4, TYO, J, "火曜日の15時", "2026-03-10T06:00:00Z"),
    (5, TYO, J, "次の水曜日10時", "2026-03-18T01:00:00Z"),
    (6, TYO, J, "明後日の10時", "2026-03-12T01:00:00Z"),
    (6, TYO, J, "3日後の10時", "2026-03-13T01:00:00Z"),
    (7, TYO, J, "2時間後", "2026-03-10T02:00:00Z"),
    (7, TYO, J, "45分後", "2026-03-10T00:45:00Z"),
    (8, TYO, J, "明日の3時", "2026-03-11T06:00:00Z"),
    (8, TYO, J, "明日の7時", "!ambiguous"),
    (8, TYO, J, "明日の03時", "2026-03-10T18:00:00Z"),
    (9, TYO, J, "明日の正午", "2026-03-11T03:00:00Z"),
    (10, TYO, J, "明日の15時 UTC", "2026-03-11T15:00:00Z"),
    (11, BER, D1, "日曜日の15時", "2026-03-29T13:00:00Z"),
    (11, BER, D1, "明後日の02:30", "2026-03-29T01:30:00Z"),
    (11, BER, D2, "日曜日の02:30", ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")),
    (11, TYO, J2, "明日の10時ニューヨーク時間", "2026-03-07T15:00:00Z"),
    (11, TYO, J2, "月曜日の10時ニューヨーク時間", "2026-03-09T14:00:00Z"),
    (12, TYO, J, "2026-03-12 10:00", "2026-03-12T01:00:00Z"),
    (13, TYO, J, "3月12日10時", "2026-03-12T01:00:00Z"),
    (13, TYO, J, "3月10日06:00", "!past"),
    (13, TYO, J, "3月9日10時", "2027-03-09T01:00:00Z"),
    (14, TYO, J, "いつでも", "!"),
    (14, TYO, J, "2月30日10時", "!impossible"),
    (14, TYO, J, "昨日の15時", "!past"),
    (14, TYO, J, "2時間前", "!past"),
    (15, TYO, J, "明日の15時でお願いします", "2026-03-11T06:00:00Z"),
    (16, TYO, J, "月曜日か火曜日の10時", "!"),
    (17, TYO, J, "金曜日の午後", "!"),
    (18, TYO, J, "来週の火曜日の10時", "2026-03-17T01:00:00Z"),
    (18, TYO, J, "次の火曜日10時", "2026-03-17T01:00:00Z"),
    (18, TYO, J, "今週の月曜日10時", "!"),
    (18, TYO, J, "今週の金曜日10時", "2026-03-13T01:00:00Z"),
    (19, TYO, J, "明日の夜8時", "2026-03-11T11:00:00Z"),
    (19, TYO, J, "明日の午前9時", "2026-03-11T00:00:00Z"),
    (19, TYO, J, "明日の午後3時", "2026-03-11T06:00:00Z"),
    (20, TYO, J, "明日の3時半", "2026-03-11T06:30:00Z"),
    (20, TYO, J, "明日の15時30分", "2026-03-11T06:30:00Z"),
    (21, TYO, J, "3月12日(金)10時", "!contradiction"),
    (22, TYO, J, "明日の15時ロンドン時間", "2026-03-11T15:00:00Z"),
    (22, BER, A, "明日の15時日本時間", "2026-03-11T06:00:00Z"),
    (23, TYO, J, "明日の１５時", "2026-03-11T06:00:00Z"),
    (23, TYO, J, "明日１５：３０", "2026-03-11T06:30:00Z"),
]]

# Korean and Chinese: a smaller set
CASES += [(loc, rule, tz, now, text, expect) for loc, rule, tz, now, text, expect in [
    ("ko-KR", 1, SEL, J, "내일 오후 3시", "2026-03-11T06:00:00Z"),
    ("ko-KR", 3, SEL, J, "내일", "!no_time"),
    ("ko-KR", 5, SEL, J, "다음 수요일 10시", "2026-03-18T01:00:00Z"),
    ("ko-KR", 7, SEL, J, "2시간 후", "2026-03-10T02:00:00Z"),
    ("ko-KR", 8, SEL, J, "내일 3시", "2026-03-11T06:00:00Z"),
    ("ko-KR", 8, SEL, J, "내일 7시", "!ambiguous"),
    ("ko-KR", 13, SEL, J, "3월 12일 오전 10시", "2026-03-12T01:00:00Z"),
    ("ko-KR", 14, SEL, J, "어제 오후 3시", "!past"),
    ("ko-KR", 18, SEL, J, "다음 주 화요일 10시", "2026-03-17T01:00:00Z"),
    ("ko-KR", 19, SEL, J, "내일 저녁 7시", "2026-03-11T10:00:00Z"),
    ("ko-KR", 20, SEL, J, "내일 3시 반", "2026-03-11T06:30:00Z"),
    ("ko-KR", 22, SEL, J, "내일 오후 3시 런던 시간", "2026-03-11T15:00:00Z"),
    ("ko-KR", 23, SEL, J, "내일 １５시", "2026-03-11T06:00:00Z"),
    ("zh-CN", 1, SHA, J, "明天下午3点", "2026-03-11T07:00:00Z"),
    ("zh-CN", 3, SHA, J, "明天", "!no_time"),
    ("zh-CN", 7, SHA, J, "2小时后", "2026-03-10T02:00:00Z"),
    ("zh-CN", 8, SHA, J, "明天3点", "2026-03-11T07:00:00Z"),
    ("zh-CN", 8, SHA, J, "明天7点", "!ambiguous"),
    ("zh-CN", 13, SHA, J, "3月12日上午10点", "2026-03-12T02:00:00Z"),
    ("zh-CN", 14, SHA, J, "昨天下午3点", "!past"),
    ("zh-CN", 18, SHA, J, "下周二10点", "2026-03-17T02:00:00Z"),
    ("zh-CN", 19, SHA, J, "明天晚上7点", "2026-03-11T11:00:00Z"),
    ("zh-CN", 20, SHA, J, "明天3点半", "2026-03-11T07:30:00Z"),
    ("zh-CN", 22, SHA, J, "明天下午3点伦敦时间", "2026-03-11T15:00:00Z"),
    ("zh-CN", 23, SHA, J, "明天１５点", "2026-03-11T07:00:00Z"),
    ("zh-TW", 1, "Asia/Taipei", J, "明天下午3點", "2026-03-11T07:00:00Z"),
    ("zh-TW", 18, "Asia/Taipei", J, "下週二10點", "2026-03-17T02:00:00Z"),
    ("zh-TW", 19, "Asia/Taipei", J, "明天晚上7點", "2026-03-11T11:00:00Z"),
    ("zh-TW", 6, "Asia/Taipei", J, "後天下午3點", "2026-03-12T07:00:00Z"),
    ("zh-TW", 7, "Asia/Taipei", J, "2小時後", "2026-03-10T02:00:00Z"),
    ("zh-TW", 3, "Asia/Taipei", J, "明天", "!no_time"),
]]

# English still works in every locale
for _loc, _tz in (("de-DE", BER), ("es-ES", "Europe/Madrid"), ("fr-FR", "Europe/Paris"),
                  ("it-IT", "Europe/Rome"), ("pt-BR", SAO), ("ja-JP", TYO), ("ko-KR", SEL),
                  ("zh-CN", SHA), ("en-GB", "Europe/London")):
    _off = {BER: 1, "Europe/Madrid": 1, "Europe/Paris": 1, "Europe/Rome": 1, SAO: -3, TYO: 9,
            SEL: 9, SHA: 8, "Europe/London": 0}[_tz]
    CASES.append((_loc, 15, _tz, A, "tomorrow 3pm", f"2026-03-11T{15 - _off:02d}:00:00Z"))
    CASES.append((_loc, 15, _tz, A, "in 2 hours", "2026-03-10T16:00:00Z"))
    CASES.append((_loc, 14, _tz, A, "whenever", "!vague"))
    CASES.append((_loc, 15, _tz, A, "tmrw @ 3pm UTC", "2026-03-11T15:00:00Z"))
    CASES.append((_loc, 3, _tz, A, "tomorrow", "!no_time"))

# a native word the translation doesn't know is "not understood", whatever English makes of
# the rest ("à 10h" alone would be ambiguous in English)
CASES += [
    ("fr-FR", 14, "Europe/Paris", A, "tous les lundis à 10h", "!not_understood"),
    ("de-DE", 14, BER, A, "bis morgen 15 Uhr", "!not_understood"),
    ("es-ES", 14, "Europe/Madrid", A, "antes de las 3 mañana", "!not_understood"),
    ("ja-JP", 14, TYO, J, "明日の15時まで", "!not_understood"),
]

# rule 16 (a range books its start) and rules 20/23 (native numerals) beyond the shared block
CASES += [(loc, rule, tz, now, text, expect) for loc, rule, tz, now, text, expect in [
    ("es-ES", 16, "Europe/Madrid", A, "mañana de 3 a 4 de la tarde", "2026-03-11T14:00:00Z"),
    ("es-ES", 16, "Europe/Madrid", A, "mañana 15-16", "2026-03-11T14:00:00Z"),
    ("es-ES", 16, "Europe/Madrid", A, "mañana entre las 3 y las 4", "!"),
    ("es-ES", 12, "Europe/Madrid", A, "12-3-2026 a las 10", "2026-03-12T09:00:00Z"),
    ("es-ES", 13, "Europe/Madrid", A, "el día 12 a las 10", "2026-03-12T09:00:00Z"),
    ("it-IT", 16, "Europe/Rome", A, "domani dalle 15 alle 16", "2026-03-11T14:00:00Z"),
    ("pt-BR", 16, SAO, A, "amanhã das 15h às 16h", "2026-03-11T18:00:00Z"),
    ("pt-BR", 13, SAO, A, "no dia 12 às 10h", "2026-03-12T13:00:00Z"),
    ("de-DE", 16, BER, A, "von 14 bis 15 Uhr morgen", "2026-03-11T13:00:00Z"),
    ("de-DE", 13, BER, A, "am 12. um 10 Uhr", "2026-03-12T09:00:00Z"),
    ("fr-FR", 16, "Europe/Paris", A, "demain entre 14h et 15h", "!"),
    ("ja-JP", 16, TYO, J, "明日の15時から16時", "2026-03-11T06:00:00Z"),
    ("ja-JP", 20, TYO, J, "明日の三時", "2026-03-11T06:00:00Z"),
    ("ja-JP", 23, TYO, J, "明日十五時半", "2026-03-11T06:30:00Z"),
    ("ko-KR", 16, SEL, J, "내일 오후 3시부터 4시까지", "2026-03-11T06:00:00Z"),
    ("ko-KR", 20, SEL, J, "내일 오후 세 시 반", "2026-03-11T06:30:00Z"),
    ("zh-CN", 16, SHA, J, "明天3点到4点", "2026-03-11T07:00:00Z"),
    ("zh-CN", 20, SHA, J, "明天下午三点半", "2026-03-11T07:30:00Z"),
    ("zh-CN", 20, SHA, J, "明天十五点", "2026-03-11T07:00:00Z"),
    ("zh-CN", 4, SHA, J, "星期三下午3点", "2026-03-11T07:00:00Z"),
]]

# durations and "ago" as typed without spaces
CASES += [
    ("zh-CN", 7, SHA, J, "2个小时后", "2026-03-10T02:00:00Z"),
    ("zh-CN", 7, SHA, J, "半小时后", "2026-03-10T00:30:00Z"),
    ("zh-CN", 6, SHA, J, "3天后上午10点", "2026-03-13T02:00:00Z"),
    ("ko-KR", 7, SEL, J, "2시간후", "2026-03-10T02:00:00Z"),
    ("ko-KR", 6, SEL, J, "3일 후 오후 3시", "2026-03-13T06:00:00Z"),
    ("ko-KR", 14, SEL, J, "2시간 전", "!past"),
    ("ja-JP", 14, TYO, J, "2時間前", "!past"),
    ("ja-JP", 20, TYO, J, "明日の3時10分前", "2026-03-11T05:50:00Z"),
    ("ja-JP", 6, TYO, J, "1週間後の10時", "2026-03-17T01:00:00Z"),
]

# rule 22: a city named in the user's language, beside the time
CASES += [
    ("de-DE", 22, BER, A, "morgen 15 Uhr in London", "2026-03-11T15:00:00Z"),
    ("es-ES", 22, "Europe/Madrid", A, "mañana a las 15:00 en Londres", "2026-03-11T15:00:00Z"),
    ("fr-FR", 22, "Europe/Paris", A, "demain à 15h à Londres", "2026-03-11T15:00:00Z"),
    ("it-IT", 22, "Europe/Rome", A, "domani alle 15 a Londra", "2026-03-11T15:00:00Z"),
    ("ja-JP", 22, TYO, J, "明日の15時ロンドン", "2026-03-11T15:00:00Z"),
]
