"""Every shell example in README.md and docs/*.md runs, as written, with the installed `jbz`.

The convention the docs follow:

- A fenced block tagged ```sh, ```bash or ```console is an example and runs. Blocks with another tag (```text,
  ```toml, ```json, ...) are shown, never run; an untagged block may not start with `$ ` or `jbz `, so a command
  cannot slip out of the tests by losing its tag.
- ```sh / ```bash: each command (a line, with `\\` continuations) runs in bash with `set -o pipefail` and must
  exit 0. Comment lines directly under a command (no blank line between) are its expected stdout, `# ` removed;
  other comments are prose.
- ```console: `$ ` starts a command; the lines up to the next `$ ` are what it prints (stdout, then stderr), compared
  exactly. The exit status may be 0 or 1 (a finding), never a usage error or a crash.
- Commands run in a fresh temporary folder whose `./records` is a copy of the repository's records (the bundled
  ones), as of 2026-11-29 (`JBZ_TODAY`), with `$HOME` in that folder and `EDITOR=true`, so writing examples,
  `jbz edit` and `--install-completion` touch nothing outside it.
- An HTML comment before the block changes that: `<!-- example: records=tests/fixtures/basic -->` copies that
  folder as `./records` (`records=none`: no records, as a new user starts); `<!-- example: continues -->` first runs the runnable block above it on the same page, in
  the same folder (a walk-through); `<!-- example: skip: REASON -->` does not run the block (the reason is required,
  and such blocks must stay few).
- The lines of a block run one after another as a user types them: a `cd` in one line holds for the next.
- Lines using `jq` are skipped when jq is not installed.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from installed import installed_jbz

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_TAGS = {"sh", "bash", "console"}
FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->\s*$")
MAX_SKIPS = 13  # installs, network downloads, cron lines, an editor, interactive completion, and runs of minutes (long profiles, benchmarks)

# Pages whose examples this suite does not mark itself, with the reason they are not run.
PAGE_SKIPS = {
    "docs/benchmarks.md": "installs jbz into a second venv and runs minutes of benchmarks (see benchmarks/run.py)",
}


@dataclass
class Step:
    """One command of an example and what it should print (None: not shown, so not compared)."""

    command: str
    expected: list[str] | None = None


@dataclass
class Block:
    doc: str
    line: int
    tag: str
    body: list[str]
    options: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def skip(self) -> str | None:
        return self.options.get("skip") or PAGE_SKIPS.get(self.doc)


def parse_marker(text: str) -> dict[str, str]:
    """`skip: REASON`, or words `key=value` and `continues`; an unknown key is an error in the doc."""
    if text.startswith("skip"):
        return {"skip": text[4:].lstrip(" :").strip()}
    options = dict(part.split("=", 1) if "=" in part else (part, "yes") for part in text.split())
    unknown = set(options) - {"records", "continues"}
    assert not unknown, f"unknown example option(s) {sorted(unknown)} in <!-- example: {text} -->"
    return options


def read_blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown file, with the example markers just above it."""
    doc = path.relative_to(ROOT).as_posix()
    blocks: list[Block] = []
    pending: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        marker = MARKER.match(line.strip())
        if marker:
            pending.update(parse_marker(marker.group(1)))
        elif fence:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith(fence.group(1)))
            blocks.append(Block(doc, i + 1, fence.group(2), lines[i + 1 : end], pending))
            pending = {}
            i = end
        elif line.strip() and not line.lstrip().startswith("<!--"):
            pending = {}
        i += 1
    return blocks


ALL_BLOCKS = [block for path in DOCS for block in read_blocks(path)]
EXAMPLES = [block for block in ALL_BLOCKS if block.tag in RUN_TAGS]


def sh_steps(body: list[str]) -> list[Step]:
    """Commands of an sh block; `# ...` lines right under a command are its output."""
    steps: list[Step] = []
    after_command = False
    lines = iter(body)
    for line in lines:
        stripped = line.strip()
        if not stripped:
            after_command = False
        elif stripped.startswith("#"):
            if after_command:
                expected = steps[-1].expected if steps[-1].expected is not None else []
                expected.append(stripped[1:].removeprefix(" "))
                steps[-1].expected = expected
        else:
            command = line
            while command.endswith("\\"):
                command = command + "\n" + next(lines)
            steps.append(Step(command))
            after_command = True
    return steps


def console_steps(body: list[str]) -> list[Step]:
    """`$ command` lines and the output under each."""
    steps: list[Step] = []
    lines = iter(body)
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command + "\n" + next(lines).removeprefix("> ")
            steps.append(Step(command, []))
        else:
            assert steps, f"output before the first `$ ` command: {line!r}"
            assert steps[-1].expected is not None
            steps[-1].expected.append(line)
    for step in steps:
        while step.expected and not step.expected[-1].strip():
            step.expected.pop()
    return steps


