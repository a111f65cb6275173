"""Every command through click's CliRunner, and as an installed console script."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.validate import schema_errors

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


@pytest.mark.parametrize(
    "command", [[], ["brief"], ["cluster"], ["store"], ["store", "remove"], ["store", "check"]]
)
def test_cli_every_command_has_help(command: list[str]) -> None:
    res = CliRunner().invoke(main, [*command, "--help"])
    assert res.exit_code == 0
    assert "Usage:" in res.output and len(res.output.splitlines()) > 3
    for cmd in main.commands.values():  # type: ignore[attr-defined]
        assert cmd.help, f"{cmd.name} has no help text"
        for sub in getattr(cmd, "commands", {}).values():
            assert sub.help, f"{cmd.name} {sub.name} has no help text"


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


@pytest.mark.parametrize("option", ["-o", "--db"])
def test_cli_output_or_db_in_a_missing_directory_is_refused_before_any_work(
    tmp_path: Path, option: str
) -> None:
    target = tmp_path / "missing" / "out.file"
    res = CliRunner().invoke(main, ["brief", str(EXAMPLE), option, str(target), "-q"])
    assert res.exit_code == 2
    code = "E106" if option == "-o" else "E107"
    assert code in res.stderr and "does not exist" in res.stderr and str(target) in res.stderr
    assert "Traceback" not in res.output and not (tmp_path / "missing").exists()


def test_cli_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "stories.json"
    target.write_text("old")
    res = CliRunner().invoke(main, ["cluster", str(EXAMPLE), "-o", str(target), "-q"])
    assert res.exit_code == 0, res.output
    assert json.loads(target.read_text())["stories"]
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]  # no temporary file left


def test_cli_store_check_and_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    run = CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--db", db, "-q"])
    assert run.exit_code == 0, run.output
    stories = json.loads(run.stdout)["stories"]
    ok = CliRunner().invoke(main, ["store", "check", "--db", db])
    assert ok.exit_code == 0 and ok.stdout == f"ok: {db}\n"

    story = stories[0]
    first, *rest = story["articles"]
    res = CliRunner().invoke(main, ["store", "remove", "--db", db, first])
    assert res.exit_code == 0 and res.stdout == f"removed {first}\n", res.output
    res = CliRunner().invoke(main, ["store", "remove", "--db", db, *rest])
    assert res.exit_code == 0, res.output
    assert f"story {story['id']} is gone (no articles left)" in res.stdout
    assert all(f"removed {a}" in res.stdout for a in rest)
    missing = CliRunner().invoke(main, ["store", "remove", "--db", db, "nope"])
    assert missing.exit_code == 1 and "'nope'" in missing.stderr
    assert CliRunner().invoke(main, ["store", "check", "--db", db]).exit_code == 0

    assert CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--db", db, "-q"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM story_members")  # every article in no story
    bad = CliRunner().invoke(main, ["store", "check", "--db", db])
    assert bad.exit_code == 1 and bad.stdout.startswith("unassigned: ")
    fixed = CliRunner().invoke(main, ["store", "check", "--db", db, "--fix"])
    assert fixed.exit_code == 0 and "fixed unassigned:" in fixed.stdout, fixed.output
    assert CliRunner().invoke(main, ["store", "check", "--db", db]).exit_code == 0


def test_cli_store_commands_want_an_existing_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["store", "check", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no database" in res.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.slow
def test_cli_store_locked_past_the_busy_timeout_exits_3(tmp_path: Path) -> None:
    """Another program holding the store's write lock for 30 s: retryable, not a usage error."""
    db = str(tmp_path / "news.db")
    assert CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--db", db, "-q"]).exit_code == 0
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        res = CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--db", db, "-q"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert res.exit_code == 3, res.output
    assert "E105" in res.stderr and "locked" in res.stderr and "Usage:" not in res.stderr


def test_cli_max_chars_rejects_longer_articles() -> None:
    res = CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--max-chars", "100"])
    assert res.exit_code == 1
    assert "[E014]" in res.stderr and "no article could be read" in res.stderr


def test_cli_store_check_as_a_program_exits_1_on_a_damaged_store(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    assert CliRunner().invoke(main, ["cluster", str(EXAMPLE), "--db", db, "-q"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO story_members VALUES ('ghost', 's-ghost', 'now')")
    cmd = [__import__("sys").executable, "-m", "storyline.cli", "store", "check", "--db", db]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, res.stderr
    assert res.stdout.startswith("orphan_members: 1 story members pointing at articles")
    fixed = subprocess.run([*cmd, "--fix"], capture_output=True, text=True, timeout=120)
    assert fixed.returncode == 0 and "fixed orphan_members: 1" in fixed.stdout, fixed.stderr


def test_cli_languages_option_admits_another_language(tmp_path: Path) -> None:
    text = (
        "Der Stadtrat von Brindle hat am Dienstag die alte Flussbruecke gesperrt, nachdem "
        "Pruefer Risse in zwei Pfeilern gefunden hatten. Die Buergermeisterin sagte, die "
        "Bruecke bleibe mindestens sechs Wochen geschlossen, waehrend Ingenieure den Schaden "
        "pruefen und die Stadt eine Umleitung einrichtet."
    )
    (tmp_path / "de.txt").write_text(text, "utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["cluster", str(tmp_path / "de.txt"), "-q"])
    assert out.exit_code == 1 and "E020" in out.output
    out = runner.invoke(main, ["cluster", str(tmp_path / "de.txt"), "--languages", "en,de", "-q"])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.stdout)["articles"]) == 1
