"""Glue job `<name>-maintain`: Iceberg maintenance of the topics' tables (lean_ops_glue/maintain_job.py).

Local: .venv/bin/python glue-jobs/maintain.py --topics a,b --raw-database ... --compact-raw true
(docs/glue-jobs.md "Maintenance")
"""

import sys
from datetime import timedelta

from lean_ops_glue import maintain_job
from lean_ops_glue.config import JobArgumentError, parse_maintenance_args
from lean_ops_glue.entry import EXIT_USAGE, main
from lean_ops_glue.maintenance import MaintenancePolicy

if __name__ == "__main__":
    try:
        args = parse_maintenance_args(sys.argv[1:])
    except JobArgumentError as error:
        print(f"maintain: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    policy = MaintenancePolicy(
        snapshot_min_age=timedelta(hours=args.snapshot_min_age_hours),
        orphan_min_age=timedelta(hours=args.orphan_min_age_hours),
        compact_raw=args.compact_raw,
    )
    interval = timedelta(hours=args.interval_hours)

    def run(spark, config):
        return maintain_job.run(spark, config, policy, shared_tables=args.shared_tables, interval=interval)

    sys.exit(main("maintain", run))
