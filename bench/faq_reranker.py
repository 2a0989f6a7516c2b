"""Train the FAQ re-ranker of each language and ship its dual weights (`bot/faq/dual.py`), so
that the bot's start-up rebuilds the model from `bot/faq/reranker_<lang>.npz` instead of
training it, and the shipped examples' word texts (`bot/faq/example_terms.py`,
`example_terms_<lang>.npz`), so that it need not analyse them either. Run after any change to
the knowledge base, the out-of-scope subjects or the shipped examples (`bench/faq_learn.py
--write` runs it); `tests/test_faq/test_shipped_reranker.py` fails while a file is stale, and a
stale file is ignored at run time (the index trains, or analyses, as before).

    .venv/bin/python bench/faq_reranker.py [--lang en|fr]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.faq import dual, example_terms
from bot.faq.entries import load_entries
from bot.faq.examples import load_examples
from bot.faq.languages import LANGS, language
from bot.faq.ranking import load_out_of_scope
from bot.faq.rerank import Reranker


def write(lang: str) -> Path:
    """Ship the examples' word texts (`example_terms.py`), then train `lang`'s re-ranker on
    what an index build would give it and write its file."""
    started = time.perf_counter()
    examples = load_examples(lang)
    terms = example_terms.write([e.text for e in examples], lang, language(lang).text)
    print(f"wrote {terms} ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    reranker = Reranker(
        load_entries(language(lang).knowledge),
        load_out_of_scope(lang),
        None,
        language(lang).text,
        examples,
        lang=lang,
    )
    path = dual.dual_file(lang)
    dual.save(reranker.dual, path)
    print(
        f"wrote {path} ({len(reranker.dual.values):,} dual weights,"
        f" {len(reranker.dual.classes)} classes; trained in {time.perf_counter() - started:.1f} s)"
    )
    return path


def for_each_language(write: Callable[[str], Path], doc: str | None) -> None:
    """`write(lang)` for `--lang`, or for every language: the command line of this script and
    of `faq_sentences.py`."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--lang", choices=LANGS, help="one language (default: all)")
    args = parser.parse_args()
    for lang in [args.lang] if args.lang else LANGS:
        write(lang)


def main() -> None:
    for_each_language(write, __doc__)


if __name__ == "__main__":
    main()
