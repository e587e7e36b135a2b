"""Starts the local endpoint (scripts/local/local_endpoint.py) plus the gateway of moto_gateway.py
and writes the provider override that points Terraform at them.

    python local_stack.py serve --state-file F --override-dir DIR --parent-pid PID

writes DIR/local_endpoint_override.tf (provider endpoints, test credentials, local backend) and
then F = {"moto_url", "sqs_url", "gateway_url", "env"}, and runs until SIGTERM or the parent dies.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "local"))
sys.path.insert(0, str(HERE))

# ElasticMQ answers as account 000000000000; moto must agree so queue ARNs match (gap 3).
os.environ["MOTO_ACCOUNT_ID"] = "000000000000"

import moto_gateway  # noqa: E402
from local_endpoint import LocalEndpoint, process_alive  # noqa: E402

# Services whose calls need a bridge (moto_gateway.py); everything else goes straight to moto,
# and the gateway sends SQS calls on to ElasticMQ.
GATEWAY_SERVICES = ("cloudwatch", "sfn", "lambda", "sqs", "s3")
MOTO_SERVICES = ("dynamodb", "events", "firehose", "glue", "iam", "kms", "logs", "sns", "sts")

OVERRIDE = """# Written by tests/terraform/harness/local_stack.py: the local endpoint, never a real account.
terraform {{
  backend "local" {{}}
}}

provider "aws" {{
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  # Knowing the account makes the provider tag buckets through S3 Control at
  # <account>.<endpoint host>, which cannot resolve locally; without it Glue needs an explicit
  # catalog_id, which CATALOG_OVERRIDE below supplies.
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  max_retries                 = 2

  endpoints {{
{endpoints}
  }}
}}
"""


# Gap 5 (LOCAL-EMULATOR.md): with skip_requesting_account_id the provider has no account for
# Glue's CatalogId. In AWS the provider fills it in; here it is set by an override file copied
# into the temporary copy of modules/catalog (never into the repository).
CATALOG_OVERRIDE = """# Written by tests/terraform/harness/local_stack.py (test copy only).
resource "aws_glue_catalog_database" "this" {
  catalog_id = "000000000000"
}

resource "aws_glue_catalog_table" "raw" {
  catalog_id = "000000000000"
}
"""


def render_override(moto_url: str, sqs_url: str, gateway_url: str) -> str:
    targets = {service: moto_url for service in MOTO_SERVICES}
    targets.update({service: gateway_url for service in GATEWAY_SERVICES})
    lines = [f'    {service:<10} = "{url}"' for service, url in sorted(targets.items())]
    return OVERRIDE.format(endpoints="\n".join(lines))


def start_gateway(moto_url: str, sqs_url: str) -> str:
    moto_gateway.Gateway.moto_url = moto_url
    moto_gateway.Gateway.sqs_url = sqs_url
    server = moto_gateway._Server(("127.0.0.1", 0), moto_gateway.Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def serve(state_file: Path, override_dir: Path, parent_pid: int | None) -> int:
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    endpoint = LocalEndpoint.start()
    try:
        gateway_url = start_gateway(endpoint.moto_url, endpoint.sqs_url)
        catalog_module = override_dir / "modules" / "catalog"
        if catalog_module.is_dir():
            (catalog_module / "local_endpoint_override.tf").write_text(CATALOG_OVERRIDE)
        (override_dir / "local_endpoint_override.tf").write_text(
            render_override(endpoint.moto_url, endpoint.sqs_url, gateway_url)
        )
        state = {"moto_url": endpoint.moto_url, "sqs_url": endpoint.sqs_url, "gateway_url": gateway_url, "env": endpoint.env()}
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(state_file)
        while not stopping.wait(0.5):
            if parent_pid is not None and not process_alive(parent_pid):
                break
    finally:
        endpoint.stop()
    return 0



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve")
    serve_cmd.add_argument("--state-file", type=Path, required=True)
    serve_cmd.add_argument("--override-dir", type=Path, required=True)
    serve_cmd.add_argument("--parent-pid", type=int)
    args = parser.parse_args()
    return serve(args.state_file, args.override_dir, args.parent_pid)


if __name__ == "__main__":
    sys.exit(main())
