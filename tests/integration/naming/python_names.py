"""Answers a naming request with the Python rules (glue-jobs/lean_ops_glue/names.py), for
crossLanguage.test.ts. Reads {"deployments", "account", "topics", "candidates", "fields"} on stdin."""

from __future__ import annotations

import json
import sys

from lean_ops_glue import audit_states, names

request = json.load(sys.stdin)
answer = {
    "resources": {
        deployment: {
            **names.resource_names(deployment, request["account"]),
            "errorRateAlarms": [names.error_rate_alarm_name(deployment, t) for t in request["topics"]],
            "streams": [
                [names.sharded_name(f"{deployment}-raw", k), names.sharded_name(f"{deployment}-sqs-processor", k)]
                for k in range(4)
            ],
            "queues": [
                names.queue_name_for_topic(names.queue_prefix_for(deployment), t, fifo)
                for t in request["topics"]
                for fifo in (False, True)
            ],
        }
        for deployment in request["deployments"]
    },
    "tables": [names.table_name_for_topic(t) for t in request["topics"]],
    "columns": [names.column_name_for_field(f) for f in request["fields"]],
    "valid": [names.is_valid_topic_name(c) for c in request["candidates"]],
    "reserved": sorted(names.RESERVED_TABLE_NAMES),
    "fifoSuffix": names.FIFO_QUEUE_SUFFIX,
    "reservedColumnPrefix": names.RESERVED_COLUMN_PREFIX,
    "auditStates": {"terminal": audit_states.TERMINAL, "pending": audit_states.PENDING, "broken": audit_states.BROKEN},
    "fieldPathPattern": names.FIELD_PATH_PATTERN.pattern,
}
json.dump(answer, sys.stdout)
