"""Answers whether the Glue jobs accept each topic file (glue-jobs/lean_ops_glue/topic_schema.py),
for topicRules.test.ts. Reads [{"name": "<topic>.json", "text": "..."}] on stdin; writes
[{"name", "accepted", "reason"}]."""

from __future__ import annotations

import json
import sys

from lean_ops_glue.topic_schema import TopicSchemaError, parse_topic_schema

answers = []
for case in json.load(sys.stdin):
    try:
        parse_topic_schema(json.loads(case["text"]), expected_topic=case["name"].removesuffix(".json"))
        answers.append({"name": case["name"], "accepted": True, "reason": ""})
    except TopicSchemaError as error:
        answers.append({"name": case["name"], "accepted": False, "reason": str(error)})
json.dump(answers, sys.stdout)
