"""The project's set-up files agree with each other.

* environment.yml (conda) declares the same packages, with the same lower
  bounds, as pyproject.toml (pip), extra by extra; binder/environment.yml
  (Binder) declares the learner's set only (the runtime dependencies and the
  extras ``make lab`` installs, no test tools), each pinned exactly to a
  version within pyproject.toml's bounds;
* ``make lab`` and ``make present`` install the learner's extras, ``make
  test`` (and test-fast, bench, install) the test extra too, each set with its
  own stamp file in .venv, and a fresh stamp of a larger set saves a reinstall;
* the repository is named once, in pyproject.toml's ``[project.urls]``, and
  every Binder or GitHub link to it (README, notebooks, tests, tools) agrees;
* the README's two commands, ``make lab`` and ``make test``, come first and are
  Makefile targets, and so is every other ``make`` command it mentions;
* every notebook is listed in the README and linked from the start notebook;
* the notebooks are tested by nbval in strict mode, and ``make test-fast``,
  which turns nbval off, keeps the suite's other options.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "tools"))
import project  # noqa: E402  (tools/project.py: the repository, read from pyproject.toml)

#: The test extra: what ``make test`` adds to the learner's set, and Binder leaves out.
TEST_TOOLS = {"pytest", "nbval", "hypothesis", "playwright", "jupyter-repo2docker"}

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


def pip_requirements(pyproject: dict, extras: list[str] | None = None) -> dict[str, str]:
    """The runtime dependencies and the given extras (all of them by default): name -> specifier."""
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for extra, listed in project["optional-dependencies"].items():
        if extras is None or extra in extras:
            requirements += listed
    return dict(split_requirement(r) for r in requirements)


def pip_sections(pyproject: dict) -> dict[str, set[str]]:
    """Package names by section: ``runtime`` and one per extra (``extra: lab``...)."""
    project = pyproject["project"]
    sections = {"runtime": {split_requirement(r)[0] for r in project["dependencies"]}}
    for extra, listed in project["optional-dependencies"].items():
        sections[f"extra: {extra}"] = {split_requirement(r)[0] for r in listed}
    return sections


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


def conda_sections(path: Path) -> dict[str, set[str]]:
    """Package names by section of an environment.yml, each under its ``# runtime`` or ``# extra: NAME`` comment."""
    sections: dict[str, set[str]] = {}
    current, inside = None, False
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            inside, current = raw.startswith("dependencies:"), None
        if not inside:
            continue
        heading = re.fullmatch(r"# (runtime|extra: [a-z0-9_-]+)", text)
        if heading:
            current = sections.setdefault(heading.group(1), set())
        elif re.match(r"- [A-Za-z]", text) and not text.endswith(":"):
            name = split_requirement(text[2:].split(" #")[0])[0]
            name = CONDA_TO_PYPI.get(name, name)
            if name not in CONDA_ONLY:
                assert current is not None, f"{path.name}: {text!r} comes before any section comment"
                current.add(name)
        elif text.startswith("- pip:"):
            current = None
    return sections


def make_database(*args: str) -> str:
    """``make -pq`` of the Makefile: its variables and rules as make reads them (nothing is run)."""
    result = subprocess.run(["make", "--no-print-directory", "-pq", "-C", str(ROOT), *args, "help"],
                            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, timeout=60)
    assert "# Make data base" in result.stdout, result.stderr
    return result.stdout


def make_variable(database: str, name: str) -> str:
    found = re.findall(rf"^{name} :?= (.*)$", database, flags=re.MULTILINE)
    assert found, f"the Makefile defines no {name}"
    return found[-1]


def make_prerequisites(database: str, target: str) -> list[str]:
    """The prerequisites of a target's rule (not its target-specific variables)."""
    rules = [line for line in re.findall(rf"^{re.escape(target)}:(.*)$", database, flags=re.MULTILINE)
             if not re.match(r"\s*[A-Za-z_]+ :?=", line)]
    assert rules, f"no rule for {target}"
    return [word for line in rules for word in line.split()]


