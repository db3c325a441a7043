"""Real servers and a real browser for the browser tests (and benchmarks/browser_latency.py).

A JupyterLab (or Voila) server runs as its own process in its own session, on
127.0.0.1, a free port and a random token, with its own Jupyter config, data
and runtime directories, on a temporary copy of the notebooks: nothing it
does (autosave, checkpoints, kernels' files) can touch the repository.  The
browser is Debian's Chromium, driven by Playwright (never a browser that
Playwright downloads).

The page helpers wait on conditions that the page itself reports (the
kernel's status, every code cell's execution count, the explorers' SVG
drawn), never for a fixed time.  JupyterLab runs with its application object
exposed (``window.jupyterapp``), so that a test can run JupyterLab's own
commands: change the theme, add a cell and run it.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent

#: Under CI (CI=true) what a test needs is part of the set-up: missing, it fails the test instead of skipping it.
ON_CI = os.environ.get("CI", "").lower() == "true"

#: Debian's Chromium; BITSANDNATS_CHROMIUM points elsewhere.
CHROMIUM = Path(os.environ.get("BITSANDNATS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: JupyterLab settings for the tests: no news or update pop-up over the page,
#: every cell kept in the page (no windowing), no autosave.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}

#: Seconds per notebook for Run All in JupyterLab, filled by the tests, shown at the end of the run.
RUN_ALL_SECONDS: dict[str, float] = {}

#: The execution-count prompt of a code cell: "[ ]:" never run, "[*]:" running or queued, "[12]:" run.
PROMPT_RUN = re.compile(r"^\[\d+\]:$")


def is_local(url: str) -> bool:
    """Whether ``url`` is served by this machine (127.0.0.1), or is no network request at all (data:, blob:)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


