#!/usr/bin/env python3
"""Write N realistic, reproducible jbz records for benchmarks and scale tests.

Usage: python benchmarks/generate.py N DIR [--seed S]

The records look like what an encoder of the JBZ letters produces: a mix of
kinds and statuses, exact and imprecise deadlines, undated "we will keep the
Kamer informed" items, follow-up logs and Dutch quotes with diacritics.  They
are spread over one subfolder per fictional letter ("DIR/32317-NNN/<id>.toml",
about 1000 files each) because a real records tree grows that way, and
because directory size affects scanning cost.

All dates are chosen relative to the fixed benchmark date AS_OF (2026-11-29):
about a third of the records are overdue on that date.  Benchmarks must pass
the same date to jbz (``--as-of 2026-11-29``) and shift Taskwarrior's clock
onto it (see to_taskwarrior.py), so that both tools answer the same question.

The same N and seed always give byte-identical files.  The TOML is written
by hand rather than with a library: the script must stay dependency-free and
write 100,000 files in seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta

AS_OF = date(2026, 11, 29)
"""The benchmark date: overdue counts and the stderr summary refer to it."""

FILES_PER_FOLDER = 1000
FIRST_LETTER_NR = 900
LETTERS_START = date(2023, 1, 16)
LETTERS_END = date(2026, 11, 23)
OPENISH = frozenset({"open", "waiting", "partial"})
CLOSING = frozenset({"done", "partial", "missed", "dropped"})  # EVIDENCE_STATUSES in jbz_cli/core/model.py

# Probability that a dated open/waiting/partial record is made overdue.  Tuned
# so that about a third of all records are overdue on AS_OF.
P_OVERDUE = 0.58

# (topic, theme, section heading, English name, Dutch name)
DOSSIERS: list[tuple[str, str, str, str, str]] = [
    (
        "ebsp",
        "migration",
        "Enhanced Border Security Partnership (EBSP)",
        "the EU-US EBSP",
        "het Enhanced Border Security Partnership",
    ),
    ("return-regulation", "migration", "Terugkeerverordening", "the Return Regulation", "de terugkeerverordening"),
    ("solidarity-pool", "migration", "Solidariteitspool", "the solidarity pool", "de solidariteitspool"),
    (
        "pact-implementation",
        "migration",
        "Implementatie Asiel- en Migratiepact",
        "the Pact on Migration and Asylum",
        "de implementatie van het Migratiepact",
    ),
    (
        "temporary-protection",
        "migration",
        "Tijdelijke bescherming Oekraïne",
        "temporary protection for Ukraine",
        "de tijdelijke bescherming voor Oekraïners",
    ),
    ("etias", "security", "ETIAS en EES", "ETIAS and the EES", "ETIAS en het inreis-uitreissysteem"),
    ("eu-drugs", "security", "EU-drugsagentschap en drugsstrategie", "the EU Drugs Strategy", "de EU-drugsstrategie"),
    (
        "c7",
        "security",
        "Coalitie tegen georganiseerde criminaliteit (C7)",
        "the C7 coalition against organised crime",
        "de coalitie tegen georganiseerde criminaliteit",
    ),
    ("csam", "security", "Verordening seksueel kindermisbruik (CSAM)", "the CSA Regulation", "de CSAM-verordening"),
    ("data-retention", "security", "Dataretentie", "data retention", "dataretentie"),
    ("schengen", "security", "Schengen", "the Schengen area", "het Schengengebied"),
    ("e-evidence", "justice", "E-evidence", "the e-Evidence Regulation", "de e-evidence-verordening"),
    ("eppo", "justice", "Europees Openbaar Ministerie (EOM)", "the EPPO", "het Europees Openbaar Ministerie"),
    (
        "anti-corruption",
        "justice",
        "Anticorruptierichtlijn",
        "the Anti-Corruption Directive",
        "de anticorruptierichtlijn",
    ),
    (
        "victims-rights",
        "justice",
        "Richtlijn slachtofferrechten",
        "the Victims' Rights Directive",
        "de richtlijn slachtofferrechten",
    ),
]

# topic -> [(slug, kind, actor, English title, Dutch quote with {wanneer})]
TEMPLATES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "ebsp": [
        (
            "conclude-framework",
            "deadline",
            "European Commission",
            "Commission aims to conclude the EU-US EBSP framework negotiations",
            "De Commissie wenst daarom {wanneer} de onderhandelingen met de VS over de kaderovereenkomst af te ronden.",
        ),
        (
            "bilateral-talks",
            "commitment",
            "Dutch cabinet",
            "Cabinet informs the Kamer on bilateral EBSP talks with the US",
            "Het kabinet zal uw Kamer {wanneer} informeren over de bilaterale gesprekken met de VS en de coördinatie met België.",
        ),
        (
            "mandate",
            "decision",
            "Council",
            "Council adopts the mandate for the EBSP framework agreement",
            "De Raad heeft één onderhandelingsmandaat vastgesteld voor de kaderovereenkomst.",
        ),
    ],
    "return-regulation": [
        (
            "general-approach",
            "deadline",
            "Council Presidency",
            "Presidency seeks a general approach on the Return Regulation",
            "Het voorzitterschap streeft ernaar {wanneer} een algemene oriëntatie over de terugkeerverordening te bereiken.",
        ),
        (
            "return-hubs",
            "commitment",
            "Minister for Asylum and Migration",
            'Minister reports on the legal feasibility of "return hubs"',
            "De minister zal uw Kamer {wanneer} informeren over de juridische haalbaarheid van terugkeerhubs in derde landen.",
        ),
        (
            "ep-position",
            "deadline",
            "European Parliament",
            "European Parliament adopts its position on the Return Regulation",
            "Het Europees Parlement zal naar verwachting {wanneer} zijn positie bepalen, waarna de triloog kan starten.",
        ),
    ],
    "solidarity-pool": [
        (
            "annual-pool",
            "decision",
            "Council",
            "Council establishes the annual solidarity pool",
            "De Raad heeft de jaarlijkse solidariteitspool vastgesteld; Nederland draagt bij via financiële solidariteit.",
        ),
        (
            "dutch-pledge",
            "commitment",
            "Dutch cabinet",
            "Cabinet informs the Kamer of the Dutch pledge to the solidarity pool",
            "Het kabinet heeft toegezegd uw Kamer {wanneer} te informeren over de Nederlandse bijdrage aan de solidariteitspool.",
        ),
        (
            "annual-report",
            "deadline",
            "European Commission",
            "Commission presents the annual asylum and migration report",
            "De Commissie presenteert {wanneer} het jaarlijkse verslag over asiel en migratie, inclusief de situatie in Italië en Griekenland.",
        ),
    ],
    "pact-implementation": [
        (
            "national-plans",
            "deadline",
            "Member States",
            "Member States complete national implementation plans for the Pact",
            "Alle lidstaten moeten {wanneer} de nationale implementatieplannen voor het Migratiepact gereed hebben.",
        ),
        (
            "progress-report",
            "commitment",
            "Minister for Asylum and Migration",
            "Minister sends a progress report on Pact implementation",
            "De minister zal uw Kamer {wanneer} een voortgangsrapportage sturen over de implementatie van het Migratiepact, inclusief de screening aan de buitengrens.",
        ),
    ],
    "temporary-protection": [
        (
            "extension",
            "decision",
            "Council",
            "Council extends temporary protection for displaced persons from Ukraine",
            "De Raad heeft besloten de tijdelijke bescherming voor ontheemden uit Oekraïne met één jaar te verlengen.",
        ),
        (
            "coordinated-exit",
            "deadline",
            "European Commission",
            "Commission proposes a coordinated exit from temporary protection",
            "De Commissie komt {wanneer} met een voorstel voor een gecoördineerde uitfasering van de tijdelijke bescherming.",
        ),
    ],
    "etias": [
        (
            "start-operations",
            "deadline",
            "eu-LISA",
            "eu-LISA starts ETIAS operations",
            "eu-LISA verwacht ETIAS {wanneer} operationeel te hebben, na de volledige ingebruikname van het EES.",
        ),
        (
            "schiphol-queues",
            "commitment",
            "Minister of Justice and Security",
            "Minister reports on EES waiting times at Schiphol",
            "De minister zal uw Kamer {wanneer} informeren over de gevolgen van het EES voor de wachttijden op Schiphol.",
        ),
    ],
    "eu-drugs": [
        (
            "drug-report",
            "deadline",
            "EU Drugs Agency",
            "EUDA publishes the European Drug Report",
            "Het EU-drugsagentschap publiceert {wanneer} het Europees Drugsrapport, met aandacht voor synthetische drugs en cocaïne.",
        ),
        (
            "strategy-evaluation",
            "commitment",
            "Dutch cabinet",
            "Cabinet shares its assessment of the EU Drugs Strategy evaluation",
            "Het kabinet zal {wanneer} zijn appreciatie van de evaluatie van de EU-drugsstrategie met uw Kamer delen.",
        ),
    ],
    "c7": [
        (
            "ministerial",
            "commitment",
            "Minister of Justice and Security",
            "Minister reports on the C7 ministerial meeting on port security",
            "De minister zal uw Kamer {wanneer} informeren over de uitkomsten van de C7-bijeenkomst over havenbeveiliging in Antwerpen en Rotterdam.",
        ),
        (
            "joint-approach",
            "deadline",
            "C7 ministers",
            "C7 partners agree a joint approach to drug trafficking through ports",
            "De C7-landen beogen {wanneer} een gezamenlijke aanpak van drugssmokkel via de havens overeen te komen, in nauwe coördinatie met België.",
        ),
    ],
    "csam": [
        (
            "council-mandate",
            "deadline",
            "Council Presidency",
            "Presidency aims for a Council mandate on the CSA Regulation",
            "Het voorzitterschap wil {wanneer} een Raadsmandaat bereiken; Nederland blijft kritisch over detectiebevelen.",
        ),
        (
            "detection-orders",
            "commitment",
            "Dutch cabinet",
            "Cabinet sends its assessment of the compromise on detection orders",
            "Het kabinet stuurt uw Kamer {wanneer} een appreciatie van het compromisvoorstel over detectiebevelen en end-to-end-encryptie.",
        ),
    ],
    "data-retention": [
        (
            "impact-assessment",
            "deadline",
            "European Commission",
            "Commission presents an impact assessment on data retention",
            "De Commissie zal {wanneer} een effectbeoordeling over dataretentie presenteren, mede op basis van de ideeën uit de High Level Group.",
        ),
    ],
    "schengen": [
        (
            "state-of-schengen",
            "deadline",
            "European Commission",
            "Commission publishes the State of Schengen report",
            "De Commissie publiceert {wanneer} het 'State of Schengen'-verslag, waarin ook de binnengrenscontroles van Duitsland en België aan bod komen.",
        ),
        (
            "border-controls",
            "commitment",
            "Dutch cabinet",
            "Cabinet reports on the extension of internal border controls",
            "Het kabinet zal uw Kamer {wanneer} informeren over de verlenging van de tijdelijke binnengrenscontroles.",
        ),
    ],
    "e-evidence": [
        (
            "application",
            "deadline",
            "Member States",
            "Member States apply the e-Evidence Regulation",
            "De e-evidence-verordening is {wanneer} van toepassing; de uitvoeringswet moet dan in werking zijn.",
        ),
        (
            "implementation-bill",
            "commitment",
            "Minister of Justice and Security",
            "Minister submits the e-Evidence implementation bill",
            "De minister zal het wetsvoorstel ter uitvoering van de e-evidence-verordening {wanneer} bij uw Kamer indienen.",
        ),
    ],
    "eppo": [
        (
            "evaluation",
            "deadline",
            "European Commission",
            "Commission evaluates the EPPO Regulation",
            "De Commissie evalueert {wanneer} de EOM-verordening, met bijzondere aandacht voor de samenwerking met niet-deelnemende lidstaten.",
        ),
        (
            "prosecutors",
            "decision",
            "Council",
            "Council appoints European Prosecutors",
            "De Raad heeft de benoeming van de Europese aanklagers bevestigd.",
        ),
    ],
    "anti-corruption": [
        (
            "transposition",
            "deadline",
            "Member States",
            "Member States transpose the Anti-Corruption Directive",
            "De lidstaten dienen de richtlijn {wanneer} om te zetten in nationaal recht.",
        ),
        (
            "transposition-letter",
            "commitment",
            "Dutch cabinet",
            "Cabinet informs the Kamer about transposing the Anti-Corruption Directive",
            "Het kabinet zal uw Kamer {wanneer} informeren over de categorieën strafbare feiten die de omzetting vereist.",
        ),
    ],
    "victims-rights": [
        (
            "trilogues",
            "deadline",
            "Council Presidency",
            "Presidency concludes trilogues on the Victims' Rights Directive",
            "Het voorzitterschap hoopt {wanneer} de triloog over de herziening van de richtlijn slachtofferrechten af te ronden.",
        ),
    ],
}

GENERIC_TEMPLATES: list[tuple[str, str, str, str, str]] = [
    (
        "keep-informed",
        "commitment",
        "Dutch cabinet",
        "Cabinet keeps the Kamer informed on {en}",
        "Uw Kamer wordt via de geannoteerde agenda's {wanneer} geïnformeerd over {nl}.",
    ),
    (
        "raise-in-council",
        "commitment",
        "Minister of Justice and Security",
        "Minister raises {en} in the JBZ Council",
        "De minister zal {nl} {wanneer} aan de orde stellen in de JBZ-Raad en daarbij het belang van één gezamenlijke aanpak benadrukken.",
    ),
    (
        "presidency-progress",
        "deadline",
        "Council Presidency",
        "Presidency reports progress on {en}",
        "Het voorzitterschap zal {wanneer} een voortgangsrapport over {nl} presenteren.",
    ),
]

UNDATED_NL = ["zo spoedig mogelijk", "te zijner tijd", "periodiek", "waar mogelijk"]
PROMISED_TO = ["Tweede Kamer"] * 8 + ["Eerste Kamer", "European Parliament"]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
ORDINAL_NL = ["eerste", "tweede", "derde", "vierde"]
SUMMARIES = [
    "Announced in the annotated agenda for the JBZ Council.",
    'The Netherlands supports the proposal but has "serious concerns" about the timetable.',
    "Depends on the European Parliament's position; trilogues have not started.",
    "Several Member States, including Belgium and Germany, asked for more time.",
    "The cabinet will report in the next annotated agenda.",
    "Follows up on a motion adopted by the Tweede Kamer.",
]
FOLLOWUP_NOTES = [
    "Commission reported progress to the Council",
    "Discussed at the JBZ Council; no agreement yet",
    "Presidency circulated a new compromise text",
    "Kamer informed in the verslag of the JBZ-Raad",
    "Raised in the commissiedebat JBZ-Raad; minister repeated the commitment",
    "Timetable confirmed in the Presidency's work programme",
    "Delayed: coördinatie with the European Parliament takes longer",
]
# (jbz window granularity, relative weight); None means undated.
GRANULARITY = [("day", 40), ("month", 20), ("quarter", 15), ("half", 12), ("year", 13)]
STATUS_WEIGHTS = {
    "other": [("open", 50), ("waiting", 12), ("partial", 10), ("done", 16), ("missed", 5), ("dropped", 7)],
    "decision": [("done", 55), ("open", 25), ("partial", 10), ("dropped", 10)],
}


def _esc_table() -> dict[int, str]:
    """TOML basic strings forbid raw control characters and DEL."""
    table = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
    table.update(
        {
            ord('"'): '\\"',
            ord("\\"): "\\\\",
            ord("\b"): "\\b",
            ord("\t"): "\\t",
            ord("\n"): "\\n",
            ord("\f"): "\\f",
            ord("\r"): "\\r",
        }
    )
    return table


_ESC = _esc_table()


def q(text: str) -> str:
    """Quote text as a TOML basic string; translate() keeps this fast."""
    return '"' + text.translate(_ESC) + '"'


def qlist(items: list[str]) -> str:
    """Inline TOML array of strings."""
    return "[" + ", ".join(q(i) for i in items) + "]"


def window(day: date, gran: str) -> tuple[str, date, date]:
    """The jbz `due` text of the `gran` window holding `day`, with its bounds.

    Returned bounds let callers steer the overdue share without re-parsing.
    """
    y, m = day.year, day.month
    if gran == "day":
        return day.isoformat(), day, day
    if gran == "month":
        first_m, last_m, text = m, m, f"{y}-{m:02d}"
    elif gran == "quarter":
        qn = (m - 1) // 3 + 1
        first_m, last_m, text = 3 * qn - 2, 3 * qn, f"{y}-Q{qn}"
    elif gran == "half":
        hn = 1 if m <= 6 else 2
        first_m, last_m, text = 6 * hn - 5, 6 * hn, f"{y}-H{hn}"
    else:
        first_m, last_m, text = 1, 12, str(y)
    end = (date(y + 1, 1, 1) if last_m == 12 else date(y, last_m + 1, 1)) - timedelta(days=1)
    return text, date(y, first_m, 1), end


def phrases(text: str, gran: str, start: date) -> tuple[str, str]:
    """English and Dutch wording of a window, as a letter would phrase it."""
    y = start.year
    if gran == "day":
        return (
            f"by {start.day} {MONTHS_EN[start.month - 1]} {y}",
            f"uiterlijk {start.day} {MONTHS_NL[start.month - 1]} {y}",
        )
    if gran == "month":
        return (f"in {MONTHS_EN[start.month - 1]} {y}", f"in {MONTHS_NL[start.month - 1]} {y}")
    if gran == "quarter":
        qn = int(text[-1])
        return f"in Q{qn} {y}", f"in het {ORDINAL_NL[qn - 1]} kwartaal van {y}"
    if gran == "half":
        hn = int(text[-1])
        return (f"in the {'first' if hn == 1 else 'second'} half of {y}", f"in de {ORDINAL_NL[hn - 1]} helft van {y}")
    return f"by the end of {y}", f"voor het einde van {y}"


def letter_dates(n_letters: int) -> list[date]:
    """Letters spread evenly over the period, so any N gets a similar mix."""
    span = (LETTERS_END - LETTERS_START).days
    return [LETTERS_START + timedelta(days=int(span * (k + 0.5) / n_letters)) for k in range(n_letters)]


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    """Weighted choice from (value, weight) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def choose_due(rng: random.Random, src: date, openish: bool) -> tuple[str, date, date, str]:
    """A due window after the letter date, overdue on AS_OF with P_OVERDUE.

    Returns (due text, first day, due_by, granularity).
    """
    gran = pick(rng, GRANULARITY)
    lo = src + timedelta(days=7)
    if openish and rng.random() < P_OVERDUE and lo < AS_OF:
        t = lo + timedelta(days=rng.randrange((AS_OF - lo).days))
        text, start, end = window(t, gran)
        if end >= AS_OF:  # the window reaches the as-of date: take the one before
            text, start, end = window(start - timedelta(days=1), gran)
        if start < src:  # would predate the letter: fall back to the exact day
            gran = "day"
            text, start, end = window(t, gran)
        return text, start, end, gran
    base = max(lo, AS_OF) if openish else lo
    t = base + timedelta(days=rng.randrange(540))
    text, start, end = window(t, gran)
    return text, start, end, gran


