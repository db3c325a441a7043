"""Binder builds the image we mean: conda from binder/environment.yml, then binder/postBuild.

``jupyter-repo2docker --no-build`` decides everything a real build would
(which build pack, which files, which commands) and prints the Dockerfile
instead of building it: no Docker daemon and no network needed.  It runs here
on a temporary copy of the repository, so nothing it might write lands in the
checkout.  The static checks of binder/postBuild come first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import project  # noqa: E402  (tools/project.py: the repository, read from pyproject.toml)

BINDER = ROOT / "binder"
POSTBUILD = BINDER / "postBuild"
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"

# What repo2docker never needs to see (and the copy should not carry).
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "artifacts", "__pycache__", ".ipynb_checkpoints",
                                    ".pytest_cache", ".hypothesis", "*.egg-info", "build", "dist")


def test_postbuild_is_an_executable_bash_script_that_stops_on_errors():
    text = POSTBUILD.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") or text.startswith("#!/bin/bash\n")
    assert os.access(POSTBUILD, os.X_OK), "chmod +x binder/postBuild"
    assert re.search(r"^set -[a-z]*e[a-z]*\b", text, flags=re.MULTILINE), "postBuild must `set -e`"
    assert re.search(r"pip install --no-deps -e \.(\s|$)", text), "postBuild installs the package, editable"


def test_postbuild_writes_jupyterlab_overrides_without_the_news_popup():
    text = POSTBUILD.read_text(encoding="utf-8")
    assert "share/jupyter/lab/settings" in text and "overrides.json" in text
    heredoc = re.search(r"<<'JSON'\n(.*?)\nJSON\n", text, flags=re.DOTALL)
    assert heredoc, "the overrides are written from a quoted here-document"
    overrides = json.loads(heredoc.group(1))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory) -> tuple[str, str]:
    """The Dockerfile (stdout) and the log (stderr) of `repo2docker --no-build` on a copy of the repository."""
    if not REPO2DOCKER.exists():
        pytest.fail(f"{REPO2DOCKER} is missing: install the test extra (pip install -e '.[test]')")
    copy = tmp_path_factory.mktemp("binder") / "repo"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED, symlinks=True)
    result = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", str(copy)], cwd=copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"repo2docker failed:\n{result.stderr[-3000:]}"
    assert "FROM " in result.stdout, f"no Dockerfile printed:\n{result.stdout[:2000]}"
    return result.stdout, result.stderr


@pytest.mark.slow  # runs repo2docker on a copy of the repository
def test_repo2docker_picks_conda_with_the_binder_environment(dockerfile):
    text, log = dockerfile
    assert "Building conda environment for python=3.11" in log
    update = re.findall(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "([^"]+)"', text)
    assert update == ["binder/environment.yml"], f"conda environment files used: {update}"
    assert not re.search(r'--file "environment\.yml"', text), "the root environment.yml must not be used"


@pytest.mark.slow  # runs repo2docker on a copy of the repository
def test_repo2docker_runs_postbuild(dockerfile):
    text, _log = dockerfile
    assert "RUN ./binder/postBuild" in text
    # postBuild runs after the environment exists (it needs pip and python from it).
    assert text.index("binder/environment.yml") < text.index("RUN ./binder/postBuild")


BADGE = re.compile(r"\]\((https://mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?]+)\?urlpath=([^)\s]+))\)")


def binder_links() -> list[tuple[str, str, str]]:
    """(repository, ref, urlpath) of every Binder link in the README, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(repo, ref, urlpath) for _url, repo, ref, urlpath in BADGE.findall(readme)]


def test_readme_badges_launch_the_repository_named_in_pyproject():
    """pyproject.toml's [project.urls] Repository names it; each badge is what tools/project.py makes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    urls = [url for url, *_ in BADGE.findall(readme)]
    assert urls, "the README has no Binder badge"
    interfaces = {path: name for name, path in project.INTERFACES.items()}
    for url in urls:
        interface, _, path = BADGE.match(f"]({url})").group(4).partition("/notebooks/")
        assert url == project.binder_url(f"notebooks/{path}", interfaces.get(interface, "lab")), url


def test_readme_badges_launch_the_start_notebook_the_classroom_view_and_each_notebook():
    links = binder_links()
    assert links, "the README has no Binder badge"
    assert len({(repo, ref) for repo, ref, _ in links}) == 1, "every badge must launch the same repository and ref"
    assert links[0][:2] == (project.repository(), project.REF), "the badges launch pyproject.toml's Repository"
    assert links[0][2] == "lab/tree/notebooks/00_start_here.ipynb", "the first badge opens JupyterLab at the start"
    assert any(urlpath.startswith("voila/render/notebooks/") for _, _, urlpath in links), "no Voila badge"
    for _, _, urlpath in links:
        interface, _, path = urlpath.partition("/notebooks/")
        assert interface in ("lab/tree", "voila/render"), urlpath
        assert (ROOT / "notebooks" / path).is_file(), f"badge opens a notebook that does not exist: {urlpath}"
    opened = {urlpath.rpartition("/")[2] for _, _, urlpath in links if urlpath.startswith("lab/tree/")}
    assert opened == {path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}, \
        "every notebook needs its own badge in the README's table"


def test_binder_image_serves_voila_for_the_classroom_badge():
    packages = (BINDER / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- voila\b", packages, flags=re.MULTILINE)
