"""Fitted models as plain arrays: fast, pickle-free inference.

Training produces scikit-learn estimators (``model.joblib``). For tagging, their
learned state (vocabularies, idf weights, coefficients) is also exported to
``inference.npz``, which loads with ``allow_pickle=False`` (no code runs), needs
no scikit-learn import (about 1.4 s of start-up), and counts character n-grams
for a whole batch at once with numpy. The transform reproduces scikit-learn's
(sublinear tf, idf, l2 norm, block weights, softmax over a multinomial logistic
regression, plus the lexicon prior); a test checks that both give the same
probabilities.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np

from .cues import decide_by_rules, status_signals
from .tokens import Ngrams, by_class, column, cut, lexicon_scores, softmax

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


def _normalised_rows(rows: np.ndarray, cols: np.ndarray, tf: np.ndarray, idf: np.ndarray, weight: float, shape):
    """A CSR matrix of sublinear tf-idf rows, each l2-normalised and scaled by ``weight``."""
    import scipy.sparse as sp

    values = (np.log(tf.astype(float)) + 1.0) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=values ** 2, minlength=shape[0]))
    if len(values):
        values *= weight / norms[rows]
    return sp.csr_matrix((values, (rows, cols)), shape=shape)


class _WordBlock:
    """A word n-gram TF-IDF block, as scikit-learn's TfidfVectorizer with our analyzer computes it."""

    def __init__(self, spec: dict, idf: np.ndarray):
        self.field, self.weight = spec["field"], spec["weight"]
        lo, hi = spec["ngram"]
        self.analyzer = Ngrams((lo, hi)) if (lo, hi) != (1, 1) else cut
        self.index = {term: i for i, term in enumerate(spec["vocab"])}
        self.idf = idf
        self.size = len(self.index)

    def matrix(self, texts: list[str]):
        rows, cols, tf = [], [], []
        memo: dict[str, list] = {}
        for row, text in enumerate(texts):
            hits = memo.get(text)
            if hits is None:
                counts = Counter(self.analyzer(text))
                hits = memo[text] = [(j, c) for gram, c in counts.items() if (j := self.index.get(gram)) is not None]
            rows += [row] * len(hits)
            cols += [j for j, _ in hits]
            tf += [c for _, c in hits]
        return _normalised_rows(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(tf),
                                self.idf, self.weight, (len(texts), self.size))


