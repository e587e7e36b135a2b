"""A self-contained HTML page for the accountability report: no scripts, no external assets.

Built to point at failures: the verdict, then the mismatches with their message ids, then per topic
a PASS/FAIL badge and the counts with non-zero failure cells marked, bars in which every failure
stays visible however small, and the latency chart with labelled axes."""

from __future__ import annotations

import html
from collections import Counter

# Terminal states a message should reach: calm colours.
EXPECTED_COLORS = {
    "CURATED": "#2e7d32",
    "DUPLICATE": "#9ccc65",
    "CDE_REJECTED": "#f9a825",
    "DROPPED": "#8d6e63",
    "DEAD_LETTERED": "#7e57c2",
}
# Failure states: loud and far apart from each other and from the calm ones.
FAILURE_COLORS = {
    "DELIVERY_FAILED": "#0091ea",
    "LOST": "#d50000",
    "DOUBLE_COUNTED": "#212121",
    "CONFLICT": "#ff00c8",
}
COLORS = {**EXPECTED_COLORS, **FAILURE_COLORS}
COLUMNS = ["published", *COLORS]
MIN_FAILURE_PX = 4

STYLE = """body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:1280px}
table{border-collapse:collapse;margin:.5em 0;font-size:12px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;white-space:nowrap}
.wide{overflow-x:auto}
td:first-child,th:first-child,td.text{text-align:left}.pct{color:#777;font-size:11px}
.verdict{font-size:18px;padding:.6em 1em;border-radius:4px}.ok{background:#e8f5e9;color:#1b5e20}
.bad{background:#ffebee;color:#b71c1c}.alert{background:#ffcdd2;font-weight:bold}
.badge{display:inline-block;padding:1px 6px;border-radius:3px;font-size:11px;font-weight:bold;color:#fff}
.pass{background:#2e7d32}.fail{background:#d50000}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}
dt{color:#555}dd{margin:0}.swatch{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px}"""


def _percent(value: int, total: int) -> str:
    return f"{100 * value / total:.1f} %" if total else "–"


def _cell(state: str, value: int, published: int) -> str:
    if state == "published":
        return f"<td>{value:,}</td>"
    marked = ' class="alert"' if value and state in FAILURE_COLORS else ""
    share = f' <span class="pct">{_percent(value, published)}</span>' if value else ""
    return f"<td{marked}>{value:,}{share}</td>"


def _details(run: dict) -> str:
    if not run:
        return ""
    labels = {
        "seed": "seed", "events": "events planned", "published": "published", "topics": "topics",
        "streams": "Firehose streams", "started_at": "started", "commit": "commit",
        "replayed_dead_letters": "dead letters replayed", "replayed_undelivered": "undelivered records replayed",
    }
    rows = "".join(
        f"<dt>{label}</dt><dd>{html.escape(f'{run[key]:,}' if isinstance(run[key], int) else str(run[key]))}</dd>"
        for key, label in labels.items()
        if run.get(key) is not None
    )
    return f"<h2>Run</h2><dl>{rows}</dl>"


def _mismatches(mismatches: list[dict]) -> str:
    if not mismatches:
        return "<h2>Mismatches</h2><p>None: every message reached the state its fault should lead to.</p>"
    by_state = Counter(m["actual"] for m in mismatches)
    summary = ", ".join(f"{count:,} {state}" for state, count in by_state.most_common())
    rows = "".join(
        f'<tr><td class="text"><code>{html.escape(m["message_id"])}</code></td>'
        f'<td class="text alert" style="color:{COLORS.get(m["actual"], "#000")}">{html.escape(m["actual"])}</td>'
        f'<td class="text">{html.escape(m["topic"])}</td><td class="text">{html.escape(m["fault"])}</td>'
        f'<td class="text">{html.escape(m["expected"])}</td></tr>'
        for m in sorted(mismatches, key=lambda m: (m["actual"], m["topic"], m["message_id"]))[:500]
    )
    more = f"<p>… {len(mismatches) - 500:,} more in accountability.json</p>" if len(mismatches) > 500 else ""
    return (
        f"<h2>Mismatches: {summary}</h2>"
        "<table><tr><th>message id</th><th>actual</th><th>topic</th><th>fault</th><th>expected</th></tr>"
        f"{rows}</table>{more}"
    )


