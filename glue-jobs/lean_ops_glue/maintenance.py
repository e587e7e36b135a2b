"""Iceberg table maintenance of one table: compaction, manifest rewrite, snapshot expiry, orphan
removal (Iceberg's Spark procedures), and the rules that keep expiry from overtaking a checkpoint
(docs/glue-jobs.md "Maintenance").

Why expiry is bounded by checkpoints: standardize reads RAW incrementally from the snapshot of its
checkpoint, so that snapshot and every later one must still exist. Curate reads the standardized
table as of its current snapshot (filtered by `_std_seq`), so the standardized and curated tables
only need their current snapshot; they keep `snapshot_min_age` of history for time travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from . import iceberg_tables as tables

#: A data file smaller than this counts as small in the table-health figures.
SMALL_FILE_BYTES = 16 * 1024 * 1024
#: Compaction rewrites a table's files once at least this many can be packed together (Iceberg's
#: default), so a maintained table keeps fewer small files than this per partition.
COMPACTION_MIN_INPUT_FILES = 5
#: The youngest unreferenced file Iceberg's remove_orphan_files procedure accepts to delete.
MIN_ORPHAN_AGE = timedelta(days=1)


@dataclass(frozen=True)
class MaintenancePolicy:
    """How much history maintenance keeps; the defaults are the deployed ones."""

    #: Snapshots younger than this are never expired (time travel, runs in flight).
    snapshot_min_age: timedelta = timedelta(days=1)
    #: Unreferenced files younger than this are never removed: Firehose may retry a delivery for
    #: up to 7,200 s and a Glue run writes files long before it commits them.
    orphan_min_age: timedelta = timedelta(days=3)
    #: Whether this job compacts RAW. In AWS the Glue compaction optimizer does (docs/decisions.md);
    #: the local run has no optimizer, so the job stands in for it there.
    compact_raw: bool = False

    def __post_init__(self) -> None:
        if self.orphan_min_age < MIN_ORPHAN_AGE:
            # Iceberg's procedure refuses it too: a younger file may belong to a commit in flight
            raise ValueError(f"orphan_min_age must be at least {MIN_ORPHAN_AGE}, got {self.orphan_min_age}")
        if self.snapshot_min_age < timedelta(0):
            raise ValueError(f"snapshot_min_age must not be negative, got {self.snapshot_min_age}")


def raw_expiry_cutoff(
    now: datetime, policy: MaintenancePolicy, checkpoint_committed_at: datetime | None, paused: bool
) -> datetime | None:
    """RAW snapshots committed before the returned time may be expired; None: expire nothing.

    Never past the commit of the standardized checkpoint's snapshot (the next incremental read
    starts there), never for a topic without a checkpoint (its first run has not succeeded yet),
    never while the topic is paused (a rebuild reads RAW)."""
    if paused or checkpoint_committed_at is None:
        return None
    return min(now - policy.snapshot_min_age, checkpoint_committed_at)


def layer_expiry_cutoff(now: datetime, policy: MaintenancePolicy) -> datetime:
    """Standardized and curated snapshots committed before this may be expired."""
    return now - policy.snapshot_min_age


def from_epoch_ms(millis: int | None) -> datetime | None:
    return None if millis is None else datetime.fromtimestamp(millis / 1000, tz=timezone.utc)


def _procedure_table(name: str) -> str:
    """`db.table` as the procedures want it (the catalog is the one the CALL names)."""
    return name.split(".", 1)[1]


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("TIMESTAMP '%Y-%m-%d %H:%M:%S.%f'")


def _call(spark, procedure: str, arguments: str) -> list:
    """The rows an Iceberg procedure of the catalog answers."""
    return spark.sql(f"CALL {tables.CATALOG}.system.{procedure}({arguments})").collect()


def _first(rows: list) -> dict:
    return rows[0].asDict() if rows else {}


def compact(spark, name: str) -> int:
    """Bin-packs small data files (groups of at least COMPACTION_MIN_INPUT_FILES, Iceberg's 512 MB
    target); a `replace` commit that moves no row. Returns the number of files rewritten."""
    result = _first(_call(
        spark,
        "rewrite_data_files",
        f"table => '{_procedure_table(name)}', options => map('min-input-files', '{COMPACTION_MIN_INPUT_FILES}')",
    ))
    return int(result.get("rewritten_data_files_count") or 0)


def rewrite_manifests(spark, name: str) -> int:
    """Merges the small manifests every commit adds (a `replace` snapshot); returns the manifests
    rewritten."""
    result = _first(_call(spark, "rewrite_manifests", f"table => '{_procedure_table(name)}'"))
    return int(result.get("rewritten_manifests_count") or 0)


def expire_snapshots(spark, name: str, older_than: datetime) -> int:
    """Expires snapshots committed before `older_than` (the current one always stays) and deletes
    the files only they referenced; returns the data files deleted."""
    result = _first(_call(
        spark,
        "expire_snapshots",
        f"table => '{_procedure_table(name)}', older_than => {_timestamp(older_than)}, retain_last => 1",
    ))
    return int(result.get("deleted_data_files_count") or 0)


def remove_orphan_files(spark, name: str, older_than: datetime) -> int:
    """Deletes files under the table's location that no snapshot references and that are older
    than `older_than` (failed writes, interrupted commits); returns how many."""
    rows = _call(
        spark, "remove_orphan_files", f"table => '{_procedure_table(name)}', older_than => {_timestamp(older_than)}"
    )
    return len(rows)


def table_health(spark, name: str) -> dict:
    """Snapshots, data files, small data files and the size of the current metadata file: the
    figures that grow when maintenance falls behind (published as metrics by the job)."""
    snapshots = spark.sql(f"SELECT count(*) AS n FROM {name}.snapshots").first()["n"]
    files = spark.sql(
        f"SELECT count(*) AS n, coalesce(sum(CASE WHEN file_size_in_bytes < {SMALL_FILE_BYTES} THEN 1 ELSE 0 END), 0)"
        f" AS small FROM {name}.data_files"
    ).first()
    return {
        "snapshots": int(snapshots),
        "data_files": int(files["n"]),
        "small_data_files": int(files["small"]),
        "metadata_bytes": tables.metadata_file_bytes(spark, name),
    }
