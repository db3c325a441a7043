"""The project's set-up files agree with each other.

* environment.yml (conda) declares the same packages, with the same lower
  bounds, as pyproject.toml (pip), and so does binder/environment.yml (Binder);
* the README's two commands, ``make lab`` and ``make test``, come first and are
  Makefile targets, and so is every other ``make`` command it mentions;
* every notebook is listed in the README and linked from the start notebook;
* the notebooks are tested by nbval in strict mode, and ``make test-fast``,
  which turns nbval off, keeps the suite's other options.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# conda-forge names that differ from the PyPI name of the same package.
CONDA_TO_PYPI = {
    "matplotlib-base": "matplotlib",
    "pytorch": "torch",
    "pyyaml": "pyyaml",
}
# Entries of environment.yml that are conda's business, not the package's.
CONDA_ONLY = {"python", "pip"}

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")


def normalize(name: str) -> str:
    """PEP 503 normal form: scikit_learn, Scikit.Learn -> scikit-learn."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_requirement(text: str) -> tuple[str, str]:
    """'numpy >= 1.26' -> ('numpy', '>=1.26')."""
    match = REQUIREMENT.match(text)
    assert match, f"cannot read the requirement {text!r}"
    return normalize(match.group(1)), match.group(2).replace(" ", "")


def read_environment_yml(path: Path) -> dict:
    """Read the small subset of YAML that environment.yml uses.

    Top-level ``key: value`` pairs and ``key:`` followed by a list of
    ``- item`` lines, where an item may itself be ``pip:`` with a nested list.
    Enough for this file, and no dependency on a YAML library.
    """
    data: dict = {}
    key = None
    nested: list | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if indent == 0:
            name, _, value = text.partition(":")
            key, nested = name.strip(), None
            data[key] = value.strip() if value.strip() else []
        elif text.startswith("- ") and isinstance(data.get(key), list):
            item = text[2:].strip()
            if nested is not None and indent > nested_indent:
                nested.append(item)
            elif item.endswith(":"):
                nested, nested_indent = [], indent
                data[key].append({item[:-1]: nested})
            else:
                nested = None
                data[key].append(item)
        else:
            raise AssertionError(f"environment.yml: unexpected line {raw!r}")
    return data


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def environment() -> dict:
    return read_environment_yml(ROOT / "environment.yml")


@pytest.fixture(scope="module")
def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def makefile_targets(makefile) -> set[str]:
    """Every target of a rule (``test test-fast: ...`` names two), not the variables (``NAME := ...``)."""
    rules = re.findall(r"^([A-Za-z][A-Za-z0-9_ -]*?)\s*:(?!=)", makefile, flags=re.MULTILINE)
    return {target for rule in rules for target in rule.split()}


def pip_requirements(pyproject: dict) -> dict[str, str]:
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return dict(split_requirement(r) for r in requirements)


def conda_requirements(environment: dict) -> dict[str, str]:
    found = {}
    for item in environment["dependencies"]:
        if isinstance(item, dict):
            continue
        name, spec = split_requirement(item)
        name = CONDA_TO_PYPI.get(name, name)
        if name not in CONDA_ONLY:
            found[name] = spec
    return found


def test_the_yaml_reader_reads_a_nested_pip_list(tmp_path):
    sample = tmp_path / "environment.yml"
    sample.write_text("name: x\nchannels:\n  - conda-forge\ndependencies:\n  - numpy>=1  # note\n"
                      "  - pip:\n      - -e .\n  - scipy\n")
    assert read_environment_yml(sample) == {
        "name": "x",
        "channels": ["conda-forge"],
        "dependencies": ["numpy>=1", {"pip": ["-e ."]}, "scipy"],
    }


def test_name_normalization():
    assert split_requirement("Scikit_Learn >= 1.5") == ("scikit-learn", ">=1.5")
    assert split_requirement("ipympl>=0.9.4; python_version>'3'") == ("ipympl", ">=0.9.4")


def test_environment_yml_declares_the_same_packages_as_pyproject(pyproject, environment):
    pip, conda = pip_requirements(pyproject), conda_requirements(environment)
    assert sorted(conda) == sorted(pip), "environment.yml and pyproject.toml list different packages"
    assert conda == pip, "environment.yml and pyproject.toml give different version bounds"


