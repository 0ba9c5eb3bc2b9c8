#!/usr/bin/env python3
"""Time `jbz import tk` and `jbz reconcile` on N generated register entries (default 6,500, the live size).

Usage: python benchmarks/register_import.py [N] [--seed S] [--records-of-your-own R] [--keep DIR] [--jbz PATH]

Writes N entries as OData pages of 250 (like the service) in the shapes of the published schema
(tkData-v1-0-toezegging.xsd) and of the OData `$expand`: fulfilling letters with their dossier (some repeated),
the member or group the promise was made to, links between entries, and a few empty statuses. Then it times, in
a fresh records folder: the first import (N files), the same import again (nothing changes), an import in which
10% of the entries changed status (a follow-up each), and `jbz reconcile` after R records of your own (default
100: half linked to an entry by `register = "TZ..."`, half quoting an entry's text so a link is proposed) were
added. Prints one line per run, with wall time and CPU time (user + system, which a busy machine does not
inflate); asserts nothing. On a terminal, progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUSES = ["Openstaand"] * 40 + ["Afgedaan"] * 57 + ["Deels Afgedaan", "Vervallen", None]
MINISTERIES = ["Justitie en Veiligheid", "Asiel en Migratie", "Buitenlandse Zaken", "Financiën", "Defensie"]
SUBJECTS = ["de terugkeerverordening", "het Migratiepact", "e-evidence", "Europol", "de Schengengrenscode"]
MEMBERS = [("Dassen", None, "Volt"), ("Baarle", "van", "DENK"), ("Ellian", None, "VVD"), ("Mutluer", None, "GL-PvdA")]


def nummer(n: int) -> str:
    year = 2019 + n % 7
    return f"TZ{year}{(n % 12) + 1:02d}-{n:04d}"


def guid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def letter(n: int, k: int) -> dict:
    return {
        "Id": guid(10_000_000 + n * 10 + k),
        "DocumentNummer": f"2025D{n * 10 + k:05d}",
        "Titel": "Verslag van de JBZ-Raad",
        "Datum": "2025-11-20T00:00:00+01:00",
        "Volgnummer": 900 + k,
        "Kamerstukdossier": [{"Id": guid(20_000_000), "Nummer": 32317, "Toevoeging": None}],
    }


def addressee(rng: random.Random) -> list[dict]:
    surname, prefix, group = rng.choice(MEMBERS)
    if rng.random() < 0.3:
        return [{"Fractie": {"Afkorting": group, "NaamNL": group}, "Persoon": None}]
    return [{"Persoon": {"Achternaam": surname, "Tussenvoegsel": prefix}, "Fractie": {"Afkorting": group}}]


def entry(n: int, rng: random.Random, changed: bool) -> dict:
    year = 2019 + n % 7
    has_letter = rng.random() < 0.7  # drawn for every entry, so a changed status leaves the others identical
    status = rng.choice(STATUSES)
    if changed and status == "Openstaand":
        status = "Afgedaan"
    due = f"{year + 1}-{rng.randint(1, 12):02d}-01T00:00:00+01:00" if rng.random() < 0.5 else None
    if due is None and rng.random() < 0.5:
        due = "0001-01-01T00:00:00Z"
    stamp = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.{rng.randint(0, 9999999):07d}+01:00"
    two_letters, linked, addressed = rng.random() < 0.05, rng.random() < 0.05, rng.random() < 0.6
    people = addressee(rng)  # every draw is made for every entry, so a changed status leaves the rest identical
    letters = [letter(n, k) for k in range(1 + two_letters)] if has_letter and status == "Afgedaan" else []
    link = [{"Id": guid(n - 1), "Nummer": nummer(n - 1)}] if n and linked else []
    return {
        "Id": guid(n),
        "Nummer": nummer(n),
        "Tekst": f"De minister zegt toe de Kamer te informeren over {rng.choice(SUBJECTS)} (nr. {n}).",
        "Status": status,
        "DatumNakoming": due,
        "Ministerie": rng.choice(MINISTERIES),
        "Naam": "Van Weel, D.M.",
        "Functie": "Minister van Justitie en Veiligheid",
        "ActiviteitNummer": f"{year}A{n:05d}",
        "Aanmaakdatum": stamp,
        "GewijzigdOp": stamp.replace("T10", "T12") if changed else stamp,
        "ApiGewijzigdOp": stamp.replace("T10", "T13") if changed else stamp.replace("T10", "T11"),
        "Verwijderd": False,
        "KamerbriefNakoming": letters,
        "ToegezegdAan": people if addressed else [],
        "IsHerhalingVan": link,
        "IsWijzigingVan": [],
        "IsAanvullingOp": [],
    }


def write_pages(folder: Path, count: int, seed: int, changed_share: float = 0.0) -> list[str]:
    rng = random.Random(seed)
    flip = random.Random(seed + 1)
    entries = [entry(n, rng, flip.random() < changed_share) for n in range(count)]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, count, 250):
        path = folder / f"page-{start // 250:03d}.json"
        path.write_text(json.dumps({"value": entries[start : start + 250]}, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def write_own_records(folder: Path, count: int, entries: int, seed: int) -> None:
    """Records of your own: even ones linked to an entry, odd ones quoting an entry's text (a proposed link)."""
    rng = random.Random(seed + 2)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        n = rng.randrange(entries)
        if i % 2 == 0:
            text = f'kind = "commitment"\ntitle = "Own record {i}"\nstatus = "done"\nregister = "{nummer(n)}"\n'
            text += '\n[[followup]]\ndate = 2026-01-10\nnote = "Letter sent"\nstatus = "done"\nevidence = "Kamerstuk"\n'
        else:
            quote = f"De minister zegt toe de Kamer te informeren over {rng.choice(SUBJECTS)} (nr. {n})."
            text = f'kind = "commitment"\ntitle = "Own record {i}"\n\n[source]\nquote = "{quote}"\n'
        (folder / f"own-{i:03d}.toml").write_text(text, encoding="utf-8")


