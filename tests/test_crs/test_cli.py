"""The crs command: one profile from a file or stdin, or JSON Lines in batch."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.crs.cli import main

from .helpers import data, nclc

ROOT = Path(__file__).resolve().parents[2]


def test_file(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data()))
    out = io.StringIO()
    assert main([str(path)], stdout=out) == 0
    result = json.loads(out.getvalue())
    assert result["total"] == 379  # single, 29, bachelor's, CLB 9: 110 + 120 + 124 + 25
    assert result["rules"] == "2025-03-25"


def test_stdin_with_plan() -> None:
    out = io.StringIO()
    argv = ["-", "--plan", "--on", "2026-12-04", "--birth-date", "1997-03-04"]
    assert main(argv, stdin=io.StringIO(json.dumps(data())), stdout=out) == 0
    result = json.loads(out.getvalue())
    # Single, 29, bachelor's, CLB 9 (379): French NCLC 7 x4 as second language is the biggest
    # move: 4 x 3 = 12 + French with English 50 = +62.
    assert result["improvements"][0] == {
        "code": "french_nclc7",
        "params": {
            "test": "nclc",
            "language": "french",
            "scale": "NCLC",
            "level": 7,
            "scores": {},
            "as": "second",
        },
        "points": 62,
        "changes": {"second_language": nclc(7)},
        "opens": ["french"],
    }
    assert result["improvements"][-1] == {
        "code": "nomination",
        "params": {},
        "points": 600,
        "changes": {"provincial_nomination": True},
        "opens": [],
    }
    # 30 on 2027-03-04: age 110 -> 105.
    assert result["timeline"][0] == {
        "on": "2027-03-04",
        "code": "birthday",
        "params": {"age": 30},
        "total_before": 379,
        "total_after": 374,
    }


def test_invalid_profile_exits_non_zero() -> None:
    out = io.StringIO()
    bad = json.dumps(data(age=-1))
    assert main(["-"], stdin=io.StringIO(bad), stdout=out) == 1
    assert "age must be a whole number from 0 to 120" in json.loads(out.getvalue())["error"]


def test_missing_file(tmp_path: Path) -> None:
    assert main([str(tmp_path / "nope.json")], stdout=io.StringIO()) == 2


def test_batch_keeps_order_and_goes_on_after_errors() -> None:
    lines = [
        json.dumps(data()),
        "{not json",
        json.dumps(
            data(
                first_language={
                    "test": "ielts",
                    "reading": 9.5,
                    "writing": 7,
                    "listening": 7,
                    "speaking": 7,
                }
            )
        ),
        json.dumps(data(age=45)),
    ]
    out = io.StringIO()
    assert main(["--batch"], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out) == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == 4
    assert results[0]["total"] == 379
    assert "invalid JSON" in results[1]["error"]
    assert "first_language.reading" in results[2]["error"]
    assert results[3]["total"] == 269  # age 45 scores 0: 379 - 110


def test_batch_as_a_process() -> None:
    payload = json.dumps(data()) + "\n" + json.dumps(data(provincial_nomination=True)) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "bot.crs", "--batch"],
        input=payload,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert [json.loads(line)["total"] for line in proc.stdout.splitlines()] == [379, 979]


def test_usage_errors() -> None:
    assert main([], stdout=io.StringIO()) == 2
    assert main(["--batch", "file.json"], stdout=io.StringIO()) == 2
