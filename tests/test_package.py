"""The package's shape: imports flow one way, internals stay private, errors form one hierarchy."""

import ast
import warnings
from pathlib import Path

import pytest

import rectify_nlp
from conftest import ROOT

PACKAGE = ROOT / "rectify_nlp"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path):
    """(imported module, imported names) for every import statement, function-level ones included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield (submodule, None) if submodule in MODULES else (target, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None


def _graph() -> dict[str, set[str]]:
    graph = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _ in _imports(name, path):
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def test_the_package_imports_have_no_cycle():
    graph, state, cycles = _graph(), {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_no_module_imports_a_private_name_of_another():
    offences = [f"{name} imports {name_!r} from {target}"
                for name, path in MODULES.items() for target, name_ in _imports(name, path)
                if target.startswith("rectify_nlp") and name_ and name_.startswith("_") and name_ != "__version__"]
    assert not offences, offences


def test_the_import_walk_sees_the_edges_it_checks():
    graph = _graph()
    assert "rectify_nlp.parsing._builder" in graph["rectify_nlp.parsing._parse"]
    assert "rectify_nlp.vocabulary" in graph["rectify_nlp.parsing._builder"]  # `from .. import vocabulary`
    assert "rectify_nlp.learning" in graph["rectify_nlp.cli._learn"]  # imported inside a function


def test_no_module_imports_a_private_module_of_another_package():
    offences = [f"{name} imports {target}" for name, path in MODULES.items()
                for target in {t for t, _ in _imports(name, path)}
                if target in MODULES and target != "rectify_nlp._version"
                and target.rpartition(".")[2].startswith("_") and not target.endswith("__init__")
                and target.rpartition(".")[0] != _package(name, path)]
    assert not offences, offences


def _package(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


# Each package's layer: a module imports only from its own layer and those below it.
LAYERS = (
    {"errors", "_version"},
    {"taxonomy", "vocabulary", "text", "files"},
    {"document"},
    {"reading"},
    {"parsing"},
    {"tagging"},
    {"tables", "labels", "learning", "display"},
    {"cli"},
)


def _layer(module: str) -> int | None:
    part = module.split(".")[1] if "." in module else None
    return next((k for k, names in enumerate(LAYERS) if part in names), None)


def test_layers_only_reach_down():
    graph = _graph()
    offences = [f"{name} → {target}" for name in graph for target in graph[name]
                if name != "rectify_nlp" and _layer(target) is not None and _layer(target) > _layer(name)]
    assert not offences, offences
    assert all(_layer(name) is not None for name in graph if name != "rectify_nlp"), "a package missing from LAYERS"


def test_the_ground_floor_imports_no_package_of_the_library():
    packages = {n for n, p in MODULES.items() if p.name == "__init__.py"}
    for ground in ("rectify_nlp.document", "rectify_nlp.errors", "rectify_nlp.taxonomy", "rectify_nlp.vocabulary"):
        reached = {t for t, _ in _imports(ground, MODULES[ground]) if t.startswith("rectify_nlp")}
        assert not {t for t in reached if t in packages or t.rpartition(".")[0] in packages - {"rectify_nlp"}}, ground


def test_internal_modules_are_private_by_name():
    public = {"rectify_nlp", "rectify_nlp.document", "rectify_nlp.errors", "rectify_nlp.taxonomy",
              "rectify_nlp.vocabulary", "rectify_nlp.cli", "rectify_nlp.display", "rectify_nlp.files",
              "rectify_nlp.labels", "rectify_nlp.learning", "rectify_nlp.parsing", "rectify_nlp.reading",
              "rectify_nlp.tables", "rectify_nlp.tagging", "rectify_nlp.text"}
    assert {n for n in MODULES if not n.rpartition(".")[2].startswith("_")} == public


def test_each_status_phrase_is_written_in_one_module():
    for phrase in ("整改到位", "持续推进", "基本完成"):
        holders = [n for n, p in MODULES.items() if phrase in p.read_text(encoding="utf-8")]
        assert len(holders) <= 1, (phrase, holders)


def test_every_public_name_resolves():
    for name in rectify_nlp.__all__:
        assert getattr(rectify_nlp, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        rectify_nlp.nope


def test_errors_form_one_hierarchy():
    for error in (rectify_nlp.NoticeError, rectify_nlp.ModelError, rectify_nlp.LabelError):
        assert issubclass(error, rectify_nlp.RectifyError) and issubclass(error, ValueError)
    with pytest.raises(rectify_nlp.NoticeError, match="nope.txt: no such file"):
        rectify_nlp.parse("nope.txt")
    with pytest.raises(rectify_nlp.ModelError, match="no model directory"):
        rectify_nlp.load(ROOT / "nope")


def test_parse_warnings_have_their_own_class():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rectify_nlp.parse("一段没有结构的文字。")
    assert caught and all(issubclass(w.category, rectify_nlp.ParseWarning) for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", rectify_nlp.ParseWarning)
        rectify_nlp.parse("一段没有结构的文字。")


def test_label_errors_carry_file_and_line(tmp_path):
    labels = tmp_path / "mine.csv"
    labels.write_text("text,category\n召开会议,party_building\n召开会议,不存在的类别\n", encoding="utf-8")
    with pytest.raises(rectify_nlp.LabelError) as caught:
        rectify_nlp.read_labels(labels)
    assert (caught.value.file, caught.value.line) == (str(labels), 3)
    assert str(caught.value).startswith(f"{labels}:3: unknown category '不存在的类别'")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(rectify_nlp.LabelError, match=r"broken.jsonl:2: not valid JSON"):
        rectify_nlp.read_labels(broken)


def test_the_architecture_page_names_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    # a command module is named as `cli/_tag`; the version file is no module of the house
    files = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "_version.py")}
    named = {f for f in files if f"`{f}`" in page or f.startswith("cli/") and f"`{f[:-3]}`" in page}
    assert files - named == set()
