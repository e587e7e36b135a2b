"""Runs one job's topics: a failing topic is recorded and the others go on.

Jobs whose topics share nothing they write (audit reads only; maintain and standardize write
each topic's own tables and checkpoint) run several topics at once on the one SparkSession: each
topic's work is many small Spark jobs whose time is mostly driver-side (catalog calls, metadata
reads, planning), so on Glue's workers as on two local cores they overlap instead of queueing.
Curate stays one topic at a time: every topic commits to the shared curated_errors table.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
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
    topics_at_once: int = 1,
) -> dict:
    """Call `process_topic(topic, result)` per topic, `topics_at_once` topics at a time; returns
    (and writes, prints) the summary, its topics in the order of `config.topics`.

    In incremental runs each topic's outcome also goes to `failures`: a failure is counted (the
    orchestrator then retries the topic apart from healthy ones), a success clears the count.
    """
    if topics_at_once < 1:
        raise ValueError(f"topics_at_once must be at least 1, got {topics_at_once}")
    started_at = utc_now_iso()
    ledger = failures if config.mode == "incremental" else None

    def one(topic: str) -> TopicResult:
        result = TopicResult(topic=topic)
        try:
            process_topic(topic, result)
        except Exception as error:  # one topic's failure is data for the summary, not a crash
            result.outcome = FAILED
            result.error = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
            LOG.error("%s %s failed: %s", job, topic, traceback.format_exc())
        if ledger is not None:
            _settle(ledger, job, result)
        return result

    if topics_at_once == 1 or len(config.topics) < 2:
        results = [one(topic) for topic in config.topics]
    else:
        with ThreadPoolExecutor(max_workers=topics_at_once, thread_name_prefix=job) as pool:
            results = list(pool.map(one, config.topics))
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
