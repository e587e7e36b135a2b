"""Replaces one `## ` section of a Markdown file (from its heading to the next `## `), or appends it.

    python scripts/bench/splice_section.py --doc docs/benchmarks.md --heading '## Soak' --section TEXT
"""

from __future__ import annotations

import argparse
from pathlib import Path


def section_bounds(lines: list[str], heading: str) -> tuple[int, int] | None:
    """[start, end) of the first section whose heading starts with `heading`, None if absent."""
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return start, end


def existing_section(doc: Path, heading: str) -> str:
    """The current section of doc whose heading starts with `heading`, up to the next `## `
    heading ('' if the file or the section is absent)."""
    if not doc.exists():
        return ""
    lines = doc.read_text().splitlines()
    bounds = section_bounds(lines, heading)
    if bounds is None:
        return ""
    start, end = bounds
    return "\n".join(lines[start:end]).rstrip() + "\n"


def splice(document: str, heading: str, section: str) -> str:
    lines = document.splitlines(keepends=True)
    bounds = section_bounds(lines, heading)
    body = section.rstrip("\n") + "\n"
    if bounds is None:
        return document.rstrip("\n") + "\n\n" + body
    start, end = bounds
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + body + ("\n" + tail if tail else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", type=Path, required=True)
    parser.add_argument("--heading", required=True)
    parser.add_argument("--section", required=True)
    args = parser.parse_args()
    args.doc.write_text(splice(args.doc.read_text(), args.heading, args.section))


if __name__ == "__main__":
    main()
