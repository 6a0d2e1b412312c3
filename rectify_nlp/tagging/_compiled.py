"""Fitted models as plain arrays: fast, pickle-free inference.

Training produces scikit-learn estimators (``model.joblib``). For tagging, their
learned state (vocabularies, idf weights, coefficients) is also exported to
``inference.npz``, which loads with ``allow_pickle=False`` (no code runs), needs
no scikit-learn import (about 1.4 s of start-up), and counts the word and
character n-grams of a whole batch at once with numpy, looking them up in pandas
hash tables. The transform reproduces scikit-learn's
(sublinear tf, idf, l2 norm, block weights, softmax over a multinomial logistic
regression, plus the lexicon prior); a test checks that both give the same
probabilities.
"""

from __future__ import annotations

import json
import re
from functools import cached_property

import numpy as np

from ._evidence import Explainer
from ._lexicon import by_class, lexicon_scores
from ._records import column
from ._scores import class_scores, softmax
from ._status_cues import decide_by_rules, readings, status_signals
from ._tokens import Ngrams, Tokenizer

_WHITE_SPACES = re.compile(r"\s\s+")


def compilable(category_model, status_model) -> bool:
    """Whether the estimators are the linear models ``inference.npz`` can hold."""
    from sklearn.linear_model import LogisticRegression

    from ._offset import OffsetLogisticRegression

    status_ok = status_model.model_ is None or isinstance(status_model.model_, LogisticRegression)
    return isinstance(category_model.model_, (OffsetLogisticRegression, LogisticRegression)) and status_ok


def _block_spec(field, vectorizer, weight) -> dict:
    analyzer = vectorizer.analyzer
    if analyzer == "char":
        kind, ngram = "char", list(vectorizer.ngram_range)
    elif isinstance(analyzer, Ngrams):
        kind, ngram = "words", list(analyzer.ngram_range)
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
        "words": list(vec.words_),
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


def _tfidf(rows: np.ndarray, keys: np.ndarray, index, idf: np.ndarray, weight: float, shape):
    """A CSR matrix of sublinear tf-idf rows, each l2-normalised and scaled by ``weight``,
    from the gram ``keys`` found in each row and the ``index`` of the vocabulary's keys."""
    import scipy.sparse as sp

    cols = index.get_indexer(keys)
    hit = cols >= 0
    pairs, tf = np.unique(rows[hit] * shape[1] + cols[hit], return_counts=True)
    rows, cols = pairs // shape[1], pairs % shape[1]
    values = (np.log(tf.astype(float)) + 1.0) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=values ** 2, minlength=shape[0]))
    if len(values):
        values *= weight / norms[rows]
    return sp.csr_matrix((values, (rows, cols)), shape=shape)


class _WordBlock:
    """A word (1- and 2-gram) TF-IDF block, as scikit-learn's TfidfVectorizer with our analyzer computes it.

    Texts are cut once each; every word gets an integer id and every bigram the
    key ``first * (number of words + 1) + second``, so grams are looked up in a hash
    table for the whole batch instead of being joined into strings one by one.
    """

    def __init__(self, spec: dict, idf: np.ndarray, words: tuple[str, ...] = ()):
        import pandas as pd

        self.field, self.weight, self.kind, self.vocab = spec["field"], spec["weight"], "word", spec["vocab"]
        self.lo, self.hi = spec["ngram"]
        self.cut = Tokenizer(words).cut
        if self.hi > 2:
            raise ValueError("word n-grams longer than 2 are not supported")
        grams = [gram.split(" ") for gram in spec["vocab"]]
        self.words = pd.Index(sorted({w for gram in grams for w in gram}), dtype=object)
        self.stride = len(self.words) + 1
        ids = {w: i + 1 for i, w in enumerate(self.words)}  # 0: a word outside the vocabulary
        self.index = pd.Index(np.array([self._key([ids[w] for w in gram]) for gram in grams], dtype=np.int64))
        self.idf = idf
        self.size = len(grams)

    def _key(self, ids):
        return ids[0] if len(ids) == 1 else ids[0] * self.stride + ids[1]

    def matrix(self, texts: list[str]):
        memo: dict[str, list[str]] = {}
        words = [memo[t] if t in memo else memo.setdefault(t, self.cut(t)) for t in texts]
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), [len(w) for w in words])
        ids = self.words.get_indexer([w for ws in words for w in ws]).astype(np.int64) + 1
        keys, rows = [], []
        if self.lo <= 1:
            keys.append(ids)
            rows.append(row_of)
        if self.hi >= 2 and len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            valid = (first > 0) & (second > 0) & (row_of[:-1] == row_of[1:])
            keys.append(self._key([first[valid], second[valid]]))
            rows.append(row_of[:-1][valid])
        keys = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        return _tfidf(rows, keys, self.index, self.idf, self.weight, (len(texts), self.size))


