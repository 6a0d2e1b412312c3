"""Fitted models as plain arrays: fast, pickle-free inference.

Training produces scikit-learn estimators (``model.joblib``). For tagging, their
learned state (vocabularies, idf weights, coefficients) is also exported to
``inference.npz``, which loads with ``allow_pickle=False`` (no code runs), needs
no scikit-learn import (about 1.4 s of start-up), and shares the character
n-grams of each measure between the category and the status model. The
transform reproduces scikit-learn's (sublinear tf, idf, l2 norm, block weights,
softmax over a multinomial logistic regression); a test checks that both give
the same probabilities.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np

from .cues import decide_by_rules, status_signals
from .tokens import Ngrams, column, cut, lexicon_prior, lexicon_scores, softmax

_WHITE_SPACES = re.compile(r"\s\s+")


def compilable(category_model, status_model) -> bool:
    from sklearn.linear_model import LogisticRegression

    status_ok = status_model.model_ is None or isinstance(status_model.model_, LogisticRegression)
    return isinstance(category_model.model_, LogisticRegression) and status_ok


def _block_spec(field, vectorizer, weight) -> dict:
    analyzer = vectorizer.analyzer
    if analyzer == "char":
        kind, ngram = "char", list(vectorizer.ngram_range)
    elif isinstance(analyzer, Ngrams):
        kind, ngram = "words", list(analyzer.ngram_range)
    elif analyzer is cut:
        kind, ngram = "words", [1, 1]
    else:
        raise ValueError(f"cannot export analyzer {analyzer!r}")
    vocab = [None] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        vocab[index] = term
    return {"field": field, "kind": kind, "ngram": ngram, "weight": weight, "vocab": vocab}


def export(category_model, status_model) -> dict[str, np.ndarray]:
    """The arrays of ``inference.npz`` for fitted logistic-regression models."""
    vec = category_model.vectorizer_
    blocks = [_block_spec(f, v, w) for f, v, w in vec.blocks_]
    arrays = {f"idf{i}": v.idf_ for i, (_, v, _) in enumerate(vec.blocks_)}
    lexicon = vec.lexicon_ or category_model.lexicon_
    config = {
        "blocks": blocks,
        "lexicon": {"categories": list(lexicon[0]), "terms": lexicon[1]} if lexicon else None,
        "lexicon_weight": vec.lexicon_weight,
        "context_weight": vec.context_weight,
        "prior_weight": category_model.prior_weight,
        "category_classes": [str(c) for c in category_model.classes_],
        "status_classes": [str(c) for c in status_model.classes_],
        "status_use_rules": status_model.use_rules,
        "status_block": _block_spec("text", status_model.vectorizer_, 1.0),
    }
    arrays["category_coef"] = category_model.model_.coef_
    arrays["category_intercept"] = category_model.model_.intercept_
    arrays["status_idf"] = status_model.vectorizer_.idf_
    if status_model.model_ is not None:
        arrays["status_coef"] = status_model.model_.coef_
        arrays["status_intercept"] = status_model.model_.intercept_
    arrays["config"] = np.array(json.dumps(config, ensure_ascii=False))
    return arrays


def _class_scores(features, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """Logistic-regression scores, one column per class (binary models score the second class only)."""
    scores = features @ coef.T + intercept
    if scores.shape[1] == 1:
        scores = np.column_stack([np.zeros(len(scores)), scores[:, 0]])
    return scores


class _Grams:
    """Token counts per text, computed once per batch and shared by every block."""

    def __init__(self):
        self.char: dict[str, list[Counter]] = {}
        self.words: dict[tuple, Counter] = {}

    def chars(self, text: str, lo: int, hi: int) -> list[Counter]:
        """Character n-gram counts for n = lo..hi, after scikit-learn's lowercasing and space folding."""
        counts = self.char.get(text)
        if counts is None:
            doc = _WHITE_SPACES.sub(" ", text.lower())
            counts = [Counter(doc[i:i + n] for i in range(len(doc) - n + 1)) for n in range(1, 5)]
            self.char[text] = counts
        return counts[lo - 1:hi]

    def word_grams(self, text: str, lo: int, hi: int) -> list[Counter]:
        key = (text, lo, hi)
        counts = self.words.get(key)
        if counts is None:
            counts = Counter(Ngrams((lo, hi))(text)) if (lo, hi) != (1, 1) else Counter(cut(text))
            self.words[key] = counts
        return [counts]


