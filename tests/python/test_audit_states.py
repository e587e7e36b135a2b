"""The audit's pure parts (docs/audit.md): cell verdicts, examples kept per state, job arguments."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from lean_ops_glue.audit_states import build_cells
from lean_ops_glue.config import JobArgumentError, parse_audit_args

HOUR = "2026-11-20T08:00:00Z"
REQUIRED = ["--dlq-index-table", "idx", "--archive-bucket", "b", "--result-uri", "/tmp/r.json"]


def test_a_cell_is_broken_over_pending_over_reconciled():
    # Prepare / Act
    cells = build_cells("t", [
        ("2026-11-20T08:00:00Z", "CURATED", 5), ("2026-11-20T08:00:00Z", "NOT_CURATED", 1),
        ("2026-11-20T09:00:00Z", "CURATED", 2), ("2026-11-20T09:00:00Z", "LOST", 1), ("2026-11-20T09:00:00Z", "AWAITING_REPLAY", 1),
        ("2026-11-20T10:00:00Z", "DUPLICATE", 3),
    ], [], limit=3)

    # Assess
    assert [(cell.hour[11:13], cell.verdict, cell.messages) for cell in cells] == [
        ("08", "PENDING", 6), ("09", "BROKEN", 4), ("10", "RECONCILED", 3)]


def test_examples_are_the_smallest_ids_per_problem_and_never_terminal_states():
    # Prepare / Act
    cell, = build_cells("t", [(HOUR, "LOST", 4), (HOUR, "CURATED", 1)],
                        [(HOUR, "LOST", "m4"), (HOUR, "LOST", "m1"), (HOUR, "LOST", "m3"), (HOUR, "CURATED", "m9")], limit=2)

    # Assess
    assert cell.to_dict()["examples"] == {"LOST": ["m1", "m3"]}


def test_an_unknown_state_is_an_error_not_a_silent_count():
    with pytest.raises(ValueError, match="SOMEWHERE"):
        build_cells("t", [(HOUR, "SOMEWHERE", 1)], [], limit=1)


def test_the_span_is_two_zoned_instants_in_order():
    # Act
    args = parse_audit_args(["--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T10:00:00+01:00", *REQUIRED])

    # Assess: as UTC
    assert (args.start, args.end) == (datetime(2026, 11, 20, 8, tzinfo=timezone.utc), datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    assert args.examples == 10


@pytest.mark.parametrize(("argv", "option"), [
    (["--from", "2026-11-20T08:00:00", "--to", "2026-11-20T09:00:00Z"], "--from"),
    (["--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T08:00:00Z"], "--to"),
    (["--from", "2026-11-20T08:00:00Z", "--to", "yesterday"], "--to"),
    (["--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T09:00:00Z", "--examples", "500"], "--examples"),
])
def test_a_bad_span_or_count_names_its_option(argv, option):
    with pytest.raises(JobArgumentError, match=option):
        parse_audit_args([*argv, *REQUIRED])


def test_the_audit_span_options_are_never_taken_for_the_job_options_they_abbreviate():
    from lean_ops_glue.config import parse_job_args

    # Act
    config = parse_job_args(["--topics", "door-openings", "--raw-database", "r", "--standardized-database", "s",
                             "--curated-database", "c", "--checkpoint-table", "t", "--schemas-uri", "/x",
                             "--to", "2026-11-20T09:00:00Z", "--from", "2026-11-20T08:00:00Z"])

    # Assess
    assert config.topics == ("door-openings",)


def test_replays_are_counted_in_the_hour_they_were_sent_and_only_inside_the_span():
    from lean_ops_glue.audit_sources import replays_by_hour

    # Prepare
    span = parse_audit_args(["--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T10:00:00Z", *REQUIRED])
    at = lambda hh, mm: datetime(2026, 11, 20, hh, mm, tzinfo=timezone.utc)  # noqa: E731
    dead_letters = [{"replayed_at": at(8, 5)}, {"replayed_at": at(8, 59)}, {"replayed_at": at(9, 0)},
                    {"replayed_at": at(10, 0)}, {"replayed_at": None}, {}]

    # Act / Assess
    assert replays_by_hour(dead_letters, span) == {"2026-11-20T08:00:00Z": 2, "2026-11-20T09:00:00Z": 1}
