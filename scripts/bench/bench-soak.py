"""Renders the last `make soak` (docs/soak.json) as the Soak section of docs/benchmarks.md.

The soak takes too long to rerun inside `make bench`; `make soak` records its figures in
docs/soak.json and splices this section into docs/benchmarks.md, and `make bench` re-renders it.
"""

from __future__ import annotations

import json
from pathlib import Path

from splice_section import existing_section

ROOT = Path(__file__).resolve().parents[2]


# Stages that carry every published event; the others (setup, the replay of a few thousand dead
# letters) would show a meaningless rate.
WHOLE_RUN_STAGES = ("ingesting:", "master orchestrator (ASL)", "accountability report")


def _rate(events: int, stage: dict) -> str:
    if not stage["stage"].startswith(WHOLE_RUN_STAGES):
        return "—"
    return f"{events / stage['seconds']:,.0f}"


def _short(stage: str) -> str:
    return stage if len(stage) <= 90 else stage[:87] + "..."


def what_limits(summary: dict) -> str:
    """Names the stage that took longest and the components that spent the most CPU."""
    longest = max(summary["stages"], key=lambda stage: stage["seconds"])
    wall = sum(stage["seconds"] for stage in summary["stages"]) or 1
    cpu = sorted(summary["cpu_seconds_by_component"].items(), key=lambda item: -item[1])
    total_cpu = sum(seconds for _, seconds in cpu) or 1
    top = ", then ".join(f"{name} ({100 * seconds / total_cpu:.0f} %)" for name, seconds in cpu[:2])
    return (
        f"What limits throughput: the longest stage is \"{_short(longest['stage'])}\" "
        f"({100 * longest['seconds'] / wall:.0f} % of the run); the most CPU is spent by {top}."
    )


def render(summary: dict) -> str:
    events = summary["events"]
    lines = [
        f"## Soak: {events:,} events over {summary['topics']} topics ({summary['active_topics']} active) (`make soak`)",
        "",
        f"Recorded {summary['recorded']} at commit {summary['commit']} on {summary['cores']} cores; "
        "every fault at 3 % including Firehose throttling and partial failures (fault proxy).",
        "",
        f"- Reconciled: **{'yes' if summary['reconciled'] else 'NO'}** — "
        f"{summary['mismatches']} mismatches, {summary['unexpected_curated_rows']} unexpected curated rows; "
        + ", ".join(f"{state} {count:,}" for state, count in summary["totals"].items() if isinstance(count, int)),
        f"- Wall time {summary['wall_seconds'] / 60:.1f} min; peak memory of the whole process tree "
        f"{summary['peak_rss_mb']:,} MB",
        "",
        "| stage | seconds | events/s |",
        "|---|---:|---:|",
    ]
    for stage in summary["stages"]:
        if stage["seconds"] < 0.5:
            continue
        name = _short(stage["stage"]).replace("|", "/")
        lines.append(f"| {name} | {stage['seconds']:,.0f} | {_rate(events, stage)} |")
    cpu = summary["cpu_seconds_by_component"]
    total_cpu = sum(cpu.values()) or 1
    lines += [
        "",
        "Profile (CPU seconds per component, sampled from /proc every 2 s; peak resident memory):",
        "",
        "| component | CPU s | share | peak MB |",
        "|---|---:|---:|---:|",
    ]
    for component, seconds in cpu.items():
        peak = summary["peak_rss_mb_by_component"].get(component, 0)
        lines.append(f"| {component} | {seconds:,.0f} | {100 * seconds / total_cpu:.0f} % | {peak:,} |")
    lines += ["", what_limits(summary), "", "How to read this run and where its time went: [soak.md](soak.md)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    path = ROOT / "docs" / "soak.json"
    if not path.exists():
        # No complete soak recorded: keep whatever the Soak section says (e.g. an unfinished run).
        print(existing_section(ROOT / "docs" / "benchmarks.md", "## Soak") or "## Soak (`make soak`)\n\nNot recorded yet: run `make soak`.")
        return
    print(render(json.loads(path.read_text())), end="")


if __name__ == "__main__":
    main()
