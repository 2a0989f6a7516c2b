"""Ship the multilingual sentence model's vectors of every text an index build embeds (the
entries' titles, questions and first paragraphs, the out-of-scope subjects, the shipped
labelled questions): `bot/faq/sentence_vectors_<lang>.npz` (`bot/faq/sentences.py`). Run after
any change to the knowledge base, the subjects or the shipped examples (`bench/faq_learn.py
--write` runs it); `tests/test_faq/test_sentences.py` fails while a file is stale, and a
build encodes what the file lacks (slowly) rather than fail. It also ships the model's parsed
word-piece vocabulary (`bot/faq/sentence_vocab.npz`, `bot/faq/sentence_vocab.py`).

    .venv/bin/python bench/faq_sentences.py [--lang en|fr]
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

import faq_reranker

from bot.faq import sentence_vocab, sentences
from bot.faq.entries import load_entries
from bot.faq.index import FaqIndex
from bot.faq.languages import language
from bot.faq.ranking import params_for


def write(lang: str) -> Path:
    started = time.perf_counter()
    params = replace(params_for(lang), learned=False)  # a stale fit must not stop this
    index = FaqIndex.build(load_entries(language(lang).knowledge), params, lang=lang)
    path = sentences.write(index.sentence_texts, lang)
    print(
        f"wrote {path} ({len(set(index.sentence_texts)):,} texts;"
        f" {time.perf_counter() - started:.1f} s)"
    )
    return path


def main() -> None:
    faq_reranker.for_each_language(write, __doc__)
    vocab = sentence_vocab.write(sentences.resources() / "sp.model")
    print(f"wrote {vocab} (the sentence model's parsed vocabulary)")


if __name__ == "__main__":
    main()
