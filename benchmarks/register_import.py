#!/usr/bin/env python3
"""Time `jbz import tk` on N generated register entries (default 6,500, the size of the live register).

Usage: python benchmarks/register_import.py [N] [--seed S] [--keep DIR]

Writes N entries as OData pages of 250 (like the service), then times three runs in a fresh records
folder: the first import (creates N files), the same import again (nothing changes), and an import in
which 10% of the entries changed status (a follow-up each). Prints one line per run; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUSES = ["Openstaand"] * 40 + ["Afgedaan"] * 58 + ["Deels Afgedaan", "Vervallen"]
MINISTERIES = ["Justitie en Veiligheid", "Asiel en Migratie", "Buitenlandse Zaken", "Financiën", "Defensie"]
SUBJECTS = ["de terugkeerverordening", "het Migratiepact", "e-evidence", "Europol", "de Schengengrenscode"]


def entry(n: int, rng: random.Random, changed: bool) -> dict:
    year = 2019 + n % 7
    letter = rng.random() < 0.7  # drawn for every entry, so a changed status leaves the others identical
    status = rng.choice(STATUSES)
    if changed and status == "Openstaand":
        status = "Afgedaan"
    due = f"{year + 1}-{rng.randint(1, 12):02d}-01T00:00:00+01:00" if rng.random() < 0.5 else None
    if due is None and rng.random() < 0.5:
        due = "0001-01-01T00:00:00Z"
    stamp = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.{rng.randint(0, 9999999):07d}+01:00"
    return {
        "Id": f"00000000-0000-4000-8000-{n:012d}",
        "Nummer": f"TZ{year}{(n % 12) + 1:02d}-{n:04d}",
        "Tekst": f"De minister zegt toe de Kamer te informeren over {rng.choice(SUBJECTS)} (nr. {n}).",
        "Status": status,
        "DatumNakoming": due,
        "Ministerie": rng.choice(MINISTERIES),
        "Naam": "Van Weel, D.M.",
        "Functie": "Minister van Justitie en Veiligheid",
        "ActiviteitNummer": f"{year}A{n:05d}",
        "Aanmaakdatum": stamp,
        "GewijzigdOp": stamp.replace("T10", "T12") if changed else stamp,
        "Verwijderd": False,
        "KamerbriefNakoming": "Kamerstuk 32 317, nr. 900" if status == "Afgedaan" and letter else None,
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


def timed(label: str, pages: list[str], records: Path) -> None:
    command = [sys.executable, "-m", "jbz_cli", "import", "tk", *pages, "--records", str(records), "--format", "json"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = json.loads(done.stdout) if done.stdout.startswith("{") else {}
    counts = ", ".join(f"{key} {summary.get(key)}" for key in ("created", "updated", "unchanged", "deleted"))
    print(f"{label:<22} {seconds:6.1f} s   {counts}   exit {done.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=6500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="Work in DIR and keep it (default: a temporary folder).")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jbz-register-bench-"))
    try:
        pages = write_pages(work / "pages", args.count, args.seed)
        changed = write_pages(work / "pages-changed", args.count, args.seed, changed_share=0.1)
        records = work / "records"
        records.mkdir(exist_ok=True)
        print(f"{args.count} entries in {len(pages)} pages")
        timed("first import", pages, records)
        timed("same data again", pages, records)
        timed("10% changed", changed, records)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
