"""The Dutch phrasings that make a sentence a decision, commitment, deadline or fulfilment.

Each marker is a regular expression with a weight; a sentence's score is the sum of the weights that
match. The lists come from the issue's examples and from real JBZ letters (Kamerstuk 32 317); every
marker has at least one example sentence in tests/letters/test_candidates.py.
"""

from __future__ import annotations

import re

__all__ = ["ACTORS", "AGENDA", "COMMITMENT", "DECISION", "EXCLUDE", "FULFILMENT", "KAMER", "PAST", "Marker"]

Marker = tuple[re.Pattern[str], float]


def _m(pattern: str, weight: float) -> Marker:
    return re.compile(pattern, re.IGNORECASE), weight


_KAMER = r"(?:uw|de) (?:Kamer|Kamers)"

# Promises to the Kamer: the strongest signal of a toezegging.
KAMER: list[Marker] = [
    _m(rf"\bzal(?:len)? {_KAMER}\b.{{0,120}}\b(?:informeren|op de hoogte (?:houden|stellen)|berichten)", 3.0),
    _m(rf"\b{_KAMER} (?:wordt|worden|zal|zullen)\b.{{0,120}}\b(?:geïnformeerd|op de hoogte (?:gehouden|gesteld))", 3.0),
    _m(rf"\b(?:houdt|houden) {_KAMER} .{{0,40}}op de hoogte", 3.0),
    _m(r"\b(?:vertrouwelijk )?ter (?:inzage|beschikking) (?:stellen|gesteld)", 2.5),
    _m(r"\bik zeg (?:u |uw Kamer )?toe\b|\bzeg(?:gen)? (?:ik|wij) toe\b", 3.0),
    _m(
        r"\bkom(?:en)? (?:ik|wij|het kabinet) (?:hier|daar)(?:op)? (?:op )?terug\b|\bhierop terug(?:komen|te komen)\b",
        3.0,
    ),
    _m(rf"\b(?:zal|zullen) {_KAMER}\b.{{0,80}}\b(?:toesturen|sturen|toekomen|ontvangen)", 3.0),
    _m(r"\bmiddels een BNC-fiche\b|\bBNC-fiche\b.{0,40}\b(?:volgt|toegestuurd|ontvangen)", 2.0),
    # Object first or passive: "Over het voorstel wordt uw Kamer separaat geïnformeerd."
    _m(rf"\b(?:wordt|worden|zal|zullen) {_KAMER}\b.{{0,120}}\b(?:geïnformeerd|op de hoogte (?:gehouden|gesteld))", 3.0),
    _m(rf"\bontvangt {_KAMER}\b|\b{_KAMER} ontvangt\b", 3.0),
    # Addressed as "u": "dan wordt u hierover nader geïnformeerd", "zult u ... een separate brief ontvangen".
    _m(r"\b(?:wordt|zult) u\b.{0,160}\b(?:geïnformeerd|ontvangen|toegestuurd)\b", 3.0),
    _m(
        r"\bkom(?:t|en) (?:ik|wij|het kabinet|de regering|de minister|de staatssecretaris)\b.{0,80}\bterug\b",
        3.0,
    ),
    # "Zodra het voorstel er is, informeer ik uw Kamer": a promise, unless the letter does it now (EXCLUDE).
    _m(rf"\binformeer(?:t|en)? (?:ik|wij|het kabinet) {_KAMER}\b", 3.0),
    _m(rf"\bzal(?:len)? (?:ik|wij|het kabinet) {_KAMER}\b.{{0,120}}\b(?:informeren|toesturen|sturen)\b", 3.0),
]

