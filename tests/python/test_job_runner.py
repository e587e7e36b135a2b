"""run_topics: one topic's failure never stops the others, and each outcome reaches the failures
ledger the orchestrator isolates failing topics by (no Spark: the topics' work is injected)."""

from lean_ops_glue.config import parse_job_args
from lean_ops_glue.job_runner import run_topics
from lean_ops_glue.summary import FAILED, SUCCEEDED


class Ledger:
    def __init__(self, broken: bool = False):
        self.calls: list[tuple] = []
        self.broken = broken

    def record_failure(self, topic, stage, error, at):
        if self.broken:
            raise RuntimeError("DynamoDB unreachable")
        self.calls.append(("failed", topic, stage, error))

    def clear_failures(self, topic, stage):
        if self.broken:
            raise RuntimeError("DynamoDB unreachable")
        self.calls.append(("cleared", topic, stage))


def config(mode: str = "incremental"):
    return parse_job_args(
        [
            "--topics", "good-one,poisoned,good-two",
            "--mode", mode,
            "--raw-database", "raw",
            "--standardized-database", "std",
            "--curated-database", "cur",
            "--checkpoint-table", "cp",
            "--schemas-uri", "/nowhere",
        ]
    )  # fmt: skip


def process(topic, result):
    if topic == "poisoned":
        raise ValueError("cannot cast field 'x'")
    result.outcome = SUCCEEDED


def test_a_failing_topic_is_counted_and_the_others_are_cleared(capsys):
    ledger = Ledger()
    summary = run_topics("standardize", config(), process, failures=ledger)

    assert [t["outcome"] for t in summary["topics"]] == [SUCCEEDED, FAILED, SUCCEEDED]
    assert ledger.calls == [
        ("cleared", "good-one", "standardize"),
        ("failed", "poisoned", "standardize", "ValueError: cannot cast field 'x'"),
        ("cleared", "good-two", "standardize"),
    ]


def test_rebuilds_leave_the_ledger_alone(capsys):
    ledger = Ledger()
    run_topics("curate", config("rebuild"), process, failures=ledger)
    assert ledger.calls == []


def test_an_unwritable_ledger_does_not_hide_or_change_outcomes(capsys):
    summary = run_topics("curate", config(), process, failures=Ledger(broken=True))
    assert summary["outcomes"] == {"SUCCEEDED": 2, "NO_NEW_DATA": 0, "FAILED": 1}


def test_topics_run_at_once_keep_their_order_and_their_isolation(capsys):
    import threading

    # two topics meet at the barrier only if they run at the same time (sequential runs time out)
    both_running = threading.Barrier(2, timeout=10)
    ledger = Ledger()

    def concurrent(topic, result):
        if topic != "poisoned":
            both_running.wait()
        process(topic, result)

    summary = run_topics("maintain", config(), concurrent, failures=ledger, topics_at_once=3)

    assert [t["topic"] for t in summary["topics"]] == ["good-one", "poisoned", "good-two"]
    assert [t["outcome"] for t in summary["topics"]] == [SUCCEEDED, FAILED, SUCCEEDED]
    assert sorted(ledger.calls) == sorted(
        [
            ("cleared", "good-one", "maintain"),
            ("failed", "poisoned", "maintain", "ValueError: cannot cast field 'x'"),
            ("cleared", "good-two", "maintain"),
        ]
    )


def test_topics_at_once_below_one_is_refused():
    import pytest

    with pytest.raises(ValueError, match="topics_at_once"):
        run_topics("audit", config(), process, topics_at_once=0)