def test_environment_yml_installs_the_package_and_pins_python(pyproject, environment):
    assert environment["channels"] == ["conda-forge"]
    pips = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert pips == [["-e ."]], "the package itself comes from pip, editable"
    pythons = [item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python")]
    assert pythons == ["python=3.11"]
    minimum = pyproject["project"]["requires-python"]
    assert minimum.startswith(">=3.") and int(minimum.split(".")[1]) <= 11, "python=3.11 must satisfy requires-python"


def test_binder_environment_is_complete_on_its_own(pyproject, environment):
    """repo2docker ignores the root files once binder/ exists: its file must list everything itself."""
    binder = read_environment_yml(ROOT / "binder" / "environment.yml")
    assert binder["channels"] == ["conda-forge"]
    pip = pip_requirements(pyproject)
    assert sorted(conda_requirements(binder)) == sorted(pip), "binder/environment.yml and pyproject.toml list different packages"
    assert conda_requirements(binder) == pip == conda_requirements(environment), "different version bounds"
    pythons = [item for item in binder["dependencies"] if isinstance(item, str) and item.startswith("python")]
    assert pythons == ["python=3.11"], "Binder pins one Python exactly"
    assert not any(isinstance(item, dict) for item in binder["dependencies"]), "binder/postBuild installs the package"


def test_readme_starts_with_the_two_commands(readme, makefile_targets):
    before_first_section = readme.split("\n## ", 1)[0]
    for command in ("make lab", "make test"):
        assert command in before_first_section, f"README: {command!r} should come before the first section"
    assert {"lab", "test"} <= makefile_targets


def test_every_make_command_in_the_readme_is_a_target(readme, makefile_targets):
    mentioned = set(re.findall(r"\bmake ([a-z][a-z0-9_-]*)", readme))
    assert mentioned, "README mentions no make command"
    assert mentioned <= makefile_targets, f"not Makefile targets: {sorted(mentioned - makefile_targets)}"


def test_every_notebook_is_listed_in_the_readme_and_linked_from_the_start(readme):
    start = json.loads((NOTEBOOKS / "00_start_here.ipynb").read_text(encoding="utf-8"))
    start_text = "\n".join("".join(cell["source"]) for cell in start["cells"] if cell["cell_type"] == "markdown")
    linked_from_start = set(re.findall(r"\]\(([0-9]{2}_[A-Za-z0-9_]+\.ipynb)\)", start_text))
    listed_in_readme = set(re.findall(r"notebooks/([0-9]{2}_[A-Za-z0-9_]+\.ipynb)", readme))
    present = {path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert present - {"00_start_here.ipynb"} <= linked_from_start, "add the new notebook to the map in 00_start_here"
    assert present <= listed_in_readme, "add the new notebook to the README"
    assert linked_from_start <= listed_in_readme, "the README and the start notebook list different notebooks"


def test_notebooks_are_checked_by_nbval_in_strict_mode(pyproject):
    options = pyproject["tool"]["pytest"]["ini_options"]
    addopts = options["addopts"]
    assert "--nbval" in addopts and "--nbval-lax" not in addopts
    assert "notebooks" in options["testpaths"]
    assert (ROOT / addopts[addopts.index("--nbval-sanitize-with") + 1]).is_file()


def test_the_makefile_targets_are_read_whole(makefile_targets):
    assert {"help", "install", "lab", "test", "test-fast", "present", "bench", "clean", "distclean"} <= makefile_targets
    assert not makefile_targets & {"SHELL", "PYTHON", "TIER", "ALLOW_ROOT"}


def without_nbval(options: list[str]) -> list[str]:
    """pytest options without nbval's (``--nbval...``, and the file given to ``--nbval-sanitize-with``)."""
    kept, skip = [], False
    for option in options:
        if skip:
            skip = False
        elif option.startswith("--nbval"):
            skip = option == "--nbval-sanitize-with"
        else:
            kept.append(option)
    return kept


def test_the_fast_tier_keeps_the_suites_options_but_nbvals(pyproject, makefile):
    """``make test-fast`` does not load nbval, so it replaces addopts: with pyproject.toml's, nbval's left out."""
    lines = re.sub(r"\\\n\s*", " ", makefile)  # continued lines joined
    tier = re.search(r"^test-fast: TIER := (.*)$", lines, flags=re.MULTILINE)
    assert tier, "the Makefile gives test-fast its TIER"
    words = shlex.split(tier.group(1))
    assert words[words.index("-p") + 1] == "no:nbval" and words[words.index("-m") + 1] == "not slow"
    replaced = words[words.index("-o") + 1]
    assert replaced.startswith("addopts=")
    suite = pyproject["tool"]["pytest"]["ini_options"]["addopts"]
    assert without_nbval(suite) != suite, "nbval's options are no longer in addopts: test-fast can use them as they are"
    assert replaced.removeprefix("addopts=").split() == without_nbval(suite)


def test_the_readme_examples_run_and_print_what_they_say(readme):
    import doctest

    # A closing fence would read as expected output: blank it (line numbers stay right).
    text = re.sub(r"(?m)^```.*$", "", readme)
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, "an example in README.md does not print what it says (see the output above)"
