"""Glue job `<name>-curate`: standardized -> curated (lean_ops_glue/curate_job.py).

Local: .venv/bin/python glue-jobs/curate.py --topics a,b --raw-database ... (docs/glue-jobs.md)
"""

import sys

from lean_ops_glue.curate_job import run
from lean_ops_glue.entry import main

if __name__ == "__main__":
    sys.exit(main("curate", run))