def timed(label: str, command: list[str]) -> None:
    if sys.stderr.isatty():
        print(f"running: {label} ...", file=sys.stderr, flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if "import" in command:
        summary = json.loads(done.stdout) if done.stdout.startswith("{") else {}
        keys = ("created", "updated", "unchanged", "deleted")
        result = ", ".join(f"{key} {summary[key] if isinstance(summary.get(key), int) else len(summary.get(key, []))}"
                           for key in keys)  # fmt: skip
    else:
        found = json.loads(done.stdout) if done.stdout.startswith("[") else []
        fields: dict[str, int] = {}
        for item in found:
            fields[item["field"]] = fields.get(item["field"], 0) + 1
        result = ", ".join(f"{k} {v}" for k, v in sorted(fields.items())) or "no disagreements"
    print(f"{label:<24} {seconds:6.1f} s wall {cpu:6.1f} s CPU   {result}   exit {done.returncode}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=6500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records-of-your-own", dest="own", type=int, default=100)
    parser.add_argument("--keep", metavar="DIR", help="Work in DIR and keep it (default: a temporary folder).")
    parser.add_argument("--jbz", metavar="PATH", help="The jbz command to time (default: this Python's jbz_cli).")
    args = parser.parse_args()
    jbz = [args.jbz] if args.jbz else [sys.executable, "-m", "jbz_cli"]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jbz-register-bench-"))
    try:
        pages = write_pages(work / "pages", args.count, args.seed)
        changed = write_pages(work / "pages-changed", args.count, args.seed, changed_share=0.1)
        records = work / "records"
        records.mkdir(exist_ok=True)
        print(f"{args.count} entries in {len(pages)} pages; {args.own} records of your own for reconcile")

        def run_import(label: str, files: list[str]) -> None:
            timed(label, [*jbz, "import", "tk", *files, "--records", str(records), "--format", "json"])

        run_import("first import", pages)
        run_import("same data again", pages)
        run_import("10% changed", changed)
        write_own_records(records / "own", args.own, args.count, args.seed)
        timed(f"reconcile, {args.own} own", [*jbz, "reconcile", "--records", str(records), "--format", "json"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
