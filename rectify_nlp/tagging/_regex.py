"""The characters any match of a regular expression must start with: a cheap test before a search."""

from __future__ import annotations

import re
import re._constants as c
import re._parser as parser

_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can start with, or None when that cannot be told
    (a class like ``\\d``, a wildcard, or a pattern that can match the empty string). A text
    holding none of them has no match, so the search can be skipped.

    Examples
    --------
    >>> sorted(first_chars(re.compile(r"(?<!、)(?:正在|仍在)")))
    ['仍', '正']
    >>> first_chars(re.compile(r"\\d+年")) is None
    True
    """
    chars, nullable = _first(parser.parse(pattern.pattern, pattern.flags))
    return None if chars is None or nullable or pattern.flags & re.IGNORECASE else frozenset(chars)


def _first(items) -> tuple[set[str] | None, bool]:
    """(first characters, whether the items can match the empty string) of parsed items."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN:
            if any(o is not c.LITERAL for o, _ in av):
                return None, False
            return out | {chr(a) for _, a in av}, False
        if op is c.SUBPATTERN:
            found, nullable = _first(av[-1])
        elif op is c.BRANCH:
            parts = [_first(alternative) for alternative in av[1]]
            if any(p[0] is None for p in parts):
                return None, False
            found, nullable = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            found, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        out |= found
        if not nullable:
            return out, False
    return out, True