def example_env(home: Path) -> dict[str, str]:
    """A shell user's environment: the installed jbz first on PATH, a private HOME, a fixed day."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JBZ_") and k not in ("NO_COLOR", "VISUAL")}
    env.update(
        PATH=str(Path(installed_jbz()).parent) + os.pathsep + env.get("PATH", ""),
        HOME=str(home),
        JBZ_TODAY="2026-11-29",
        JBZ_CACHE_DIR=os.environ["JBZ_CACHE_DIR"],
        EDITOR="true",
        TERM="dumb",
        COLUMNS="80",
        LC_ALL="C.UTF-8",
        SHELL="/bin/bash",
    )
    return env


def run_steps(block: Block, cwd: Path, env: dict[str, str]) -> None:
    """Run each command of the block in cwd; check its exit status and, where the doc shows it, its output."""
    steps = console_steps(block.body) if block.tag == "console" else sh_steps(block.body)
    assert steps, f"{block.name}: a runnable block without a command"
    here = cwd  # as a user types the block: a `cd` in one line holds for the next
    left = cwd.parent / f".{cwd.name}-pwd"
    for step in steps:
        if re.search(r"\bjq\b", step.command) and shutil.which("jq") is None:
            continue
        keep_pwd = f'{step.command}\nstatus=$?; pwd > "{left}"; exit $status'
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", keep_pwd],
            cwd=here,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if left.is_file():
            here = Path(left.read_text().strip() or here)
        where = f"{block.name}: `{step.command}`"
        allowed = (0, 1) if block.tag == "console" else (0,)
        assert result.returncode in allowed, f"{where} exited {result.returncode}\n{result.stderr}"
        if step.expected is not None:
            shown = result.stdout + (result.stderr if block.tag == "console" else "")
            assert shown.rstrip("\n").splitlines() == step.expected, f"{where} printed\n{shown}"


def walk_through(block: Block) -> list[Block]:
    """The block, preceded by the blocks it continues."""
    if "continues" not in block.options:
        return [block]
    above = [b for b in EXAMPLES if b.doc == block.doc and b.line < block.line]
    assert above, f"{block.name}: continues, but no runnable block is above it"
    return [*walk_through(above[-1]), block]


@pytest.mark.parametrize("block", EXAMPLES, ids=[block.name for block in EXAMPLES])
def test_example_runs(block: Block, tmp_path: Path) -> None:
    if block.skip:
        pytest.skip(block.skip)
    chain = walk_through(block)
    wanted = chain[0].options.get("records", "records")
    if wanted != "none":  # records=none: an empty folder, as a new user starts in
        records = ROOT / wanted
        assert records.is_dir(), f"{block.name}: records={records} is not a folder"
        shutil.copytree(records, tmp_path / "records")
    (tmp_path / "home").mkdir()
    env = example_env(tmp_path / "home")
    for part in chain:
        run_steps(part, tmp_path, env)


def test_skips_are_few_and_give_a_reason() -> None:
    skipped = [block for block in EXAMPLES if block.skip]
    assert len(skipped) <= MAX_SKIPS, [block.name for block in skipped]
    for block in skipped:
        assert len(block.skip or "") >= 10, f"{block.name}: say why the example cannot run"


def test_untagged_blocks_hold_no_commands() -> None:
    """A command in an untagged block would never run; tag it sh/console to test it, or text to show it."""
    untagged = [b.name for b in ALL_BLOCKS if not b.tag and b.body and b.body[0].startswith(("$ ", "jbz "))]
    assert untagged == []


def test_markers_stand_before_runnable_blocks() -> None:
    """An example marker over a toml or text block is a typo: it tests nothing."""
    assert [b.name for b in ALL_BLOCKS if b.options and b.tag not in RUN_TAGS] == []


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 20
    assert len([b for b in EXAMPLES if not b.skip]) >= 15


def test_source_paths_in_docs_exist() -> None:
    """A `jbz_cli/...py` or `tests/...py` the docs point developers to must be there."""
    mentioned = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in DOCS
        for name in re.findall(r"`((?:jbz_cli|tests|benchmarks|scripts)/[\w/.-]+\.py)`", path.read_text("utf-8"))
    }
    assert mentioned
    assert sorted((doc, name) for doc, name in mentioned if not (ROOT / name).is_file()) == []


def check_rule_examples() -> list[tuple[str, str, list[str]]]:
    """check.md's rule examples: a ```toml file, then the untagged block with `jbz check`'s exact output for it."""
    blocks = read_blocks(ROOT / "docs" / "check.md")
    pairs = []
    for toml, output in itertools.pairwise(blocks):
        first = output.body[0] if output.body else ""
        if toml.tag == "toml" and not output.tag and re.match(r"records/[\w-]+\.toml:", first):
            pairs.append((first.split(":", 1)[0], "\n".join(toml.body) + "\n", output.body))
    return pairs


RULE_EXAMPLES = check_rule_examples()


@pytest.mark.parametrize("name, text, expected", RULE_EXAMPLES, ids=[name for name, _, _ in RULE_EXAMPLES])
def test_check_rule_example_prints_what_the_doc_shows(
    name: str, text: str, expected: list[str], tmp_path: Path
) -> None:
    """Each bad file in check.md, put into a copy of the fixture records, gives exactly the output shown."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "basic", tmp_path / "records")
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "home").mkdir()
    result = subprocess.run(
        ["jbz", "check", name],
        cwd=tmp_path,
        env=example_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.splitlines() == expected


def test_check_md_has_rule_examples() -> None:
    assert len(RULE_EXAMPLES) >= 6
