"""Size of the default install: the packages `pip install communique` pulls in, measured in the
current environment (each distribution's RECORD), without the extras (dev, frames, embeddings).

    python scripts/install_size.py            # total and the 15 largest packages
    python scripts/install_size.py --extra frames

Faster than building a fresh venv, and the same number give or take pip itself and the
interpreter's own files (setuptools/pip/wheel, ~15 MB, are added as a fresh venv has them).
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

FRESH_VENV_EXTRAS = ("pip", "setuptools", "wheel")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: metadata.Distribution, extras: set[str]) -> list[str]:
    out = []
    for requirement in dist.requires or []:
        name_match = _NAME.match(requirement)
        if name_match is None:
            continue
        marker = requirement.split(";", 1)[1] if ";" in requirement else ""
        wanted = re.findall(r"extra\s*==\s*[\"']([^\"']+)[\"']", marker)
        if wanted and not set(wanted) & extras:
            continue
        if "sys_platform" in marker and sys.platform not in marker and "!=" not in marker:
            continue
        out.append(_normal(name_match.group(0)))
    return out


def root_requirements(pyproject: Path, extras: set[str]) -> list[str]:
    """communique's own requirements from pyproject.toml (not the installed metadata, which is
    as old as the last `pip install -e .`)."""
    import tomllib

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return [_normal(m.group(0)) for r in wanted if (m := _NAME.match(r))]


def closure(roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo: list[tuple[str, set[str]]] = [(name, set()) for name in roots]
    while todo:
        name, wanted = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        todo.extend((child, set()) for child in _requirements(dist, wanted))
    return seen


def size_mb(name: str) -> float:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:  # wheel is not in every venv
        return 0.0
    total = 0
    for file in dist.files or []:
        path = Path(str(dist.locate_file(file)))
        if path.is_file():
            total += path.stat().st_size
    return total / 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", action="append", default=[], help="include an extra")
    args = parser.parse_args()
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    names = closure(root_requirements(pyproject, set(args.extra))) | set(FRESH_VENV_EXTRAS)
    sizes = sorted(((size_mb(n), n) for n in names), reverse=True)
    total = sum(s for s, _ in sizes)
    for size, name in sizes[:15]:
        print(f"{size:8.1f} MB  {name}")
    print(f"{total:8.1f} MB  total ({len(names)} distributions, extras: {args.extra or 'none'})")


if __name__ == "__main__":
    main()
