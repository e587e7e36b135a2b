"""Topic schemas (schemas/topics/<topic>.json, format in docs/naming.md), loaded from a local
folder or an s3://bucket/prefix/ and validated before a job touches any table."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .names import PATH_SEPARATOR, column_name_for_field, is_valid_topic_name

SIMPLE_TYPES = frozenset({"string", "int", "long", "float", "double", "boolean", "date", "timestamp"})
DECIMAL_PATTERN = re.compile(r"^decimal\((\d{1,2}),\s*(\d{1,2})\)$")


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

    def field(self, path: str) -> FieldSpec:
        for spec in self.fields:
            if spec.path == path:
                return spec
        raise KeyError(path)

    @property
    def declared_paths(self) -> frozenset[str]:
        return frozenset(spec.path for spec in self.fields)


def parse_topic_schema(document: dict, expected_topic: str | None = None) -> TopicSchema:
    """Validate one topic document; every problem names the offending key."""
    if not isinstance(document, dict):
        raise TopicSchemaError("topic file must hold a JSON object")
    topic = document.get("topic")
    if not is_valid_topic_name(topic):
        raise TopicSchemaError(f"invalid topic name {topic!r}")
    if expected_topic is not None and topic != expected_topic:
        raise TopicSchemaError(f"file for {expected_topic!r} declares topic {topic!r}")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TopicSchemaError(f"{topic}: version must be a positive integer")
    raw_fields = document.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise TopicSchemaError(f"{topic}: fields must be a non-empty object")
    fields = []
    for path, spec in raw_fields.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str) or not is_valid_type(spec["type"]):
            raise TopicSchemaError(f"{topic}: field {path!r} has no valid type")
        if not path or any(not part for part in path.split(PATH_SEPARATOR)):
            raise TopicSchemaError(f"{topic}: field path {path!r} is empty or has an empty segment")
        fields.append(
            FieldSpec(path, spec["type"].replace(" ", ""), bool(spec.get("nullable", True)), bool(spec.get("cde", False)))
        )
    columns = [spec.column for spec in fields]
    if len({column.lower() for column in columns}) != len(columns):
        raise TopicSchemaError(f"{topic}: two fields map to the same column")
    dedup = document.get("dedup")
    if not isinstance(dedup, dict):
        raise TopicSchemaError(f"{topic}: dedup is required")
    key = dedup.get("key")
    declared = {spec.path for spec in fields}
    if not isinstance(key, list) or not key or any(part not in declared for part in key):
        raise TopicSchemaError(f"{topic}: dedup.key must list declared fields")
    keep = dedup.get("keep")
    if keep not in ("first", "last"):
        raise TopicSchemaError(f"{topic}: dedup.keep must be first or last")
    order_by = dedup.get("orderBy")
    if keep == "last" and order_by not in declared:
        raise TopicSchemaError(f"{topic}: dedup.orderBy must name a declared field when keep is last")
    return TopicSchema(topic, version, tuple(key), keep, order_by if keep == "last" else None, tuple(fields))


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
