"""Runs one job's topics one at a time: a failing topic is recorded and the others go on."""

from __future__ import annotations

import json
import logging
import time
import traceback
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator, Protocol

from .config import JobConfig
from .summary import FAILED, TopicResult, build_summary, utc_now_iso, write_summary

LOG = logging.getLogger("lean_ops_glue")
MAX_ERROR_CHARS = 2000


class FailureLedger(Protocol):
    """Where a topic's consecutive failures are counted (checkpoints.CheckpointStore)."""

    def record_failure(self, topic: str, stage: str, error: str, at: datetime) -> None: ...

    def clear_failures(self, topic: str, stage: str) -> None: ...


def run_topics(
    job: str,
    config: JobConfig,
    process_topic: Callable[[str, TopicResult], None],
    failures: FailureLedger | None = None,
) -> dict:
    """Call `process_topic(topic, result)` per topic; returns (and writes, prints) the summary.

    In incremental runs each topic's outcome also goes to `failures`: a failure is counted (the
    orchestrator then retries the topic apart from healthy ones), a success clears the count.
    """
    started_at = utc_now_iso()
    results = []
    ledger = failures if config.mode == "incremental" else None
    for topic in config.topics:
        result = TopicResult(topic=topic)
        try:
            process_topic(topic, result)
        except Exception as error:  # one topic's failure is data for the summary, not a crash
            result.outcome = FAILED
            result.error = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
            LOG.error("%s %s failed: %s", job, topic, traceback.format_exc())
        if ledger is not None:
            _settle(ledger, job, result)
        results.append(result)
    summary = build_summary(job, config.mode, config.run_id, started_at, results)
    write_summary(summary, config.summary_uri)
    print(json.dumps(summary, sort_keys=True), flush=True)
    return summary


def _settle(ledger: FailureLedger, job: str, result: TopicResult) -> None:
    """A ledger that cannot be written must not hide the outcome: the summary still has it, and the
    orchestrator counts a failed run's topics itself when none was recorded."""
    try:
        if result.outcome == FAILED:
            ledger.record_failure(result.topic, job, result.error or "failed", datetime.now(timezone.utc))
        else:
            ledger.clear_failures(result.topic, job)
    except Exception:  # noqa: BLE001 - logged; the run's exit code still reports the failure
        LOG.error("%s %s: could not update the failures item: %s", job, result.topic, traceback.format_exc())


@contextmanager
def timed_step(job: str, topic: str, step: str) -> Iterator[None]:
    """Logs how long one step of one topic took (Glue: CloudWatch; locally: stderr)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        LOG.info("%s %s: %s took %.1f s", job, topic, step, time.perf_counter() - started)