@pytest.fixture(scope="module")
def make_extras() -> dict[str, list[str]]:
    """The extras the Makefile installs for the learner (``LAB_EXTRAS``) and for the tests (``TEST_EXTRAS``)."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    database = make_database()
    return {name: make_variable(database, name).split(",") for name in ("LAB_EXTRAS", "TEST_EXTRAS")}


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


def test_the_section_reader_reads_the_comments(tmp_path):
    sample = tmp_path / "environment.yml"
    sample.write_text("channels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - pip\n  # runtime\n  - numpy>=1\n"
                      "  # extra: lab\n  - matplotlib-base=3.8  # note\n  - voila\n  - pip:\n      - -e .\n")
    assert conda_sections(sample) == {"runtime": {"numpy"}, "extra: lab": {"matplotlib", "voila"}}


def test_environment_yml_declares_the_same_packages_as_pyproject(pyproject, environment):
    pip, conda = pip_requirements(pyproject), conda_requirements(environment)
    assert sorted(conda) == sorted(pip), "environment.yml and pyproject.toml list different packages"
    assert conda == pip, "environment.yml and pyproject.toml give different version bounds"
    assert conda_sections(ROOT / "environment.yml") == pip_sections(pyproject), \
        "environment.yml should list each extra's packages under its `# extra: NAME` comment, as pyproject.toml does"


def test_environment_yml_installs_the_package_and_pins_python(pyproject, environment):
    assert environment["channels"] == ["conda-forge"]
    pips = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert pips == [["-e ."]], "the package itself comes from pip, editable"
    pythons = [item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python")]
    assert pythons == ["python=3.11"]
    minimum = pyproject["project"]["requires-python"]
    assert minimum.startswith(">=3.") and int(minimum.split(".")[1]) <= 11, "python=3.11 must satisfy requires-python"


def test_binder_environment_is_the_learners_set_complete_on_its_own(pyproject, make_extras):
    """repo2docker ignores the root files once binder/ exists: its file must list the learner's set itself.

    The learner's set is what ``make lab`` installs: the runtime dependencies
    and the Makefile's ``LAB_EXTRAS``, section by section as in pyproject.toml.
    """
    binder = read_environment_yml(ROOT / "binder" / "environment.yml")
    assert binder["channels"] == ["conda-forge"]
    learner = pip_requirements(pyproject, make_extras["LAB_EXTRAS"])
    assert sorted(conda_requirements(binder)) == sorted(learner), \
        "binder/environment.yml and pyproject.toml's learner's set (runtime, lab, frameworks) list different packages"
    wanted = {"runtime"} | {f"extra: {extra}" for extra in make_extras["LAB_EXTRAS"]}
    assert conda_sections(ROOT / "binder" / "environment.yml") == {
        section: names for section, names in pip_sections(pyproject).items() if section in wanted}
    pythons = [item for item in binder["dependencies"] if isinstance(item, str) and item.startswith("python")]
    assert pythons == ["python=3.11"], "Binder pins one Python exactly"
    assert not any(isinstance(item, dict) for item in binder["dependencies"]), "binder/postBuild installs the package"


def test_binder_pins_each_package_exactly_within_pyprojects_bounds(pyproject):
    binder = conda_requirements(read_environment_yml(ROOT / "binder" / "environment.yml"))
    bounds = pip_requirements(pyproject)
    for name, spec in binder.items():
        pinned = re.fullmatch(r"=([0-9]+(?:\.[0-9]+)*)", spec)
        assert pinned, f"binder/environment.yml: pin {name} exactly (conda's {name}=X.Y.Z), not {spec!r}"
        assert Version(pinned.group(1)) in SpecifierSet(bounds[name]), \
            f"binder/environment.yml: {name}={pinned.group(1)} is outside pyproject.toml's {bounds[name]}"


def test_binder_and_make_lab_leave_the_test_tools_out(pyproject, make_extras):
    lab, full = make_extras["LAB_EXTRAS"], make_extras["TEST_EXTRAS"]
    assert set(pip_sections(pyproject)["extra: test"]) == TEST_TOOLS, "the test extra holds the test tools, only they"
    assert "test" not in lab and set(lab) < set(full), "make test installs the learner's set and the test tools"
    assert set(full) == set(pyproject["project"]["optional-dependencies"]), "make test installs every extra"
    assert not TEST_TOOLS & set(pip_requirements(pyproject, lab)), "a test tool is in the learner's set"
    binder = (ROOT / "binder" / "environment.yml").read_text(encoding="utf-8")
    for tool in TEST_TOOLS:
        assert not re.search(rf"^\s*- {tool}\b", binder, flags=re.MULTILINE), f"Binder installs {tool}"
    # The notebooks' own imports are in the learner's set.
    for module, package in {"scipy": "scipy", "sklearn": "scikit-learn", "keras": "keras", "jax": "jax"}.items():
        used = any(re.search(rf"\b(import|from) {module}\b", path.read_text(encoding="utf-8"))
                   for path in [*NOTEBOOKS.glob("*.ipynb"), *(ROOT / "src").rglob("*.py")])
        assert not used or package in pip_requirements(pyproject, lab), f"{module} is used but not in make lab's set"


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


def test_each_command_installs_its_extras_with_its_own_stamp(make_extras):
    """``lab`` and ``present`` need the learner's set; ``test``, ``test-fast``, ``bench`` and ``install`` the test tools too."""
    database = make_database("VENV=/venv")
    stamps = {name: "/venv/.installed-" + "+".join(extras) for name, extras in make_extras.items()}
    for target in ("lab", "present"):
        assert make_prerequisites(database, target) == [stamps["LAB_EXTRAS"]], target
    for target in ("test", "test-fast", "bench", "install"):
        assert make_prerequisites(database, target) == [stamps["TEST_EXTRAS"]], target