class _CharBlock:
    """A character n-gram TF-IDF block, vectorised over a whole batch.

    Each n-gram (n <= 4) is packed into one 64-bit key, 16 bits per character
    (characters numbered by their rank among the vocabulary's characters, 0 for
    any other), so a batch is counted with numpy and looked up in a hash table
    instead of a Python loop over every n-gram. Text is lowercased and runs of
    white space folded, as scikit-learn does.
    """

    def __init__(self, spec: dict, idf: np.ndarray):
        import pandas as pd

        self.field, self.weight, self.kind, self.vocab = spec["field"], spec["weight"], "char", spec["vocab"]
        self.lo, self.hi = spec["ngram"]
        vocab = spec["vocab"]
        chars = np.array(sorted({ord(c) for gram in vocab for c in gram} - {0}), dtype=np.int64)
        if self.hi > 4 or len(chars) >= 2 ** 16:
            raise ValueError("character n-grams longer than 4, or more than 65535 characters, are not supported")
        # id of each code point: its rank among the vocabulary's characters plus one; the last slot, 0, takes all others
        self.ids = np.zeros(chars.max(initial=0) + 2, dtype=np.uint64)
        self.ids[chars] = np.arange(1, len(chars) + 1, dtype=np.uint64)
        keys = self._keys(self._ids("".join(vocab)), [len(g) for g in vocab])
        self.index = pd.Index(keys)  # a hash table: lookups cost O(1), unlike a binary search
        self.idf = idf
        self.size = len(vocab)

    def _ids(self, text: str) -> np.ndarray:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self.ids[np.minimum(codes, len(self.ids) - 1)]

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
        ids = self._ids("\0".join(docs))  # the separator has id 0, so no gram spans two texts
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
        keys = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
        rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        return _tfidf(rows, keys, self.index, self.idf, self.weight, (n, self.size))


def _block(spec: dict, idf: np.ndarray, words: tuple[str, ...] = ()):
    return _CharBlock(spec, idf) if spec["kind"] == "char" else _WordBlock(spec, idf, words)


def _stack(blocks: list, fields: dict[str, list[str]], dense: list[np.ndarray]):
    import scipy.sparse as sp

    return sp.hstack([b.matrix(fields[b.field]) for b in blocks] + [sp.csr_matrix(d) for d in dense]).tocsr()


class CompiledModels:
    """The category and status models of a tagger, from ``inference.npz``."""

    def __init__(self, arrays):
        config = json.loads(str(arrays["config"]))
        words = tuple(config.get("words", ()))
        self.blocks = [_block(spec, arrays[f"idf{i}"], words) for i, spec in enumerate(config["blocks"])]
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
        self.status_coef = arrays.get("status_coef")
        self.status_intercept = arrays.get("status_intercept")

    @cached_property
    def explainer(self) -> Explainer:
        """Evidence for the model's decisions (feature names and weights, derived on first use)."""
        return Explainer(self)

    @classmethod
    def load(cls, path) -> CompiledModels:
        """The models of an ``inference.npz``, checked as :meth:`check` checks them."""
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files}).check()

    def check(self) -> CompiledModels:
        """Raise ``ValueError`` unless the models can tag: weights that are finite numbers, classes that are
        text, and arrays that fit each other, shown by tagging a probe record with its evidence. A damaged
        or altered file then fails when it is loaded, not at the first notice it meets."""
        for name in ("lexicon_weight", "context_weight", "prior_weight"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
                raise ValueError(f"{name} is {value!r}, not a finite number")
        if not isinstance(self.status_use_rules, bool):
            raise ValueError(f"status_use_rules is {self.status_use_rules!r}, not true or false")
        for name in ("category_classes", "status_classes"):
            classes = getattr(self, name)
            if not len(classes) or not all(isinstance(c, str) for c in classes):
                raise ValueError(f"{name} are not a list of names")
        arrays = [self.category_coef, self.category_intercept, self.status_coef, self.status_intercept,
                  *(b.idf for b in [*self.blocks, self.status_block])]
        if not all(a is None or (np.issubdtype(a.dtype, np.number) and np.isfinite(a).all()) for a in arrays):
            raise ValueError("a weight array holds what is not a finite number")
        probe = [{"text": "已完成整改,制定学习计划。", "problem": "学习不够", "section": "", "stated_status": None,
                  "reference_date": "2024-01-01"}]
        category, status, *_ = self.predict(probe, explain=True)
        if category.shape != (1, len(self.category_classes)) or status.shape[0] != 1 \
                or (self.status_coef is not None and status.shape[1] != len(self.status_classes)):
            raise ValueError("the weight arrays do not fit the classes")
        return self

    def predict(self, X, explain: bool = False) -> tuple:
        """Category probabilities, status probabilities and status sources for records X; with
        ``explain``, also each record's evidence ``{"category": [...], "status": [...]}``."""
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
        scores = class_scores(features, self.category_coef, self.category_intercept)
        if self.prior_weight:
            prior = by_class(text_cues + self.context_weight * problem_cues, self.lexicon[0], self.category_classes)
            scores = scores + self.prior_weight * prior
        category = softmax(scores)

        texts = fields["text"]
        stated, reference_dates = column(X, "stated_status"), column(X, "reference_date")
        read_as = readings(texts, reference_dates)
        status_features = None
        if self.status_coef is None:
            status = np.ones((len(texts), 1))
        else:
            signals = status_signals(texts, stated, read_as=read_as)
            status_features = _stack([self.status_block], {"text": texts}, [signals])
            status = softmax(class_scores(status_features, self.status_coef, self.status_intercept))
        sources = ["model"] * len(texts)
        if self.status_use_rules:
            status, sources = decide_by_rules(texts, status, self.status_classes, stated, read_as=read_as)
        if not explain:
            return category, status, sources
        return category, status, sources, self.explainer(fields, features, category, status_features, status,
                                                        sources, read_as)
