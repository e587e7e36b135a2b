"""Keeps the sections of docs/benchmarks.md that longer drills record, so `make bench` (which
rewrites the file from the bench-* outputs) does not drop them: `make months` and
`make test-scale` splice their own sections and take far longer than a benchmark run.
Prints each current section, or a line saying which target records it.
"""

from __future__ import annotations

from pathlib import Path

from splice_section import existing_section

ROOT = Path(__file__).resolve().parents[2]
# heading prefix → the make target that records it
RECORDED_BY_DRILLS = {
    "## Months of operation": "make months",
    "## Scale": "make test-scale",
}


def main() -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    sections = []
    for heading, target in RECORDED_BY_DRILLS.items():
        sections.append(existing_section(doc, heading) or f"{heading} (`{target}`)\n\nNot recorded yet: run `{target}`.\n")
    print("\n".join(sections), end="")


if __name__ == "__main__":
    main()
