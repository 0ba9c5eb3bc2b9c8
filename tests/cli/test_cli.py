from __future__ import annotations

import json
from pathlib import Path

from jbz_cli import __version__


def lines(text: str) -> list[str]:
    return text.splitlines()


def test_list_open_piped_defaults_to_tsv(invoke, basic_dir: Path) -> None:
    result = invoke("list", "--open", "--records", str(basic_dir), "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        "c7-action-plan\tdeadline\topen\t2026-H1\toverdue\tC7 ministers adopt a multi-year action plan",
        "pool-dutch-contribution\tcommitment\tpartial\t2026-12-15\tdue-soon,awaiting\t"
        "Decide on the Dutch contribution to the solidarity pool",
        "ebsp-negotiations-end-2026\tdeadline\topen\t2026\t-\tCommission aims to conclude the EU-US EBSP framework negotiations",
        "etias-operational\tdeadline\topen\t2026-Q4\t-\tETIAS becomes operational",
        "asylum-ep-position\tdeadline\twaiting\t2027-01-31\t-\tEuropean Parliament position on safe countries of origin",
        "ebsp-keep-kamer-informed\tcommitment\topen\t-\tawaiting\tKeep the Kamer informed about the EBSP negotiations",
    ]


def test_as_of_comes_from_jbz_today(invoke, basic_dir: Path) -> None:
    result = invoke(
        "list", "--overdue", "--format", "ids", "--records", str(basic_dir), env={"JBZ_TODAY": "2027-01-01"}
    )
    assert lines(result.stdout) == [
        "c7-action-plan",
        "pool-dutch-contribution",
        "ebsp-negotiations-end-2026",
        "etias-operational",
    ]
    result = invoke(
        "list",
        "--overdue",
        "--format",
        "ids",
        "--records",
        str(basic_dir),
        "--as-of",
        "2026-07-01",
        env={"JBZ_TODAY": "2027-01-01"},
    )
    assert lines(result.stdout) == ["c7-action-plan"]


def test_records_from_env(invoke, basic_dir: Path) -> None:
    result = invoke("list", "--closed", "--format", "ids", env={"JBZ_RECORDS": str(basic_dir)})
    assert lines(result.stdout) == ["iom-roadmap-march", "return-general-approach"]


def test_every_filter_option_reaches_the_query(invoke, basic_dir: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = invoke("list", "--format", "ids", "--records", str(basic_dir), "--as-of", "2026-11-29", *args)
        assert result.exit_code == 0, result.output
        return lines(result.stdout)

    assert ids("--topic", "ebsp", "--kind", "commitment") == ["ebsp-keep-kamer-informed"]
    assert ids("--status", "waiting", "--status", "partial") == ["pool-dutch-contribution", "asylum-ep-position"]
    assert ids("--actor", "belgie") == ["asylum-ep-position"]
    assert ids("--search", "geinformeerd") == ["pool-dutch-contribution"]
    assert ids("--due-soon") == ["pool-dutch-contribution"]
    assert ids("--awaiting") == ["pool-dutch-contribution", "ebsp-keep-kamer-informed"]
    assert ids("--due-by", "2026-Q2") == ["iom-roadmap-march", "c7-action-plan"]
    assert ids("--due-after", "2026-H2") == ["asylum-ep-position"]
    assert ids("--sort", "id", "--limit", "2") == ["asylum-ep-position", "c7-action-plan"]


def test_exit_code_option(invoke, basic_dir: Path) -> None:
    base = ("list", "--records", str(basic_dir), "--as-of", "2026-11-29", "--exit-code")
    assert invoke(*base, "--overdue").exit_code == 1
    assert invoke(*base, "--topic", "nothing-here").exit_code == 0
    assert invoke("list", "--records", str(basic_dir), "--overdue").exit_code == 0


def test_json_output_parses(invoke, basic_dir: Path) -> None:
    result = invoke("list", "--open", "--json", "--records", str(basic_dir), "--as-of", "2026-11-29")
    data = json.loads(result.stdout)
    assert len(data) == 6
    assert data[0]["flags"] == ["overdue"]


def test_broken_file_is_skipped_with_one_line_and_exit_1(invoke, basic_dir: Path) -> None:
    (basic_dir / "broken.toml").write_text('kind = "deadline"\ntitle = "x"\ndue = "2026-13"\n')
    result = invoke("list", "--format", "ids", "--records", str(basic_dir))
    assert result.exit_code == 1
    assert len(lines(result.stdout)) == 8
    assert result.stderr == f"{basic_dir}/broken.toml:3:1: invalid due date '2026-13': month 13 is not 01-12\n"
    assert "Traceback" not in result.output


def test_bad_as_of_is_a_usage_error(invoke, basic_dir: Path) -> None:
    result = invoke("list", "--records", str(basic_dir), "--as-of", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr == "jbz: error: invalid --as-of date 'tomorrow': expected YYYY-MM-DD\n"
    result = invoke("list", "--records", str(basic_dir), env={"JBZ_TODAY": "2026-02-30"})
    assert result.exit_code == 2
    assert "JBZ_TODAY" in result.stderr


def test_bad_options_exit_2(invoke, basic_dir: Path) -> None:
    for args in (
        ["--format", "xml"],
        ["--status", "closed"],
        ["--due-by", "2026-Q5"],
        ["--open", "--closed"],
        ["--sort", "colour"],
        ["--records", str(basic_dir / "nope")],
        ["--no-such-option"],
    ):
        result = invoke("list", "--records", str(basic_dir), *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_show_record_and_dossier(invoke, basic_dir: Path) -> None:
    result = invoke("show", "ebsp-neg", "--records", str(basic_dir), "--as-of", "2026-11-29")
    assert result.exit_code == 0
    assert result.stdout.startswith("ebsp-negotiations-end-2026 (deadline)\n")
    assert "De Commissie wenst daarom voor het einde van 2026" in result.stdout
    dossier = invoke("show", "ebsp", "--records", str(basic_dir), "--format", "ids")
    assert lines(dossier.stdout) == ["ebsp-negotiations-end-2026", "ebsp-keep-kamer-informed"]


def test_show_json(invoke, basic_dir: Path) -> None:
    result = invoke("show", "etias-operational", "--json", "--records", str(basic_dir), "--as-of", "2026-11-29")
    assert json.loads(result.stdout)["due_by"] == "2026-12-31"


def test_show_unknown_or_ambiguous_exits_2(invoke, basic_dir: Path) -> None:
    result = invoke("show", "zzz", "--records", str(basic_dir))
    assert (result.exit_code, result.stderr) == (2, "jbz: error: no record or topic matches 'zzz'\n")
    result = invoke("show", "ebsp-", "--records", str(basic_dir))
    assert result.exit_code == 2
    assert result.stderr == (
        "jbz: error: 'ebsp-' is ambiguous; it matches 2 ids: ebsp-keep-kamer-informed, ebsp-negotiations-end-2026\n"
    )


def test_version(invoke) -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"jbz {__version__}\n")