# Forward-looking actions by anyone: the Commission, the Presidency, member states, the cabinet.
COMMITMENT: list[Marker] = [
    _m(r"\b(?:zal|zullen)\b(?! (?:niet|geen)\b)", 1.6),
    _m(r"\b(?:blijft|blijven)\b.{0,60}\b(?:inzetten|werken|benadrukken|vragen|aandacht|steunen|pleiten|open)\b", 1.8),
    _m(
        r"\b(?:zet|zetten) (?:zich )?(?:erop )?in\b|\bte (?:willen )?(?:werken|inzetten) (?:aan|op)\b"
        r"|\bin te zetten op\b",
        1.6,
    ),
    _m(r"\bkondigde(?:n)? aan\b|\baangekondigd\b", 1.6),
    _m(r"\b(?:verzocht|verzoekt|vroeg|roept op|riep op|oproep|omroep|opgeroepen|gevraagd|opdracht)\b", 1.5),
    _m(r"\b(?:dienen|moeten)\b.{0,80}\bte\b", 1.6),
    _m(r"\b(?:onderzoekt|onderzoeken|verkent|verkennen)\b", 1.6),
    _m(r"\bwerk(?:t|en)\b.{0,40}\b(?:samen|verder)\b|\bloopt\b.{0,140}\bdoor\b", 1.6),
    _m(r"\bin voorbereiding\b|\bop te stellen\b|\bte zullen\b", 1.1),
    _m(r"\b(?:wil|wenst|wensen|beoogt|streeft)\b", 1.1),
    _m(r"\bintentie\b|\b(?:is|zijn|ben) voornemens\b|\bhet voornemen\b", 1.6),
    _m(r"\bverplicht\b|\bverplichting\b", 0.6),
    _m(r"\bvoorzien(?:e)?\b|\bverwacht(?:ing)?\b|\bnaar verwachting\b", 1.1),
    _m(r"\b(?:kansen|mogelijkheden|de mogelijkheid)\b", 0.4),
    _m(r"\baandacht voor\b", 1.1),
    _m(r"\bspraken af\b|\bafgesproken\b", 1.8),
    _m(r"\bin te gaan op\b|\bnader in te gaan\b", 1.2),
    _m(r"\bkan de Commissie\b|\bkunnen de onderhandelingen\b.{0,100}\bstarten\b", 1.6),
    _m(r"\bgaf aan\b.{0,40}\bte\b(?! hebben\b)|\bgaf aan dat\b.{0,80}\bmoet\b", 1.0),
    _m(r"\bprioriteit(?:en)? toe\b|\bwerkprogramma\b", 1.5),
    _m(r"\b(?:belangrijk|van belang) (?:is|blijft) (?:dat|om)\b", 1.0),
    _m(r"\bverder\b", 0.5),
]

DECISION: list[Marker] = [
    _m(r"\bstemde(?:n)? in met\b|\bheeft (?:ook )?ingestemd\b|\binstemming verleend\b", 2.2),
    _m(r"\balgemene oriëntatie\b", 1.6),
    _m(r"\bpolitiek(?:e)? akkoord(?:en)?\b|\bbereikte(?:n)? (?:een )?(?:politiek )?akkoord\b", 1.8),
    _m(r"\b(?:is|zijn|heeft|hebben|werd|werden)\b.{0,80}\b(?:vastgesteld|aangenomen|goedgekeurd)\b", 1.8),
    _m(r"\b(?:heeft|hebben)\b.{80,160}\b(?:vastgesteld|aangenomen|goedgekeurd)\b", 1.8),
    _m(r"\bnam(?:en)?\b(?!.{0,60}\bdeel aan\b).{0,100}\baan\b", 1.8),
    _m(r"\bbesluit\b.{0,30}\bgenomen\b", 1.8),
    _m(r"\bbesloot\b|\bbesloten\b", 1.4),
    # Reported in the past: "is het vijfde sanctiepakket aangenomen", "werd overeenstemming bereikt".
    _m(r"\b(?:is|zijn|werd|werden)\b.{0,100}\b(?:ondertekend|bekrachtigd|verlengd|overeengekomen)\b", 1.8),
    _m(r"(?<!geen )\b(?:overeenstemming|een akkoord|akkoord) (?:is |werd )?bereikt\b", 1.8),
    # An aim, not a decision: "Het voorzitterschap beoogt een algemene oriëntatie te bereiken tijdens deze Raad."
    _m(r"\b(?:beoogt|beogen|streeft|streven|hoopt|hopen)\b.{0,120}\bte (?:bereiken|komen|sluiten)\b", -2.0),
]