class _Block:
    def __init__(self, spec: dict, idf: np.ndarray):
        self.field, self.kind, self.weight = spec["field"], spec["kind"], spec["weight"]
        self.lo, self.hi = spec["ngram"]
        if self.kind == "char" and self.hi > 4:
            raise ValueError("character n-grams longer than 4 are not supported")
        self.index = {term: i for i, term in enumerate(spec["vocab"])}
        self.idf = idf
        self.size = len(self.index)

    def rows(self, texts, grams: _Grams):
        """(column indices, values) of the tf-idf rows, l2-normalised and weighted."""
        memo: dict[str, tuple] = {}
        index = self.index
        for text in texts:
            row = memo.get(text)
            if row is None:
                parts = grams.chars(text, self.lo, self.hi) if self.kind == "char" else grams.word_grams(text, self.lo, self.hi)
                cols, tf = [], []
                for counts in parts:
                    for gram, count in counts.items():
                        j = index.get(gram)
                        if j is not None:
                            cols.append(j)
                            tf.append(count)
                cols = np.array(cols, dtype=np.int64)
                values = (np.log(np.array(tf, dtype=float)) + 1.0) * self.idf[cols]
                if len(values):
                    values *= self.weight / np.sqrt((values ** 2).sum())
                row = memo[text] = (cols, values)
            yield row


def _stack(blocks: list[_Block], fields: dict[str, list[str]], grams: _Grams, dense: list[np.ndarray]):
    import scipy.sparse as sp

    n = len(next(iter(fields.values())))
    indptr, indices, data = [0], [], []
    per_block = [list(b.rows(fields[b.field], grams)) for b in blocks]
    offsets = np.cumsum([0] + [b.size for b in blocks])
    dense_width = sum(d.shape[1] for d in dense)
    dense_all = np.hstack(dense) if dense else np.zeros((n, 0))
    for row in range(n):
        nnz = 0
        for k, rows in enumerate(per_block):
            cols, values = rows[row]
            indices.append(cols + offsets[k])
            data.append(values)
            nnz += len(cols)
        nz = np.flatnonzero(dense_all[row])
        indices.append(nz + offsets[-1])
        data.append(dense_all[row, nz])
        indptr.append(indptr[-1] + nnz + len(nz))
    return sp.csr_matrix((np.concatenate(data) if data else [], np.concatenate(indices) if indices else [], indptr),
                         shape=(n, offsets[-1] + dense_width))


class CompiledModels:
    """The category and status models of a tagger, from ``inference.npz``."""

    def __init__(self, arrays):
        config = json.loads(str(arrays["config"]))
        self.blocks = [_Block(spec, arrays[f"idf{i}"]) for i, spec in enumerate(config["blocks"])]
        lex = config["lexicon"]
        self.lexicon = (tuple(lex["categories"]), lex["terms"]) if lex else None
        self.lexicon_weight = config["lexicon_weight"]
        self.context_weight = config["context_weight"]
        self.prior_weight = config.get("prior_weight", 0.0)
        self.category_classes = np.asarray(config["category_classes"], dtype=object)
        self.status_classes = np.asarray(config["status_classes"], dtype=object)
        self.status_use_rules = config["status_use_rules"]
        self.status_block = _Block(config["status_block"], arrays["status_idf"])
        self.category_coef = arrays["category_coef"]
        self.category_intercept = arrays["category_intercept"]
        self.status_coef = arrays["status_coef"] if "status_coef" in arrays else None
        self.status_intercept = arrays["status_intercept"] if "status_intercept" in arrays else None

    @classmethod
    def load(cls, path) -> "CompiledModels":
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files})

    def predict(self, X, grams: _Grams | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Category probabilities, status probabilities and status sources for records X."""

        grams = grams or _Grams()
        fields = {f: column(X, f) for f in ("text", "problem", "section")}
        dense = []
        if self.lexicon_weight:
            dense.append(lexicon_scores(fields["text"], self.lexicon) * self.lexicon_weight)
            if self.context_weight:
                dense.append(lexicon_scores(fields["problem"], self.lexicon) * self.lexicon_weight * self.context_weight)
        features = _stack(self.blocks, fields, grams, dense)
        scores = _class_scores(features, self.category_coef, self.category_intercept)
        if self.prior_weight:
            scores = scores + self.prior_weight * lexicon_prior(fields["text"], fields["problem"], self.category_classes,
                                                                self.lexicon, self.context_weight)
        category = softmax(scores)

        texts = fields["text"]
        if self.status_coef is None:
            status = np.ones((len(texts), 1))
        else:
            signals = status_signals(texts, column(X, "stated_status"))
            status_features = _stack([self.status_block], {"text": texts}, grams, [signals])
            status = softmax(_class_scores(status_features, self.status_coef, self.status_intercept))
        sources = ["model"] * len(texts)
        if self.status_use_rules:
            status, sources = decide_by_rules(texts, status, self.status_classes)
        return category, status, sources
