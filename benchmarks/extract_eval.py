"""Measure `jbz extract` on the bundled letter against the bundled records, or on the whole corpus.

    python benchmarks/extract_eval.py [--verbose] [--json]
    python benchmarks/extract_eval.py --corpus [--letters ID,...] [--forms FORM,...] [--verbose] [--json]

`--corpus` runs the installed `jbz extract` on every letter of benchmarks/corpus/ in every form and
prints the tables of docs/extract.md ("Real-letter corpus"); its matching rule and figures are in
benchmarks/corpus_eval.py. Without it, the bundled letter is measured in-process as before:

A candidate matches a record when their quotes overlap (jbz_cli.letters.match.overlap >= 0.6: the
share of the shorter quote's words found in the other). Reported, as in docs/extract.md:

- recall: commitment and deadline records matched by at least one candidate;
- precision: candidates that match any record (decisions included);
- windows: matched commitment and deadline records for which a best-matching candidate has the same
  due (no due on both sides counts as right; a sentence with two windows gives two candidates).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_eval import FORMS  # noqa: E402
from benchmarks.corpus_report import corpus_main  # noqa: E402
from jbz_cli.letters import extract_letter  # noqa: E402
from jbz_cli.letters.match import overlap  # noqa: E402

MATCH = 0.6


def load_records(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data["id"] = path.stem
        due = data.get("due")
        data["due"] = None if due is None else str(due)
        out.append(data)
    return out


def evaluate(letter: Path, records_dir: Path, verbose: bool = False) -> dict:
    records = load_records(records_dir)
    result = extract_letter(letter.read_text(encoding="utf-8"))
    cands = result.candidates
    target = [r for r in records if r["kind"] in ("commitment", "deadline")]
    scores = {(i, r["id"]): overlap(c.quote, r["source"]["quote"]) for i, c in enumerate(cands) for r in records}
    matched_cands = [i for i in range(len(cands)) if any(scores[(i, r["id"])] >= MATCH for r in records)]
    found, right, wrong_windows, missed = 0, 0, [], []
    for r in target:
        best = max(range(len(cands)), key=lambda i: scores[(i, r["id"])], default=None)
        if best is None or scores[(best, r["id"])] < MATCH:
            missed.append(r["id"])
            continue
        found += 1
        # One sentence can give several candidates, one per window; the record's window is right when
        # one of the candidates for its best-matching sentence has it.
        tied = [c for i, c in enumerate(cands) if scores[(i, r["id"])] == scores[(best, r["id"])]]
        if any(c.due == r["due"] for c in tied):
            right += 1
        else:
            wrong_windows.append((r["id"], r["due"], cands[best].due, cands[best].due_phrase))
    report = {
        "letter": letter.name,
        "records": len(records),
        "commitments_and_deadlines": len(target),
        "candidates": len(cands),
        "recall": round(found / len(target), 3),
        "precision": round(len(matched_cands) / len(cands), 3) if cands else 0.0,
        "windows": round(right / found, 3) if found else 0.0,
    }
    if verbose:
        print("missed:", *missed, sep="\n  ")
        print("wrong windows (id, record, candidate, phrase):", *wrong_windows, sep="\n  ")
        print("unmatched candidates:")
        for i, c in enumerate(cands):
            if i not in matched_cands:
                print(f"  [{c.kind} {c.confidence}] {c.quote[:150]}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="List misses and unmatched candidates.")
    parser.add_argument("--json", action="store_true", help="Print the numbers as JSON.")
    parser.add_argument("--corpus", action="store_true", help="Measure every corpus letter in every form.")
    parser.add_argument("--letters", help="With --corpus: only these letter ids, comma-separated.")
    parser.add_argument("--forms", help=f"With --corpus: only these forms ({', '.join(FORMS)}).")
    parser.add_argument("--jbz", help="The jbz command to run (default: the one next to this Python).")
    args = parser.parse_args()
    if args.corpus:
        corpus_main(args)
        return
    report = evaluate(ROOT / "records/sources/kst-32317-987.txt", ROOT / "records/32317-987", args.verbose)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:>26}: {value:.1%}" if isinstance(value, float) else f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
