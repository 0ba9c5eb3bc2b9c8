"""The register's navigation properties as plain text: fulfilling letters, who the promise was made to, and
the links between commitments.

OData v4 (`$expand`) gives these as objects or lists of objects: `KamerbriefNakoming` is a list of Document
(DocumentNummer, Titel, Datum, Volgnummer, Kamerstukdossier with Nummer and Toevoeging), `ToegezegdAan` a list
of {Persoon, Fractie, Persoon_Id, Fractie_Id}, and `IsHerhalingVan`, `IsWijzigingVan`, `IsAanvullingOp` lists of
Toezegging. The SyncFeed (tkData-v1-0-toezegging.xsd) gives `kamerbriefNakoming` as text and the others as
`ref` attributes; `parse.parse_atom` turns those into the same shapes. Every function raises EntryProblem for a
value it does not understand: a fulfilling letter or a link is never dropped without a word.
"""

from __future__ import annotations

import math
from typing import Any

from .entry import NUMMER_RE, REF_PREFIXES, EntryProblem, text_field, type_name

_REFERENCE_FIELDS = ("Nummer", "DocumentNummer", "Onderwerp", "Titel", "Id")


def _items(value: Any, key: str) -> list[Any]:
    """A navigation property as a list: null and [] are none, one object or text is one."""
    if value is None:
        return []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list):
                raise EntryProblem(f"{key}: expected text, an object or a list of them, got a list in a list")
        return value
    if isinstance(value, str | dict):
        return [value]
    raise EntryProblem(f"{key}: expected text, an object or a list of them, got {type_name(value)}")


def _text(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):  # JSON's NaN, 1e999 (infinity) and 1e308 are numbers, but no document number
        what = "not a finite number" if not math.isfinite(value) else "not a whole number written as digits"
        raise EntryProblem(f"{where}.{key}: {value!r} is {what}; expected a whole number or text")
    found = text_field({f"{where}.{key}": value}, f"{where}.{key}")
    return found.strip() if found and found.strip() else None


def dossier_number(number: str, addition: str | None = None) -> str:
    """A Kamerstuk dossier as it is cited: 32317 gives "32 317", with its Toevoeging: "36 200 VI"."""
    digits = number.strip()
    shown = f"{int(digits):,}".replace(",", " ") if digits.isdigit() else digits
    return f"{shown} {addition.strip()}" if addition and addition.strip() else shown


def _citation(doc: dict[str, Any], key: str) -> str | None:
    """A fulfilling letter: "Kamerstuk 32 317, nr. 975 (2025D45354)" when the document carries its dossier and
    number; else its document number with title and date; else the first of Nummer, Onderwerp, Titel, Id."""
    number = _text(doc, "DocumentNummer", key)
    volgnummer = _text(doc, "Volgnummer", key)
    dossiers = [d for d in _items(doc.get("Kamerstukdossier"), f"{key}.Kamerstukdossier") if isinstance(d, dict)]
    dossier = _text(dossiers[0], "Nummer", f"{key}.Kamerstukdossier") if dossiers else None
    if dossier and volgnummer:
        addition = _text(dossiers[0], "Toevoeging", f"{key}.Kamerstukdossier")
        cited = f"Kamerstuk {dossier_number(dossier, addition)}, nr. {volgnummer}"
        return f"{cited} ({number})" if number else cited
    if number:
        title = _text(doc, "Titel", key) or _text(doc, "Onderwerp", key)
        day = _text(doc, "Datum", key)
        details = ", ".join(part for part in (title, day[:10] if day else None) if part)
        return f"{number}: {details}" if details else number
    for field in _REFERENCE_FIELDS:
        found = _text(doc, field, key)
        if found:
            return found
    if not doc:
        return None
    raise EntryProblem(f"{key}: an object without {', '.join(_REFERENCE_FIELDS)}; not understood")


def letters(value: Any, key: str = "KamerbriefNakoming") -> tuple[str, ...]:
    """Every fulfilling letter, in the order given, each once (the live feed repeats the element)."""
    out: list[str] = []
    for item in _items(value, key):
        cited = text_field({key: item}, key) if isinstance(item, str) else _citation(item, key)
        if cited and cited.strip() and cited.strip() not in out:
            out.append(cited.strip())
    return tuple(out)