class _CharBlock:
    """A character n-gram TF-IDF block, vectorised over a whole batch.

    Each n-gram (n <= 4) is packed into one 64-bit key, 16 bits per character
    (characters numbered by their rank among the vocabulary's characters, 0 for
    any other), so a batch is counted and looked up with numpy sorting instead of
    a Python loop over every n-gram. Text is lowercased and runs of white space
    folded, as scikit-learn does.
    """

    def __init__(self, spec: dict, idf: np.ndarray):
        self.field, self.weight = spec["field"], spec["weight"]
        self.lo, self.hi = spec["ngram"]
        vocab = spec["vocab"]
        chars = sorted({c for gram in vocab for c in gram} - {"\0"})
        if self.hi > 4 or len(chars) >= 2 ** 16:
            raise ValueError("character n-grams longer than 4, or more than 65535 characters, are not supported")
        self.chars = np.array([ord(c) for c in chars], dtype=np.uint32)
        keys = self._keys(self._ids(self._codes("".join(vocab))), [len(g) for g in vocab])
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]
        self.idf = idf
        self.size = len(vocab)

    @staticmethod
    def _codes(text: str) -> np.ndarray:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

    def _ids(self, codes: np.ndarray) -> np.ndarray:
        pos = np.minimum(np.searchsorted(self.chars, codes), len(self.chars) - 1)
        return np.where(self.chars[pos] == codes, pos + 1, 0).astype(np.uint64)

    @staticmethod
    def _keys(ids: np.ndarray, lengths: list[int]) -> np.ndarray:
        """The packed key of each vocabulary gram, from the ids of the concatenated grams."""
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        keys = np.zeros(len(lengths), dtype=np.uint64)
        lengths = np.asarray(lengths)
        for i in range(4):
            present = lengths > i
            keys[present] |= ids[starts[present] + i] << np.uint64(16 * (3 - i))
        return keys

    def matrix(self, texts: list[str]):
        n = len(texts)
        docs = [_WHITE_SPACES.sub(" ", t.lower()) for t in texts]
        ids = self._ids(self._codes("\0".join(docs)))  # the separator has id 0, so no gram spans two texts
        row_of = np.repeat(np.arange(n, dtype=np.int64), [len(d) + 1 for d in docs])[:len(ids)]
        keys, rows = [], []
        for size in range(self.lo, self.hi + 1):
            m = len(ids) - size + 1
            if m <= 0:
                continue
            key = np.zeros(m, dtype=np.uint64)
            valid = np.ones(m, dtype=bool)
            for i in range(size):
                part = ids[i:i + m]
                valid &= part != 0
                key |= part << np.uint64(16 * (3 - i))
            keys.append(key[valid])
            rows.append(row_of[:m][valid])
        if not keys:
            return _normalised_rows(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), self.idf, self.weight, (n, self.size))
        keys, rows = np.concatenate(keys), np.concatenate(rows)
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        hit = self.keys[pos] == keys
        cols, rows = self.order[pos[hit]], rows[hit]
        pairs, tf = np.unique(rows * self.size + cols, return_counts=True)
        return _normalised_rows(pairs // self.size, pairs % self.size, tf, self.idf, self.weight, (n, self.size))


def _block(spec: dict, idf: np.ndarray):
    return _CharBlock(spec, idf) if spec["kind"] == "char" else _WordBlock(spec, idf)


def _stack(blocks: list, fields: dict[str, list[str]], dense: list[np.ndarray]):
    import scipy.sparse as sp

    return sp.hstack([b.matrix(fields[b.field]) for b in blocks] + [sp.csr_matrix(d) for d in dense]).tocsr()


class CompiledModels:
    """The category and status models of a tagger, from ``inference.npz``."""

    def __init__(self, arrays):
        config = json.loads(str(arrays["config"]))
        self.blocks = [_block(spec, arrays[f"idf{i}"]) for i, spec in enumerate(config["blocks"])]
        lex = config["lexicon"]
        self.lexicon = (tuple(lex["categories"]), lex["terms"]) if lex else None
        self.lexicon_weight = config["lexicon_weight"]
        self.context_weight = config["context_weight"]
        self.prior_weight = config.get("prior_weight", 0.0)
        self.category_classes = np.asarray(config["category_classes"], dtype=object)
        self.status_classes = np.asarray(config["status_classes"], dtype=object)
        self.status_use_rules = config["status_use_rules"]
        self.status_block = _block(config["status_block"], arrays["status_idf"])
        self.category_coef = arrays["category_coef"]
        self.category_intercept = arrays["category_intercept"]
        self.status_coef = arrays["status_coef"] if "status_coef" in arrays else None
        self.status_intercept = arrays["status_intercept"] if "status_intercept" in arrays else None

    @classmethod
    def load(cls, path) -> "CompiledModels":
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files})

    def predict(self, X) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Category probabilities, status probabilities and status sources for records X."""
        fields = {f: column(X, f) for f in ("text", "problem", "section")}
        dense = []
        if self.lexicon_weight or self.prior_weight:
            text_cues = lexicon_scores(fields["text"], self.lexicon)
            problem_cues = lexicon_scores(fields["problem"], self.lexicon) if self.context_weight else 0.0
        if self.lexicon_weight:
            dense.append(text_cues * self.lexicon_weight)
            if self.context_weight:
                dense.append(problem_cues * self.lexicon_weight * self.context_weight)
        features = _stack(self.blocks, fields, dense)
        scores = _class_scores(features, self.category_coef, self.category_intercept)
        if self.prior_weight:
            prior = by_class(text_cues + self.context_weight * problem_cues, self.lexicon[0], self.category_classes)
            scores = scores + self.prior_weight * prior
        category = softmax(scores)

        texts = fields["text"]
        if self.status_coef is None:
            status = np.ones((len(texts), 1))
        else:
            signals = status_signals(texts, column(X, "stated_status"))
            status_features = _stack([self.status_block], {"text": texts}, [signals])
            status = softmax(_class_scores(status_features, self.status_coef, self.status_intercept))
        sources = ["model"] * len(texts)
        if self.status_use_rules:
            status, sources = decide_by_rules(texts, status, self.status_classes)
        return category, status, sources
