"""The shipped labelled questions' index terms, so that an index build need not analyse them.

The classifier (`rerank.py`) learns from ~20,000 labelled questions per language
(`examples.py`); each one's word features are its index terms (`TextAnalysis.terms_of_words`:
expansion, synonym groups, stems). Computing them took about a third of an index build (1.0-1.3 s
of ~4 s on a slow boot of the 2-CPU machine; docs/benchmarks.md). `bench/faq_reranker.py`
writes them once per language, next to the re-ranker's dual weights: `example_terms_<lang>.npz`
holds each question's key (`sentences.text_key`) and its word text.

The file also holds the key of the analysis that produced it: the sha256 of the source files
the terms depend on and of PyStemmer's version. A build whose analysis has another key ignores
the file and analyses every question as before, so a stale file costs time, never correctness;
`tests/test_faq/test_shipped_reranker.py` fails while it is stale or differs from a fresh
analysis.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.faq.languages import TextAnalysis

HERE = Path(__file__).parent
# Everything the word text of a question depends on: the analysis itself, each language's words,
# stems and vocabulary, which analysis a language uses, and `word_text` below.
SOURCES = (
    "analysis.py",
    "text.py",
    "text_fr.py",
    "vocabulary.py",
    "vocabulary_fr.py",
    "languages.py",
    "example_terms.py",
)


def terms_file(lang: str) -> Path:
    return HERE / f"example_terms_{lang}.npz"


def analysis_key(lang: str) -> str:
    """sha256 of the language, the sources of `SOURCES` and PyStemmer's version."""
    digest = hashlib.sha256(f"{lang}\0PyStemmer {version('PyStemmer')}\0".encode())
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (HERE / name).read_bytes() + b"\0")
    return digest.hexdigest()


def word_text(words: list[str], text: TextAnalysis) -> str:
    """What the classifier's word features read: the index terms of `words`, space-joined."""
    return " ".join(text.terms_of_words(words))


def lookup(texts: Sequence[str], lang: str, path: Path | None = None) -> list[str | None]:
    """The shipped word text of each of `texts` (None where the file lacks it, and for every
    text when the file is absent, unreadable or from another analysis)."""
    import numpy as np

    from bot.faq.sentences import text_key

    path = path or terms_file(lang)
    try:
        with np.load(path) as data:
            if str(data["analysis"]) != analysis_key(lang):
                return [None] * len(texts)
            keys = data["keys"]
            joined = data["terms"].tobytes().decode("utf-8")
    except (OSError, ValueError, KeyError):
        return [None] * len(texts)
    if not len(keys):
        return [None] * len(texts)
    terms = joined.split("\n")
    wanted = np.fromiter((text_key(t) for t in texts), dtype=np.uint64, count=len(texts))
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[at] == wanted
    return [terms[int(k)] if ok else None for k, ok in zip(at, found, strict=True)]


def write(
    texts: Sequence[str],
    lang: str,
    text: TextAnalysis,
    path: Path | None = None,
    words: Callable[[str], list[str]] | None = None,
) -> Path:
    """Ship the word text of each of `texts` that has words (a question without any is not a
    training row; it is left out and analysed, cheaply, at build)."""
    import numpy as np

    from bot.faq.sentences import text_key

    split = words or text.words
    rows = {text_key(t): word_text(ws, text) for t in dict.fromkeys(texts) if (ws := split(t))}
    keys = np.asarray(sorted(rows), dtype=np.uint64)
    joined = "\n".join(rows[int(k)] for k in keys).encode("utf-8")
    path = path or terms_file(lang)
    with path.open("wb") as f:
        np.savez_compressed(
            f,
            analysis=np.asarray(analysis_key(lang)),
            keys=keys,
            terms=np.frombuffer(joined, dtype=np.uint8),
        )
    return path
