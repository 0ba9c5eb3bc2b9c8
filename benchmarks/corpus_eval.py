"""Score `jbz extract` on the real-letter corpus (benchmarks/corpus/), every letter in every form.

Each (letter, form) is one run of the installed command, `jbz extract FILE --format json`, as a user
would run it; its exit status, stdout and stderr are kept. The numbers (see benchmarks/corpus/README.md):

- refused: the run exited non-zero; empty: it exited 0 with no candidate although the gold has items;
- recall: gold commitments and deadlines matched by at least one candidate (of any kind);
- recall (all kinds): the same over every gold item (decisions and fulfilments too);
- precision: candidates that match a gold item (its quote or one of its `also` quotes);
- windows: matched commitments and deadlines whose due window a best-matching candidate has
  (no window on both sides counts as right);
- top-half precision: precision of the better-scored half (rounded up) of each run's candidates, and
  the mean confidence of real and of false candidates: how well the score separates them.

A candidate matches a quote when, after one normalisation (NFKC, soft hyphens and zero-width
characters removed, case folded, words as `\\w+`), at least MATCH of the shorter quote's words are in the
longer one and the shorter has at least MIN_WORDS words: a heading or a fragment of three words does
not match a long sentence; one sentence of a gold quote that spans several sentences still does.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import tempfile
import tomllib
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "corpus"
BUNDLED = "kst-32317-987"
FORMS = ("text", "copied-tk", "copied-ob", "page-ob", "page-tk", "xml", "pdf")
FILES = {
    "text": "pasted.txt",
    "copied-tk": "copied-tk.txt",
    "copied-ob": "copied-ob.txt",
    "page-ob": "page-ob.html",
    "page-tk": "page-tk.html",
    "xml": "letter.xml",
    "pdf": "letter.pdf",
}
TARGET = ("commitment", "deadline")
MATCH = 0.6
MIN_WORDS = 6
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True)
class Gold:
    kind: str
    quote: str
    due: str | None
    also: tuple[str, ...] = ()


@dataclass
class Run:
    """One letter in one form: what jbz said and how it scores."""

    letter: str
    form: str
    exit: int
    stderr: str
    cands: list[dict]
    gold: list[Gold]
    target: int = 0
    found: int = 0
    found_all: int = 0
    right: int = 0
    real: list[bool] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong_windows: list[tuple] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.exit != 0

    @property
    def empty(self) -> bool:
        return self.exit == 0 and not self.cands and bool(self.gold)


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return re.findall(r"\w+", text)


def similarity(a: str, b: str) -> float:
    """Share of the shorter quote's words found in the longer, or 0 when the shorter is a fragment."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < MIN_WORDS:
        return 0.0
    have = set(long_)
    return sum(1 for t in short if t in have) / len(short)


