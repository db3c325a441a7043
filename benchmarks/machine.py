"""What the benchmark scripts say about the machine they ran on (imported by each of them)."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def versions(packages: tuple[str, ...], chromium: Path | None = None) -> dict[str, str]:
    """The installed version of each of ``packages`` ("-" if it is not installed), and Chromium's if given."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in packages:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    if chromium is not None:
        try:
            found["chromium"] = subprocess.run([str(chromium), "--version"], capture_output=True, text=True,
                                               timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found["chromium"] = "-"
    return found


def describe(found_versions: dict[str, str], *, load_key: str = "load") -> dict:
    """The machine and the software versions, printed as the benchmarks' first two lines and returned as a dict.

    ``load_key`` names the load averages (1, 5 and 15 minutes) in the dict.
    """
    info = {"cpu": cpu_model(), "cores": usable_cores(), "python": platform.python_version(),
            load_key: os.getloadavg(), "versions": found_versions}
    print(f"machine: {info['cpu']}, {info['cores']} usable cores, load {', '.join(f'{x:.2f}' for x in info[load_key])}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in found_versions.items()))
    return info
