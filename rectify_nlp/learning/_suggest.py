"""Active learning: the measures whose labels would help the model most."""

from __future__ import annotations

import math
from typing import Iterable

from ..document import Notice


def suggest(notices: Iterable[Notice], *, n: int = 50, strategy: str = "entropy"):
    """The measures whose labels would help the model most, ready to label.

    Ranks measures by uncertainty (the entropy of the category probabilities, or
    one minus the margin between the two most likely categories), then picks in
    turn from each notice and caps each predicted category, so the selection
    spreads across notices and categories.

    Parameters
    ----------
    notices : iterable of tagged Notice
    n : int, default=50
    strategy : {"entropy", "margin"}

    Returns
    -------
    pandas.DataFrame
        One row per suggested measure with its context, the model's guess, the
        uncertainty, and empty ``category``/``status`` columns to fill in (ids or
        中文 names); the file reads back with ``--labels``.
    """
    import pandas as pd

    if strategy not in ("entropy", "margin"):
        raise ValueError(f"strategy must be 'entropy' or 'margin', not {strategy!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    candidates = []
    for notice in notices:
        for measure in notice.measures:
            proba = sorted((measure.category_proba or {}).values(), reverse=True)
            if not proba:
                raise ValueError(f"{notice.id}: measures are not tagged; tag the notices with a model first")
            if strategy == "entropy":
                score = -sum(p * math.log(p) for p in proba if p > 0) / math.log(max(2, len(proba)))
            else:
                score = 1.0 - (proba[0] - (proba[1] if len(proba) > 1 else 0.0))
            candidates.append((score, notice, measure))
    candidates.sort(key=lambda c: -c[0])
    categories = {c[2].category for c in candidates}
    cap = max(2, math.ceil(2 * n / max(1, len(categories))))
    queues: dict[str, list] = {}
    for c in candidates:
        queues.setdefault(c[1].id, []).append(c)
    picked, per_category = [], {}
    while len(picked) < n and any(queues.values()):
        for notice_id in list(queues):
            queue = queues[notice_id]
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
    rows = []
    for score, notice, m in sorted(picked, key=lambda c: -c[0]):
        proba = sorted((m.category_proba or {}).items(), key=lambda kv: -kv[1])
        context = m.context
        rows.append({
            "notice": notice.id, "path": notice.source, "measure_id": m.id, "start": m.start, "end": m.end,
            "section": context["section"], "problem": context["problem"], "text": m.text,
            "predicted": m.category, "predicted_zh": m.category_zh, "predicted_proba": round(proba[0][1], 4),
            "runner_up": proba[1][0] if len(proba) > 1 else None, "uncertainty": round(score, 4),
            "predicted_status": m.status, "category": "", "status": "",
        })
    return pd.DataFrame(rows)
