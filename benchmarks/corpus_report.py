"""Print the corpus figures of benchmarks/corpus_eval.py: per letter, per form and overall, as Markdown tables."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from benchmarks.corpus_eval import BUNDLED, FORMS, Run, evaluate, letters, summary

COLUMNS = ("runs", "refused", "empty", "candidates", "recall", "recall_all_kinds", "precision", "windows")
HEADS = ("runs", "refused", "empty", "candidates", "recall C+D", "recall, all kinds", "precision", "windows")
LETTER_COLUMNS = ("gold_items", "gold_cd", *COLUMNS)
LETTER_HEADS = ("gold items", "of which C+D", *HEADS)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if isinstance(value, float) else str(value)


def table(title: str, groups: dict[str, list[Run]], columns=COLUMNS, heads=HEADS) -> str:
    lines = [f"| {title} | " + " | ".join(heads) + " |", "|" + " --- |" * (len(heads) + 1)]
    for name, runs in groups.items():
        figures = summary(runs)
        lines.append(f"| {name} | " + " | ".join(_cell(figures[c]) for c in columns) + " |")
    return "\n".join(lines)


def report(runs: list[Run]) -> dict:
    """The figures as plain data: per letter, per form (without the bundled letter, which has one form), overall."""
    names = list(dict.fromkeys(r.letter for r in runs))
    forms = [f for f in FORMS if any(r.form == f for r in runs)]
    return {
        "letters": {n: summary([r for r in runs if r.letter == n]) for n in names},
        "forms": {f: summary([r for r in runs if r.form == f and r.letter != BUNDLED]) for f in forms},
        "overall": summary(runs),
        "overall_without_bundled": summary([r for r in runs if r.letter != BUNDLED]),
        "runs": [
            {"letter": r.letter, "form": r.form, "exit": r.exit, "stderr": r.stderr, "candidates": len(r.cands)}
            for r in runs
        ],
    }


def print_tables(runs: list[Run], verbose: bool) -> None:
    names = list(dict.fromkeys(r.letter for r in runs))
    forms = [f for f in FORMS if any(r.form == f for r in runs)]
    by_letter = {n: [r for r in runs if r.letter == n] for n in names}
    print(table("letter (all its forms)", by_letter, LETTER_COLUMNS, LETTER_HEADS))
    print()
    others = [r for r in runs if r.letter != BUNDLED]
    print(table(f"form (without {BUNDLED})", {f: [r for r in others if r.form == f] for f in forms}))
    print()
    print(table("overall", {"all letters": runs, f"without {BUNDLED}": others}))
    print()
    print("| score separation | top-half precision | mean confidence, real | mean confidence, false |")
    print("| --- | --- | --- | --- |")
    for name, group in (("all letters", runs), (f"without {BUNDLED}", others)):
        s = summary(group)
        real, false = (s[k] if s[k] is None else f"{s[k]:.2f}" for k in ("confidence_real", "confidence_false"))
        print(f"| {name} | {_cell(s['top_half_precision'])} | {_cell(real)} | {_cell(false)} |")
    refused = [r for r in runs if r.refused]
    if refused:
        print("\nrefused (exit status, first line of stderr):")
        for r in refused:
            print(f"  {r.letter} {r.form}: {r.exit} {r.stderr.splitlines()[-1] if r.stderr else ''}")
    empty = [r for r in runs if r.empty]
    if empty:
        print("\nsilently empty (exit 0, no candidate, gold has items):")
        for r in empty:
            print(f"  {r.letter} {r.form}")
    if verbose:
        for r in runs:
            print(f"\n## {r.letter} {r.form} (exit {r.exit})")
            for quote in r.missed:
                print(f"  missed: {quote[:150]}")
            for wrong in r.wrong_windows:
                print(f"  wrong window (gold quote, gold due, candidate due, phrase): {wrong}")
            for cand, ok in zip(r.cands, r.real, strict=True):
                if not ok:
                    print(f"  false [{cand.get('kind')} {cand.get('confidence')}] {(cand.get('quote') or '')[:150]}")


def corpus_main(args: argparse.Namespace) -> None:
    jbz = args.jbz or _installed_jbz()
    names = args.letters.split(",") if args.letters else None
    unknown = sorted(set(names or ()) - set(letters()))
    forms = tuple(args.forms.split(",")) if args.forms else FORMS
    bad_forms = sorted(set(forms) - set(FORMS))
    if unknown or bad_forms:
        sys.exit(f"extract_eval: unknown letter or form: {', '.join(unknown + bad_forms)}")
    runs = evaluate(jbz, names, forms)
    if args.json:
        print(json.dumps(report(runs), indent=2, ensure_ascii=False))
        return
    print_tables(runs, args.verbose)


def _installed_jbz() -> str:
    beside = Path(sys.executable).parent / "jbz"
    found = str(beside) if beside.exists() else shutil.which("jbz")
    if found is None:
        sys.exit("extract_eval: the jbz command is not installed; pass --jbz PATH")
    return found
