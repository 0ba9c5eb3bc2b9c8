"""Read saved or fetched register pages (OData v4 JSON or SyncFeed Atom XML) into RegisterEntry values.

Every problem is one line naming the source and, where it applies, the entry; a bad entry is left out and
the rest of the page is still read. A page that cannot be read at all (truncated, an HTML error page saved
as JSON, an XML entity attack) is one problem and no entries.
"""

from __future__ import annotations

import json
from typing import Any

from jbz_cli.store.toml_text import too_many_digits

from . import navigation
from .entry import (
    NUMMER_RE,
    NUMMER_SHAPE_RE,
    EntryProblem,
    ParsedSource,
    RegisterEntry,
    parse_timestamp,
    quoted,
    text_field,
    type_name,
)

TK_NS = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
ATOM_NS = "http://www.w3.org/2005/Atom"

# SyncFeed element names (lower camelCase) onto the OData property names (PascalCase).
_ATOM_FIELDS = {
    "nummer": "Nummer",
    "tekst": "Tekst",
    "status": "Status",
    "datumNakoming": "DatumNakoming",
    "ministerie": "Ministerie",
    "naam": "Naam",
    "functie": "Functie",
    "activiteitNummer": "ActiviteitNummer",
    "aanmaakdatum": "Aanmaakdatum",
    "gewijzigdOp": "GewijzigdOp",
    "kamerbriefNakoming": "KamerbriefNakoming",
}


def parse_source(data: bytes, name: str) -> ParsedSource:
    """Sniff the format (the first non-blank byte: "{" or "[" is JSON, "<" is XML) and parse it."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark, as Windows editors write
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return parse_odata(data, name)
    if head == b"<":
        start = data.lstrip()[:200].lower()
        if b"<html" in start or b"<!doctype html" in start:
            return _failed(name, "an HTML page, not register data (an error page saved by mistake?)")
        return parse_atom(data, name)
    if not head:
        return _failed(name, "the file is empty")
    return _failed(name, "neither OData JSON nor SyncFeed XML")


def _failed(name: str, message: str) -> ParsedSource:
    return ParsedSource((), (f"{name}: {message}",))


# --- OData v4 JSON ----------------------------------------------------------------------------------------


def parse_odata(data: bytes, name: str) -> ParsedSource:
    """An OData page {"value": [...], "@odata.nextLink": "..."}, a bare list, or one entity object."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _failed(name, "not UTF-8 text")
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(data.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        what = "truncated" if cut else "invalid"
        return _failed(name, f"{what} JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    except RecursionError:
        return _failed(name, "invalid JSON: nested too deeply to be register data")
    except ValueError as exc:  # an integer over Python's digit limit
        return _failed(name, f"invalid JSON: {too_many_digits(exc)}")
    next_url = next_problem = None
    if isinstance(doc, dict) and "value" in doc:
        items = doc["value"]
        link = doc.get("@odata.nextLink")
        if isinstance(link, str) and link.strip():
            next_url = link.strip()
        elif link is not None and link != "":
            next_problem = f"@odata.nextLink is {type_name(link)}, not a URL"
        if not isinstance(items, list):
            return _failed(name, '"value" is not a list of entries')
    elif isinstance(doc, dict) and ("Id" in doc or "Nummer" in doc):
        items = [doc]
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict) and "error" in doc:
        return _failed(name, f"the service returned an error: {_error_text(doc['error'])}")
    else:
        return _failed(name, 'no "value" list of register entries')
    entries: list[RegisterEntry] = []
    problems: list[str] = []
    for index, raw in enumerate(items, start=1):
        origin = f"{name}: entry {index}"
        if not isinstance(raw, dict):
            problems.append(f"{origin}: expected an object, got {type_name(raw)}")
            continue
        try:
            entries.append(entry_from_fields(raw, origin))
        except EntryProblem as exc:
            problems.append(f"{origin}{_nummer_hint(raw)}: {exc}")
    return ParsedSource(tuple(entries), tuple(problems), next_url, next_problem)


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or "unknown")
    return str(error)


