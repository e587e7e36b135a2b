"""Glue job `<name>-standardize`: RAW -> standardized (lean_ops_glue/standardize_job.py).

Local: .venv/bin/python glue-jobs/standardize.py --topics a,b --raw-database ... (docs/glue-jobs.md)
"""

import sys

from lean_ops_glue.entry import main
from lean_ops_glue.standardize_job import run

if __name__ == "__main__":
    sys.exit(main("standardize", run))
