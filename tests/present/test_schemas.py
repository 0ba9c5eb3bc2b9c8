"""The JSON that the installed `jbz` prints matches docs/schema, the contract pipelines rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from installed import installed_jbz
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

JBZ = installed_jbz(module_level=True)
FIXTURES = Path(__file__).parents[1] / "fixtures"
SCHEMAS = Path(__file__).parents[2] / "docs" / "schema"
AS_OF = ("--as-of", "2026-11-29")
BROKEN = 'kind = "commitment"\ntitle = "Broken on purpose"\nstatus = "nonsense"\n'


def _registry() -> Registry:
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in SCHEMAS.glob("*.schema.json")
    )


REGISTRY = _registry()


def validator(name: str, pointer: str = "") -> Draft202012Validator:
    """A validator for a schema file, or for a definition inside it (`pointer` like "#/$defs/row")."""
    schema: dict[str, Any] = {"$ref": name + pointer} if pointer else REGISTRY.contents(name)
    return Draft202012Validator(schema, registry=REGISTRY)


def jbz(*args: str, cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") or k == "JBZ_CACHE_DIR"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([JBZ, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode in ok, done.stderr
    return done.stdout


def valid(name: str, data: Any, pointer: str = "") -> None:
    errors = sorted(validator(name, pointer).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def records(basic_dir: Path) -> Path:
    return basic_dir


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    names = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    assert names == [
        "agenda.schema.json",
        "cache.schema.json",
        "check.schema.json",
        "councils.schema.json",
        "diff.schema.json",
        "extract.schema.json",
        "history.schema.json",
        "import-summary.schema.json",
        "list.schema.json",
        "period.schema.json",
        "reconcile.schema.json",
        "record.schema.json",
        "stats.schema.json",
        "summary.schema.json",
    ]
    for name in names:
        schema = REGISTRY.contents(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("extra", [(), ("--topic", "ebsp")])
def test_list_json_and_jsonl(records: Path, extra: tuple[str, ...]) -> None:
    data = json.loads(jbz("list", *AS_OF, "--records", ".", *extra, "--format", "json", cwd=records))
    assert extra or data, "the fixture has records"
    valid("list.schema.json", data)
    for obj in lines(jbz("list", *AS_OF, "--records", ".", *extra, "--format", "jsonl", cwd=records)):
        valid("record.schema.json", obj)


def test_show_one_record_several_and_a_topic(records: Path) -> None:
    one = json.loads(jbz("show", *AS_OF, "--records", ".", "pool-dutch-contribution", "--json", cwd=records))
    assert one["id"] == "pool-dutch-contribution" and one["followups"]
    valid("record.schema.json", one)
    many = json.loads(jbz("show", *AS_OF, "--records", ".", "ebsp", "c7-action-plan", "--json", cwd=records))
    valid("list.schema.json", many)
    for obj in lines(jbz("show", *AS_OF, "--records", ".", "ebsp", "--format", "jsonl", cwd=records)):
        valid("record.schema.json", obj)


def test_a_record_with_an_extra_key_fails_the_closed_schema(records: Path) -> None:
    one = json.loads(jbz("show", *AS_OF, "--records", ".", "pool-dutch-contribution", "--json", cwd=records))
    assert list(validator("record.schema.json").iter_errors({**one, "extra": 1}))
    assert list(validator("agenda.schema.json", "#/$defs/item").iter_errors({**one, "month": None}))


@pytest.mark.parametrize("broken", [False, True])
def test_summary(records: Path, broken: bool) -> None:
    if broken:
        (records / "broken.toml").write_text(BROKEN, encoding="utf-8")
    data = json.loads(jbz("summary", *AS_OF, "--records", ".", "--json", cwd=records, ok=(0, 1)))
    assert data["problems"] == int(broken)
    valid("summary.schema.json", data)


@pytest.mark.parametrize("extra", [(), ("--all", "--from", "2025-01", "--to", "2027-12")])
def test_agenda_json_and_jsonl(records: Path, extra: tuple[str, ...]) -> None:
    data = json.loads(jbz("agenda", *AS_OF, "--records", ".", *extra, "--format", "json", cwd=records))
    assert data
    valid("agenda.schema.json", data)
    for obj in lines(jbz("agenda", *AS_OF, "--records", ".", *extra, "--format", "jsonl", cwd=records)):
        valid("agenda.schema.json", obj, "#/$defs/item")


def test_stats_json_and_jsonl(records: Path) -> None:
    valid("stats.schema.json", json.loads(jbz("stats", "--records", ".", "--json", cwd=records)))
    rows = lines(jbz("stats", "--records", ".", "--format", "jsonl", cwd=records))
    assert rows
    for row in rows:
        valid("stats.schema.json", row, "#/$defs/row")


def test_check_json_and_jsonl(records: Path) -> None:
    assert json.loads(jbz("check", ".", "--format", "json", cwd=records)) == []
    (records / "broken.toml").write_text(BROKEN, encoding="utf-8")
    data = json.loads(jbz("check", ".", "--format", "json", cwd=records, ok=(1,)))
    assert data
    valid("check.schema.json", data)
    for obj in lines(jbz("check", ".", "--format", "jsonl", cwd=records, ok=(1,))):
        valid("check.schema.json", obj, "#/$defs/diagnostic")


@pytest.mark.parametrize(("rid", "git"), [("pool-dutch-contribution", False), ("iom-roadmap-march", True)])
def test_history(records: Path, rid: str, git: bool) -> None:
    args = ("history", "--records", ".", rid, "--format", "json", *(() if git else ("--no-git",)))
    data = json.loads(jbz(*args, cwd=records))
    assert data["id"] == rid and data["events"]
    valid("history.schema.json", data)


def test_diff_json_and_jsonl_cover_every_section(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "period", tmp_path / "records")
    data = json.loads(jbz("diff", "2026-Q1", "2026-Q2", "--format", "json", cwd=tmp_path))
    assert all(data[section] for section in data), "the fixture has a change in every section"
    valid("diff.schema.json", data)
    found = lines(jbz("diff", "2026-Q1", "2026-Q2", "--format", "jsonl", cwd=tmp_path))
    assert {obj["change"] for obj in found} == set(data)
    for obj in found:
        valid("diff.schema.json", obj, "#/$defs/line")


def test_a_diff_line_with_an_extra_key_fails_the_closed_schema(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "period", tmp_path / "records")
    obj = lines(jbz("diff", "2026-Q1", "2026-Q2", "--format", "jsonl", cwd=tmp_path))[0]
    assert list(validator("diff.schema.json", "#/$defs/line").iter_errors(obj | {"extra": 1}))


@pytest.mark.parametrize("by", ["actor", "topic", "promised_to"])
def test_period_report(tmp_path: Path, by: str) -> None:
    shutil.copytree(FIXTURES / "cycle", tmp_path / "records")
    args = ("report", "--period", "2026-H1", "--by", by, "--format", "json", "--as-of", "2026-11-29")
    data = json.loads(jbz(*args, cwd=tmp_path))
    sections = {name for group in data["groups"] for name, entries in group.items() if name != "group" and entries}
    assert sections == {"open", "became_overdue", "closed", "slipped", "stale"}
    valid("period.schema.json", data)


def test_councils_of_the_bundled_records(tmp_path: Path) -> None:
    data = json.loads(jbz("councils", "--format", "json", "--as-of", "2025-12-01", cwd=tmp_path))
    assert data and [c["next"] for c in data].count(True) == 1
    valid("councils.schema.json", data)


def test_extract_json(tmp_path: Path) -> None:
    root = Path(__file__).parents[2]
    letter = root / "records" / "sources" / "kst-32317-987.txt"
    data = json.loads(jbz("extract", str(letter), "--format", "json", "--records", str(root / "records"), cwd=tmp_path))
    assert {c["kind"] for c in data} >= {"commitment", "deadline", "decision"}
    assert any(c["tracked"] for c in data) and any(c["due_phrase"] for c in data)
    assert data[0]["council"]["dates"] == ["2025-12-08", "2025-12-09"] and data[0]["council"]["role"] == "reported"
    valid("extract.schema.json", data)
    valid("extract.schema.json", data[0], "#/$defs/candidate")
    valid("extract.schema.json", data[0]["council"], "#/$defs/council")


def test_extract_json_without_a_council(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "32 317  JBZ-Raad\nNr. 9003  Brief\n\nDen Haag, 2 juni 2026\n\nDe Commissie zal in maart een voorstel doen.\n"
    )
    data = json.loads(jbz("extract", str(letter), "--format", "json", "--records", str(tmp_path), cwd=tmp_path))
    assert data and data[0]["council"] is None
    valid("extract.schema.json", data)


REGISTER_PAGES = Path(__file__).parents[1] / "register" / "fixtures"
LINKED = (
    'kind = "commitment"\ntitle = "Pact state of play"\nstatus = "done"\ndue = "2025-Q4"\nregister = "TZ202502-011"\n'
)
DANGLING = 'kind = "commitment"\ntitle = "Not in the register yet"\nregister = "TZ209901-001"\n'
UNLINKED = (
    'kind = "commitment"\ntitle = "Inform the Kamer about the internal security pact"\n\n[source]\n'
    'quote = "De minister zegt toe de Kamer te informeren over het Europees Pact voor interne veiligheid."\n'
)


@pytest.mark.parametrize("dry_run", [False, True])
def test_import_tk_summary(tmp_path: Path, dry_run: bool) -> None:
    pages = [str(REGISTER_PAGES / n) for n in ("odata_page1.json", "odata_page2.json", "odata_bad.json")]
    args = ("import", "tk", *pages, "--records", ".", "--status", "open", "--format", "json")
    args += ("--dry-run",) if dry_run else ()
    data = json.loads(jbz(*args, cwd=tmp_path, ok=(1,)))
    assert data["problems"] and data["skipped"] and data["dry_run"] is dry_run
    assert data["created"] > 0
    valid("import-summary.schema.json", data)


def test_reconcile(tmp_path: Path) -> None:
    pages = [str(REGISTER_PAGES / n) for n in ("odata_page1.json", "odata_page2.json")]
    jbz("import", "tk", *pages, "--records", ".", cwd=tmp_path)
    for name, text in (("linked", LINKED), ("dangling", DANGLING), ("unlinked", UNLINKED)):
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    data = json.loads(jbz("reconcile", "--records", ".", "--format", "json", cwd=tmp_path))
    assert {"status", "due", "register", "link"} <= {d["field"] for d in data}
    valid("reconcile.schema.json", data)


def test_cache_info_json(records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JBZ_CACHE_DIR", str(tmp_path / "cache"))
    empty = json.loads(jbz("cache", "info", "--json", cwd=records))
    assert empty["indexes"] == [] and empty["bytes"] == 0
    valid("cache.schema.json", empty)
    jbz("list", "--records", ".", cwd=records)
    data = json.loads(jbz("cache", "info", "--format", "json", cwd=records))
    assert [i["records"] for i in data["indexes"]] == [os.path.abspath(records)]
    valid("cache.schema.json", data)
