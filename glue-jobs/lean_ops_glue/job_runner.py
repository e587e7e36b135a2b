"""Runs one job's topics one at a time: a failing topic is recorded and the others go on."""

from __future__ import annotations

import json
import logging
import time
import traceback
from contextlib import contextmanager
from typing import Callable, Iterator

from .config import JobConfig
from .summary import FAILED, TopicResult, build_summary, utc_now_iso, write_summary

LOG = logging.getLogger("lean_ops_glue")
MAX_ERROR_CHARS = 2000


def run_topics(job: str, config: JobConfig, process_topic: Callable[[str, TopicResult], None]) -> dict:
    """Call `process_topic(topic, result)` per topic; returns (and writes, prints) the summary."""
    started_at = utc_now_iso()
    results = []
    for topic in config.topics:
        result = TopicResult(topic=topic)
        try:
            process_topic(topic, result)
        except Exception as error:  # one topic's failure is data for the summary, not a crash
            result.outcome = FAILED
            result.error = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
            LOG.error("%s %s failed: %s", job, topic, traceback.format_exc())
        results.append(result)
    summary = build_summary(job, config.mode, config.run_id, started_at, results)
    write_summary(summary, config.summary_uri)
    print(json.dumps(summary, sort_keys=True), flush=True)
    return summary


@contextmanager
def timed_step(job: str, topic: str, step: str) -> Iterator[None]:
    """Logs how long one step of one topic took (Glue: CloudWatch; locally: stderr)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        LOG.info("%s %s: %s took %.1f s", job, topic, step, time.perf_counter() - started)
