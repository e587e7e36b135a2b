"""The local AWS endpoint: ElasticMQ for SQS and moto in server mode for every other service.

This is the one place that starts, configures and stops the local endpoint for tests and for
`make run` (docs/local-endpoint.md). Both servers bind 127.0.0.1 on free ports and die with the
process that started them (PR_SET_PDEATHSIG), so a crashed test run leaves nothing behind.

Library use (pytest fixtures, the local run):

    with LocalEndpoint.start() as endpoint:
        os.environ.update(endpoint.env())

Process use (the jest harness spawns this and reads the state file):

    python scripts/local/local_endpoint.py serve --state-file /tmp/endpoint.json
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ELASTICMQ_LIB = ROOT / ".tools" / "elasticmq" / "lib"
REGION = "us-east-1"
ACCOUNT_ID = "000000000000"
READY_TIMEOUT_S = 60.0

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGTERM when the starter dies."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until(check, what: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}; log: {log_path.read_text()[-2000:]}")
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {READY_TIMEOUT_S}s; log: {log_path}")


def _http_ok(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bool:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500


def _elasticmq_config(port: int) -> str:
    return f"""include classpath("application.conf")
node-address {{
  protocol = http
  host = 127.0.0.1
  port = {port}
  context-path = ""
}}
rest-sqs {{
  enabled = true
  bind-port = {port}
  bind-hostname = "127.0.0.1"
  sqs-limits = strict
}}
rest-stats.enabled = false
aws {{
  region = "{REGION}"
  accountId = "{ACCOUNT_ID}"
}}
"""


@dataclass
class LocalEndpoint:
    """A running moto server and ElasticMQ server; `stop()` ends both."""

    moto_url: str
    sqs_url: str
    workdir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    def start(cls, *, elasticmq_heap: str = "1g", workdir: Path | None = None) -> "LocalEndpoint":
        workdir = Path(workdir or tempfile.mkdtemp(prefix="lean-ops-endpoint-"))
        workdir.mkdir(parents=True, exist_ok=True)
        if not ELASTICMQ_LIB.is_dir():
            raise FileNotFoundError(f"{ELASTICMQ_LIB} is missing: run `make deps` first")
        moto_port, sqs_port = free_port(), free_port()
        endpoint = cls(f"http://127.0.0.1:{moto_port}", f"http://127.0.0.1:{sqs_port}", workdir)
        try:
            endpoint._start_elasticmq(sqs_port, elasticmq_heap)
            endpoint._start_moto(moto_port)
            endpoint._wait_ready()
        except BaseException:
            endpoint.stop()
            raise
        return endpoint

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen, Path]:
        log_path = self.workdir / f"{name}.log"
        log = log_path.open("wb")
        proc = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent,
        )
        self.processes.append(proc)
        return proc, log_path

    def _start_moto(self, port: int) -> None:
        moto_server = Path(sys.executable).with_name("moto_server")
        # every moto ARN and STS GetCallerIdentity answer the local account, as one AWS account would
        env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true", "MOTO_ACCOUNT_ID": ACCOUNT_ID}
        self._moto = self._spawn("moto", [str(moto_server), "-H", "127.0.0.1", "-p", str(port)], env)

    def _start_elasticmq(self, port: int, heap: str) -> None:
        config = self.workdir / "elasticmq.conf"
        config.write_text(_elasticmq_config(port))
        # C1 only starts fastest (tests, make run); a soak of hours gains from the full JIT.
        full_jit = os.environ.get("LEAN_OPS_ELASTICMQ_FULL_JIT") == "1"
        jit_flags = [] if full_jit else ["-XX:TieredStopAtLevel=1"]
        argv = [
            "java",
            f"-Xmx{heap}",
            "-XX:+UseSerialGC",
            *jit_flags,
            f"-Dconfig.file={config}",
            "-cp",
            f"{ELASTICMQ_LIB}/*",
            "org.elasticmq.server.Main",
        ]
        self._elasticmq = self._spawn("elasticmq", argv)

    def _wait_ready(self) -> None:
        # Both servers boot in parallel (the JVM takes longest); then each must answer.
        proc, log_path = self._moto
        _wait_until(lambda: _http_ok(f"{self.moto_url}/moto-api/data.json"), "moto server", proc, log_path)
        list_queues = json.dumps({}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"}
        proc, log_path = self._elasticmq
        _wait_until(lambda: _http_ok(self.sqs_url, list_queues, headers), "ElasticMQ", proc, log_path)

    def env(self) -> dict[str, str]:
        """Environment that routes every AWS SDK (JS v3, boto3) to this endpoint."""
        return {
            "AWS_ENDPOINT_URL": self.moto_url,
            "AWS_ENDPOINT_URL_SQS": self.sqs_url,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.processes.clear()

    def __enter__(self) -> "LocalEndpoint":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _serve(state_file: Path, parent_pid: int | None) -> int:
    stopping = False

    def request_stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    endpoint = LocalEndpoint.start()
    try:
        state = {"pid": os.getpid(), "env": endpoint.env(), "workdir": str(endpoint.workdir)}
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(state_file)
        while not stopping:
            if parent_pid is not None and not process_alive(parent_pid):
                break
            time.sleep(0.5)
    finally:
        endpoint.stop()
        state_file.unlink(missing_ok=True)
    return 0


def process_alive(pid: int) -> bool:
    """Whether a process with this id still exists (signal 0 checks without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start both servers and run until SIGTERM")
    serve.add_argument("--state-file", type=Path, required=True, help="JSON written once ready")
    serve.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    args = parser.parse_args(argv)
    return _serve(args.state_file, args.parent_pid)


if __name__ == "__main__":
    sys.exit(main())