def followups(rng: random.Random, src: date, status: str) -> list[str]:
    """0-3 follow-up tables, oldest first, after the letter and before AS_OF."""
    room = (AS_OF - src).days
    n = min(rng.choice([0, 0, 1, 1, 2, 3]), max(room, 0))
    if n == 0:
        return []
    days = sorted(rng.sample(range(1, room + 1), n))
    # The last status change always agrees with the record's status, so a
    # reader that derives status from the log gets the same answer.
    closing = rng.random() < (0.8 if status != "open" else 0.1)
    out = []
    for i, d in enumerate(days):
        lines = [
            "",
            "[[followup]]",
            f"date = {(src + timedelta(days=d)).isoformat()}",
            f"note = {q(rng.choice(FOLLOWUP_NOTES))}",
        ]
        sets = None
        if i == n - 1 and closing:
            sets = status
            lines.append(f"status = {q(status)}")
        elif i < n - 1 and closing and rng.random() < 0.2:
            lines.append('status = "waiting"')
        if rng.random() < 0.4:
            lines.append(f"evidence = {q(f'Kamerstuk 32 317, nr. {rng.randrange(900, 1100)}')}")
        elif sets in CLOSING:  # jbz check requires evidence for these; no extra draw, so seeds give the same set
            lines.append(f"evidence = {q(f'Kamerstuk 32 317, nr. {900 + d % 200}')}")
        out.append("\n".join(lines))
    return out