def _bars(per_topic: dict, failing: Counter) -> str:
    width, row, label, right = 900, 22, 190, 170
    span = width - label - right
    parts = [f'<svg width="{width}" height="{row * len(per_topic) + 20}" role="img" aria-label="terminal states per topic">']
    for index, (topic, counts) in enumerate(per_topic.items()):
        y = 10 + index * row
        total = max(1, counts.get("published", 0))
        # failures get a visible minimum; the expected states share what is left
        failure_px = {s: max(MIN_FAILURE_PX, span * counts.get(s, 0) / total) for s in FAILURE_COLORS if counts.get(s, 0)}
        calm_scale = (span - sum(failure_px.values())) / total
        x = float(label)
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(topic)}</text>')
        for state, color in COLORS.items():
            value = counts.get(state, 0)
            if not value:
                continue
            w = failure_px.get(state, value * calm_scale)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{color}">'
                f"<title>{html.escape(topic)} {state}: {value:,} ({_percent(value, total)})</title></rect>"
            )
            x += w
        problems = ", ".join(f"{counts[s]:,} {s}" for s in FAILURE_COLORS if counts.get(s, 0))
        note = f"✗ {problems}" if problems else ("✗ mismatches" if failing[topic] else f"{total:,}")
        colour = "#d50000" if problems or failing[topic] else "#222"
        parts.append(f'<text x="{label + span + 6}" y="{y + 14}" font-size="11" fill="{colour}">{html.escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(latencies: list[int]) -> str:
    if not latencies:
        return "<p>No curated message carried a publish and ingest time.</p>"
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    count, left, bottom, plot_w, plot_h = 20, 60, 150, 720, 120
    buckets = [0] * count
    top = max(1, ordered[-1])
    for value in ordered:
        buckets[min(count - 1, int(value * count / (top + 1)))] += 1
    peak = max(buckets)
    step = plot_w / count
    bars = "".join(
        f'<rect x="{left + i * step:.1f}" y="{bottom - plot_h * n / peak:.1f}" width="{step - 4:.1f}" '
        f'height="{plot_h * n / peak:.1f}" fill="#1565c0"><title>{int(i * top / count):,}–{int((i + 1) * top / count):,} ms: {n:,} messages</title></rect>'
        for i, n in enumerate(buckets)
    )
    x_ticks = "".join(
        f'<text x="{left + plot_w * f:.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle">{int(top * f):,}</text>'
        for f in (0, 0.25, 0.5, 0.75, 1)
    )
    y_ticks = "".join(
        f'<text x="{left - 6}" y="{bottom - plot_h * f + 4:.1f}" font-size="11" text-anchor="end">{int(peak * f):,}</text>'
        for f in (0, 0.5, 1)
    )
    axes = (
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" stroke="#444"/>'
        f'<line x1="{left}" y1="{bottom}" x2="{left}" y2="{bottom - plot_h}" stroke="#444"/>'
        f'<text x="{left + plot_w / 2}" y="{bottom + 34}" font-size="12" text-anchor="middle">publish → RAW ingest latency (ms)</text>'
        f'<text x="14" y="{bottom - plot_h / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {bottom - plot_h / 2})">messages</text>'
    )
    return (
        f'<svg width="{left + plot_w + 20}" height="{bottom + 44}" role="img" aria-label="publish to RAW latency">'
        f"{axes}{bars}{x_ticks}{y_ticks}</svg>"
        f"<p>p50 {pick(0.5):,} ms · p95 {pick(0.95):,} ms · p99 {pick(0.99):,} ms · max {ordered[-1]:,} ms "
        f"({len(ordered):,} curated messages; the hot path)</p>"
    )


def _transitions(transitions: list[dict]) -> str:
    if not transitions:
        return "<p>No circuit-breaker transitions during this run.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(str(t.get('at', '')))}</td><td>{html.escape(str(t.get('topic', '')))}</td>"
        f"<td>{html.escape(str(t.get('from', '')))} → {html.escape(str(t.get('to', '')))}</td>"
        f"<td>{html.escape(str(t.get('reason', '')))}</td></tr>"
        for t in transitions
    )
    return f"<table><tr><th>time</th><th>topic</th><th>transition</th><th>reason</th></tr>{rows}</table>"


def render_html(report: dict, latencies: list[int], transitions: list[dict], run: dict | None = None) -> str:
    totals = report["totals"]
    published = totals.get("published", 0)
    failing = Counter(m["topic"] for m in report["mismatches"])
    header = "".join(f"<th>{c}</th>" for c in ["", "topic", *COLUMNS])
    body = "".join(
        "<tr><td>"
        + ('<span class="badge fail">FAIL</span>' if failing[topic] else '<span class="badge pass">PASS</span>')
        + f'</td><td class="text">{html.escape(topic)}</td>'
        + "".join(_cell(c, counts.get(c, 0), counts.get("published", 0)) for c in COLUMNS)
        + "</tr>"
        for topic, counts in report["per_topic"].items()
    )
    total_row = "<tr><th></th><th>TOTAL</th>" + "".join(_cell(c, totals.get(c, 0), published) for c in COLUMNS) + "</tr>"
    legend = "".join(f'<span class="swatch" style="background:{color}"></span>{state}' for state, color in COLORS.items())
    failed_topics = sum(1 for topic in report["per_topic"] if failing[topic])
    if report["ok"]:
        verdict = f"RECONCILED: all {published:,} published messages accounted for, {len(report['per_topic'])} topics pass."
    else:
        verdict = (
            f"NOT RECONCILED: {len(report['mismatches']):,} of {published:,} messages did not reach their expected state; "
            f"{failed_topics} of {len(report['per_topic'])} topics fail."
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lean-ops accountability</title><style>{STYLE}</style></head><body>
<h1>Accountability report</h1>
<p class="verdict {'ok' if report['ok'] else 'bad'}"><strong>{verdict}</strong></p>
<p>Every published message (the generator's ledger) against what the RAW, curated and error tables and the DLQ index hold.</p>
{_details(run or {})}
{_mismatches(report['mismatches'])}
<h2>Terminal states per topic</h2><p>{legend}</p>{_bars(report['per_topic'], failing)}
<div class="wide"><table><tr>{header}</tr>{body}{total_row}</table></div>
<h2>Latency</h2>{_histogram(latencies)}
<h2>Circuit breaker</h2>{_transitions(transitions)}
</body></html>
"""