def artifacts_dir() -> Path:
    """Where screenshots and measurements go: ``artifacts/`` (git-ignored), or $BITSANDNATS_ARTIFACTS."""
    path = Path(os.environ.get("BITSANDNATS_ARTIFACTS", ROOT / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set BITSANDNATS_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    return None


def launch_browser(playwright, *extra_args: str):
    """Debian's Chromium, headless, with no network of its own (``extra_args``: more command-line switches)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_notebooks(destination: Path, *, clear_outputs: bool = True) -> list[str]:
    """Copy notebooks/*.ipynb to ``destination``, outputs and execution counts cleared.

    Cleared, so that an execution count in the page proves the cell ran in
    this session.  Returns the file names.
    """
    import nbformat

    destination.mkdir(parents=True, exist_ok=True)
    names = []
    for source in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(source, as_version=4)
        if clear_outputs:
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    cell.outputs = []
                    cell.execution_count = None
        nbformat.write(notebook, destination / source.name)
        names.append(source.name)
    return names


def private_environment(home: Path) -> dict[str, str]:
    """The environment for a server: its own Jupyter directories, the rest of HOME's users pointed at ``home``."""
    env = dict(os.environ)
    for name, sub in (("JUPYTER_CONFIG_DIR", "jupyter/config"), ("JUPYTER_DATA_DIR", "jupyter/data"),
                      ("JUPYTER_RUNTIME_DIR", "jupyter/runtime")):
        env[name] = str(home / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # Set by `make test` already; point them at the temporary home otherwise.
    for name, sub in (("MPLCONFIGDIR", "matplotlib"), ("IPYTHONDIR", "ipython"), ("KERAS_HOME", "keras"),
                      ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        env.setdefault(name, str(home / sub))
    env.setdefault("KERAS_BACKEND", "jax")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@dataclass
class Server:
    """A server process started by us, in its own session; stopped by its PID."""

    name: str
    command: list[str]
    url: str
    token: str
    workdir: Path
    env: dict[str, str]
    cwd: Path
    pid: int | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)
    started: float = 0.0

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self, ready_path: str, *, timeout: float = 120.0) -> "Server":
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.process.pid
        self.started = time.monotonic()
        try:
            self.wait_until_ready(ready_path, timeout=timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_ready(self, path: str, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with status {self.process.returncode} before answering:\n"
                                   f"{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.request(path), timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} did not answer {path} within {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def request(self, path: str, *, method: str = "GET") -> urllib.request.Request:
        headers = {"Authorization": f"token {self.token}"} if self.token else {}
        return urllib.request.Request(self.url + path, method=method, headers=headers)

    def api(self, path: str, *, method: str = "GET"):
        with urllib.request.urlopen(self.request(path, method=method), timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, *, grace: float = 15.0) -> None:
        """Terminate the server's process group, then kill it if it has not gone after ``grace`` seconds.

        JupyterLab and Voila shut their kernels down when terminated (kernels
        run in sessions of their own, so the group signal does not reach them);
        callers end the kernels first through the REST API where there is one.
        """
        if self.process is None or self.pid is None:
            return
        try:
            os.killpg(self.pid, signal.SIGTERM)
            self.process.wait(timeout=grace)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)
        self.process = None


def lab_server(workdir: Path, *, notebooks: Path) -> Server:
    """A JupyterLab server (not started) on ``notebooks``, with the test settings."""
    settings = workdir / "lab-settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8")
    port, token = free_port(), os.urandom(16).hex()
    command = [
        str(BIN / "jupyter-lab"), "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.user_settings_dir={workdir / 'lab-user-settings'}",
        f"--LabApp.workspaces_dir={workdir / 'lab-workspaces'}",
        "--LabApp.expose_app_in_browser=True",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return Server("jupyterlab", command, f"http://127.0.0.1:{port}", token, workdir,
                  private_environment(workdir / "home"), cwd=notebooks)


def voila_server(workdir: Path, *, notebook: str | None = None, make_args: tuple[str, ...] = ()) -> Server:
    """Voila on one notebook, started the way a teacher does: ``make present`` (the classroom), or ``NB=...``.

    The Makefile's own recipe runs (with this interpreter's environment as
    the venv, and the install step skipped: ``-o`` marks the stamp as done).
    Voila renders the notebook from the repository itself; it executes a
    copy in memory and never writes the file.
    """
    port = free_port()
    venv = Path(sys.prefix)
    voila_args = f"--no-browser --Voila.ip=127.0.0.1 --port={port} --Voila.port_retries=0"
    command = ["make", "--no-print-directory", "-o", str(venv / ".installed-lab+frameworks"), "present",
               *([f"NB={notebook}"] if notebook else []), f"VENV={venv}", f"ARGS={voila_args}", *make_args]
    env = private_environment(workdir / "home")
    # Voila keeps its kernels' connection files in a directory of the system's temporary directory,
    # and leaves it behind if it stops before a kernel has started: keep that under workdir too.
    env["TMPDIR"] = str(workdir / "tmp")
    (workdir / "tmp").mkdir(parents=True, exist_ok=True)
    return Server("voila", command, f"http://127.0.0.1:{port}", "", workdir, env, cwd=ROOT)


#: A path that Voila answers (200) as soon as it serves, without starting a kernel (``/`` would
#: execute the notebook): its front end's script.  For ``Server.start``.
VOILA_READY_PATH = "/voila/static/voila.js"


# --------------------------------------------------------------------------------------------
# JupyterLab pages

_CELL_STATE = """() => {
  const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'))
      .map(e => e.textContent.trim());
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const bar = document.querySelector('#jp-main-statusbar');
  return {prompts, status: indicator ? indicator.dataset.status : null, bar: bar ? bar.innerText : ''};
}"""

_ERRORS = r"""() => {
  const found = [];
  for (const out of document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')) {
    const text = out.textContent || '';
    const stderr = out.dataset.mimeType === 'application/vnd.jupyter.stderr';
    if ((stderr && /Traceback|^\s*\w*(Error|Exception)\b/m.test(text))
        || /Error displaying widget|Failed to load model class|Error creating widget/.test(text)) {
      found.push(text.slice(0, 1500));
    }
  }
  return found;
}"""

#: How many explorer charts in the page are not drawn yet: an <svg> of zero size or with nothing in it.
_UNDRAWN_CHARTS = """() => Array.from(document.querySelectorAll('.bn-explorer svg')).filter(svg => {
  const box = svg.getBoundingClientRect();
  return !(box.width > 0 && box.height > 0 && svg.childElementCount > 0);
}).length"""


def workspace_url(server: Server, name: str, workspace: str) -> str:
    """JupyterLab in a new, empty workspace, opening ``name`` ("" for no notebook)."""
    tree = f"/tree/{name}" if name else ""
    return f"{server.url}/lab/workspaces/{workspace}{tree}?reset&token={server.token}"


def _new_workspace(name: str) -> str:
    return "auto-" + re.sub(r"[^A-Za-z0-9]", "", name)[:12] + os.urandom(3).hex()


def open_notebook(page, server: Server, name: str, *, timeout: float = 120.0) -> None:
    """Load JupyterLab in a fresh workspace with ``name`` open, and wait until its kernel is idle."""
    page.goto(workspace_url(server, name, _new_workspace(name)), timeout=timeout * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    wait_for_kernel(page, timeout=timeout)


def open_lab(page, server: Server, *, timeout: float = 120.0) -> None:
    """Load JupyterLab in a fresh workspace with no notebook open, and wait until it has started."""
    page.goto(workspace_url(server, "", _new_workspace("lab")), timeout=timeout * 1000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000, polling=100)
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")


_CLOSE_DOCUMENTS = """() => {
  for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (widget.context) widget.context.model.dirty = false;  // close without the "Save your work?" dialog
    widget.close();
  }
}"""


def switch_notebook(page, name: str, *, timeout: float = 120.0) -> None:
    """In a JupyterLab page already loaded: close what is open (unsaved), open ``name``, wait until its kernel is idle.

    What a learner does going from one notebook to the next, without
    reloading JupyterLab (JupyterLab's own commands: close, then
    docmanager:open).  The kernels of closed notebooks keep running: end them
    with :func:`shut_down_kernels`.
    """
    page.evaluate(_CLOSE_DOCUMENTS)
    page.wait_for_function("() => document.querySelectorAll('.jp-Notebook').length === 0",
                           timeout=timeout * 1000, polling=50)
    page.evaluate("(path) => window.jupyterapp.commands.execute('docmanager:open', {path}).then(() => true)", name)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    wait_for_kernel(page, timeout=timeout)


def wait_for_kernel(page, *, timeout: float = 120.0) -> None:
    """Until the status bar says the notebook's kernel is idle (started and connected)."""
    page.wait_for_function(
        """() => { const bar = document.querySelector('#jp-main-statusbar');
                   const text = bar ? bar.innerText : '';
                   return /\\|\\s*Idle/.test(text) && !/No Kernel/.test(text); }""",
        timeout=timeout * 1000, polling=100)


def cell_state(page) -> dict:
    return page.evaluate(_CELL_STATE)


def _click_run_all(page) -> None:
    page.locator(".lm-MenuBar-item", has_text="Run").click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()


def run_all(page, *, timeout: float = 240.0, attempts: int = 3) -> int:
    """Run All from the Run menu; wait until every code cell has an execution count and the kernel is idle.

    Known pitfall: the first Run All after a server start can leave cells
    unrun (the kernel was still settling).  So: wait for the run to start,
    then for the kernel to be idle with nothing queued, and if some cells have
    still not run, Run All again.  Returns how many Run Alls it took.
    """
    deadline = time.monotonic() + timeout
    state = cell_state(page)
    for attempt in range(1, attempts + 1):
        before = state["prompts"]
        _click_run_all(page)
        started = time.monotonic()
        # The run has started once a prompt changes or the kernel is busy.
        while time.monotonic() - started < 15:
            state = cell_state(page)
            if state["prompts"] != before or state["status"] == "busy":
                break
            time.sleep(0.1)
        stable = 0
        while stable < 3:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Run All did not finish in {timeout:.0f} s: prompts {state['prompts']}, "
                                   f"kernel {state['status']}")
            time.sleep(0.2)
            state = cell_state(page)
            settled = state["status"] == "idle" and "[*]:" not in state["prompts"]
            stable = stable + 1 if settled else 0
        if state["prompts"] and all(PROMPT_RUN.match(p) for p in state["prompts"]):
            return attempt
    unrun = [i for i, p in enumerate(state["prompts"]) if not PROMPT_RUN.match(p)]
    raise AssertionError(f"code cells {unrun} did not run after {attempts} Run Alls: {state['prompts']}")


def page_errors(page) -> list[str]:
    """Error outputs in the notebook: tracebacks, and widgets that failed to display."""
    return page.evaluate(_ERRORS)


class ConsoleErrors:
    """Every ``console.error`` and uncaught exception of a page, from the moment it is watched on.

    ``messages`` holds them in order, each with where it came from;
    ``since(mark)`` those after ``mark`` (an earlier ``len(messages)``).
    With ``offline=True`` the page is expected to have no internet (these
    machines have none): a resource that failed to load from a host other
    than 127.0.0.1 goes to ``unreachable`` (its URL) instead.
    """

    def __init__(self, page, *, offline: bool = False):
        self.messages: list[str] = []
        self.unreachable: list[str] = []
        self.offline = offline
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"uncaught {error.name}: {error.message}\n"
                                                                f"{error.stack}"))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        where = message.location or {}
        url = where.get("url", "")
        if self.offline and message.text.startswith("Failed to load resource") and not is_local(url):
            self.unreachable.append(url)
            return
        self.messages.append(f"console.error: {message.text} ({url or '?'}:{where.get('lineNumber', '?')})")

    def since(self, mark: int = 0) -> list[str]:
        return self.messages[mark:]


_ADD_AND_RUN_CELL = """async (code) => {
  const app = window.jupyterapp, notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(code);
  app.commands.execute('notebook:run-cell');
  return notebook.widgets.length - 1;
}"""

_CELL_RUN = """(index) => {
  const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[index];
  const prompt = cell && cell.querySelector('.jp-InputPrompt');
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return Boolean(prompt && /^\\[\\d+\\]:$/.test(prompt.textContent.trim())
                 && (!indicator || indicator.dataset.status === 'idle'));
}"""


def add_and_run_cell(page, code: str, *, timeout: float = 60.0):
    """Add a code cell with ``code`` at the end of the open notebook, run it, and return it (a locator) once run.

    Through JupyterLab's own commands (insert a cell below the last one, run
    it), as a learner adding a cell would; the source is set on the cell's
    model rather than typed, so that the editor's auto-closing brackets
    cannot change it.
    """
    index = page.evaluate(_ADD_AND_RUN_CELL, code)
    page.wait_for_function(_CELL_RUN, arg=index, timeout=timeout * 1000, polling=50)
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def cell_stdout(cell) -> str:
    """What a run code cell printed (it must print something: this waits for it)."""
    printed = cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]')
    printed.first.wait_for()
    return "".join(printed.all_text_contents())


def screenshot(locator, path: Path) -> None:
    """A screenshot of all of one element, even one taller than the window.

    A notebook scrolls inside JupyterLab's page, so a screenshot shows only
    what is in the window: for a tall element the window is made taller
    for the shot (its width, and so the layout, stays), then put back.
    """
    page = locator.page
    viewport = page.viewport_size
    height = math.ceil(locator.bounding_box()["height"])
    if height + 200 > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height + 200})
    try:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(path))
    finally:
        page.set_viewport_size(viewport)


#: JupyterLab's two themes, by the names its Settings ▸ Theme menu uses.
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"


def set_theme(page, theme: str, *, timeout: float = 30.0) -> None:
    """Switch JupyterLab's theme (the command behind Settings ▸ Theme) and wait until the page shows it."""
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme)
    page.wait_for_function("(theme) => document.body.dataset.jpThemeName === theme", arg=theme,
                           timeout=timeout * 1000, polling=50)


def wait_for_figures(page, *, timeout: float = 30.0) -> None:
    """Until every explorer's charts in the page (``.bn-explorer svg``) have been drawn at a non-zero size."""
    page.wait_for_function(f"() => ({_UNDRAWN_CHARTS})() === 0", timeout=timeout * 1000, polling=100)


def shut_down_kernels(server: Server, name: str | None = None) -> None:
    """End the sessions (and kernels) of one notebook, or all of them, so they do not pile up over the run."""
    try:
        for session in server.api("/api/sessions"):
            if name is None or session.get("path", "").endswith(name):
                server.api(f"/api/sessions/{session['id']}", method="DELETE")
        if name is None:
            for kernel in server.api("/api/kernels"):
                server.api(f"/api/kernels/{kernel['id']}", method="DELETE")
    except (urllib.error.URLError, OSError, ValueError):
        pass
