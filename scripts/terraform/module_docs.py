"""Writes the inputs/outputs tables of each module README between the BEGIN_TF_DOCS/END_TF_DOCS
markers (terraform-docs is not installable here; this renders the same two tables from the
parsed variables.tf and outputs.tf). `--check` exits 1 when a README is out of date.

    .venv/bin/python scripts/terraform/module_docs.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import hcl2

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def _clean(value) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return " ".join(text.split()).replace("|", "\\|")


def _blocks(path: Path, kind: str) -> list[tuple[str, dict]]:
    if not path.exists():
        return []
    with path.open() as handle:
        parsed = hcl2.load(handle)
    return [(name.strip('"'), body) for entry in parsed.get(kind, []) for name, body in entry.items()]


def render(module: Path) -> str:
    lines = [BEGIN, "## Inputs", "", "| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
    for name, body in _blocks(module / "variables.tf", "variable"):
        default = "n/a" if "default" not in body else f"`{_clean(body['default'])}`"
        lines.append(f"| `{name}` | {_clean(body.get('description', ''))} | `{_clean(body.get('type', 'any'))}` | {default} | {'yes' if 'default' not in body else 'no'} |")
    lines += ["", "## Outputs", "", "| Name | Description |", "|---|---|"]
    for name, body in _blocks(module / "outputs.tf", "output"):
        lines.append(f"| `{name}` | {_clean(body.get('description', ''))} |")
    lines.append(END)
    return "\n".join(lines)


def update(readme: Path, table: str) -> str:
    text = readme.read_text() if readme.exists() else f"# {readme.parent.name}\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text = text.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    return head + table + rest.split(END, 1)[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = []
    for module in sorted((ROOT / "modules").iterdir()):
        if not (module / "variables.tf").exists():
            continue
        readme = module / "README.md"
        wanted = update(readme, render(module))
        if not readme.exists() or readme.read_text() != wanted:
            stale.append(readme)
            if not args.check:
                readme.write_text(wanted)
    if args.check and stale:
        print("out of date (run scripts/terraform/module_docs.py): " + ", ".join(map(str, stale)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
