"""Draft titles in English for extract's candidates: actor, what they do, and the subject.

Records are titled in English and quote the letter in Dutch (docs/records.md). A candidate's title is built from
what extract already knows: the actor guess, the kind with the marker that made it a candidate, and the section
heading as subject, with a small glossary of frequent JBZ terms. Names of dossiers and instruments ("EBSP",
"Europol", "Eurojust") pass unchanged, and a heading the glossary does not cover stays Dutch: the title is a draft
for a person to rewrite, never a translation.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["english_actor", "english_subject", "english_title"]

# The actor guesses of markers.ACTORS, and the countries it names.
_ACTORS = {
    "kabinet": "Cabinet",
    "commissie": "Commission",
    "voorzitterschap": "Presidency",
    "raad": "Council",
    "lidstaten": "Member states",
    "ministers": "Ministers",
    "vs": "United States",
    "c7": "C7",
    "belgië": "Belgium",
    "bulgarije": "Bulgaria",
    "denemarken": "Denmark",
    "duitsland": "Germany",
    "estland": "Estonia",
    "frankrijk": "France",
    "griekenland": "Greece",
    "hongarije": "Hungary",
    "ierland": "Ireland",
    "italië": "Italy",
    "kroatië": "Croatia",
    "letland": "Latvia",
    "litouwen": "Lithuania",
    "oostenrijk": "Austria",
    "polen": "Poland",
    "roemenië": "Romania",
    "slovenië": "Slovenia",
    "slowakije": "Slovakia",
    "spanje": "Spain",
    "tsjechië": "Czechia",
    "zweden": "Sweden",
    "marokko": "Morocco",
    "oeganda": "Uganda",
}

# Frequent JBZ terms, matched case-insensitively on whole words (with the countries above).
_GLOSSARY: tuple[tuple[str, str], ...] = (
    ("uw kamer informeren", "inform the House"),
    ("minister van justitie en veiligheid", "Minister of Justice and Security"),
    ("minister van asiel en migratie", "Minister for Asylum and Migration"),
    ("minister van binnenlandse zaken en koninkrijksrelaties", "Minister of the Interior and Kingdom Relations"),
    ("minister van buitenlandse zaken", "Minister of Foreign Affairs"),
    ("staatssecretaris van justitie en veiligheid", "State Secretary for Justice and Security"),
    ("justitie en veiligheid", "Justice and Security"),
    ("asiel en migratie", "Asylum and Migration"),
    ("binnenlandse zaken", "Home Affairs"),
    ("justitie", "Justice"),
    ("any other business", "Any other business"),
    ("overige zaken", "Any other business"),
    ("belangrijkste resultaten", "main results"),
    ("werkprogramma van het inkomend voorzitterschap", "work programme of the incoming Presidency"),
    ("werkprogramma", "work programme"),
    ("inkomend voorzitterschap", "incoming Presidency"),
    ("cypriotisch voorzitterschap", "Cypriot Presidency"),
    ("iers voorzitterschap", "Irish Presidency"),
    ("deens voorzitterschap", "Danish Presidency"),
    ("voorzitterschap", "Presidency"),
    ("europese commissie", "European Commission"),
    ("commissie", "Commission"),
    ("europees parlement", "European Parliament"),
    ("raad van europa", "Council of Europe"),
    ("raadsconclusies", "Council conclusions"),
    ("jbz-raad", "JHA Council"),
    ("lidstaten", "member states"),
    ("uw kamer", "the House"),
    ("kabinet", "Cabinet"),
    ("terugkeerverordening", "Return Regulation"),
    ("terugkeerhubs", "return hubs"),
    ("terugkeer", "return"),
    ("verordening", "regulation"),
    ("richtlijn", "directive"),
    ("voorstel", "proposal"),
    ("implementatie van", "implementation of"),
    ("implementatie", "implementation"),
    ("samenwerking met", "cooperation with"),
    ("samenwerking", "cooperation"),
    ("op het gebied van", "on"),
    ("ministeriële conferentie", "ministerial conference"),
    ("veilige derde landen", "safe third countries"),
    ("veilige landen van herkomst", "safe countries of origin"),
    ("migratie", "migration"),
    ("asiel", "asylum"),
    ("mensensmokkel", "migrant smuggling"),
    ("mensenhandel", "human trafficking"),
    ("drugshandel", "drug trafficking"),
    ("georganiseerde misdaad", "organised crime"),
    ("georganiseerde criminaliteit", "organised crime"),
    ("ondermijnende criminaliteit", "subversive crime"),
    ("strijd tegen", "fight against"),
    ("aanpak van", "tackling"),
    ("toegang tot gegevens", "access to data"),
    ("strafrechtelijke onderzoeken", "criminal investigations"),
    ("digitale rechtspraak", "digital justice"),
    ("russische agressieoorlog tegen oekraïne", "Russia's war of aggression against Ukraine"),
    ("straffeloosheid", "impunity"),
    ("interne veiligheid", "internal security"),
    ("grondrechten", "fundamental rights"),
    ("handvest", "Charter"),
    ("jaarverslag", "annual report"),
    ("stand van zaken", "state of play"),
    ("interoperabiliteit", "interoperability"),
    ("visa", "visas"),
    ("ministeriële bijeenkomst", "ministerial meeting"),
    ("ministeriele bijeenkomst", "ministerial meeting"),
    ("bijeenkomst", "meeting"),
    ("ministeriële", "ministerial"),
    ("ondermijnende criminaliteit", "subversive crime"),
    ("georganiseerde", "organised"),
    ("criminaliteit", "crime"),
    ("uitkomst onderhandelingen", "outcome of the negotiations"),
    ("onderhandelingen", "negotiations"),
    ("blijvende inzet", "continued efforts"),
    ("inzet", "efforts"),
    ("nederland", "the Netherlands"),
    ("raad", "Council"),
    ("gezamenlijke brief", "joint letter"),
    ("innovatieve oplossingen", "innovative solutions"),
    ("asieldomein", "asylum domain"),
    ("operationaliseren", "operationalising"),
    ("motie", "motion"),
    ("organisaties", "organisations"),
    ("keten", "chain"),
    ("verslag", "report"),
    ("concept", "concept"),
    ("schengengebied", "Schengen area"),
    ("algemene staat", "general state"),
    ("werklunch", "working lunch"),
    ("strategie", "strategy"),
    ("bijbehorende", "accompanying"),
    ("actieplan", "action plan"),
    ("huidige", "current"),
    ("geopolitieke situatie", "geopolitical situation"),
    ("veiligheidssituatie", "security situation"),
    ("afgifte", "issuing"),
    ("russische burgers", "Russian citizens"),
    ("modelbepalingen", "model provisions"),
    ("eu-strafrecht", "EU criminal law"),
    ("versterking", "strengthening"),
    ("justitiële samenwerking", "judicial cooperation"),
    ("justitiële opleiding", "judicial training"),
    ("derde landen", "third countries"),
    ("wetgevingstrajecten", "legislative files"),
    ("effectieve", "effective"),
    ("westelijke balkan", "Western Balkans"),
    ("jbz-zaken", "JHA matters"),
    ("digitale", "digital"),
    ("digitalisering", "digitalisation"),
    ("strategieën", "strategies"),
    ("toepassing", "application"),
    ("onderzoeksmaatregelen", "investigative measures"),
    ("grensoverschrijdende", "cross-border"),
    ("terugvordering van vermogensbestanddelen", "asset recovery"),
    ("uitvoeringsfase", "enforcement phase"),
    ("de kloof overbruggen", "bridging the gap"),
    ("over de aanpak van", "on tackling"),
    ("de aanpak van", "tackling"),
    ("follow-up", "follow-up"),
    ("simplificatie", "simplification"),
    ("avg", "GDPR"),
    ("ct-ontbijt", "CT breakfast"),
    ("en", "and"),
    ("van", "of"),
    ("in", "in"),
    ("op", "on"),
    ("aan", "to"),
    ("tot", "to"),
    ("een", "a"),
    ("van de", "of the"),
    ("van het", "of the"),
    ("over de", "on the"),
    ("over", "on"),
    ("de", "the"),
    ("het", "the"),
    ("met", "with"),
    ("voor", "for"),
    ("tegen", "against"),
)
_COUNTRIES = {k: v for k, v in _ACTORS.items() if k not in {"kabinet", "commissie", "voorzitterschap", "raad", "vs"}}
_LOOKUP = {**dict(_GLOSSARY), **_COUNTRIES}
# Longest first, so "binnenlandse zaken" wins over "de" wherever both could start.
_GLOSSARY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(_LOOKUP, key=len, reverse=True)) + r")(?![\w-])", re.I
)
_COMPOUND = re.compile(r"\b([A-Z][\w]*)-(verordening|richtlijn)\b")

# What the actor does, by kind: the first pattern that matches the sentence names the action.
_KAMER_ACTIONS = (
    (r"ter (?:inzage|beschikking)", "to share with the House"),
    (r"BNC-fiche", "to inform the House through a BNC fiche"),
    (r"\bterug(?:komen|te komen)?\b", "to come back to the House"),
    (r"\bzeg(?:gen)? (?:ik|wij|u)? ?toe\b|\bik zeg\b", "promises the House"),
    (r"\b(?:toesturen|sturen|toekomen)\b", "to send the House"),
    (r"", "to inform the House"),
)
_ACTIONS = {
    "commitment": (
        (r"\bspraken af\b|\bafgesproken\b", "agreed"),
        (r"\bkondigde(?:n)? aan\b|\baangekondigd\b", "announced"),
        (r"\b(?:blijft|blijven)\b.{0,60}\bbenadrukken\b", "keeps stressing"),
        (r"\b(?:blijft|blijven)\b.{0,60}\b(?:vragen|aandacht)\b", "keeps asking"),
        (r"\b(?:blijft|blijven)\b", "keeps working"),
        (r"\bzet(?:ten)? (?:zich )?(?:erop )?in\b|\binzetten\b|\bin te zetten\b", "to work for"),
        (r"\b(?:verzocht|verzoekt|riep op|roept op|oproep|omroep|opgeroepen)\b", "called on"),
        (r"\b(?:onderzoekt|onderzoeken|verkent|verkennen)\b", "explores"),
        (r"\bwerk(?:t|en)\b.{0,40}\bsamen\b", "works with others"),
        (r"\bpresenteren|presenteert|publiceren|publiceert\b", "to present"),
        (r"\b(?:dienen|moeten)\b", "must act"),
        (r"\b(?:wil|wenst|wensen|beoogt|streeft)\b", "aims"),
        (r"\b(?:zal|zullen)\b", "will act"),
        (r"", "commitment"),
    ),
    "decision": (
        (r"\balgemene oriëntatie\b", "agrees a general approach"),
        (r"\bakkoord\b", "reaches agreement"),
        (r"\bstemde(?:n)? in\b|\bingestemd\b|\binstemming\b", "agrees"),
        (r"\b(?:vastgesteld|aangenomen|goedgekeurd|nam(?:en)?\b.{0,100}\baan)\b", "adopts"),
        (r"\bbesloot|besloten\b", "decides"),
        (r"", "decision"),
    ),
    "fulfilment": ((r"", "keeps a promise"),),
}
_NUMBERING = re.compile(r"^\s*(?:[IVX]+|\d+|[a-z])\.\s+")
_TOO_GENERAL = {
    "main results", "any other business", "onderwerp van de brief", "aanleiding", "inleiding", "toezeggingen",
    "toezegging", "moties", "motie", "overig", "overige onderwerpen", "overige zaken", "algemeen", "diversen",
    "tot slot", "afsluitend", "conclusie", "samenvatting", "achtergrond", "stand van zaken", "inhoud",
}  # fmt: skip
# Words a sentence opens with before its subject: "Over het voorstel ...", "Zodra de Commissie ...".
_OPENERS = re.compile(
    r"^(?:(?:Over|Ten aanzien van|Met betrekking tot|Wat betreft|Zodra|Na afloop van|Naar aanleiding van|In|Op|Voor"
    r"|Tijdens|Ook|Daarnaast|Verder|Tot slot|Conform|Zoals)\b[^,]{0,80},\s*)?"
)


def english_actor(actor: str | None) -> str | None:
    """ "Commission" for "Commissie", "Minister of Justice and Security" for "minister van Justitie en Veiligheid"."""
    if not actor:
        return None
    known = _ACTORS.get(actor.casefold())
    if known:
        return known
    return translate(actor)


# Glossary words that join terms rather than name them.
_LINKS = frozenset(["en", "van", "de", "het", "der", "tot", "voor", "in", "op", "met", "of", "bij"])


def translate(text: str) -> str:
    """`text` with the glossary's terms in English, when the glossary covers every lowercase word in it; else
    `text` unchanged. Capitalised words and acronyms (dossier and country names) pass as they are, so a heading
    comes out either in English or in the letter's Dutch, never as a mix of both."""
    english = _COMPOUND.sub(lambda m: f"{m[1]} {'Regulation' if m[2] == 'verordening' else 'Directive'}", text)
    # Each glossary term becomes a marker: \x01 for a joining word or phrase, \x00 for a term.
    rest = _GLOSSARY_RE.sub(lambda m: "\x01" if m[1].casefold() in _LINKS or " " in m[1] else "\x00", english)
    # A first word before a joining word is capitalised as a heading, not as a name: "Bestrijding van ..." stays
    # Dutch, where "Europol Regulation" passes.
    first = re.match(r"\s*([^\W\d_][\w'-]*)(?=\s+\x01)", rest)
    if first and not first[1].isupper() and first[1][1:].islower():
        rest = rest[: first.start(1)] + first[1].lower() + rest[first.end(1) :]
    if any(word.islower() for word in re.findall(r"[^\W\d_][\w'-]*", rest)):
        return text
    # Two glossary terms side by side are Dutch word order ("Verordening terugkeer"), not an English phrase.
    if re.search(r"\x00\s+\x00", rest):
        return text
    return _GLOSSARY_RE.sub(lambda m: _LOOKUP[m[1].casefold()], english)


