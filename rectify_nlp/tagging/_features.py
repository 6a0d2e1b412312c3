"""Turning measures into features: TF-IDF blocks of the measure and its context, and lexicon cues."""

from __future__ import annotations

import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from ._lexicon import lexicon_scores, load_lexicon
from ._records import column
from ._tokens import Ngrams, read_userdict


class MeasureVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF and lexicon features of a measure and its context.

    Blocks: word n-grams and character n-grams of the measure text; words of the
    problem title and of the section title (weighted by ``context_weight`` and
    ``section_weight``); and lexicon cue scores of the measure text and of the
    problem title (weighted by ``lexicon_weight``).

    Parameters
    ----------
    word_ngram : tuple of int, default=(1, 2)
    char_ngram : tuple of int, default=(2, 4)
    context_weight : float, default=0.5
        Weight of the problem-title block; 0 drops it.
    section_weight : float, default=0.3
        Weight of the section-title block; 0 drops it.
    lexicon_weight : float, default=1.0
        Weight of the lexicon cue block; 0 drops it.
    min_df : int, default=1
    lexicon : str or Path, optional
        A cue lexicon file (see :func:`~rectify_nlp.tagging._lexicon.load_lexicon`); by default the package's.
    userdict : str or Path, optional
        A jieba-format user dictionary of words to keep whole; its words are stored in
        ``words_`` and travel with the fitted model.

    Attributes
    ----------
    blocks_ : list of (field, TfidfVectorizer, weight)
    lexicon_ : tuple or None
    words_ : tuple of str

    Examples
    --------
    >>> X = [{"text": "召开三会一课", "problem": "关于“党建弱化”的问题", "section": ""},
    ...      {"text": "开展招标投标专项检查", "problem": "关于“招投标不规范”的问题", "section": ""}]
    >>> vec = MeasureVectorizer().fit(X)
    >>> vec.transform(X).shape[0]
    2
    """

    def __init__(self, *, word_ngram=(1, 2), char_ngram=(2, 4), context_weight=0.5, section_weight=0.3,
                 lexicon_weight=1.0, min_df=1, lexicon=None, userdict=None):
        self.word_ngram = word_ngram
        self.char_ngram = char_ngram
        self.context_weight = context_weight
        self.section_weight = section_weight
        self.lexicon_weight = lexicon_weight
        self.min_df = min_df
        self.lexicon = lexicon
        self.userdict = userdict

    def _blocks(self):
        words = self.words_
        blocks = [
            ("text", TfidfVectorizer(analyzer=Ngrams(self.word_ngram, words), sublinear_tf=True, min_df=self.min_df),
             1.0),
            ("text", TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngram), sublinear_tf=True,
                                     min_df=self.min_df), 1.0),
        ]
        if self.context_weight:
            blocks.append(("problem", TfidfVectorizer(analyzer=Ngrams((1, 1), words), sublinear_tf=True),
                           self.context_weight))
        if self.section_weight:
            blocks.append(("section", TfidfVectorizer(analyzer=Ngrams((1, 1), words), sublinear_tf=True),
                           self.section_weight))
        return blocks

    def fit(self, X, y=None):
        self._fit(X, transform=False)
        return self

    def fit_transform(self, X, y=None):
        """Fit and transform in one pass: each block's texts are analysed once, not twice."""
        return self._stack(X, self._fit(X, transform=True))

    def _fit(self, X, transform: bool) -> list:
        """Fit the blocks; with ``transform``, their weighted matrices for X."""
        self.words_ = read_userdict(self.userdict) if self.userdict is not None else ()
        self.lexicon_ = load_lexicon(self.lexicon) if self.lexicon_weight else None
        self.blocks_ = []
        mats = []
        for field, vectorizer, weight in self._blocks():
            texts = column(X, field)
            if any(t.strip() for t in texts):
                if transform:
                    mats.append(vectorizer.fit_transform(texts) * weight)
                else:
                    vectorizer.fit(texts)
                self.blocks_.append((field, vectorizer, weight))
        return mats

    def transform(self, X):
        return self._stack(X, [vectorizer.transform(column(X, field)) * weight
                               for field, vectorizer, weight in self.blocks_])

    def _stack(self, X, mats: list):
        """The block matrices side by side, then the lexicon cue block(s)."""
        if self.lexicon_weight:
            mats.append(sp.csr_matrix(lexicon_scores(column(X, "text"), self.lexicon_) * self.lexicon_weight))
            if self.context_weight:
                mats.append(sp.csr_matrix(lexicon_scores(column(X, "problem"), self.lexicon_)
                                          * self.lexicon_weight * self.context_weight))
        return sp.hstack(mats).tocsr()
