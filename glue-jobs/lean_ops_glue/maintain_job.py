"""maintain: Iceberg maintenance of each topic's RAW, standardized and curated tables (and, when
asked, the shared raw_errors and curated_errors tables), run by the orchestration under its lock so it never
races a standardize or curate commit (docs/glue-jobs.md "Maintenance").

Per topic: nothing while the topic is paused (a rebuild owns its tables); RAW: compaction only
where no managed optimizer does it, snapshot expiry bounded by the standardized checkpoint,
manifest rewrite, orphan removal; standardized and curated: compaction, manifest rewrite, expiry
of snapshots older than the policy's age, orphan removal. The summary carries each table's health
after maintenance (snapshots, data files, small files, metadata bytes).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from . import iceberg_tables as tables
from . import maintenance
from .checkpoints import CheckpointStore
from .config import JobConfig
from .job_runner import run_topics, timed_step
from .maintenance import MaintenancePolicy
from .names import CURATED_ERRORS_TABLE, RAW_ERRORS_TABLE, table_name_for_topic
from .summary import NO_NEW_DATA, SUCCEEDED, TopicResult

SHARED_TOPIC_LABEL = "(shared tables)"
#: Topics maintained at once (job_runner.run_topics): each touches only its own three tables, and
#: each table's maintenance is a series of small Spark jobs and catalog commits.
TOPICS_AT_ONCE = 4


def run(
    spark,
    config: JobConfig,
    policy: MaintenancePolicy,
    checkpoints: CheckpointStore | None = None,
    now: datetime | None = None,
    shared_tables: bool = False,
    interval: timedelta = timedelta(hours=24),
) -> dict:
    checkpoints = checkpoints or CheckpointStore(config.checkpoint_table)
    moment = now or datetime.now(timezone.utc)

    def process(topic: str, result: TopicResult) -> None:
        maintain_topic(spark, config, checkpoints, policy, moment, topic, result)

    summary = run_topics("maintain", config, process, topics_at_once=TOPICS_AT_ONCE)
    if shared_tables and checkpoints.claim_maintenance(CURATED_ERRORS_TABLE, config.run_id, moment, moment - interval):
        summary["shared"] = maintain_shared(spark, config, policy, moment)
    return summary


def maintain_topic(spark, config, checkpoints, policy: MaintenancePolicy, now: datetime, topic: str, result) -> None:
    if checkpoints.is_paused(topic):
        result.outcome = NO_NEW_DATA
        result.maintenance = {"skipped": "paused: a rebuild owns the topic's tables"}
        return
    table = table_name_for_topic(topic)
    raw_name = tables.qualified(config.raw_database, table)
    report: dict = {}
    if tables.table_exists(spark, raw_name):
        report["raw"] = _maintain_raw(spark, checkpoints, policy, now, topic, raw_name)
    for layer, database in (("standardized", config.standardized_database), ("curated", config.curated_database)):
        name = tables.qualified(database, table)
        if tables.table_exists(spark, name):
            report[layer] = _maintain_table(spark, policy, now, topic, name)
    result.maintenance = report
    result.outcome = SUCCEEDED if report else NO_NEW_DATA
    checkpoints.record_maintenance(topic, config.run_id, datetime.now(timezone.utc))


def maintain_shared(spark, config: JobConfig, policy: MaintenancePolicy, now: datetime) -> dict:
    """The tables every topic writes to: curated_errors (curate) and raw_errors (Firehose, poison
    records). Neither is read incrementally, so only the snapshot age bounds their expiry; RAW's
    is compacted by the job only where no optimizer does it."""
    report = {}
    for database, table, compact in (
        (config.curated_database, CURATED_ERRORS_TABLE, True),
        (config.raw_database, RAW_ERRORS_TABLE, policy.compact_raw),
    ):
        name = tables.qualified(database, table)
        if tables.table_exists(spark, name):
            report[table] = _maintain_table(spark, policy, now, SHARED_TOPIC_LABEL, name, compact=compact)
    return report


def _maintain_raw(spark, checkpoints, policy: MaintenancePolicy, now: datetime, topic: str, name: str) -> dict:
    # Terraform creates RAW without them (its Iceberg input takes no table properties), and
    # Firehose commits every buffer interval: old metadata files must not pile up
    actions: dict = {"properties_set": tables.ensure_table_properties(spark, name)}
    if policy.compact_raw:
        with timed_step("maintain", topic, "compact RAW"):
            actions["compacted_files"] = maintenance.compact(spark, name)
    checkpoint = checkpoints.read(topic, "standardized")
    committed = None
    if checkpoint is not None:
        committed = maintenance.from_epoch_ms(tables.committed_at_ms(spark, name, checkpoint.snapshot_id))
        if committed is None:
            raise tables.SnapshotNotFoundError(
                f"{name}: the standardized checkpoint's snapshot {checkpoint.snapshot_id} is gone (expired by"
                " something other than this job?): run the rebuilder for the topic"
            )
    cutoff = maintenance.raw_expiry_cutoff(now, policy, committed, paused=False)
    if cutoff is not None:
        with timed_step("maintain", topic, "expire RAW snapshots"):
            actions["expired_data_files"] = maintenance.expire_snapshots(spark, name, cutoff)
        actions["expired_before"] = cutoff.isoformat()
    with timed_step("maintain", topic, "rewrite RAW manifests, remove orphans"):
        actions["rewritten_manifests"] = maintenance.rewrite_manifests(spark, name)
        actions["orphans_removed"] = maintenance.remove_orphan_files(spark, name, now - policy.orphan_min_age)
    return {**actions, "health": maintenance.table_health(spark, name)}


def _maintain_table(spark, policy: MaintenancePolicy, now: datetime, topic: str, name: str, compact: bool = True) -> dict:
    with timed_step("maintain", topic, f"maintain {name}"):
        tables.ensure_table_properties(spark, name)
        actions = {
            "compacted_files": maintenance.compact(spark, name) if compact else 0,
            "rewritten_manifests": maintenance.rewrite_manifests(spark, name),
        }
        cutoff = maintenance.layer_expiry_cutoff(now, policy)
        actions["expired_data_files"] = maintenance.expire_snapshots(spark, name, cutoff)
        actions["expired_before"] = cutoff.isoformat()
        actions["orphans_removed"] = maintenance.remove_orphan_files(spark, name, now - policy.orphan_min_age)
    return {**actions, "health": maintenance.table_health(spark, name)}
