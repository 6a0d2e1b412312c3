"""The category cue lexicon: loading it, and scoring texts against it in one Aho–Corasick pass."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import taxonomy
from ..errors import ModelError
from ..files import package_path
from ._tokens import read_word_list

Lexicon = tuple[tuple[str, ...], dict[str, dict[str, float]]]


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """A category cue lexicon: ``(category ids, {term: {category: weight}})``.

    ``path`` is a tab-separated file with a header and the columns ``category``,
    ``term`` and ``weight``; by default the package's own ``data/lexicon.tsv``.

    Raises
    ------
    ModelError
        If the file does not exist or cannot be read.

    Examples
    --------
    >>> categories, terms = load_lexicon()
    >>> terms["三会一课"]
    {'party_building': 1.5}
    """
    path = Path(path) if path is not None else package_path("data", "lexicon.tsv")
    try:
        return _read_lexicon(path.resolve(), path.stat().st_mtime_ns)
    except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
        raise ModelError(f"{path}: cannot read the lexicon ({err}); give a UTF-8 TSV file with the "
                         "columns category, term, weight") from err


@lru_cache(maxsize=4)
def _read_lexicon(path: Path, mtime: int) -> Lexicon:
    lexicon: dict[str, dict[str, float]] = {}
    for line in read_word_list(path).splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] in taxonomy.CATEGORY_IDS:
            weight = float(parts[2]) if len(parts) > 2 and parts[2] else 1.0
            lexicon.setdefault(parts[1].strip(), {})[parts[0]] = weight
    categories = tuple(c for c in taxonomy.CATEGORY_IDS if c != "other")
    return categories, lexicon


_MATCHERS: dict[int, tuple] = {}


def _matcher(lexicon: Lexicon) -> tuple:
    """An Aho–Corasick automaton over the lexicon's terms and their weights, one row per
    term and one column per lexicon category; built once per lexicon object."""
    categories, terms = lexicon
    cached = _MATCHERS.get(id(terms))
    if cached is None or cached[0] is not terms:
        import ahocorasick_rs

        index = {c: i for i, c in enumerate(categories)}
        words = [t for t in terms if len(t) >= 2]  # a single character is too ambiguous to count
        weights = np.zeros((len(words), len(categories)))
        for row, word in enumerate(words):
            for category, weight in terms[word].items():
                if category in index:
                    weights[row, index[category]] = weight
        automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        cached = _MATCHERS[id(terms)] = (terms, automaton, weights, words)
    return cached[1], cached[2], cached[3]


AREA_CUE = 0.9
"""A text names an area when an area category's scaled cue score reaches this: one strong cue (1.5) or two."""
INSTRUMENT_SHARE = 0.5
"""What is left of an instrument category's cue score in a text that names an area ("Area first")."""


def lexicon_scores(texts: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
    """For each text, the summed cue weights per category (``log1p``-scaled).

    Terms (of two characters or more) are matched left to right, longest first,
    without overlaps. ``lexicon`` is ``(categories, {term: {category: weight}})``,
    by default the package's; a fitted model uses the snapshot it was trained with.
    In a text that names an area, the cues of the instrument categories
    (:data:`~rectify_nlp.taxonomy.INSTRUMENTS`: supervision, checks, talks, ledgers) count
    :data:`INSTRUMENT_SHARE`: an instrument applied to a named area takes that area's category.

    Examples
    --------
    >>> categories, _ = load_lexicon()
    >>> scores = lexicon_scores(["召开三会一课和主题党日"])
    >>> categories[int(scores[0].argmax())]
    'party_building'
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    automaton, weights, _ = _matcher(lexicon)
    unique = {text: row for row, text in enumerate(dict.fromkeys(texts))}
    rows, hits = [], []
    for row, text in enumerate(unique):
        found = automaton.find_matches_as_indexes(text)
        rows += [row] * len(found)
        hits += [term for term, _, _ in found]
    scores = np.zeros((len(unique), weights.shape[1]))
    np.add.at(scores, np.asarray(rows, dtype=np.int64), weights[np.asarray(hits, dtype=np.int64)])
    scores = np.log1p(scores)
    return (scores * _area_first(scores, lexicon[0]))[[unique[text] for text in texts]]


def _area_first(scores: np.ndarray, categories: Sequence[str]) -> np.ndarray:
    """Per text and category, the share of its cue score that counts (see :func:`lexicon_scores`)."""
    instrument = np.array([c in taxonomy.INSTRUMENTS for c in categories])
    names_area = scores[:, ~instrument].max(axis=1, initial=0.0) >= AREA_CUE
    return np.where(names_area[:, None] & instrument[None, :], INSTRUMENT_SHARE, 1.0)


def cue_share(text: str, category: str, lexicon: Lexicon) -> float:
    """The share of ``category``'s cue score that counts in ``text`` (1, or :data:`INSTRUMENT_SHARE`)."""
    if category not in lexicon[0]:
        return 1.0
    automaton, weights, _ = _matcher(lexicon)
    hits = [term for term, _, _ in automaton.find_matches_as_indexes(text)]
    raw = weights[np.asarray(hits, dtype=np.int64)].sum(axis=0) if hits else np.zeros(weights.shape[1])
    return float(_area_first(np.log1p(raw)[None, :], lexicon[0])[0, list(lexicon[0]).index(category)])


def lexicon_hits(text: str, lexicon: Lexicon) -> list[tuple[str, dict[str, float]]]:
    """The lexicon terms found in ``text`` (as :func:`lexicon_scores` matches them) and their weights.

    Examples
    --------
    >>> lexicon_hits("召开三会一课", load_lexicon())
    [('三会一课', {'party_building': 1.5})]
    """
    automaton, _, words = _matcher(lexicon)
    terms = lexicon[1]
    return [(words[i], terms[words[i]]) for i, _, _ in automaton.find_matches_as_indexes(text)]


def lexicon_prior(texts: Sequence[str], problems: Sequence[str], classes, lexicon: Lexicon,
                  context_weight: float) -> np.ndarray:
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
