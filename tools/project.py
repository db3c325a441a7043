"""The repository this collection is published in, read from pyproject.toml.

``pyproject.toml``'s ``[project.urls] Repository`` is the one place that
names it; the Binder badges (the README's, the static site's) are made or
checked from here::

    >>> repository()
    'bitsandnats/bitsandnats'
    >>> binder_url("notebooks/03_cross_entropy_and_kl.ipynb")
    'https://mybinder.org/v2/gh/bitsandnats/bitsandnats/HEAD?urlpath=lab/tree/notebooks/03_cross_entropy_and_kl.ipynb'
    >>> binder_url("notebooks/classroom.ipynb", interface="voila")
    'https://mybinder.org/v2/gh/bitsandnats/bitsandnats/HEAD?urlpath=voila/render/notebooks/classroom.ipynb'

Use it from the repository's root (``python -c "from tools.project import
repository"``) or with ``tools/`` on ``sys.path`` (``import project``).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip carries the same parser
    from pip._vendor import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"

#: The branch, tag or commit the badges launch.
REF = "HEAD"

#: What ``urlpath`` opens on Binder, per interface.
INTERFACES = {"lab": "lab/tree", "voila": "voila/render"}

_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")


def repository_url(pyproject: Path = PYPROJECT) -> str:
    """The repository's URL, ``[project.urls] Repository`` of pyproject.toml.

    >>> repository_url()
    'https://github.com/bitsandnats/bitsandnats'
    """
    with open(pyproject, "rb") as file:
        urls = tomllib.load(file).get("project", {}).get("urls", {})
    if "Repository" not in urls:
        raise ValueError(f"{pyproject}: [project.urls] has no Repository")
    return urls["Repository"]


def repository(pyproject: Path = PYPROJECT) -> str:
    """The repository as ``owner/name`` on GitHub (what Binder's ``/v2/gh/`` takes).

    >>> repository()
    'bitsandnats/bitsandnats'
    """
    url = repository_url(pyproject)
    match = _GITHUB.match(url)
    if not match:
        raise ValueError(f"{pyproject}: Repository should be https://github.com/OWNER/NAME, not {url!r}")
    return f"{match.group(1)}/{match.group(2)}"


def binder_url(notebook_path: str | Path, interface: str = "lab", *, pyproject: Path = PYPROJECT) -> str:
    """The Binder URL that opens ``notebook_path`` (relative to the repository's root).

    ``interface`` is ``"lab"`` (JupyterLab at the notebook) or ``"voila"``
    (the notebook as a Voila dashboard).  A path under the repository's root
    may also be given absolute.

    >>> binder_url("notebooks/00_start_here.ipynb")
    'https://mybinder.org/v2/gh/bitsandnats/bitsandnats/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb'
    >>> binder_url("notebooks/x.ipynb", interface="classic")
    Traceback (most recent call last):
    ...
    ValueError: interface must be one of ['lab', 'voila'], not 'classic'
    """
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {sorted(INTERFACES)}, not {interface!r}")
    path = Path(notebook_path)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(ROOT)
        except ValueError:
            raise ValueError(f"notebook_path is outside the repository: {notebook_path}") from None
    posix = PurePosixPath(path.as_posix())
    if posix.is_absolute() or ".." in posix.parts or posix.suffix != ".ipynb":
        raise ValueError(f"notebook_path should be a notebook's path in the repository, not {str(notebook_path)!r}")
    return f"https://mybinder.org/v2/gh/{repository(pyproject)}/{REF}?urlpath={INTERFACES[interface]}/{posix}"