def _from_sentence(sentence: str, words: int = 8) -> str:
    """The sentence's opening words, past an opening clause, in the letter's Dutch: a subject no heading gave."""
    rest = _OPENERS.sub("", sentence, count=1) or sentence
    picked = rest.rstrip(".!?;:").split()[:words]
    return " ".join(picked) + (" …" if len(rest.split()) > words else "")


def english_subject(section: str, limit: int = 70, sentence: str = "") -> str:
    """The subject of a candidate: the innermost heading of its section, unnumbered and through the glossary.

    A heading that says nothing ("Belangrijkste resultaten", "Aanleiding", "Toezeggingen") gives way to its
    parent; without any, the subject is drafted from the sentence itself, so a title is never a bare kind.
    """
    parts = [_NUMBERING.sub("", p).strip() for p in section.split(" – ") if p.strip()]
    subject = ""
    for part in reversed(parts):
        candidate = translate(part)
        if candidate.casefold() not in _TOO_GENERAL:
            subject = candidate
            break
    if not subject and sentence:
        subject = _from_sentence(sentence)
    if len(subject) > limit:
        subject = subject[: subject.rfind(" ", 0, limit)].rstrip(",;:") + " …"
    return subject[:1].upper() + subject[1:]


_PLURAL = {"Member states", "Ministers", "United States"}
_NOUNS = {"commitment": "Commitment", "decision": "Decision", "fulfilment": "Promise kept"}


