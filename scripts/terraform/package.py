"""Zips what Terraform deploys: each Lambda bundle and the Glue package.

The hashicorp/archive provider is not reachable from CI (docs/decisions.md), so Terraform
references these zips with filebase64sha256. The zips are reproducible (sorted entries, fixed
timestamps and modes): rebuilding unchanged bundles gives the same hash, so a plan shows no
spurious function update.

    python3 scripts/terraform/package.py                    # → dist/packages/
    python3 scripts/terraform/package.py --out DIR --placeholder-missing   # tests only
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAMBDAS = ("sqs-processor", "firehose-transform", "dlq-archiver", "circuit-breaker", "checkpoints")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
PLACEHOLDER = "// placeholder written by scripts/terraform/package.py --placeholder-missing (tests only)\nexport const handler = async () => { throw new Error('placeholder bundle'); };\n"


def _write_zip(target: Path, entries: dict[str, bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    tmp.replace(target)


def _files(folder: Path, skip_suffixes: tuple[str, ...]) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(skip_suffixes) and "__pycache__" not in path.parts
    }


def package(out: Path, placeholder_missing: bool) -> list[str]:
    placeholders = []
    for name in LAMBDAS:
        bundle_dir = ROOT / "dist" / "lambdas" / name
        entries = _files(bundle_dir, (".map",)) if bundle_dir.is_dir() else {}
        if not any(entry in entries for entry in ("index.mjs", "index.js")):
            if not placeholder_missing:
                raise SystemExit(f"package.py: {bundle_dir}/index.mjs is missing: run `node scripts/build.mjs` first")
            entries = {"index.mjs": PLACEHOLDER.encode()}
            placeholders.append(name)
        _write_zip(out / "lambdas" / f"{name}.zip", entries)
    glue_package = ROOT / "glue-jobs" / "lean_ops_glue"
    if not glue_package.is_dir():
        raise SystemExit(f"package.py: {glue_package} is missing")
    package_files = {f"lean_ops_glue/{name}": data for name, data in _files(glue_package, (".pyc",)).items()}
    _write_zip(out / "glue" / "lean_ops_glue.zip", package_files)
    return placeholders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "packages")
    parser.add_argument(
        "--placeholder-missing",
        action="store_true",
        help="tests only: zip a stub for a bundle that is not built yet (refused for the repo's dist/)",
    )
    args = parser.parse_args()
    out = args.out.resolve()
    if args.placeholder_missing and out.is_relative_to(ROOT / "dist"):
        parser.error("--placeholder-missing must write outside the repository's dist/")
    placeholders = package(out, args.placeholder_missing)
    if placeholders:
        print(f"package.py: placeholder bundles for {', '.join(placeholders)}", file=sys.stderr)
    print(f"package.py: wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
