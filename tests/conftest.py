import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def parsed():
    """Every seed, parsed once: {"000": Notice, ...}."""
    import rectify_nlp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {p.name[:3]: rectify_nlp.parse(p) for p in SEED_FILES}


@pytest.fixture(scope="session")
def records():
    from rectify_nlp.labels import read_labels

    return read_labels(ROOT / "training" / "annotations")


@pytest.fixture(scope="session")
def trained(records):
    """A tagger trained on the seed annotations (no cross-validation), once per session."""
    import rectify_nlp

    return rectify_nlp.train(records, cv=None)


@pytest.fixture(scope="session")
def trained_dir(trained, tmp_path_factory):
    """The session's tagger saved as a model directory."""
    out = tmp_path_factory.mktemp("models") / "base"
    trained.save(out)
    return out


@pytest.fixture(scope="session")
def cross_validated(records):
    """The leave-one-notice-out report on the seed annotations, once per session."""
    import rectify_nlp

    return rectify_nlp.evaluate(records)
