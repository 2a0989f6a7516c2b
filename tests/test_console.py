"""The terminal chat (bot/console.py): buttons carry letters, so typed numbers stay answers."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from bot.__main__ import main
from bot.chat import ChatContext
from bot.console import CONSOLE_CHAT_ID, Console, button_key
from bot.store.models import QuestionnaireState
from tests.terminal_process import run_terminal_bot


def test_button_keys_run_a_to_z_then_two_letters() -> None:
    assert [button_key(n) for n in (1, 2, 26, 27, 28, 52, 53)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
    ]


def key_of(out: io.StringIO, label: str) -> str:
    """The key printed for the last button whose label starts with `label`."""
    keys = re.findall(r"\[([a-z]+)\] " + re.escape(label), out.getvalue())
    assert keys, f"no button {label!r} in:\n{out.getvalue()[-1500:]}"
    return keys[-1]


async def test_a_typed_number_is_an_answer_and_a_letter_presses_a_button(
    ctx: ChatContext,
) -> None:
    out = io.StringIO()
    console = Console(ctx, out)
    await console.handle_line("/crs")
    await console.handle_line(key_of(out, "Never married"))
    await console.handle_line("29")
    await console.handle_line(key_of(out, "Bachelor"))
    for _ in range(3):  # Canadian study, if asked, then the language test
        if "IELTS General" in out.getvalue().rsplit("(updated)", 1)[-1]:
            break
        await console.handle_line(key_of(out, "No"))
    await console.handle_line(key_of(out, "IELTS General"))
    await console.handle_line("8 7 7 7")
    await console.handle_line(key_of(out, "None"))
    assert "skilled work experience in Canada" in out.getvalue().rsplit("\n\n", 3)[-2]
    # "3" here is three years, not the third button ("2 years").
    await console.handle_line("3")
    async with ctx.sessions() as session:
        row = (
            await session.exec(
                select(QuestionnaireState).where(QuestionnaireState.chat_id == CONSOLE_CHAT_ID)
            )
        ).one()
    assert row.state["answers"]["canadian_work_years"] == 3
    # An upper-case letter presses too: Back returns to that question, showing the answer.
    before = len(out.getvalue())
    await console.handle_line(key_of(out, "« Back").upper())
    shown = out.getvalue()[before:]
    assert "skilled work experience in Canada" in shown and "Current answer: 3 years" in shown


async def test_lang_fr_plays_a_french_telegram_and_main_refuses_other_languages(
    ctx: ChatContext, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    console = Console(ctx, out, lang="fr")
    await console.handle_line("/start")
    assert "[a] Calculer mon score CRS" in out.getvalue()
    assert main(["chat", "--lang", "de"]) == 2
    assert "usage: python -m bot chat [--lang en|fr]" in capsys.readouterr().err


@pytest.mark.slow
def test_run_without_a_token_takes_lang_fr_and_refuses_other_languages(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_terminal_bot(tmp_path, *args, stdin="/start\n")

    french = run("--lang", "fr")
    assert french.returncode == 0, french.stderr[-2000:]
    assert "[a] Calculer mon score CRS" in french.stdout
    assert "Calculate my CRS score" not in french.stdout
    other = run("--lang", "de")
    assert other.returncode == 2
    assert "usage: python -m bot chat [--lang en|fr]" in other.stderr
