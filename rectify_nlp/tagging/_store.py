"""Model directories: writing them atomically with their model card, reading them back verified.

A model directory holds ``meta.json`` (the model card: name, creation time, label set,
parameters, training-data hash, library versions, metrics and the SHA-256 of every
artifact), ``model.joblib`` (the fitted scikit-learn estimators) and ``inference.npz``
(the same models as plain arrays, see :mod:`rectify_nlp.tagging._compiled`), which
loads with neither scikit-learn nor unpickling.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import warnings
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import numpy as np

from .._version import __version__
from ..errors import ModelError
from ..files import atomic_directory, atomic_path, backup_of, open_regular_file, package_path, read_regular_file

ARTIFACT = "model.joblib"
INFERENCE = "inference.npz"
META = "meta.json"
DEFAULT_MODEL = "default"
META_LIMIT = 10_000_000
"""The largest ``meta.json`` read, in bytes (a model card is a few kilobytes)."""
ARTIFACT_LIMIT = 2_000_000_000
"""The largest artifact read, in bytes (the default model's are under 10 MB)."""


def _refuse(message: str, path: str) -> ModelError:
    return ModelError(f"{path}: {message}")


def default_model_path() -> Path:
    """The model shipped with the package (``models/default`` in the repository)."""
    return package_path("_models", DEFAULT_MODEL)


def sha256(path: str | Path) -> str:
    """The SHA-256 of a regular file of at most :data:`ARTIFACT_LIMIT` bytes (ModelError otherwise)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular_file(path, limit=ARTIFACT_LIMIT, error=_refuse), "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    return {"rectify_nlp": __version__, "scikit-learn": version("scikit-learn"), "numpy": np.__version__,
            "python": platform.python_version()}


def model_card(meta: dict, category_model, status_model) -> dict:
    """The model card: what the trainer recorded in ``meta``, plus what saving knows."""
    return {
        **meta,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "libraries": library_versions(),
        "labels": {"category": [str(c) for c in category_model.classes_],
                   "status": [str(s) for s in status_model.classes_]},
    }


def write(path: str | Path, category_model, status_model, meta: dict) -> dict:
    """Write a model directory atomically; an interrupted write leaves any previous model intact.

    Returns the model card as written.
    """
    import joblib

    from . import _compiled

    target = Path(path)
    with atomic_directory(target) as staging:
        joblib.dump({"category": category_model, "status": status_model}, staging / ARTIFACT, compress=3)
        if _compiled.compilable(category_model, status_model):
            np.savez_compressed(staging / INFERENCE, **_compiled.export(category_model, status_model))
        card = model_card({"name": target.name, **meta}, category_model, status_model)
        card["artifacts"] = {p.name: sha256(p) for p in sorted(staging.iterdir())}
        (staging / META).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return card


def locate(path: str | Path) -> Path:
    """The directory holding the model at ``path``; when it is missing and a save cut between its renames left
    the previous model aside (``.NAME.old``), that one, with a warning naming it: never silently another."""
    root = Path(path)
    backup = backup_of(root)
    if not (root / META).exists() and (backup / META).exists():
        warnings.warn(f"{path}: no model here; loading {backup}, the model a save that was interrupted moved aside. "
                      f"Rename it to {root.name} to keep it, or save the model again", UserWarning, stacklevel=3)
        return backup
    if not root.is_dir():
        raise ModelError(f"{path}: no model directory here; train one with `rectify-nlp train --out {path}`")
    if not (root / META).exists():
        raise ModelError(f"{path}: {META} is missing; the model directory is incomplete")
    return root


def content_key(meta: dict) -> str:
    """The model's content hash: of the SHA-256 of every artifact, as its card records them, and of the
    calibration the card holds (which changes what the model outputs without changing an artifact)."""
    content = json.dumps([meta.get("artifacts"), meta.get("calibration")], sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def write_card(path: str | Path, meta: dict) -> None:
    """Replace the model card of the directory at ``path`` (atomically), its artifacts unchanged."""
    root = locate(path)
    if read_card(root, path)["artifacts"] != meta.get("artifacts"):
        raise ModelError(f"{path}: the new model card lists other artifacts than the directory holds")
    with atomic_path(root / META) as tmp:
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def content_key_on_disk(path: str | Path) -> str:
    """The content hash of the model now in the directory at ``path``."""
    return content_key(read_card(locate(path), path))


def read_card(root: Path, path: str | Path) -> dict:
    """The model card in ``root``, checked for shape: an object whose ``artifacts`` map file names
    of the directory to SHA-256 digests."""
    data = read_regular_file(root / META, limit=META_LIMIT, error=_refuse)
    try:
        meta = json.loads(data.decode("utf-8"))
    except ValueError as err:  # UnicodeDecodeError is a ValueError
        raise ModelError(f"{path}: {META} is not valid JSON ({err})") from err
    if not isinstance(meta, dict):
        raise ModelError(f"{path}: {META} holds a JSON {type(meta).__name__}, not a model card (an object); "
                         "the model directory is damaged: retrain or restore it")
    artifacts = meta.get("artifacts")
    if not isinstance(artifacts, dict) or not artifacts \
            or not all(isinstance(d, str) for d in artifacts.values()):
        raise ModelError(f"{path}: {META} has no 'artifacts' mapping file names to SHA-256 digests; "
                         "the model directory is damaged: retrain or restore it")
    for name in artifacts:
        if name in ("", ".", "..") or Path(name).name != name or "\\" in name:
            raise ModelError(f"{path}: {META} names the artifact {name!r}, which is not a file of the model "
                             "directory; the model card was altered: do not load it")
    return meta


# The versions an artifact must be read under, to the depth of the version number that matters.
# inference.npz is plain arrays in this library's layout, readable by any numpy; model.joblib pickles
# scikit-learn estimators, which load only under the scikit-learn minor and numpy major that wrote them
# (it is read only after inference.npz's check, which it does not repeat).
_READ_UNDER = {INFERENCE: (("rectify_nlp", 1),), ARTIFACT: (("scikit-learn", 2), ("numpy", 1))}


def check_versions(path: str | Path, meta: dict, artifact: str) -> None:
    """Refuse an artifact that the installed libraries cannot read as it was written."""
    made, current = meta.get("libraries"), library_versions()
    made = made if isinstance(made, dict) else {}
    for lib, depth in _READ_UNDER[artifact]:
        if str(made.get(lib, "")).split(".")[:depth] == current[lib].split(".")[:depth]:
            continue
        was, now = str(made.get(lib, "?")), current[lib]
        if artifact == ARTIFACT:
            raise ModelError(f"{path}: {ARTIFACT} was pickled under {lib} {was} and this is {now}, so its "
                             f"estimators cannot be unpickled here; tagging does not need them "
                             f"(load the model without unpickle=True). To unpickle, install "
                             f"{lib}=={'.'.join(was.split('.')[:depth])}.* or retrain with `rectify-nlp train`")
        raise ModelError(f"{path}: made with {lib} {was}, this is {lib} {now}; "
                         f"retrain it with `rectify-nlp train` under this version")


def read_meta(path: str | Path) -> tuple[Path, dict]:
    """The model's directory and its card, checked for reading ``inference.npz`` and its artifacts' hashes."""
    root = locate(path)
    meta = read_card(root, path)
    check_versions(path, meta, INFERENCE)
    for name in meta["artifacts"]:
        checked_artifact(root, name, meta)
    return root, meta


def checked_artifact(root: Path, name: str, meta: dict) -> Path:
    """The path of an artifact whose SHA-256 matches the card's."""
    artifact = root / name
    if not artifact.exists():
        raise ModelError(f"{root}: {name} is missing; the model directory is incomplete")
    if sha256(artifact) != meta["artifacts"].get(name):
        raise ModelError(f"{root}: {name} does not match the SHA-256 recorded in {META}; the artifact was "
                         "altered or truncated. Retrain or restore the model; do not load it.")
    return artifact


def read_estimators(root: Path, meta: dict) -> tuple:
    """The fitted scikit-learn estimators, unpickled from ``model.joblib``."""
    import joblib

    check_versions(root, meta, ARTIFACT)
    parts = joblib.load(checked_artifact(root, ARTIFACT, meta))
    return parts["category"], parts["status"]
