"""The range of source snapshots one job run reads for one topic, and its commit: the checkpoint
contract both jobs share (docs/naming.md "checkpoints"; docs/glue-jobs.md).

A run reads (after, upto]: `after` is the layer's checkpoint (None before the first run), `upto`
the source table's current snapshot, captured before reading so nothing slips in between. A
rebuild reads the whole source as of `upto`. The checkpoint moves to `upto` only after the write.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import iceberg_tables as tables
from .checkpoints import CheckpointStore
from .iceberg_tables import Snapshot
from .summary import NO_NEW_DATA, SUCCEEDED, TopicResult, snapshot_dict


@dataclass(frozen=True)
class SnapshotRange:
    after: Snapshot | None
    upto: Snapshot
    rebuild: bool

    @property
    def incremental_from(self) -> Snapshot | None:
        """Where an incremental read starts; None means read everything as of `upto`."""
        return None if self.rebuild else self.after


def open_range(
    spark, checkpoints: CheckpointStore, topic: str, layer: str, source_name: str, rebuild: bool, result: TopicResult
) -> SnapshotRange | None:
    """The range to read, or None (outcome NO_NEW_DATA) when the source is absent, empty, or not
    past the checkpoint."""
    if not tables.table_exists(spark, source_name):
        result.outcome = NO_NEW_DATA
        return None
    upto = tables.current_snapshot(spark, source_name)
    after = checkpoints.read(topic, layer)
    result.read_from = None if rebuild else snapshot_dict(after)
    result.read_to = snapshot_dict(upto)
    if upto is None or (not rebuild and after is not None and after.sequence_number >= upto.sequence_number):
        result.outcome = NO_NEW_DATA
        return None
    return SnapshotRange(after, upto, rebuild)


def commit_range(checkpoints: CheckpointStore, topic: str, layer: str, span: SnapshotRange, run_id: str, result: TopicResult) -> None:
    """After the write: the layer's checkpoint moves to `upto` (compare-and-set on `after`)."""
    if span.after is None or span.upto.sequence_number > span.after.sequence_number:
        checkpoints.advance(topic, layer, span.after, span.upto, run_id)
        result.checkpoint_advanced = True
    result.outcome = SUCCEEDED
