"""docs/security.md lists every inline checkov skip, and every skip carries a justification."""

from __future__ import annotations

import re

from conftest import ROOT

SKIP = re.compile(r"#checkov:skip=([A-Z0-9_]+):(.*)$")
LISTED = re.compile(r"^- `([A-Z0-9_]+)` in `([^`]+)`: (.+)$")


def _inline_skips() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(ROOT.glob("*.tf")) + sorted((ROOT / "modules").rglob("*.tf")):
        for line in path.read_text().splitlines():
            match = SKIP.search(line)
            if match:
                assert len(match.group(2).strip()) >= 20, f"{path}: skip {match.group(1)} needs a justification"
                found.add((match.group(1), str(path.relative_to(ROOT))))
    return found


def _documented_skips() -> set[tuple[str, str]]:
    text = (ROOT / "docs" / "security.md").read_text()
    section = text.split("<!-- BEGIN_CHECKOV_SKIPS -->", 1)[1].split("<!-- END_CHECKOV_SKIPS -->", 1)[0]
    return {(m.group(1), m.group(2)) for m in map(LISTED.match, section.splitlines()) if m}


def test_every_inline_skip_is_documented_and_every_documented_skip_exists():
    assert _inline_skips() == _documented_skips()
