"""Renders a passing and a failing accountability page from made-up counts, to look at the page
itself (`make report-screenshots` photographs them in headless Chromium).

    .venv/bin/python scripts/local/report/render_examples.py --out .run/report-examples
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accountability_html import render_html  # noqa: E402

TOPICS = ["alarms", "door-events", "engine-temperature", "fuel-level", "gps-position", "tire-pressure"]


def example(failing: bool) -> tuple[dict, list[int]]:
    rng = random.Random(7)
    per_topic, mismatches = {}, []
    for topic in TOPICS:
        counts = {"CURATED": rng.randint(250, 330), "DUPLICATE": rng.randint(8, 15), "CDE_REJECTED": rng.randint(15, 25),
                  "DROPPED": rng.randint(20, 35), "DEAD_LETTERED": rng.randint(5, 12),
                  "DELIVERY_FAILED": 0, "LOST": 0, "DOUBLE_COUNTED": 0, "CONFLICT": 0}
        if failing and topic == "engine-temperature":
            counts["LOST"] = 7
            mismatches += [{"message_id": f"5f0c9a1e-{i:04d}-4d2b-9e51-lost", "topic": topic, "fault": "NONE",
                            "expected": "CURATED", "actual": "LOST"} for i in range(7)]
        if failing and topic == "gps-position":
            counts["DOUBLE_COUNTED"] = 2
            mismatches += [{"message_id": f"91b2e7c4-{i:04d}-4a0f-8c3d-twice", "topic": topic, "fault": "NETWORK_DUPLICATE",
                            "expected": "DUPLICATE", "actual": "DOUBLE_COUNTED"} for i in range(2)]
        counts["published"] = sum(counts.values())
        per_topic[topic] = counts
    keys = ["published", "CURATED", "DUPLICATE", "CDE_REJECTED", "DROPPED", "DEAD_LETTERED", "DELIVERY_FAILED", "LOST", "DOUBLE_COUNTED", "CONFLICT"]
    totals = {key: sum(c[key] for c in per_topic.values()) for key in keys}
    report = {"ok": not mismatches, "totals": totals, "per_topic": per_topic, "mismatches": mismatches}
    latencies = [int(rng.lognormvariate(7.2, 0.5)) for _ in range(totals["CURATED"])]
    return report, latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    run = {"seed": 7, "topics": len(TOPICS), "streams": 2,
           "started_at": "2026-12-07T21:00:00Z", "commit": "example", "replayed_dead_letters": 40, "replayed_undelivered": 19}
    transitions = [{"at": "2026-12-07T21:01:10Z", "topic": "engine-temperature", "from": "CLOSED", "to": "OPEN",
                    "reason": "error rate 100 % over 30 records"}]
    for name, failing in (("passing", False), ("failing", True)):
        report, latencies = example(failing)
        published = report["totals"]["published"]
        details = {**run, "events": published, "published": published}
        (args.out / f"{name}.html").write_text(render_html(report, latencies, transitions, details))
        print(args.out / f"{name}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
