"""Every name rule of docs/naming.md, the one Python home (lambdas/common/naming is the
TypeScript one; tests/integration/naming compares the two on the same topics).

Pure: no Spark, no AWS. The Glue jobs, the local writer and the accountability report import it.
"""

from __future__ import annotations

import re

#: Topic names: lower-case, no dots (SQS queue names allow none), at most 48 characters.
TOPIC_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")

#: SQS requires FIFO queue names to end in `.fifo`.
FIFO_QUEUE_SUFFIX = ".fifo"

#: The shared error tables (raw and curated databases); no topic may map onto them.
RAW_ERRORS_TABLE = "raw_errors"
CURATED_ERRORS_TABLE = "curated_errors"
RESERVED_TABLE_NAMES = frozenset({RAW_ERRORS_TABLE, CURATED_ERRORS_TABLE})

#: A field key is a flattened JSON path joined with `.`; its column joins the steps with `__`.
PATH_SEPARATOR = "."
COLUMN_SEPARATOR = "__"

#: A field path: identifiers joined by dots (schemas/topic.schema.json `$defs.fieldPath`).
FIELD_PATH_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

#: Columns starting with `_` are the pipeline's own (`_message_id`, `_dedup_key`, `_std_seq`,
#: `_curated_at`, the jobs' `__lean_ops_*` working columns): no topic field may become one.
RESERVED_COLUMN_PREFIX = "_"


def is_reserved_column(column: str) -> bool:
    """Whether a field's column is one the pipeline keeps for itself (compared lower-cased)."""
    return column.lower().startswith(RESERVED_COLUMN_PREFIX)


def is_valid_topic_name(topic: object) -> bool:
    """A well-formed topic whose table is not one of the shared error tables."""
    return isinstance(topic, str) and bool(TOPIC_NAME_PATTERN.fullmatch(topic)) and table_name_for_topic(topic) not in RESERVED_TABLE_NAMES


def table_name_for_topic(topic: str) -> str:
    """The Iceberg table of a topic, the same in all three databases: `-` becomes `_`."""
    return topic.replace("-", "_")


def column_name_for_field(path: str) -> str:
    """Standardized/curated column of a flattened JSON path: `engine.coolant_c` -> `engine__coolant_c`."""
    return path.replace(PATH_SEPARATOR, COLUMN_SEPARATOR)


def database_names_for(deployment_name: str) -> dict[str, str]:
    """The Glue databases of a deployment `<name>`: `<db>_raw`, ... with `<db>` = `<name>`, `-` -> `_`."""
    db = deployment_name.replace("-", "_")
    return {"raw": f"{db}_raw", "standardized": f"{db}_standardized", "curated": f"{db}_curated"}


def queue_prefix_for(deployment_name: str) -> str:
    return f"{deployment_name}-topic-"


def queue_name_for_topic(prefix: str, topic: str, fifo: bool) -> str:
    return f"{prefix}{topic}{FIFO_QUEUE_SUFFIX if fifo else ''}"


def sharded_name(base: str, stream: int) -> str:
    """Stream `stream`'s copy of a per-stream resource (Firehose stream, processor): stream 0 keeps `base`."""
    if stream < 0:
        raise ValueError(f"stream index must be >= 0, got {stream}")
    return base if stream == 0 else f"{base}-{stream}"


def resource_names(deployment_name: str, account: str) -> dict[str, str]:
    """The resources of a deployment the Python side reads (keys as in TypeScript's resourceNames)."""
    databases = database_names_for(deployment_name)
    prefix = queue_prefix_for(deployment_name)
    return {
        "queueNamePrefix": prefix,
        "dlqStandard": f"{deployment_name}-dlq",
        "dlqFifo": f"{deployment_name}-dlq{FIFO_QUEUE_SUFFIX}",
        "firehoseStream": f"{deployment_name}-raw",
        "rawDatabase": databases["raw"],
        "standardizedDatabase": databases["standardized"],
        "curatedDatabase": databases["curated"],
        "checkpointTable": f"{deployment_name}-checkpoints",
        "locksTable": f"{deployment_name}-locks",
        "dlqIndexTable": f"{deployment_name}-dlq-index",
        "breakerTable": f"{deployment_name}-breaker",
        "schemaRegistryTable": f"{deployment_name}-schema-registry",
        "lakeBucket": f"{deployment_name}-lake-{account}",
        "archiveBucket": f"{deployment_name}-archive-{account}",
        "artifactsBucket": f"{deployment_name}-artifacts-{account}",
        "processorFunction": f"{deployment_name}-sqs-processor",
    }


def error_rate_alarm_name(deployment_name: str, topic: str) -> str:
    return f"{queue_prefix_for(deployment_name)}error-rate-{topic}"