def _nummer_hint(raw: dict[str, Any]) -> str:
    nummer = raw.get("Nummer")
    return f" ({nummer.strip()})" if isinstance(nummer, str) and NUMMER_RE.match(nummer.strip()) else ""


def _reference(value: Any, key: str) -> str | None:
    """A single reference (the SyncFeed activiteit ref, an expanded Activiteit): its Nummer, else its Id."""
    found = navigation.links(value, key)
    return "; ".join(found) or None


# OData property names onto the RegisterEntry fields they fill; a name the page lacks leaves that field unknown.
_PRESENT = {
    "Id": "id",
    "Nummer": "nummer",
    "Tekst": "tekst",
    "Status": "status",
    "DatumNakoming": "datum_nakoming",
    "Ministerie": "ministerie",
    "Naam": "naam",
    "Functie": "functie",
    "ActiviteitNummer": "activiteit",
    "Activiteit": "activiteit",
    "Aanmaakdatum": "aanmaakdatum",
    "GewijzigdOp": "gewijzigd_op",
    "KamerbriefNakoming": "kamerbrief_nakoming",
    "Verwijderd": "verwijderd",
    **{key: "toegezegd_aan" for key in navigation.ADDRESSEE_KEYS},
    **{odata: field for odata, _xml, field, _word in navigation.LINKS},
}


def entry_from_fields(raw: dict[str, Any], origin: str) -> RegisterEntry:
    """Build an entry from OData property names; raise EntryProblem for the first unusable field.

    Required: Nummer (unless Verwijderd is true and Id is given). GewijzigdOp orders versions; a `$select`
    page without it uses ApiGewijzigdOp, and without either the change time is unknown (None). Only the
    properties the page carries are marked present (see RegisterEntry.carries).
    """
    verwijderd = raw.get("Verwijderd", False)
    if isinstance(verwijderd, str) and verwijderd.lower() in ("true", "false"):
        verwijderd = verwijderd.lower() == "true"
    if not isinstance(verwijderd, bool):
        raise EntryProblem(f"Verwijderd: expected true or false, got {quoted(verwijderd)}")
    entry_id = text_field(raw, "Id")
    nummer = text_field(raw, "Nummer")
    nummer = nummer.strip() if nummer else None
    if not nummer and not (verwijderd and entry_id):
        raise EntryProblem("missing Nummer")
    if nummer and NUMMER_SHAPE_RE.match(nummer) and not NUMMER_RE.match(nummer):
        raise EntryProblem(f"Nummer: {quoted(nummer)} has no such year and month (TZ, year, month 01-12: TZ202504-057)")
    if nummer and not NUMMER_RE.match(nummer):
        raise EntryProblem(f"Nummer: {quoted(nummer)} is not a register number such as TZ202504-057")
    changed_key = "GewijzigdOp" if text_field(raw, "GewijzigdOp") else "ApiGewijzigdOp"
    changed_text = text_field(raw, changed_key)
    changed = None
    if changed_text:
        changed, _ = parse_timestamp(changed_text, changed_key)
        if changed is None:
            raise EntryProblem(f"{changed_key}: {quoted(changed_text)} is the empty sentinel date")
    due_text = text_field(raw, "DatumNakoming")
    due = parse_timestamp(due_text, "DatumNakoming")[1] if due_text else None
    created_text = text_field(raw, "Aanmaakdatum")
    created = parse_timestamp(created_text, "Aanmaakdatum")[1] if created_text else None
    activiteit = text_field(raw, "ActiviteitNummer") or _reference(raw.get("Activiteit"), "Activiteit")
    return RegisterEntry(
        id=entry_id,
        nummer=nummer,
        tekst=text_field(raw, "Tekst"),
        status=text_field(raw, "Status"),
        datum_nakoming=due,
        ministerie=text_field(raw, "Ministerie"),
        naam=text_field(raw, "Naam"),
        functie=text_field(raw, "Functie"),
        activiteit=activiteit,
        aanmaakdatum=created,
        gewijzigd_op=changed,
        gewijzigd_op_text=changed_text if changed_key == "GewijzigdOp" else None,
        api_gewijzigd_op_text=changed_text if changed_key == "ApiGewijzigdOp" else None,
        kamerbrief_nakoming=navigation.letters(raw.get("KamerbriefNakoming")),
        verwijderd=verwijderd,
        origin=origin,
        toegezegd_aan=navigation.addressees(raw),
        **{field: navigation.links(raw.get(odata), odata) for odata, _xml, field, _word in navigation.LINKS},
        present=frozenset(field for key, field in _PRESENT.items() if key in raw and (key != "Id" or raw[key]))
        | ({"api_gewijzigd_op"} if "GewijzigdOp" in raw or "ApiGewijzigdOp" in raw else set()),
    )