# Fulfilments: the letter keeps an earlier promise.
FULFILMENT: list[Marker] = [
    _m(r"\bin lijn met de toezegging\b", 3.0),
    _m(r"\b(?:conform|overeenkomstig|in navolging van|ter invulling van) (?:de|mijn|onze|een) toezegging\b", 3.0),
    _m(r"\b(?:ter|in) uitvoering van\b.{0,120}\b(?:motie|toezegging)|\bgeeft uitvoering aan de motie\b", 3.0),
    _m(r"\bzoals (?:hem|haar|mij|ons|het kabinet) (?:gevraagd|verzocht)\b|\bde toezegging gedaan\b", 3.0),
    # What the letter itself brings about a motion or promise: "treft u ook informatie aan over ... de motie".
    _m(r"\b(?:treft u|hierbij|met deze brief)\b.{0,240}\b(?:de motie|de toezegging|toezeggingen)\b", 3.0),
    _m(r"\bzoals (?:eerder |reeds )?(?:aan uw Kamer )?toegezegd\b", 3.0),
    _m(r"\bconform (?:de )?afspraak\b", 3.0),
    _m(r"\bzoals (?:eerder )?toegezegd\b", 3.0),
    _m(r"\btoezegging\b.{0,160}\b(?:als afgedaan|afgedaan)\b", 3.0),
    _m(r"\bmet deze brief (?:wordt|is) (?:voldaan|invulling gegeven) aan\b", 3.0),
]

# Not candidates: what the letter itself does now, and earlier promises that are only quoted.
EXCLUDE: list[Marker] = [
    _m(r"^(?:met deze brief|hierbij|in deze brief|graag|tevens|ook) (?:informeren|bieden|informeer|bied|ga)\b", -4.0),
    _m(r"^hierbij (?:ontvangt u|ontvangt uw Kamer|treft u)\b|\b(?:in|met|door middel van|middels) deze brief\b", -4.0),
    _m(
        r"\b(?:hierbij|met deze brief|in deze brief|graag|hieronder)\b.{0,40}\b(?:informeren|bieden|informeer|bied) (?:ik|wij)\b",
        -4.0,
    ),
    _m(r"^zoals (?:eerder|reeds) (?:aan uw Kamer )?(?:gemeld|aangegeven|toegezegd)\b", -1.0),
    _m(r"\bheeft (?:het kabinet )?uw Kamer (?:geïnformeerd|gedeeld)\b|\bmet uw Kamer gedeeld\b", -3.0),
    _m(
        r"\b(?:informeren|bieden|informeer|bied) (?:ik|wij)\b(?=.{0,80}\b(?:hierbij|graag|hieronder|tevens|met deze brief|in deze brief|bijgaand)\b)",
        -4.0,
    ),
    _m(r"\b(?:vond|vonden)\b.{0,40}\bplaats\b", -1.5),
    _m(r"\b(?:werd gesproken|wisselde(?:n)? van gedachten|gedachtewisseling)\b", -1.5),
]

# The letter's past: a date with "jl." or a meeting that took place. Lowers commitments and deadlines, not
# decisions: "Op 2 december jl. is het vijfde sanctiepakket aangenomen" is a decision reported in the past.
PAST: list[Marker] = [
    _m(r"\bjl\.|\bjongstleden\b", -0.9),
    # A request a third party made ("Litouwen heeft om een dergelijke bijeenkomst verzocht") is background; the
    # Kamer's request may be what the letter answers, and the cabinet's own is something it did.
    _m(
        r"^(?!.*\b(?:Kamer|kabinet|ik|wij|Nederland|minister|staatssecretaris)\b)"
        r".*\b(?:heeft|hebben)\b.{0,80}\b(?:verzocht|gevraagd)\b",
        -1.0,
    ),
    # "zal zijn" says what something will be, not what anyone will do ("dat het thema ... zal zijn de bescherming").
    _m(r"\b(?:zal|zullen) zijn\b", -1.0),
]