@lru_cache(maxsize=1024)
def _action(kind: str, sentence: str, due: str | None, vague: bool, to_kamer: bool) -> str:
    """Cached: a sentence with many deadline phrases is one candidate per phrase, each searched in full."""
    if kind == "deadline":
        return f"deadline {due}" if due else "vague deadline" if vague else "deadline"
    table = _KAMER_ACTIONS if kind == "commitment" and to_kamer else _ACTIONS[kind]
    return next(words for pattern, words in table if re.search(pattern, sentence, re.I))


def _agree(action: str) -> str:
    """The verb for a plural actor: "agrees" -> "agree", "reaches" -> "reach"; "to ..." and past tenses stay."""
    verb, _, rest = action.partition(" ")
    if verb in {"keeps", "agrees", "adopts", "decides", "explores", "works", "aims", "promises", "reaches"}:
        verb = verb[:-2] if verb.endswith("ches") else verb[:-1]
    return f"{verb} {rest}".strip()


def english_title(
    kind: str, sentence: str, section: str, actor: str | None, due: str | None, vague: bool, to_kamer: bool
) -> str:
    """A draft title: "Cabinet to inform the House: Return hubs", "Commission deadline 2026: Enhanced Border
    Security Partnership (EBSP)", "Council agrees a general approach: Return Regulation"."""
    who = english_actor(actor) or ("Cabinet" if to_kamer else None)
    action = _action(kind, sentence, due, vague, to_kamer)
    if who is None:
        # Without an actor a verb has no subject: name the kind ("Decision", "Deadline 2026").
        head = _NOUNS.get(kind) or action[:1].upper() + action[1:]
    else:
        head = f"{who} {_agree(action) if who in _PLURAL else action}"
    subject = english_subject(section, sentence=sentence)
    return f"{head}: {subject}" if subject else head
