"""Word segmentation: jieba's algorithm and dictionary through ``rjieba`` (the jieba-rs port:
the same cuts, about ten times faster, and a quarter of the start-up time), with the domain
user dictionary in ``data/userdict.txt`` so that terms such as 三重一大 or 一岗双责 stay whole.

``Tokenizer(words=...)`` adds words of one's own to the domain dictionary. A model records the words it was
trained with, so it cuts the same way in every process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import ModelError
from ..files import MAX_WORD_LIST_BYTES, package_path, read_regular_file

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
_USER_WORD_FREQ = 2000


def read_word_list(path: str | Path) -> str:
    """The text of a lexicon or a user dictionary (UTF-8), read through the file gate: a named pipe or a
    device is refused, not waited on."""
    data = read_regular_file(path, limit=MAX_WORD_LIST_BYTES, error=lambda message, _: OSError(message))
    return data.decode("utf-8-sig")


def read_userdict(path: str | Path) -> tuple[str, ...]:
    """The words of a jieba-format user dictionary (``word [freq [tag]]`` per line).

    Raises
    ------
    ModelError
        If the file does not exist or cannot be read as UTF-8.
    """
    try:
        lines = read_word_list(path).splitlines()
    except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
        raise ModelError(f"{path}: cannot read the user dictionary ({err}); give a UTF-8 file of "
                         "`word [freq [tag]]` lines") from err
    return tuple(line.split()[0] for line in lines if line.strip())


@lru_cache(maxsize=8)
def _jieba(words: tuple[str, ...]):
    import rjieba

    jieba = rjieba.Jieba()
    for word in read_userdict(package_path("data", "userdict.txt")) + words:
        jieba.add_word(word, _USER_WORD_FREQ, None)
    return jieba


class Tokenizer:
    """Cut text into words, dropping punctuation and folding numbers to ``0``.

    Parameters
    ----------
    words : iterable of str, default=()
        Words to keep whole, on top of jieba's dictionary and the package's domain words.

    Examples
    --------
    >>> Tokenizer().cut("严格执行三重一大制度,2023年召开会议3次")
    ['严格执行', '三重一大', '制度', '0', '年', '召开', '会议', '0', '次']
    >>> "清廉单元" in Tokenizer(words=["清廉单元"]).cut("加强清廉单元建设")
    True
    """

    def __init__(self, words: Iterable[str] = ()):
        self.words = tuple(words)

    def __repr__(self) -> str:
        return f"Tokenizer(words={len(self.words)})"

    def cut(self, text: str) -> list[str]:
        words = _jieba(self.words).cut(_DIGITS.sub("0", text))
        return [w for w in words if w.isalnum() or _KEEP.search(w)]  # isalnum: the same test, faster



class Ngrams:
    """A picklable analyzer: a tokenizer's words and their n-grams, joined by spaces.

    Examples
    --------
    >>> Ngrams((1, 2))("召开专题会议")
    ['召开', '专题会议', '召开 专题会议']
    """

    def __init__(self, ngram_range: tuple[int, int], words: Iterable[str] = ()):
        self.ngram_range = tuple(ngram_range)
        self.words = tuple(words)

    def __call__(self, text: str) -> list[str]:
        words = Tokenizer(self.words).cut(text)
        lo, hi = self.ngram_range
        out = list(words) if lo <= 1 else []
        for n in range(max(2, lo), hi + 1):
            out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return out
