"""Stateful property: every writer keeps the past, run through the installed `jbz` as a clerk would.

A clerk works through a backlog over weeks: `add` (late entries with an old source date or `--created`),
`followup` and `done` (backfilled to an earlier day), `edit`, `extract --accept` of a staged draft and `import tk` of
a register page. A write takes effect on its own day (the record's first day, or the follow-up's date); it may
change what `jbz list --as-of` says for that day and later, and must change nothing before it. So after each
accepted write the machine forgets its answers from that day on, records `jbz list --format json --as-of` for the
write's day and for today, and at the end asks again for every day it remembers. After every accepted write
`jbz check --strict` must be clean; a refused write must leave every file byte for byte as it was.

Three processes or more per step, so CI runs a few short sequences (HYPOTHESIS_PROFILE=ci, the default);
HYPOTHESIS_PROFILE=long runs 40 sequences of up to 20 steps (about an hour) (docs/workflow.md, "Keeping the past true").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule
from installed import installed_jbz

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
START = date(2026, 1, 5)
# The answers compared: the replayed state `jbz list` shows for a day. Not the title or summary, which an edit may
# reword, nor the follow-up list: a first status change also writes the follow-up on the record's first day that
# keeps the status it started with (core/replay.start_followup), so that day lists one more follow-up, same state.
STATE = ("id", "kind", "status", "due", "due_start", "due_by", "next_check", "flags", "created")
EDITOR = (
    "import sys\n"
    "p = sys.argv[1]\n"
    "t = open(p, encoding='utf-8').read()\n"
    "open(p, 'w', encoding='utf-8').write(t.replace('title = \"', 'title = \"Reviewed: ', 1) + '# reviewed\\n')\n"
)


class PastStaysTrue(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="jbz-past-"))
        self.records = self.tmp / "records"
        self.records.mkdir()
        self.drafts = self.tmp / "drafts"
        self.editor = self.tmp / "editor.py"
        self.editor.write_text(EDITOR, encoding="utf-8")
        self.today = START
        self.ids: list[str] = []
        self.made = 0
        self.seen: dict[date, list[dict[str, Any]]] = {}

    # --- running jbz ------------------------------------------------------------------------------------------------

    def jbz(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k not in ("VISUAL", "EDITOR")}
        base.update(
            JBZ_RECORDS=str(self.records), JBZ_TODAY=self.today.isoformat(), JBZ_CACHE_DIR=str(self.tmp / "cache")
        )
        base.update(env)
        return subprocess.run(
            [installed_jbz(), *args], env=base, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
        )

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.records).as_posix(): p.read_bytes()
            for p in sorted(self.records.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }

    def answer(self, day: date) -> list[dict[str, Any]]:
        result = self.jbz("list", "--format", "json", "--as-of", day.isoformat())
        assert result.returncode == 0, result.stderr
        return [{k: item.get(k) for k in STATE} for item in json.loads(result.stdout)]

    def write(self, effective: date | None, *args: str, **env: str) -> bool:
        """Run one write; on success check the folder and remember the answers it may not change later."""
        before = self.files()
        result = self.jbz(*args, **env)
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode != 0:
            assert self.files() == before, f"refused {args} but changed files: {result.stderr}"
            return False
        check = self.jbz("check", "--strict")
        assert check.returncode == 0, f"after {args}:\n{check.stdout}{check.stderr}"
        if effective is not None:
            self.seen = {day: answer for day, answer in self.seen.items() if day < effective}
            self.seen[effective] = self.answer(effective)
        self.seen[self.today] = self.answer(self.today)
        return True

    def new_id(self) -> str:
        self.made += 1
        return f"item-{self.made}"

    # --- the writes -------------------------------------------------------------------------------------------------

    @rule(days=st.integers(0, 45))
    def time_passes(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule(
        kind=st.sampled_from(["commitment", "deadline", "decision"]),
        back=st.integers(0, 60),
        start=st.sampled_from(["today", "source", "created", "both"]),
        status=st.sampled_from([None, "open", "waiting"]),
        due=st.sampled_from([None, "2026-02", "2026-Q2", "2026-H2", "2027"]),
    )
    def add(self, kind: str, back: int, start: str, status: str | None, due: str | None) -> None:
        rid = self.new_id()
        args = ["add", kind, "--title", f"Item {self.made}", "--id", rid, "--no-input"]
        day = self.today - timedelta(days=back)
        if start in ("source", "both"):
            args += ["--source-date", day.isoformat(), "--document", "Kamerstuk 32 317, nr. 987"]
        if start in ("created", "both"):
            day -= timedelta(days=3 if start == "both" else 0)
            args += ["--created", day.isoformat()]
        args += ["--status", status] if status else []
        args += ["--due", due] if due else []
        if self.write(day if start != "today" else self.today, *args):
            self.ids.append(rid)

    @precondition(lambda self: self.ids)
    @rule(
        data=st.data(),
        back=st.integers(0, 40),
        status=st.sampled_from([None, None, "open", "waiting", "partial", "dropped"]),
        due=st.sampled_from([None, None, "2026-Q3", "2027-H1"]),
    )
    def followup(self, data: st.DataObject, back: int, status: str | None, due: str | None) -> None:
        rid = data.draw(st.sampled_from(self.ids))
        day = self.today - timedelta(days=back)
        args = ["followup", rid, "--date", day.isoformat(), "--note", f"news {self.made}"]
        args += ["--status", status] if status else []
        args += ["--evidence", "Kamerstuk 32 317, nr. 990"] if status in ("partial", "dropped") else []
        args += ["--due", due] if due else []
        self.write(day, *args)

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), back=st.integers(0, 40))
    def done(self, data: st.DataObject, back: int) -> None:
        rid = data.draw(st.sampled_from(self.ids))
        day = self.today - timedelta(days=back)
        self.write(day, "done", rid, "--date", day.isoformat(), "--evidence", "Kamerstuk 32 317, nr. 991")

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        rid = data.draw(st.sampled_from(self.ids))
        self.write(None, "edit", rid, EDITOR=f"{sys.executable} {self.editor}")

    @rule(back=st.integers(0, 60), kind=st.sampled_from(["commitment", "deadline"]))
    def extract_accept(self, back: int, kind: str) -> None:
        rid = self.new_id()
        day = self.today - timedelta(days=back)
        self.drafts.mkdir(exist_ok=True)
        (self.drafts / f"{rid}.toml").write_text(
            f'draft = true\nkind = "{kind}"\ntitle = "Drafted {self.made}"\ndue = "2026-Q4"\n\n'
            f'[source]\ndocument = "Kamerstuk 32 317, nr. 987"\ndate = {day.isoformat()}\n',
            encoding="utf-8",
        )
        if self.write(day, "extract", "--accept", "--into", str(self.drafts)):
            self.ids.append(rid)
        shutil.rmtree(self.drafts, ignore_errors=True)

    @rule(back=st.integers(0, 60), status=st.sampled_from(["Openstaand", "Openstaand", "Voldaan"]))
    def import_tk(self, back: int, status: str) -> None:
        self.made += 1
        day = self.today - timedelta(days=back)
        entry = {
            "Id": f"00000000-0000-4000-8000-{self.made:012d}",
            "Nummer": f"TZ202601-{self.made:03d}",
            "Tekst": f"De minister zegt toe de Kamer te informeren over punt {self.made}.",
            "Status": status,
            "DatumNakoming": "2026-12-31T00:00:00+01:00",
            "Ministerie": "Justitie en Veiligheid",
            "Naam": "Minister",
            "Functie": "Minister van Justitie en Veiligheid",
            "Aanmaakdatum": f"{day.isoformat()}T10:00:00+01:00",
            "GewijzigdOp": f"{self.today.isoformat()}T10:00:00+01:00",
            "Verwijderd": False,
            "KamerbriefNakoming": None,
        }
        page = self.tmp / "page.json"
        page.write_text(json.dumps({"value": [entry]}), encoding="utf-8")
        known = set(self.files())
        if self.write(day, "import", "tk", str(page)):
            self.ids += [Path(name).stem for name in set(self.files()) - known if name.endswith(".toml")]

    def teardown(self) -> None:
        try:
            for day, answer in sorted(self.seen.items()):
                assert self.answer(day) == answer, f"the answer for {day} changed"
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


PastStaysTrue.TestCase.settings = settings(
    max_examples=40 if LONG else 3,
    stateful_step_count=20 if LONG else 8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TestPastStaysTrue = PastStaysTrue.TestCase
