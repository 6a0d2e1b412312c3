"""What decided each tag: the weighed features of the category, the cue or features of the status.

Offsets in the evidence are relative to the measure text; :meth:`Tagger.tag` moves them onto
``notice.text``.
"""

from __future__ import annotations

import numpy as np

from ._lexicon import cue_share, lexicon_hits
from ._status_cues import SIGNALS, stated_cue
from ._status_grammar import Reading, deciding_cues

TOP = 5
"""Features listed per tag."""


def feature_names(blocks, dense: list[str]) -> list[tuple[str, str]]:
    """``(kind, feature)`` of every feature column: each TF-IDF block's grams, then the dense columns."""
    names = [(b.field if b.field != "text" else b.kind, gram) for b in blocks for gram in b.vocab]
    return names + [tuple(name.split(":", 1)) for name in dense]


def lift(coef: np.ndarray) -> np.ndarray:
    """Each class's weights against the average class (a binary model's one row becomes two)."""
    if coef.shape[0] == 1:  # class 1 scores +w, class 0 scores 0
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
    return coef - coef.mean(axis=0)


def weighed(features, lifted: np.ndarray, rows_class: np.ndarray, names: list, rows=None,
            top: int = TOP) -> dict[int, list[dict]]:
    """For each of ``rows`` (by default all), the features that pushed it most towards its class,
    against the average class: ``x_j * lifted[c, j]`` (see :func:`lift`), largest first, positive only."""
    indptr, indices, data = features.indptr, features.indices, features.data
    out = {}
    for row in range(features.shape[0]) if rows is None else rows:
        cols = indices[indptr[row]:indptr[row + 1]]
        weights = data[indptr[row]:indptr[row + 1]] * lifted[rows_class[row], cols]
        # ties (and last-bit differences between numpy builds) broken by column, so the list is reproducible
        best = np.lexsort((cols, -np.round(weights, 9)))[:top]
        out[row] = [{"kind": names[cols[i]][0], "feature": names[cols[i]][1], "weight": round(float(weights[i]), 4)}
                    for i in best if weights[i] > 0]
    return out


def lexicon_evidence(text: str, problem: str, category: str, lexicon, prior_weight: float,
                     context_weight: float) -> list[dict]:
    """The lexicon cue terms for ``category`` in the measure (``cue``) and in its problem title
    (``problem cue``), each with its share of the prior it adds to the category's score
    (``prior_weight * log1p(sum of weights)``, weighed by ``context_weight`` for the title)."""
    found: list[dict] = []
    for kind, source, scale in (("cue", text, 1.0), ("problem cue", problem, context_weight)):
        weights: dict[str, float] = {}
        for term, by_category in lexicon_hits(source, lexicon) if scale else ():
            if category in by_category:
                weights[term] = weights.get(term, 0.0) + by_category[category]
        share = prior_weight * scale * float(np.log1p(sum(weights.values()))) / (sum(weights.values()) or 1.0)
        share *= cue_share(source, category, lexicon) if weights else 1.0
        found += [{"kind": kind, "feature": term, "weight": round(share * w, 4)} for term, w in weights.items()]
    return found


def status_evidence(text: str, status: str, source: str, reading: Reading | None) -> list[dict]:
    """The words that decided a status by rule: the measure's own verdict (``stated``) or the
    grammar's cues (``cue``), with offsets in the measure text; empty for the model."""
    if source == "stated":
        cue = stated_cue(text)
        return [{"source": "stated", "rule": "verdict", "text": text[cue[1]:cue[2]], "start": cue[1],
                 "end": cue[2]}] if cue else []
    if source == "cue" and reading is not None:
        return [{"source": "cue", "rule": c.rule, "kind": c.kind, "text": text[c.start:c.end], "start": c.start,
                 "end": c.end} for c in deciding_cues(reading, status)]
    return []


class Explainer:
    """What evidence needs of a compiled model, derived from it once: the name of every feature
    column and each class's weights against the average class."""

    def __init__(self, model):
        self.model = model
        lexicon_columns = [f"lexicon score:{c}" for c in model.lexicon[0]] if model.lexicon_weight else []
        if model.lexicon_weight and model.context_weight:
            lexicon_columns += [f"problem lexicon score:{c}" for c in model.lexicon[0]]
        self.names = feature_names(model.blocks, lexicon_columns)
        self.lifted = lift(model.category_coef)
        self.status_names = feature_names([model.status_block], [f"signal:{s}" for s in SIGNALS])
        self.status_lifted = lift(model.status_coef) if model.status_coef is not None else None

    def __call__(self, fields, features, category, status_features, status, sources, read_as) -> list[dict]:
        """Each record's evidence ``{"category": [...], "status": [...]}`` from the model's features
        and decisions: lexicon cues and weighed features of the category; the deciding status cue,
        else the status model's weighed features."""
        model = self.model
        chosen = category.argmax(axis=1)
        weighed_category = weighed(features, self.lifted, chosen, self.names)
        by_model = [row for row, source in enumerate(sources) if source == "model"]
        weighed_status = (weighed(status_features, self.status_lifted, status.argmax(axis=1), self.status_names,
                                  by_model) if status_features is not None else {})
        out = []
        for row, text in enumerate(fields["text"]):
            label = str(model.category_classes[chosen[row]])
            cues = (lexicon_evidence(text, fields["problem"][row], label, model.lexicon, model.prior_weight,
                                     model.context_weight) if model.prior_weight else [])
            status_label = str(model.status_classes[status[row].argmax()])
            by_rule = status_evidence(text, status_label, sources[row], read_as[row])
            out.append({"category": sorted(cues + weighed_category[row], key=lambda f: -f["weight"])[:TOP],
                        "status": by_rule or [{"source": "model", **f} for f in weighed_status.get(row, ())]})
        return out


def in_notice(evidence: dict, measure) -> dict:
    """Status evidence with offsets into the notice text (the models see the measure alone)."""
    if "start" not in evidence:
        return evidence
    start, end = evidence["start"] + measure.start, evidence["end"] + measure.start
    return {**evidence, "text": measure.text[evidence["start"]:evidence["end"]], "start": start, "end": end}


def category_evidence_text(evidence: list[dict]) -> str:
    """One line: ``cue 三会一课 +2.59; word 党支部 +0.41``."""
    return "; ".join(f"{e['kind']} {e['feature']} {e['weight']:+.2f}" for e in evidence or ())


def status_evidence_text(evidence: list[dict]) -> str:
    """One line: ``cue progressive “正在” 120–122`` for rules, ``char 已完成 +0.52`` for the model."""
    parts = []
    for e in evidence or ():
        if "start" in e:
            parts.append(f"{e['source']} {e['rule']} “{e['text']}” {e['start']}–{e['end']}")
        else:
            parts.append(f"{e['kind']} {e['feature']} {e['weight']:+.2f}")
    return "; ".join(parts)