def load_gold(letter: str) -> list[Gold]:
    if letter == BUNDLED:
        out = []
        for path in sorted((ROOT / "records" / "32317-987").glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            due = data.get("due")
            out.append(Gold(data["kind"], data["source"]["quote"], None if due is None else str(due)))
        return out
    data = tomllib.loads((CORPUS / letter / "gold.toml").read_text(encoding="utf-8"))
    return [Gold(i["kind"], i["quote"], i.get("due"), tuple(i.get("also", ()))) for i in data.get("item", [])]


def letters() -> list[str]:
    found = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.toml").is_file())
    return [BUNDLED, *found]


def letter_file(letter: str, form: str) -> Path | None:
    if letter == BUNDLED:
        return ROOT / "records" / "sources" / "kst-32317-987.txt" if form == "text" else None
    path = CORPUS / letter / FILES[form]
    return path if path.is_file() else None


def run_jbz(jbz: str, path: Path, records: Path) -> tuple[int, str, list[dict]]:
    done = subprocess.run(
        [jbz, "extract", str(path), "--format", "json", "--records", str(records)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    cands = []
    if done.returncode == 0:
        try:
            cands = json.loads(done.stdout or "[]")
        except json.JSONDecodeError:
            return 70, f"not JSON on stdout: {done.stdout[:200]}", []
    return done.returncode, done.stderr.strip(), cands


def score(run: Run) -> Run:
    def best(c: dict, g: Gold) -> float:
        return max(similarity(c.get("quote") or "", q) for q in (g.quote, *g.also))

    sims = [[best(c, g) for g in run.gold] for c in run.cands]
    run.real = [any(s >= MATCH for s in row) for row in sims]
    for j, g in enumerate(run.gold):
        col = [row[j] for row in sims]
        top = max(col, default=0.0)
        if top < MATCH:
            if g.kind in TARGET:
                run.missed.append(g.quote)
            run.target += g.kind in TARGET
            continue
        run.found_all += 1
        if g.kind not in TARGET:
            continue
        run.target += 1
        run.found += 1
        tied = [c for c, s in zip(run.cands, col, strict=True) if s == top]
        if any(c.get("due") == g.due for c in tied):
            run.right += 1
        else:
            run.wrong_windows.append((g.quote[:80], g.due, tied[0].get("due"), tied[0].get("due_phrase")))
    return run


def evaluate(jbz: str, names: list[str] | None = None, forms: tuple[str, ...] = FORMS, workers: int = 2) -> list[Run]:
    """Run and score every (letter, form) pair that has a file; letters in corpus order."""
    jobs = [(n, f, p) for n in (names or letters()) for f in forms if (p := letter_file(n, f)) is not None]
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        records.mkdir()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outs = list(pool.map(lambda job: run_jbz(jbz, job[2], records), jobs))
    return [
        score(Run(n, f, code, err, cands, load_gold(n)))
        for (n, f, _), (code, err, cands) in zip(jobs, outs, strict=True)
    ]


def summary(runs: list[Run]) -> dict:
    """Pooled figures over a set of runs (None where there is nothing to divide by)."""

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    cands = sum(len(r.cands) for r in runs)
    real = sum(sum(r.real) for r in runs)
    halves = [r.real[: math.ceil(len(r.real) / 2)] for r in _by_confidence(runs)]
    conf_real = [c.get("confidence", 0) for r in runs for c, ok in zip(r.cands, r.real, strict=True) if ok]
    conf_false = [c.get("confidence", 0) for r in runs for c, ok in zip(r.cands, r.real, strict=True) if not ok]
    gold_all = sum(len(r.gold) for r in runs)
    return {
        "runs": len(runs),
        "gold_items": len(runs[0].gold) if len({r.letter for r in runs}) == 1 else None,
        "gold_cd": sum(g.kind in TARGET for g in runs[0].gold) if len({r.letter for r in runs}) == 1 else None,
        "refused": sum(r.refused for r in runs),
        "empty": sum(r.empty for r in runs),
        "gold_commitments_deadlines": sum(r.target for r in runs),
        "candidates": cands,
        "recall": ratio(sum(r.found for r in runs), sum(r.target for r in runs)),
        "recall_all_kinds": ratio(sum(r.found_all for r in runs), gold_all),
        "precision": ratio(real, cands),
        "windows": ratio(sum(r.right for r in runs), sum(r.found for r in runs)),
        "top_half_precision": ratio(sum(sum(h) for h in halves), sum(len(h) for h in halves)),
        "confidence_real": round(sum(conf_real) / len(conf_real), 2) if conf_real else None,
        "confidence_false": round(sum(conf_false) / len(conf_false), 2) if conf_false else None,
    }


def _by_confidence(runs: list[Run]) -> list[Run]:
    """Each run with its candidates (and match flags) sorted by confidence, highest first."""
    out = []
    for r in runs:
        order = sorted(range(len(r.cands)), key=lambda i: -float(r.cands[i].get("confidence") or 0))
        out.append(
            Run(
                r.letter, r.form, r.exit, r.stderr, [r.cands[i] for i in order], r.gold, real=[r.real[i] for i in order]
            )
        )
    return out