def render(
    rng: random.Random, letter_nr: int, src: date, seq: int, recent: dict[str, list[str]]
) -> tuple[str, str, bool]:
    """One record: returns (id, TOML text, overdue on AS_OF)."""
    topic, theme, section, en_name, nl_name = rng.choice(DOSSIERS)
    if rng.random() < 0.25:
        slug, kind, actor, title, quote = rng.choice(GENERIC_TEMPLATES)
        title, quote = title.format(en=en_name), quote.replace("{nl}", nl_name)
    else:
        slug, kind, actor, title, quote = rng.choice(TEMPLATES[topic])
    rid = f"{topic}-{slug}-{letter_nr}-{seq:03d}"
    status = pick(rng, STATUS_WEIGHTS["decision" if kind == "decision" else "other"])
    openish = status in OPENISH
    undated = rng.random() < (0.6 if kind == "decision" else 0.15)
    due = None if undated else choose_due(rng, src, openish)
    if due is None:
        quote = quote.replace("{wanneer}", rng.choice(UNDATED_NL))
    else:
        en, nl = phrases(due[0], due[3], due[1])
        title = f"{title} {en}"
        quote = quote.replace("{wanneer}", nl)

    topics = [topic, theme]
    if rng.random() < 0.1:
        topics.append(rng.choice(["jbz-council", "schengen", "europol", "frontex"]))
        if topics[-1] == topic:
            topics.pop()
    lines = [f"kind = {q(kind)}", f"title = {q(title)}"]
    default = "done" if kind == "decision" else "open"
    if status != default or rng.random() < 0.7:
        lines.append(f"status = {q(status)}")
    if due is not None:
        lines.append(f"due = {q(due[0])}")
    lines.append(f"topics = {qlist(topics)}")
    lines.append(f"actor = {q(actor)}")
    if (kind == "commitment" or rng.random() < 0.1) and rng.random() < 0.9:
        lines.append(f"promised_to = {q(rng.choice(PROMISED_TO))}")
    if rng.random() < 0.6:
        lines.append(f"summary = {q(rng.choice(SUMMARIES))}")
    earlier = recent.setdefault(topic, [])
    if earlier and rng.random() < 0.2:
        lines.append(f"related = {qlist(rng.sample(earlier, min(len(earlier), rng.randint(1, 2))))}")
    earlier.append(rid)
    if len(earlier) > 8:
        del earlier[0]
    if openish and rng.random() < 0.2:
        lines.append(f"next_check = {(AS_OF + timedelta(days=rng.randint(-60, 60))).isoformat()}")
    lines += [
        "",
        "[source]",
        f'document = "Kamerstuk 32 317, nr. {letter_nr}"',
        f"date = {src.isoformat()}",
        f"section = {q(section)}",
        f"quote = {q(quote)}",
        f'url = "https://zoek.officielebekendmakingen.nl/kst-32317-{letter_nr}.html"',
    ]
    lines += followups(rng, src, status)
    overdue = openish and due is not None and due[2] < AS_OF
    return rid, "\n".join(lines) + "\n", overdue


