"""Topic schemas (schemas/topics/<topic>.json, format in docs/naming.md), loaded from a local
folder or an s3://bucket/prefix/ and validated before a job touches any table."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .names import FIELD_PATH_PATTERN, PATH_SEPARATOR, column_name_for_field, is_reserved_column, is_valid_topic_name

SIMPLE_TYPES = frozenset({"string", "int", "long", "float", "double", "boolean", "date", "timestamp"})
DECIMAL_PATTERN = re.compile(r"^decimal\(([0-9]{1,2}),([0-9]{1,2})\)\Z")


class TopicSchemaError(ValueError):
    """A topic file is missing or does not follow docs/naming.md."""


def is_valid_type(field_type: str) -> bool:
    match = DECIMAL_PATTERN.match(field_type)
    if match:
        precision, scale = int(match.group(1)), int(match.group(2))
        return 1 <= precision <= 38 and scale <= precision
    return field_type in SIMPLE_TYPES


@dataclass(frozen=True)
class FieldSpec:
    path: str
    type: str
    nullable: bool
    cde: bool

    @property
    def column(self) -> str:
        return column_name_for_field(self.path)


@dataclass(frozen=True)
class TopicSchema:
    topic: str
    version: int
    dedup_key: tuple[str, ...]
    keep: str  # "first" | "last"
    order_by: str | None
    fields: tuple[FieldSpec, ...]
    # days of arrival before a batch's earliest record that the batch is compared with; None: all
    window_days: int | None = None

    def field(self, path: str) -> FieldSpec:
        for spec in self.fields:
            if spec.path == path:
                return spec
        raise KeyError(path)

    @property
    def declared_paths(self) -> frozenset[str]:
        return frozenset(spec.path for spec in self.fields)


MAX_VERSION = 2**31 - 1
MAX_FIELD_PATH_LENGTH = 200
MAX_DEDUP_KEY_FIELDS = 16
MAX_WINDOW_DAYS = 3650
FLOATING_POINT_TYPES = frozenset({"float", "double"})
ORDERABLE_TYPES = frozenset({"timestamp", "int", "long"})


def parse_topic_schema(document: dict, expected_topic: str | None = None) -> TopicSchema:
    """Refuses every topic file the linter refuses with an error (scripts/ops/registry; the two are
    compared on the same files by tests/integration/naming/topicRules.test.ts), so a job never meets
    a file CI let through and then fails on it, nor works on one CI would have stopped."""
    if not isinstance(document, dict):
        raise TopicSchemaError("topic file must hold a JSON object")
    topic = document.get("topic")
    if not is_valid_topic_name(topic):
        raise TopicSchemaError(f"invalid topic name {topic!r}")
    if expected_topic is not None and topic != expected_topic:
        raise TopicSchemaError(f"file for {expected_topic!r} declares topic {topic!r}")
    version = _version(topic, document.get("version"))
    fields = _fields(topic, document.get("fields"))
    dedup = document.get("dedup")
    key, keep, order_by = _dedup(topic, dedup, {spec.path: spec for spec in fields})
    return TopicSchema(topic, version, key, keep, order_by, fields, _window_days(topic, dedup.get("windowDays")))


def _window_days(topic: str, days: object) -> int | None:
    if days is None:
        return None
    if isinstance(days, float) and days.is_integer():  # JSON Schema's integer includes 7.0
        days = int(days)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_WINDOW_DAYS:
        raise TopicSchemaError(f"{topic}: dedup.windowDays must be an integer from 1 to {MAX_WINDOW_DAYS}")
    return days


def _version(topic: str, version: object) -> int:
    # JSON Schema's integer (the linter's rule) includes 2.0: a number with a zero fraction.
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise TopicSchemaError(f"{topic}: version must be a positive integer")
    return version


def _fields(topic: str, raw_fields: object) -> tuple[FieldSpec, ...]:
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise TopicSchemaError(f"{topic}: fields must be a non-empty object")
    fields = tuple(_field(topic, path, spec) for path, spec in raw_fields.items())
    columns = [spec.column.lower() for spec in fields]
    if len(set(columns)) != len(columns):
        raise TopicSchemaError(f"{topic}: two fields map to the same column")
    declared = {spec.path for spec in fields}
    for spec in fields:
        steps = spec.path.split(PATH_SEPARATOR)
        for depth in range(1, len(steps)):
            if PATH_SEPARATOR.join(steps[:depth]) in declared:
                raise TopicSchemaError(f"{topic}: field {spec.path!r} sits under the declared value {steps[0]!r}")
    return fields


def _field(topic: str, path: str, spec: object) -> FieldSpec:
    if len(path) > MAX_FIELD_PATH_LENGTH or not FIELD_PATH_PATTERN.fullmatch(path):
        raise TopicSchemaError(f"{topic}: field path {path!r} is not identifiers joined by dots")
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str) or not is_valid_type(spec["type"]):
        raise TopicSchemaError(f"{topic}: field {path!r} has no valid type")
    flags = {name: spec.get(name, default) for name, default in (("nullable", True), ("cde", False))}
    if any(not isinstance(value, bool) for value in flags.values()):
        raise TopicSchemaError(f"{topic}: field {path!r}: nullable and cde must be true or false")
    if flags["cde"] and flags["nullable"]:
        raise TopicSchemaError(f"{topic}: CDE field {path!r} is nullable")
    field = FieldSpec(path, spec["type"], flags["nullable"], flags["cde"])
    if is_reserved_column(field.column):
        raise TopicSchemaError(f"{topic}: field {path!r} becomes {field.column}, a column name the pipeline keeps for itself")
    return field


def _dedup(topic: str, dedup: object, declared: dict[str, FieldSpec]) -> tuple[tuple[str, ...], str, str | None]:
    if not isinstance(dedup, dict):
        raise TopicSchemaError(f"{topic}: dedup is required")
    key = dedup.get("key")
    if (
        not isinstance(key, list)
        or not 1 <= len(key) <= MAX_DEDUP_KEY_FIELDS
        or len(set(map(str, key))) != len(key)
        or any(part not in declared for part in key)
    ):
        raise TopicSchemaError(f"{topic}: dedup.key must list declared fields")
    for part in key:
        if declared[part].nullable:
            raise TopicSchemaError(f"{topic}: dedup key {part!r} is nullable")
        if declared[part].type in FLOATING_POINT_TYPES:
            raise TopicSchemaError(f"{topic}: dedup key {part!r} is floating-point")
    keep = dedup.get("keep")
    if keep not in ("first", "last"):
        raise TopicSchemaError(f"{topic}: dedup.keep must be first or last")
    if keep == "first":
        return tuple(key), keep, None
    order_by = declared.get(dedup.get("orderBy"))  # type: ignore[arg-type]
    if order_by is None:
        raise TopicSchemaError(f"{topic}: dedup.orderBy must name a declared field when keep is last")
    if order_by.type not in ORDERABLE_TYPES or order_by.nullable:
        raise TopicSchemaError(f"{topic}: dedup.orderBy {order_by.path!r} must be a non-nullable timestamp, int or long")
    return tuple(key), keep, order_by.path


def load_topic_schema(schemas_uri: str, topic: str, s3_client=None) -> TopicSchema:
    """Read `<schemas_uri>/<topic>.json` from a local folder or s3://bucket/prefix/."""
    if schemas_uri.startswith("s3://"):
        bucket, _, prefix = schemas_uri[len("s3://") :].partition("/")
        key = f"{prefix.rstrip('/')}/{topic}.json" if prefix.strip("/") else f"{topic}.json"
        if s3_client is None:
            import boto3

            s3_client = boto3.client("s3")
        try:
            body = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
        except Exception as error:  # NoSuchKey, access denied: the topic fails, the run goes on
            raise TopicSchemaError(f"{topic}: cannot read s3://{bucket}/{key}: {error}") from error
    else:
        path = Path(schemas_uri) / f"{topic}.json"
        if not path.is_file():
            raise TopicSchemaError(f"{topic}: no topic file at {path}")
        body = path.read_bytes()
    try:
        document = json.loads(body)
    except ValueError as error:
        raise TopicSchemaError(f"{topic}: topic file is not JSON: {error}") from error
    return parse_topic_schema(document, expected_topic=topic)
