"""The accountability page points at failures (scripts/local/report/accountability_html.py)."""

from __future__ import annotations

import re

import accountability_html
from accountability_html import COLORS, FAILURE_COLORS, MIN_FAILURE_PX, render_html
from render_examples import example

RUN = {"seed": 7, "events": 2_000, "published": 2_000, "commit": "abc123def456", "started_at": "2026-12-07T21:00:00Z"}


def test_a_failing_run_leads_with_the_verdict_and_the_message_ids():
    report, latencies = example(failing=True)

    page = render_html(report, latencies, [], RUN)

    assert "NOT RECONCILED: 9 of" in page
    assert "2 of 6 topics fail" in page
    assert page.index("<h2>Mismatches: 7 LOST, 2 DOUBLE_COUNTED</h2>") < page.index("Terminal states per topic")
    for mismatch in report["mismatches"]:
        assert f"<code>{mismatch['message_id']}</code>" in page
    assert page.count('class="badge fail"') == 2
    assert page.count('class="badge pass"') == 4


def test_non_zero_failure_cells_are_marked_and_zero_ones_are_not():
    report, latencies = example(failing=True)

    page = render_html(report, latencies, [], RUN)

    marked = re.findall(r'<td class="alert">([\d,]+) <span class="pct">', page)
    # LOST and DOUBLE_COUNTED in their topics' rows and in the totals
    assert sorted(marked) == ["2", "2", "7", "7"]
    assert 'class="alert">0<' not in page


def test_every_state_has_its_own_colour():
    assert len(set(COLORS.values())) == len(COLORS)
    assert set(FAILURE_COLORS) == {"DELIVERY_FAILED", "LOST", "DOUBLE_COUNTED", "CONFLICT"}


def test_one_lost_message_in_a_hundred_thousand_stays_visible_in_its_bar():
    counts = {state: 0 for state in COLORS}
    counts.update({"CURATED": 99_999, "LOST": 1, "published": 100_000})
    report = {"ok": False, "totals": counts, "per_topic": {"gps": counts},
              "mismatches": [{"message_id": "m-1", "topic": "gps", "fault": "NONE", "expected": "CURATED", "actual": "LOST"}]}

    page = render_html(report, [], [], {})

    lost = re.search(rf'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="\d+" fill="{COLORS["LOST"]}">', page)
    assert lost is not None and float(lost.group(1)) >= MIN_FAILURE_PX
    assert "✗ 1 LOST" in page


def test_a_passing_run_says_so_and_shows_the_run_and_labelled_latency_axes():
    report, latencies = example(failing=False)

    page = render_html(report, latencies, [], RUN)

    assert "RECONCILED: all" in page and "NOT RECONCILED" not in page
    assert 'class="badge fail"' not in page
    assert 'class="alert"' not in page
    assert "<dt>seed</dt><dd>7</dd>" in page and "<dd>abc123def456</dd>" in page
    assert "publish → RAW ingest latency (ms)" in page and ">messages</text>" in page


def test_user_text_is_escaped():
    report, latencies = example(failing=True)
    report["mismatches"][0]["message_id"] = "<script>x</script>"

    page = render_html(report, latencies, [], {"commit": "<b>"})

    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert "<dd><b></dd>" not in page
    assert accountability_html.STYLE in page
