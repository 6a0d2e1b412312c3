"""Active learning: the measures whose labels would help the model most."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ..document import Notice
from ..text import normalise, readable

_IGNORED = re.compile(r"[\s。；;，,、.:：!！?？]+")


def same_text_key(text: str) -> str:
    """What makes two measures the same text: widths, spaces and punctuation ignored.

    Examples
    --------
    >>> same_text_key("建立台账，定期复查。") == same_text_key("建立台账, 定期复查")
    True
    """
    return _IGNORED.sub("", normalise(text))


def suggest(notices: Iterable[Notice], *, n: int = 50, strategy: str = "entropy"):
    """The measures whose labels would help the model most, ready to label.

    Ranks measures by uncertainty (the entropy of the category probabilities, or
    one minus the margin between the two most likely categories), then picks in
    turn from each notice and caps each predicted category, so the selection
    spreads across notices and categories. A measure whose text (widths, spaces
    and punctuation aside) repeats one seen earlier, as when a notice is given
    twice or notices share measures, is suggested once: the first is kept and its
    ``duplicates`` column counts the others.

    Parameters
    ----------
    notices : iterable of tagged Notice
    n : int, default=50
    strategy : {"entropy", "margin"}

    Returns
    -------
    pandas.DataFrame
        One row per suggested measure with its context, the model's predictions
        (``category``, ``category_zh``, ``category_proba``, ``status``, ``status_zh``,
        ``status_proba``, ``status_source``), the uncertainty, and empty ``label_category``
        and ``label_status`` columns to fill in (ids or 中文 names); the file reads back
        with ``--labels``, which then takes the ``label_`` columns as the labels.
    """
    import pandas as pd

    if strategy not in ("entropy", "margin"):
        raise ValueError(f"strategy must be 'entropy' or 'margin', not {strategy!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    candidates, duplicates = _candidates(notices, strategy)
    picked = _spread(candidates, n)
    rows = []
    for score, notice, m in sorted(picked, key=lambda c: -c[0]):
        proba = sorted((m.category_proba or {}).items(), key=lambda kv: -kv[1])
        context = m.context
        rows.append({
            "notice": notice.id, "path": readable(notice.source), "measure_id": m.id, "start": m.start, "end": m.end,
            "section": context["section"], "problem": context["problem"], "text": m.text,
            "category": m.category, "category_zh": m.category_zh, "category_proba": round(proba[0][1], 4),
            "runner_up": proba[1][0] if len(proba) > 1 else None, "uncertainty": round(score, 4),
            "status": m.status, "status_zh": m.status_zh,
            "status_proba": round(m.status_proba[m.status], 4) if m.status_proba else None,
            "status_source": m.status_source, "duplicates": duplicates[same_text_key(m.text)],
            "label_category": "", "label_status": "",
        })
    return pd.DataFrame(rows)


def _uncertainty(proba: list[float], strategy: str) -> float:
    """The entropy of the category probabilities (highest first), or one minus their top margin."""
    if strategy == "entropy":
        return -sum(p * math.log(p) for p in proba if p > 0) / math.log(max(2, len(proba)))
    return 1.0 - (proba[0] - (proba[1] if len(proba) > 1 else 0.0))


def _candidates(notices: Iterable[Notice], strategy: str) -> tuple[list, dict[str, int]]:
    """(uncertainty, notice, measure) of each text seen first, most uncertain first; how often each text repeats."""
    candidates, duplicates = [], {}
    for notice in notices:
        for measure in notice.measures:
            key = same_text_key(measure.text)
            if key in duplicates:
                duplicates[key] += 1
                continue
            duplicates[key] = 0
            proba = sorted((measure.category_proba or {}).values(), reverse=True)
            if not proba:
                raise ValueError(f"{notice.id}: measures are not tagged; tag the notices with a model first")
            candidates.append((_uncertainty(proba, strategy), notice, measure))
    candidates.sort(key=lambda c: -c[0])
    return candidates, duplicates


def _spread(candidates: list, n: int) -> list:
    """Up to ``n`` candidates picked from each notice in turn, each predicted category capped."""
    categories = {c[2].category for c in candidates}
    cap = max(2, math.ceil(2 * n / max(1, len(categories))))
    queues: dict[str, list] = {}
    for c in candidates:
        queues.setdefault(c[1].id, []).append(c)
    picked, per_category = [], {}
    while len(picked) < n and any(queues.values()):
        for queue in queues.values():
            while queue:
                c = queue.pop(0)
                if per_category.get(c[2].category, 0) < cap:
                    picked.append(c)
                    per_category[c[2].category] = per_category.get(c[2].category, 0) + 1
                    break
            if len(picked) >= n:
                break
        if all(not q for q in queues.values()) or len(picked) >= len(candidates):
            break
    return picked