def _person(person: dict[str, Any], where: str) -> str | None:
    surname = _text(person, "Achternaam", where)
    if not surname:
        return _text(person, "Naam", where)
    prefix = _text(person, "Tussenvoegsel", where)
    if prefix:
        prefix = prefix[0].upper() + prefix[1:]  # "van Baarle" is cited "lid Van Baarle" without a first name
    return " ".join(part for part in (prefix, surname) if part)


def _group(group: Any, where: str) -> str | None:
    if not isinstance(group, dict):
        return None
    return _text(group, "Afkorting", where) or _text(group, "NaamNL", where)


def _addressee(item: Any, key: str) -> str | None:
    """One ToegezegdAan row: "lid Dassen (Volt)", "lid Dassen", "fractie Volt", or a bare reference."""
    if isinstance(item, str):
        return text_field({key: item}, key)
    if not isinstance(item, dict):
        raise EntryProblem(f"{key}: expected an object, got {type_name(item)}")
    person = item.get("Persoon") if isinstance(item.get("Persoon"), dict) else None
    if person is None and ("Achternaam" in item or "Afkorting" in item or "NaamNL" in item):
        person = item if "Achternaam" in item else None  # ToegezegdAanPersoon/-Fractie expanded directly
    group = _group(item.get("Fractie"), f"{key}.Fractie") or (None if person else _group(item, key))
    if person is not None:
        name = _person(person, f"{key}.Persoon")
        group = group or _text(person, "Fractielabel", f"{key}.Persoon")
        if name:
            return f"lid {name} ({group})" if group else f"lid {name}"
    if group:
        return f"fractie {group}"
    person_id = _text(item, "Persoon_Id", key)
    group_id = _text(item, "Fractie_Id", key)
    if person_id:
        return f"{REF_PREFIXES[0]}{person_id}"
    if group_id:
        return f"{REF_PREFIXES[1]}{group_id}"
    if not item:
        return None
    raise EntryProblem(f"{key}: names no Persoon or Fractie; not understood")


def addressees(raw: dict[str, Any]) -> tuple[str, ...]:
    """Who the promise was made to, from ToegezegdAan (OData 2.0) or ToegezegdAanPersoon/-Fractie (older)."""
    out: list[str] = []
    for key in ("ToegezegdAan", "ToegezegdAanPersoon", "ToegezegdAanFractie"):
        for item in _items(raw.get(key), key):
            if key == "ToegezegdAanFractie" and isinstance(item, dict) and "Fractie_Id" not in item:
                item = {"Fractie": item} if "Afkorting" in item or "NaamNL" in item else {"Fractie_Id": item.get("Id")}
            elif key == "ToegezegdAanPersoon" and isinstance(item, dict) and "Achternaam" not in item:
                item = {"Persoon_Id": item.get("Id")}
            found = _addressee(item, key)
            if found and found not in out:
                out.append(found)
    return tuple(out)


ADDRESSEE_KEYS = ("ToegezegdAan", "ToegezegdAanPersoon", "ToegezegdAanFractie")
# Links between commitments: OData navigation property, SyncFeed element, [register] key, what show says.
LINKS = (
    ("IsHerhalingVan", "isHerhalingVan", "herhaling_van", "repeats"),
    ("IsWijzigingVan", "isWijzigingVan", "wijziging_van", "amends"),
    ("IsAanvullingOp", "isAanvullingOp", "aanvulling_op", "adds to"),
)


def links(value: Any, key: str) -> tuple[str, ...]:
    """The entries a link points at: their Nummer when the page gives it, else their Id."""
    out: list[str] = []
    for item in _items(value, key):
        if isinstance(item, str):
            ref = text_field({key: item}, key)
        else:
            nummer = _text(item, "Nummer", key)
            ref = nummer.upper() if nummer and NUMMER_RE.match(nummer) else _text(item, "Id", key)
            if ref is None and item:
                raise EntryProblem(f"{key}: a linked entry without Nummer or Id; not understood")
        if ref and ref.strip() and ref.strip() not in out:
            out.append(ref.strip())
    return tuple(out)