def generate(n: int, out_dir: str, seed: int = 1) -> tuple[int, int]:
    """Write n records under out_dir; returns (folders, overdue on AS_OF)."""
    rng = random.Random(seed)
    n_letters = max(1, -(-n // FILES_PER_FOLDER))
    per_letter = -(-n // n_letters)
    dates = letter_dates(n_letters)
    overdue = 0
    written = 0
    for k in range(n_letters):
        count = min(per_letter, n - written)
        if count <= 0:
            break
        letter_nr = FIRST_LETTER_NR + k
        folder = os.path.join(out_dir, f"32317-{letter_nr}")
        os.makedirs(folder, exist_ok=True)
        recent: dict[str, list[str]] = {}
        for seq in range(count):
            rid, text, late = render(rng, letter_nr, dates[k], seq, recent)
            with open(os.path.join(folder, rid + ".toml"), "wb") as fh:
                fh.write(text.encode("utf-8"))
            overdue += late
        written += count
    return n_letters, overdue


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; the summary goes to stderr so stdout stays clean."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of records")
    ap.add_argument("dir", help="output folder (created if missing)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    t0 = time.perf_counter()
    folders, overdue = generate(args.n, args.dir, args.seed)
    print(
        f"generate: {args.n} records in {folders} folders under {args.dir}, "
        f"{overdue} overdue as of {AS_OF.isoformat()}, seed {args.seed}, "
        f"{time.perf_counter() - t0:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