# --- SyncFeed Atom XML --------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: Any, name: str) -> str | None:
    """An attribute by local name, with or without a namespace prefix (SyncFeed uses both)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_ATOM_REFS = {
    "toegezegdAanPersoon": ("ToegezegdAan", "Persoon_Id"),
    "toegezegdAanFractie": ("ToegezegdAan", "Fractie_Id"),
    "toegezegdAan": ("ToegezegdAan", "Persoon_Id"),  # seen in the live feed, not in the XSD
    **{xml: (odata, "Id") for odata, xml, _field, _word in navigation.LINKS},
}


def _atom_fields(found: Any) -> dict[str, Any]:
    """A <toezegging> element as OData-shaped fields: an element present with xsi:nil="true" is an explicit
    null, one left out is unknown; repeated elements (kamerbriefNakoming, toegezegdAan, the links) are lists."""
    fields: dict[str, Any] = {"Id": _attr(found, "id")}
    for child in found:
        tag = _local(child.tag)
        nil = (child.get(_XSI_NIL) or "").lower() == "true"
        key = _ATOM_FIELDS.get(tag)
        if key == "KamerbriefNakoming":
            fields.setdefault(key, [])
            if not nil and (child.text or "").strip():
                fields[key].append(child.text.strip())
        elif key is not None:
            fields[key] = None if nil else (child.text or "").strip() or _attr(child, "ref")
        elif tag in _ATOM_REFS:
            odata, ref_key = _ATOM_REFS[tag]
            fields.setdefault(odata, [])
            ref = _attr(child, "ref")
            if ref and not nil:
                fields[odata].append({ref_key: ref})
        elif tag == "activiteit":
            fields.setdefault("Activiteit", _attr(child, "ref"))
    return fields


def parse_atom(data: bytes, name: str) -> ParsedSource:
    """A SyncFeed <feed> of <entry> elements, each with <content><toezegging> in the tkData namespace.

    Parsed with defusedxml, which refuses DTD entity definitions (billion laughs, external entities).
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        return _failed(name, f"refused unsafe XML ({type(exc).__name__}); nothing read")
    except ParseError as exc:
        line, col = exc.position
        return _failed(name, f"invalid or truncated XML at line {line} column {col + 1}")
    if _local(root.tag) != "feed":
        return _failed(name, f"expected an Atom <feed>, found <{_local(root.tag)}>")
    next_url = None
    for link in root.findall(f"{{{ATOM_NS}}}link"):
        if link.get("rel") == "next" and link.get("href"):
            next_url = link.get("href")
    entries: list[RegisterEntry] = []
    problems: list[str] = []
    for index, item in enumerate(root.findall(f"{{{ATOM_NS}}}entry"), start=1):
        origin = f"{name}: entry {index}"
        content = item.find(f"{{{ATOM_NS}}}content")
        found = None if content is None else content.find(f"{{{TK_NS}}}toezegging")
        if found is None:
            continue  # other entity types share the feed; they are not ours to read
        fields = _atom_fields(found)
        fields["Verwijderd"] = (_attr(found, "verwijderd") or "false").lower()
        updated = item.find(f"{{{ATOM_NS}}}updated")
        stamp = _attr(found, "bijgewerkt") or (updated.text if updated is not None else None)
        if stamp:
            fields.setdefault("GewijzigdOp", stamp)
        try:
            entries.append(entry_from_fields(fields, origin))
        except EntryProblem as exc:
            problems.append(f"{origin}{_nummer_hint(fields)}: {exc}")
    return ParsedSource(tuple(entries), tuple(problems), next_url)
