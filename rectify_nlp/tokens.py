"""Tokenisation and the category cue lexicon (no scikit-learn, so tagging starts fast).

Tokenisation is jieba's algorithm and dictionary through ``rjieba`` (the jieba-rs
port: the same cuts, about ten times faster, and a quarter of the start-up time),
with the domain user dictionary in ``data/userdict.txt`` so that terms such as
三重一大 or 一岗双责 stay whole.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from . import taxonomy

FIELDS = ("text", "problem", "section")

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")


def _data_path(name: str) -> Path:
    return Path(str(resources.files("rectify_nlp") / "data" / name))


@lru_cache(maxsize=1)
def _tokenizer():
    import rjieba

    jieba = rjieba.Jieba()
    for word in _read_userdict(_data_path("userdict.txt")):
        jieba.add_word(word, 2000, None)
    return jieba


def _read_userdict(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_userdict(path: str | Path) -> None:
    """Add the words of a jieba-format user dictionary (``word [freq [tag]]`` per line).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
    ...     _ = f.write("清廉单元 2000\\n")
    >>> load_userdict(f.name); os.unlink(f.name)
    >>> "清廉单元" in cut("加强清廉单元建设")
    True
    """
    jieba = _tokenizer()
    for word in _read_userdict(Path(path)):
        jieba.add_word(word, 2000, None)


def cut(text: str) -> list[str]:
    """Cut text into words, dropping punctuation and folding numbers to ``0``.

    Examples
    --------
    >>> cut("严格执行三重一大制度,2023年召开会议3次")
    ['严格执行', '三重一大', '制度', '0', '年', '召开', '会议', '0', '次']
    """
    words = _tokenizer().cut(_DIGITS.sub("0", text))
    return [w for w in words if w.isalnum() or _KEEP.search(w)]  # isalnum: the same test, faster


@lru_cache(maxsize=1)
def load_lexicon(path: str | Path | None = None) -> tuple[tuple[str, ...], dict[str, dict[str, float]]]:
    """A category cue lexicon: ``(category ids, {term: {category: weight}})``.

    ``path`` is a tab-separated file with a header and the columns ``category``,
    ``term`` and ``weight``; by default the package's own ``data/lexicon.tsv``.
    """
    lexicon: dict[str, dict[str, float]] = {}
    path = Path(path) if path is not None else _data_path("lexicon.tsv")
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0] in taxonomy.CATEGORY_IDS:
                weight = float(parts[2]) if len(parts) > 2 and parts[2] else 1.0
                lexicon.setdefault(parts[1].strip(), {})[parts[0]] = weight
    categories = tuple(c for c in taxonomy.CATEGORY_IDS if c != "other")
    return categories, lexicon


_MATCHERS: dict[int, tuple] = {}


def _matcher(lexicon) -> tuple:
    """An Aho–Corasick automaton over the lexicon's terms and their weights, one row per
    term and one column per lexicon category; built once per lexicon object."""
    import ahocorasick_rs

    categories, terms = lexicon
    cached = _MATCHERS.get(id(terms))
    if cached is None or cached[0] is not terms:
        index = {c: i for i, c in enumerate(categories)}
        words = [t for t in terms if len(t) >= 2]
        weights = np.zeros((len(words), len(categories)))
        for row, word in enumerate(words):
            for category, weight in terms[word].items():
                if category in index:
                    weights[row, index[category]] = weight
        automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        cached = _MATCHERS[id(terms)] = (terms, automaton, weights)
    return cached[1], cached[2]


def lexicon_scores(texts: Sequence[str], lexicon=None) -> np.ndarray:
    """For each text, the summed cue weights per category (``log1p``-scaled).

    Terms (of two characters or more) are matched left to right, longest first,
    without overlaps. ``lexicon`` is ``(categories, {term: {category: weight}})``,
    by default the package's; a fitted model uses the snapshot it was trained with.

    Examples
    --------
    >>> categories, _ = load_lexicon()
    >>> scores = lexicon_scores(["召开三会一课和主题党日"])
    >>> categories[int(scores[0].argmax())]
    'party_building'
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    automaton, weights = _matcher(lexicon)
    unique = {text: row for row, text in enumerate(dict.fromkeys(texts))}
    rows, hits = [], []
    for row, text in enumerate(unique):
        found = automaton.find_matches_as_indexes(text)
        rows += [row] * len(found)
        hits += [term for term, _, _ in found]
    scores = np.zeros((len(unique), weights.shape[1]))
    np.add.at(scores, np.asarray(rows, dtype=np.int64), weights[np.asarray(hits, dtype=np.int64)])
    return np.log1p(scores[[unique[text] for text in texts]])


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def lexicon_prior(texts: Sequence[str], problems: Sequence[str], classes, lexicon, context_weight: float) -> np.ndarray:
    """Lexicon cue scores of each measure plus ``context_weight`` times those of its
    problem title, one column per class of ``classes`` (zero where the lexicon has no terms)."""
    scores = lexicon_scores(texts, lexicon)
    if context_weight:
        scores = scores + context_weight * lexicon_scores(problems, lexicon)
    return by_class(scores, lexicon[0], classes)


def by_class(scores: np.ndarray, categories, classes) -> np.ndarray:
    """Lexicon score columns (one per lexicon category) rearranged to ``classes``, zero where missing."""
    index = {c: i for i, c in enumerate(categories)}
    out = np.zeros((len(scores), len(classes)))
    for j, c in enumerate(classes):
        if c in index:
            out[:, j] = scores[:, index[c]]
    return out


def column(X, name: str) -> list[str]:
    """A field of every record, from a DataFrame or a sequence of mappings."""
    if hasattr(X, "columns"):
        return [str(v) if v == v and v is not None else "" for v in X[name]] if name in X.columns else [""] * len(X)
    return [str(r.get(name) or "") for r in X]


class Ngrams:
    """A picklable analyzer: jieba words and their n-grams."""

    def __init__(self, ngram_range: tuple[int, int]):
        self.ngram_range = ngram_range

    def __call__(self, text: str) -> list[str]:
        words = cut(text)
        lo, hi = self.ngram_range
        out = list(words) if lo <= 1 else []
        for n in range(max(2, lo), hi + 1):
            out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return out
