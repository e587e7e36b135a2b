"""lean-ops Glue jobs: standardize (RAW -> standardized) and curate (standardized -> curated).

The entries (glue-jobs/standardize.py, glue-jobs/curate.py) parse arguments and call `run(spark,
config)` here; only the entries import `awsglue`.
"""
