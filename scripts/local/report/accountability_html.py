"""A self-contained HTML page for the accountability report: no scripts, no external assets."""

from __future__ import annotations

import html

COLORS = {
    "CURATED": "#2e7d32",
    "DUPLICATE": "#7cb342",
    "CDE_REJECTED": "#f9a825",
    "DROPPED": "#ef6c00",
    "DEAD_LETTERED": "#6a1b9a",
    "DELIVERY_FAILED": "#0277bd",
    "LOST": "#c62828",
    "DOUBLE_COUNTED": "#b71c1c",
    "CONFLICT": "#880e4f",
}


def _bars(per_topic: dict) -> str:
    width, row, label = 760, 22, 170
    height = row * len(per_topic) + 30
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="terminal states per topic">']
    for index, (topic, counts) in enumerate(per_topic.items()):
        y = 10 + index * row
        total = max(1, counts.get("published", 0))
        x = label
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(topic)}</text>')
        for state, color in COLORS.items():
            value = counts.get(state, 0)
            if value == 0:
                continue
            w = (width - label - 60) * value / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{color}">'
                f"<title>{html.escape(topic)} {state}: {value}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="11">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(latencies: list[int]) -> str:
    if not latencies:
        return "<p>No curated message carried a publish and ingest time.</p>"
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    buckets = [0] * 20
    top = max(1, ordered[-1])
    for value in ordered:
        buckets[min(19, int(value * 20 / (top + 1)))] += 1
    peak = max(buckets)
    bars = "".join(
        f'<rect x="{i * 36}" y="{120 - 110 * n / peak:.1f}" width="32" height="{110 * n / peak:.1f}" fill="#1565c0">'
        f"<title>{int(i * top / 20)}–{int((i + 1) * top / 20)} ms: {n}</title></rect>"
        for i, n in enumerate(buckets)
    )
    return (
        f'<svg width="720" height="125" role="img" aria-label="publish to RAW latency">{bars}</svg>'
        f"<p>p50 {pick(0.5)} ms · p95 {pick(0.95)} ms · p99 {pick(0.99)} ms · max {ordered[-1]} ms "
        f"({len(ordered)} curated messages; publish → RAW ingest, the hot path)</p>"
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


def render_html(report: dict, latencies: list[int], transitions: list[dict]) -> str:
    columns = ["published", "CURATED", "DUPLICATE", "CDE_REJECTED", "DROPPED", "DEAD_LETTERED", "DELIVERY_FAILED", "LOST", "DOUBLE_COUNTED", "CONFLICT"]
    header = "".join(f"<th>{c}</th>" for c in ["topic", *columns])
    body = "".join(
        "<tr><td>" + html.escape(topic) + "</td>" + "".join(f"<td>{counts.get(c, 0)}</td>" for c in columns) + "</tr>"
        for topic, counts in report["per_topic"].items()
    )
    totals = "<tr><th>TOTAL</th>" + "".join(f"<th>{report['totals'].get(c, 0)}</th>" for c in columns) + "</tr>"
    mismatches = "".join(
        f"<tr><td><code>{html.escape(m['message_id'])}</code></td><td>{html.escape(m['topic'])}</td><td>{m['fault']}</td>"
        f"<td>{m['expected']}</td><td>{m['actual']}</td></tr>"
        for m in report["mismatches"][:500]
    )
    legend = " ".join(f'<span style="color:{color}">■</span> {state}' for state, color in COLORS.items())
    verdict = "Reconciled to the record" if report["ok"] else f"NOT reconciled: {len(report['mismatches'])} mismatches"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lean-ops accountability</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}
.ok{{color:#2e7d32}}.bad{{color:#c62828}}</style></head><body>
<h1>Accountability report</h1>
<p class="{'ok' if report['ok'] else 'bad'}"><strong>{verdict}.</strong> Every published message (the generator's ledger)
against what the RAW, curated and error tables and the DLQ index hold.</p>
<h2>Terminal states per topic</h2><p>{legend}</p>{_bars(report['per_topic'])}
<table><tr>{header}</tr>{body}{totals}</table>
<h2>Latency</h2>{_histogram(latencies)}
<h2>Circuit breaker</h2>{_transitions(transitions)}
<h2>Mismatches</h2>
{'<p>None.</p>' if not report['mismatches'] else f'<table><tr><th>message id</th><th>topic</th><th>fault</th><th>expected</th><th>actual</th></tr>{mismatches}</table>'}
</body></html>
"""
