"""Labelled user questions (`bot/faq/examples.py`): the index learns from them, the shipped ones
name real entries, and sharing the classifier's work among threads changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from bot.faq.entries import load_entries
from bot.faq.examples import Example, examples_file, load_examples
from bot.faq.index import FaqIndex
from bot.faq.languages import LANGS, language
from bot.faq.ranking import params_for
from bot.faq.rerank import RerankConfig, fit_one_vs_rest

SLANG = "the cops back home take forever to mail the clearance paper, what do i do"


def test_a_labelled_user_question_teaches_the_index_its_entry(kb_root: Path) -> None:
    entries = load_entries(kb_root)
    # Without the multilingual sentence model, which reads this slang on its own: here, what
    # the example itself teaches.
    params = replace(params_for("en"), sentences=False)
    taught = FaqIndex.build(
        entries,
        params,
        examples=[Example(SLANG, "police-certificates"), Example("hi there", None)],
    )
    untaught = FaqIndex.build(entries, params, examples=())
    question = "cops back home are so slow to mail my paper"
    assert taught.rank(question).ranked[0].entry.id == "police-certificates"
    assert untaught.rank(question).ranked[0].entry.id != "police-certificates"


def test_an_example_for_an_entry_that_does_not_exist_is_ignored(kb_root: Path) -> None:
    index = FaqIndex.build(load_entries(kb_root), examples=[Example(SLANG, "no-such-entry")])
    assert index.reranker is not None
    assert "no-such-entry" not in index.by_id


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_examples_name_entries_of_the_knowledge_base(lang: str) -> None:
    examples = load_examples(lang)
    assert len(examples) >= 500
    ids = {e.id for e in load_entries(language(lang).knowledge)}
    assert {e.label for e in examples if e.label is not None} <= ids
    assert any(e.label is None for e in examples)


def test_no_file_means_no_examples(tmp_path: Path) -> None:
    assert load_examples("en", tmp_path / "absent.jsonl") == ()
    assert examples_file("fr").name == "examples_fr.jsonl"


def test_classes_shared_among_threads_get_the_coefficients_of_one_model() -> None:
    rng = np.random.default_rng(0)
    features = sp.csr_matrix(rng.random((60, 12)) * (rng.random((60, 12)) > 0.6))
    labels = [f"class-{k % 6}" for k in range(60)]
    weights = np.ones(60)
    one = fit_one_vs_rest(features, labels, weights, RerankConfig(threads=1))
    two = fit_one_vs_rest(features, labels, weights, RerankConfig(threads=2))
    assert one[0] == two[0] == sorted(set(labels))
    np.testing.assert_allclose(one[1], two[1], atol=1e-3)
    np.testing.assert_allclose(one[2], two[2], atol=1e-3)
