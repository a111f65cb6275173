"""Every command through click's CliRunner, and as an installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.validate import schema_errors

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


@pytest.mark.parametrize("command", [[], ["brief"], ["cluster"]])
def test_cli_every_command_has_help(command: list[str]) -> None:
    res = CliRunner().invoke(main, [*command, "--help"])
    assert res.exit_code == 0
    assert "Usage:" in res.output and len(res.output.splitlines()) > 3
    for cmd in main.commands.values():  # type: ignore[attr-defined]
        assert cmd.help, f"{cmd.name} has no help text"


def test_cli_brief_json_to_stdout() -> None:
    res = CliRunner().invoke(main, ["brief", str(EXAMPLE), "--format", "json", "-q"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert len(out["articles"]) == 4 and schema_errors(out) == []


def test_cli_brief_md_to_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    res = CliRunner().invoke(main, ["brief", str(EXAMPLE), "--format", "md", "-o", str(target)])
    assert res.exit_code == 0, res.output
    text = target.read_text()
    assert text.startswith("# ") and "Northern Wire" in text


def test_cli_brief_reports_rejections_and_exit_code(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    res = CliRunner().invoke(
        main, ["brief", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt")]
    )
    assert res.exit_code == 1
    assert (
        "empty.txt: file is empty" in res.stderr and "nope.txt: path does not exist" in res.stderr
    )
    ok = CliRunner().invoke(main, ["brief", str(tmp_path / "empty.txt"), str(EXAMPLE)])
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["rejected"][0]["code"] == "E001"


def test_cli_bad_option_value_is_usage_error() -> None:
    res = CliRunner().invoke(main, ["brief", str(EXAMPLE), "--format", "pdf"])
    assert res.exit_code == 2 and "pdf" in res.output


def test_cli_cluster_lists_stories() -> None:
    res = CliRunner().invoke(main, ["cluster", str(EXAMPLE), "-q"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert sum(len(s["articles"]) for s in out["stories"]) == 4


def test_cli_console_script_runs(tmp_path: Path) -> None:
    exe = shutil.which("storyline") or str(Path(__import__("sys").executable).parent / "storyline")
    res = subprocess.run(
        [exe, "brief", str(EXAMPLE), "--format", "md", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("# ")
