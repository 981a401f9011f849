"""requirements.lock (the image's exact versions) must match pyproject.toml's dependencies.

The lock's first line records a fingerprint of the dependencies it was compiled from; every
direct dependency must be pinned in it, to a version its range allows. On a mismatch this
prints what to do (`./run lock`) and exits 1.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(dependencies: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(dependencies)).encode()).hexdigest()[:16]


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    dependencies: list[str] = project["dependencies"]
    lock = (ROOT / "requirements.lock").read_text("utf-8").splitlines()
    problems: list[str] = []
    if not lock or lock[0] != f"# pyproject.toml dependencies: {fingerprint(dependencies)}":
        problems.append("it was compiled from other dependencies than pyproject.toml's")
    pinned: dict[str, str] = {}
    for line in lock:
        name, sep, version = line.partition("==")
        if sep and not line.startswith((" ", "#")):
            pinned[canonicalize_name(name)] = version.split()[0]
    for text in dependencies:
        wanted = Requirement(text)
        version = pinned.get(canonicalize_name(wanted.name))
        if version is None:
            problems.append(f"{wanted.name} is not pinned")
        elif not wanted.specifier.contains(version, prereleases=True):
            problems.append(f"{wanted.name}=={version} is outside {wanted.specifier}")
    if problems:
        print("requirements.lock does not match pyproject.toml: " + "; ".join(problems))
        print("Compile it again with: ./run lock")
        return 1
    print(f"requirements.lock matches pyproject.toml ({len(pinned)} pinned packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
