"""The RAW schema comes from schemas/raw-envelope.json, also inside the Glue package."""

import json
import subprocess
import sys
from pathlib import Path

from lean_ops_glue import raw_schema

ROOT = Path(__file__).resolve().parents[2]
DEFINITION = json.loads((ROOT / "schemas" / "raw-envelope.json").read_text())


def test_every_renderer_has_the_columns_of_the_definition_in_order():
    names = [column["name"] for column in DEFINITION["columns"]]
    assert list(raw_schema.RAW_COLUMNS) == names
    assert [field.name for field in raw_schema.iceberg_schema().fields] == names
    assert raw_schema.arrow_schema().names == names
    assert raw_schema.spark_schema().fieldNames() == names


def test_timestamps_render_as_microsecond_utc_timestamps():
    timestamps = [c["name"] for c in DEFINITION["columns"] if c["type"] == "timestamp"]
    assert list(raw_schema.TIMESTAMP_COLUMNS) == timestamps == ["sent_at", "ingested_at"]
    arrow = raw_schema.arrow_schema()
    assert all(str(arrow.field(name).type) == "timestamp[us, tz=UTC]" for name in timestamps)


def test_the_glue_package_carries_the_definition(tmp_path):
    # On Glue the package is a zip on --extra-py-files: raw_schema must load from inside it.
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "terraform" / "package.py"), "--out", str(tmp_path), "--placeholder-missing"],
        check=True,
        capture_output=True,
    )
    package = tmp_path / "glue" / "lean_ops_glue.zip"
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from lean_ops_glue import raw_schema; print(raw_schema.__file__); print(','.join(raw_schema.RAW_COLUMNS))"
    )
    result = subprocess.run([sys.executable, "-S", "-c", probe, str(package)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    location, columns = result.stdout.splitlines()
    assert ".zip" in location
    assert columns == ",".join(column["name"] for column in DEFINITION["columns"])
