"""Strict casts from standardized strings to declared types, as Spark SQL expressions.

One implementation serves curate (typing + CDE checks) and standardize (typed `orderBy` for keep
last), so "latest" means the same in both. A value that is not in the declared type's text form
becomes NULL (never a truncation: Spark's plain CAST turns "1.5" into 1 for an int).
"""

from __future__ import annotations

from .topic_schema import DECIMAL_PATTERN

INTEGER_TEXT = r"^[+-]?[0-9]+$"
NUMBER_TEXT = r"^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"
DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TIMESTAMP_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$"

_GUARDED = {
    "int": (INTEGER_TEXT, "INT"),
    "long": (INTEGER_TEXT, "BIGINT"),
    "float": (NUMBER_TEXT, "FLOAT"),
    "double": (NUMBER_TEXT, "DOUBLE"),
    "date": (DATE_TEXT, "DATE"),
    "timestamp": (TIMESTAMP_TEXT, "TIMESTAMP"),
}


def sql_type(field_type: str) -> str:
    """Spark SQL type of a declared type (Spark TIMESTAMP is Iceberg timestamptz)."""
    if field_type == "string":
        return "STRING"
    if field_type == "boolean":
        return "BOOLEAN"
    decimal = DECIMAL_PATTERN.match(field_type)
    if decimal:
        return f"DECIMAL({decimal.group(1)},{decimal.group(2)})"
    return _GUARDED[field_type][1]


def cast_sql(expression: str, field_type: str) -> str:
    """SQL casting `expression` (a string) to `field_type`, NULL when the text does not fit.

    Strings pass through; booleans accept exactly true/false (JSON's literals); decimals round
    half-up to the declared scale and overflow to NULL; timestamps without an offset are UTC.
    """
    if field_type == "string":
        return expression
    if field_type == "boolean":
        return f"(CASE WHEN {expression} = 'true' THEN true WHEN {expression} = 'false' THEN false END)"
    decimal = DECIMAL_PATTERN.match(field_type)
    if decimal:
        pattern, target = NUMBER_TEXT, sql_type(field_type)
    else:
        pattern, target = _GUARDED[field_type]
    trimmed = f"trim({expression})"
    return f"(CASE WHEN {trimmed} RLIKE '{pattern}' THEN try_cast({trimmed} AS {target}) END)"
