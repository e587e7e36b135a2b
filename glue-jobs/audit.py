"""Glue job `<name>-audit`: where every message of a span went, per topic and hour
(lean_ops_glue/audit_job.py; started by `lean-ops audit`, docs/audit.md).

Local: .venv/bin/python glue-jobs/audit.py --topics a,b --raw-database ... --from 2026-11-20T08:00:00Z
       --to 2026-11-20T10:00:00Z --dlq-index-table ... --archive-bucket ... --result-uri /tmp/audit.json
"""

import sys

from lean_ops_glue import audit_job
from lean_ops_glue.config import JobArgumentError, parse_audit_args
from lean_ops_glue.entry import EXIT_USAGE, main

if __name__ == "__main__":
    try:
        args = parse_audit_args(sys.argv[1:])
    except JobArgumentError as error:
        print(f"audit: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    def run(spark, config):
        return audit_job.run(spark, config, args)

    sys.exit(main("audit", run))