class FakeVenv:
    """A venv whose python only writes down how it was called: runs the Makefile's install step for real, in no time."""

    def __init__(self, directory: Path):
        self.path, self.log = directory / "venv", directory / "calls.log"
        (self.path / "bin").mkdir(parents=True)
        python = self.path / "bin" / "python"
        python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{self.log}"\n')
        python.chmod(0o755)
        self.log.write_text("")

    def stamp(self, extras: list[str]) -> Path:
        return self.path / (".installed-" + "+".join(extras))

    def make(self, extras: list[str]) -> list[str]:
        """Make the stamp of these extras; the pip installs it ran (each as its ``[extras]``)."""
        before = len(self.log.read_text().splitlines())
        result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), f"VENV={self.path}",
                                 str(self.stamp(extras))], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert self.stamp(extras).is_file()
        calls = self.log.read_text().splitlines()[before:]
        installs = [call for call in calls if "install" in call]
        assert all(call.startswith("-m pip install --editable .") for call in installs), installs
        return [call.removeprefix("-m pip install --editable .") for call in installs]


def test_make_lab_after_make_test_installs_nothing_and_make_test_after_make_lab_adds_the_tools(tmp_path, make_extras):
    lab, full = make_extras["LAB_EXTRAS"], make_extras["TEST_EXTRAS"]
    first = FakeVenv(tmp_path / "test-first")
    assert first.make(full) == [f"[{','.join(full)}]"]
    assert first.make(lab) == [], "make lab after make test: the test stamp covers the learner's set"

    second = FakeVenv(tmp_path / "lab-first")
    assert second.make(lab) == [f"[{','.join(lab)}]"]
    assert second.make(full) == [f"[{','.join(full)}]"], "make test after make lab adds the test extra"
    assert second.make(full) == [] and second.make(lab) == [], "both stamps are up to date: make does nothing"

    # A stamp older than pyproject.toml covers nothing: pyproject.toml changed since.
    old = (ROOT / "pyproject.toml").stat().st_mtime - 60
    os.utime(second.stamp(full), (old, old))
    second.stamp(lab).unlink()
    assert second.make(lab) == [f"[{','.join(lab)}]"]


# Where a link to the repository may be written by hand.
TEXT_SUFFIXES = {".md", ".ipynb", ".py", ".toml", ".yml", ".yaml", ".cfg", ".js", ".html", ".txt", ".j2", ".tpl"}
NOT_OURS = {".git", ".venv", "node_modules", "_site", "build", "dist", "artifacts", "__pycache__",
            ".ipynb_checkpoints", ".pytest_cache", ".hypothesis"}


def text_files() -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if d not in NOT_OURS and not d.endswith(".egg-info")]
        found += [Path(directory, name) for name in files if Path(name).suffix in TEXT_SUFFIXES]
    return sorted(found)


def test_the_repository_is_named_in_pyproject(pyproject):
    url = pyproject["project"]["urls"]["Repository"]
    assert url == f"https://github.com/{project.repository()}"
    owner, name = project.repository().split("/")
    assert owner and name, "Repository is https://github.com/OWNER/NAME"
    assert project.binder_url("notebooks/00_start_here.ipynb") == \
        f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb"
    for bad in ("../x.ipynb", "notebooks/x.py", "/etc/x.ipynb"):
        with pytest.raises(ValueError, match="notebook_path"):
            project.binder_url(bad)


def test_every_link_to_the_repository_names_the_one_in_pyproject(pyproject):
    """Binder launches, GitHub links and the README's "on GitHub as" anywhere in the repository's own text files.

    A GitHub link counts as one to this repository when it names a repository
    called like it or like the package; links to other projects are left alone.
    """
    wanted = project.repository()
    names = {wanted.split("/")[1].lower(), pyproject["project"]["name"].lower()}
    patterns = [
        re.compile(r"mybinder\.org/v2/gh/([A-Za-z0-9-]+/[A-Za-z0-9._-]+)/"),
        re.compile(r"github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?(?=[/)\s\"'#?`]|$)"),
        re.compile("on GitHub as " + r"`([^`]+)`"),  # split, or this line would match itself
    ]
    seen, wrong = 0, []
    for path in text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in patterns:
            for match in pattern.finditer(text):
                named = match.group(1)
                if pattern is patterns[1] and named.split("/")[1].lower() not in names:
                    continue  # another project's repository
                seen += 1
                if named != wanted:
                    line = text.count("\n", 0, match.start()) + 1
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: {named}")
    assert seen >= 2, "the README's badges should name the repository"
    assert not wrong, f"these name another repository than pyproject.toml's {wanted}: {wrong}"


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
