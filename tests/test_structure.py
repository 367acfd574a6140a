"""The house rules, read from the source: no import circle (late imports included), `network` knows no UI, and
no module or class grows past what one person reads in one sitting."""

import ast
import functools
import os

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDERS = ("app", "network", "logs", "bench", "examples", "tests")
MODULE_LINES = 450
CLASS_LINES = 350


@functools.lru_cache(maxsize=1)
def project_modules():
    """``{dotted name: path}`` of every Python file of the project (a package's __init__ goes by the package)."""
    modules = {name[:-3]: os.path.join(PROJECT, name) for name in os.listdir(PROJECT) if name.endswith(".py")}
    for folder in FOLDERS:
        for root, dirs, files in os.walk(os.path.join(PROJECT, folder)):
            dirs[:] = [name for name in dirs if not name.startswith((".", "__"))]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(root, name)
                    parts = os.path.relpath(path, PROJECT)[:-3].split(os.sep)
                    modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


@functools.lru_cache(maxsize=None)
def parsed(path):
    """``(source, syntax tree)`` of the file at ``path``, read once for all the checks."""
    source = open(path, encoding="utf-8").read()
    return source, ast.parse(source, path)


def imported(module, path, known):
    """The project modules ``module`` imports anywhere in its file, at the top or inside a function."""
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(parsed(path)[1]):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known and name != module}
    return found


def import_graph():
    known = project_modules()
    return {module: imported(module, path, known) for module, path in known.items()}


def circles(graph):
    """Every import circle once, as a list of modules from one back to itself (depth-first search)."""
    found, state = [], {}

    def visit(module, trail):
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                found.append(trail[trail.index(other):] + [other])
            elif other not in state:
                visit(other, trail + [other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_the_check_finds_a_circle_through_a_late_import(tmp_path):
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c", "a"]]
    late = tmp_path / "late.py"
    late.write_text("def f():\n    from .other import thing\n    import network.model\n")
    assert imported("app.late", str(late), {"app.other", "network.model", "network"}) == {"app.other",
                                                                                           "network.model"}


def test_no_import_circle_anywhere():
    assert circles(import_graph()) == []


def test_network_never_imports_the_window_or_plots():
    for module, path in project_modules().items():
        if module.split(".")[0] == "network":
            tree = parsed(path)[1]
            names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
            names |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                      if isinstance(node, ast.ImportFrom) and not node.level}
            assert not names & {"pygame", "matplotlib", "app"}, module


def oversized(path):
    """What in the file at ``path`` is too long: the module itself, and classes, as one line each."""
    source, tree = parsed(path)
    found = [f"{path}: {len(source.splitlines())} lines"] if len(source.splitlines()) > MODULE_LINES else []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES:
            found.append(f"{path}: class {node.name} has {node.end_lineno - node.lineno + 1} lines")
    return found


def test_the_size_check_counts_modules_and_classes(tmp_path):
    long_class = tmp_path / "long.py"
    long_class.write_text("class Long:\n" + "    x = 1\n" * CLASS_LINES)
    assert oversized(str(long_class)) == [f"{long_class}: class Long has {CLASS_LINES + 1} lines"]
    long_module = tmp_path / "module.py"
    long_module.write_text("x = 1\n" * (MODULE_LINES + 1))
    assert oversized(str(long_module)) == [f"{long_module}: {MODULE_LINES + 1} lines"]


@pytest.mark.parametrize("folder", ["(top)", *FOLDERS])
def test_no_module_or_class_is_too_long(folder):
    def folder_of(path):
        parts = os.path.relpath(path, PROJECT).split(os.sep)
        return parts[0] if len(parts) > 1 else "(top)"
    found = [problem for path in project_modules().values() if folder_of(path) == folder
             for problem in oversized(path)]
    assert found == []