# Agenda prose: what a meeting will talk about is not a promise anyone can be held to. Outweighs "zal".
AGENDA: list[Marker] = [
    _m(
        r"\b(?:zal|zullen)\b.{0,100}\b(?:spreken|gesproken worden|deelnemen|toelichten|besproken worden"
        r"|vertegenwoordigen|voorzitten|een (?:presentatie|toelichting) geven|van gedachten wisselen"
        r"|een gedachtewisseling)\b",
        -3.0,
    ),
    _m(
        r"\bstaat (?:geagendeerd|op de agenda)\b|\bis geagendeerd\b|\bop de agenda\d{0,2}\b|\bagenda (?:gezet|geplaatst)\b"
        r"|\b(?:formele|voorlopige) agenda\b|\bvoortgangsverslag\b.{0,40}\bpresenteren\b",
        -2.5,
    ),
    _m(r"\bvind(?:t|en)\b.{0,100}\bplaats\b", -2.5),
    # A meeting someone holds: "Op 18 augustus organiseert het voorzitterschap een bijeenkomst van de Ministers".
    _m(
        r"\borganiseer(?:t|en|de|den)\b.{0,120}\b(?:bijeenkomst|vergadering|conferentie|top|overleg|ontbijt|lunch|diner)\b",
        -2.5,
    ),
    _m(
        r"\b(?:beleidsdebat|debat|gedachtewisseling|discussie)\b.{0,40}\bverwacht\b|\btoelichting\b.{0,30}\bkrijgen\b",
        -2.5,
    ),
    _m(r"\b(?:zal|zullen)\b.{0,60}\b(?:ER|Raad|ministers|regeringsleiders)\b.{0,60}\bingaan op\b", -2.5),
    _m(
        r"\b(?:zal|zullen)\b.{0,40}\b(?:de Raad|de ministers|de lidstaten|de delegaties)\b.{0,40}\binformeren\b"
        r"|\b(?:de Raad|de ministers) (?:zal|zullen) (?:worden|door .{0,60} worden) geïnformeerd\b",
        -3.0,
    ),
]

AGENDA.append(
    _m(
        r"\b(?:Raad|RAZ|RBZ|ER|ministers|lidstaten|regeringsleiders)\b.{0,60}\b(?:zal|zullen)\b.{0,80}\bbespreken\b"
        r"|\b(?:zal|zullen) (?:de )?(?:Raad|RAZ|RBZ|ER|ministers|lidstaten)\b.{0,80}\bbespreken\b",
        -3.0,
    )
)

# Actor guesses, tried in this order on the words before the verb.
ACTORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:uw Kamer wordt|uw Kamer zal|het kabinet|kabinet|de regering|wij|ik)\b", re.I), "kabinet"),
    (re.compile(r"\b(?:de |het )?(?:Europese )?Commissie\b|\bEurocommissaris\b|\bCommissaris\b"), "Commissie"),
    (re.compile(r"\b(?:Deens |Cypriotisch |Iers )?Voorzitterschap\b", re.I), "Voorzitterschap"),
    (re.compile(r"\b(?:de )?minister(?:s)? van [A-Z][\w ]+?(?= (?:zal|heeft|is|gaf|en)\b)"), ""),
    (re.compile(r"\b(?:JBZ-)?Raad\b(?! van Europa)"), "Raad"),
    (re.compile(r"\b(?:[Dd]e VS|Verenigde Staten)\b"), "VS"),
    (re.compile(r"\bC7\b"), "C7"),
    (re.compile(r"\blidstaten\b", re.I), "lidstaten"),
    (
        re.compile(
            r"\b(?:België|Bulgarije|Cyprus|Denemarken|Duitsland|Estland|Finland|Frankrijk|Griekenland|Hongarije|"
            r"Ierland|Italië|Kroatië|Letland|Litouwen|Luxemburg|Malta|Oostenrijk|Polen|Portugal|Roemenië|"
            r"Slovenië|Slowakije|Spanje|Tsjechië|Zweden|Marokko|Oeganda)\b(?= (?:heeft|wil|presenteerde|lichtte|zal|werkt|en|zijn|informeerde|gaf))"
        ),
        "",
    ),
    (re.compile(r"\bNederland\b"), "kabinet"),
    (re.compile(r"\bde ministers\b|\bministers\b", re.I), "ministers"),
]
