"""The soak's figures: stage durations, the rendered section and its splice into benchmarks.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "bench"))

from soak_figures import stage_durations  # noqa: E402
from splice_section import existing_section, splice  # noqa: E402

# bench-soak.py has a dash in its name (make bench collects bench-*), so load it by path.
_spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "scripts" / "bench" / "bench-soak.py")
bench_soak = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_soak)


def test_each_stage_lasts_until_the_next_one_starts():
    stages = [{"at_s": 0.0, "stage": "a"}, {"at_s": 4.0, "stage": "b"}, {"at_s": 10.5, "stage": "c"}]
    assert stage_durations(stages, 12.0) == [
        {"stage": "a", "seconds": 4.0},
        {"stage": "b", "seconds": 6.5},
        {"stage": "c", "seconds": 1.5},
    ]


def test_splice_replaces_only_the_named_section():
    document = "# Benchmarks\n\n## A\nold a\n\n## Soak: old\nold soak\n\n## Z\nz\n"
    result = splice(document, "## Soak", "## Soak: new\nnew soak\n")
    assert result == "# Benchmarks\n\n## A\nold a\n\n## Soak: new\nnew soak\n\n## Z\nz\n"


def test_splice_appends_a_missing_section():
    assert splice("# B\n\n## A\na\n", "## Soak", "## Soak\ns") == "# B\n\n## A\na\n\n## Soak\ns\n"


def test_render_reports_reconciliation_rates_and_the_profile():
    summary = {
        "recorded": "2026-11-25T15:00Z",
        "commit": "abc1234",
        "events": 1000,
        "topics": 750,
        "active_topics": 75,
        "reconciled": False,
        "totals": {"published": 1000, "CURATED": 990, "DEAD_LETTERED": 10},
        "mismatches": 2,
        "unexpected_curated_rows": 0,
        "wall_seconds": 600.0,
        "peak_rss_mb": 2048,
        "peak_rss_mb_by_component": {"moto": 300},
        "cpu_seconds_by_component": {"moto": 300.0, "harness": 100.0},
        "cores": 2,
        "stages": [
            {"stage": "provisioning 750 topics", "seconds": 20.0},
            {"stage": "ingesting: pollers", "seconds": 100.0},
            {"stage": "blip", "seconds": 0.1},
        ],
    }
    text = bench_soak.render(summary)
    assert "Reconciled: **NO** — 2 mismatches" in text
    assert "| ingesting: pollers | 100 | 10 |" in text
    assert "| provisioning 750 topics | 20 | — |" in text
    assert "blip" not in text
    assert "blip" not in text
    assert "| moto | 300 | 75 % | 300 |" in text
    assert "10.0 min" in text


def test_existing_section_reads_one_section_up_to_the_next_heading(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# B\n\n## A\na\n\n## Soak: unfinished\nnotes\n\n## Z\nz\n")
    assert existing_section(doc, "## Soak") == "## Soak: unfinished\nnotes\n"
    assert existing_section(doc, "## Z") == "## Z\nz\n"
    assert existing_section(doc, "## Missing") == ""
    assert existing_section(tmp_path / "missing.md", "## Soak") == ""


def test_make_bench_keeps_the_sections_longer_drills_recorded(tmp_path, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("bench_recorded", ROOT / "scripts" / "bench" / "bench-recorded.py")
    bench_recorded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_recorded)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "benchmarks.md").write_text("# B\n\n## Months of operation: 20 days\n| day |\n\n## Other\nx\n")
    monkeypatch.setattr(bench_recorded, "ROOT", tmp_path)
    bench_recorded.main()
    printed = capsys.readouterr().out
    assert "## Months of operation: 20 days\n| day |\n" in printed
    assert "## Scale (`make test-scale`)\n\nNot recorded yet: run `make test-scale`." in printed
    assert "## Other" not in printed


def test_render_names_the_longest_stage_and_the_busiest_components():
    summary = {
        "stages": [
            {"stage": "publishing", "seconds": 30.0},
            {"stage": "ingesting", "seconds": 60.0},
            {"stage": "report", "seconds": 10.0},
        ],
        "cpu_seconds_by_component": {"harness": 10.0, "elasticmq": 60.0, "moto": 30.0},
    }
    sentence = bench_soak.what_limits(summary)
    assert '"ingesting" (60 % of the run)' in sentence
    assert "elasticmq (60 %), then moto (30 %)" in sentence
