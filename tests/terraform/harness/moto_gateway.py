"""The ONE place that bridges the local endpoint's gaps for `terraform plan/apply`.

Terraform's AWS provider talks to this gateway for the services listed in GATEWAY_SERVICES; the
gateway forwards to moto and fixes what moto (5.2.5) does not do like AWS. Every gap is measured
(../shared/LOCAL-EMULATOR.md, docs/deploy.md "Local verification") and none is bridged in the
modules:

1. CloudWatch: the provider speaks Smithy RPC v2 CBOR, moto only JSON/query. Requests are decoded
   and re-sent as JSON; responses are re-encoded as CBOR with the operation's output shape.
2. Step Functions: moto answers ValidateStateMachineDefinition with HTTP 500 and lacks
   ListStateMachineVersions; the provider retries both until timeout. Both are answered here
   (validation result OK: the ASL itself is checked by the orchestration tests).
3. Lambda event source mappings: moto accepts only queues from its own SQS, but SQS lives in
   ElasticMQ. Before forwarding CreateEventSourceMapping the gateway creates a same-named shadow
   queue in moto (both use account 000000000000, so the ARNs match).
4. SQS (ElasticMQ 1.7.1) accepts but does not return Policy, KmsMasterKeyId,
   KmsDataKeyReusePeriodSeconds, MessageRetentionPeriod and the like; the provider waits until
   what it reads equals what it set, for 3 minutes per queue. The gateway remembers the attributes
   each CreateQueue/SetQueueAttributes sent and adds the ones ElasticMQ leaves out of
   GetQueueAttributes answers (what ElasticMQ does return always wins).
5. S3 bucket policies: moto enforces a bucket policy's Deny statements without evaluating their
   conditions, so the TLS-only policy (Deny when aws:SecureTransport is false) denies every local
   PutObject, since the local endpoint is plain http. The gateway keeps bucket policies itself
   (Put/Get/DeleteBucketPolicy) and never hands them to moto.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import json
import socketserver
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import botocore.session
from botocore.parsers import BaseCBORParser, JSONParser
from botocore.serialize import RpcV2CBORSerializer

CLOUDWATCH_TARGET = "GraniteServiceVersion20100801"
CBOR_PATH_PREFIX = f"/service/{CLOUDWATCH_TARGET}/operation/"
SFN_STUBS = {
    "AWSStepFunctions.ValidateStateMachineDefinition": {"result": "OK", "diagnostics": [], "truncated": False},
    "AWSStepFunctions.ListStateMachineVersions": {"stateMachineVersions": []},
}
ESM_PATH = "/2015-03-31/event-source-mappings"
SQS_TARGET_PREFIX = "AmazonSQS."
HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "accept-encoding"}

_cloudwatch_model = botocore.session.get_session().get_service_model("cloudwatch")


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        raise TypeError("blob members are not used by the CloudWatch calls Terraform makes")
    raise TypeError(f"cannot encode {type(value)}")


def cbor_to_json(body: bytes) -> bytes:
    if not body:
        return b"{}"
    parser = BaseCBORParser()
    return json.dumps(parser.parse_data_item(parser.get_peekable_stream_from_bytes(body)), default=_json_default).encode()


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([(major << 5) | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([(major << 5) | info]) + length.to_bytes(size, "big")
    raise ValueError("length too large")


def cbor_error(code: str, message: str) -> bytes:
    """A Smithy RPC v2 error body: a map of `__type` and `message` text strings."""
    out = bytearray(_cbor_head(5, 2))
    for text in ("__type", code, "message", message):
        encoded = text.encode()
        out += _cbor_head(3, len(encoded)) + encoded
    return bytes(out)


def json_to_cbor(operation: str, status: int, body: bytes) -> bytes:
    if status >= 400:
        try:
            error = json.loads(body or b"{}")
        except ValueError:
            error = {}
        code = str(error.get("__type", "InternalFailure")).split("#")[-1]
        return cbor_error(code, str(error.get("message") or error.get("Message") or body[:200]))
    output_shape = _cloudwatch_model.operation_model(operation).output_shape
    if output_shape is None:
        return b""
    parsed = JSONParser().parse({"body": body or b"{}", "headers": {}, "status_code": status}, output_shape)
    parsed.pop("ResponseMetadata", None)
    serialized = bytearray()
    RpcV2CBORSerializer()._serialize_data_item(serialized, parsed, output_shape)
    return bytes(serialized)


class QueueAttributeMemory:
    """Attributes Terraform set per queue name, for the ones ElasticMQ does not echo (gap 4)."""

    def __init__(self) -> None:
        self._by_queue: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def queue_name(request: dict) -> str:
        return str(request.get("QueueName") or str(request.get("QueueUrl", "")).rstrip("/").split("/")[-1])

    def remember(self, request: dict) -> None:
        with self._lock:
            self._by_queue.setdefault(self.queue_name(request), {}).update(request.get("Attributes") or {})

    def complete(self, request: dict, answer: dict) -> dict:
        names = request.get("AttributeNames") or ["All"]
        with self._lock:
            remembered = dict(self._by_queue.get(self.queue_name(request), {}))
        attributes = answer.setdefault("Attributes", {})
        for name, value in remembered.items():
            if name not in attributes and ("All" in names or name in names):
                attributes[name] = value
        return answer


class BucketPolicyStore:
    """Bucket policies kept out of moto (gap 5)."""

    def __init__(self) -> None:
        self._by_bucket: dict[str, bytes] = {}
        self._lock = threading.Lock()

    @staticmethod
    def bucket_of(path: str) -> str | None:
        """Path-style `/<bucket>?policy` (value-less `policy` query) → bucket, else None."""
        route, _, query = path.partition("?")
        bucket = route.strip("/")
        if not bucket or "/" in bucket:
            return None
        return bucket if "policy" in [item.split("=")[0] for item in query.split("&")] else None

    def handle(self, method: str, bucket: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            if method == "PUT":
                self._by_bucket[bucket] = body
                return 204, {}, b""
            if method == "DELETE":
                self._by_bucket.pop(bucket, None)
                return 204, {}, b""
            if bucket in self._by_bucket:
                return 200, {"Content-Type": "application/json"}, self._by_bucket[bucket]
        error = b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>"
        return 404, {"Content-Type": "application/xml"}, error


class Gateway(http.server.BaseHTTPRequestHandler):
    moto_url = ""
    sqs_url = ""
    queue_attributes = QueueAttributeMemory()
    bucket_policies = BucketPolicyStore()
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:  # quiet: Terraform makes thousands of calls
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return bytes(chunks)
                chunks += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _forward(self, method: str, path: str, body: bytes, headers: dict[str, str], upstream: str | None = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request((upstream or self.moto_url) + path, data=body if method not in ("GET", "HEAD") or body else None, method=method)
        for name, value in headers.items():
            if name.lower() not in HOP_HEADERS:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in HOP_HEADERS and name.lower() not in ("date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        body = self._body()
        headers = dict(self.headers.items())
        target = headers.get("X-Amz-Target", "")
        if target in SFN_STUBS:
            self._reply(200, {"Content-Type": "application/x-amz-json-1.0"}, json.dumps(SFN_STUBS[target]).encode())
            return
        if self.path.startswith(CBOR_PATH_PREFIX):
            operation = self.path[len(CBOR_PATH_PREFIX):].split("?")[0]
            headers = {k: v for k, v in headers.items() if k.lower() not in ("smithy-protocol", "content-type", "accept")}
            headers.update({"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"{CLOUDWATCH_TARGET}.{operation}"})
            status, _, answer = self._forward("POST", "/", cbor_to_json(body), headers)
            reply_headers = {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}
            self._reply(status, reply_headers, json_to_cbor(operation, status, answer))
            return
        policy_bucket = self.bucket_policies.bucket_of(self.path) if "/s3/" in headers.get("Authorization", "") else None
        if policy_bucket and self.command in ("PUT", "GET", "DELETE"):
            self._reply(*self.bucket_policies.handle(self.command, policy_bucket, body))
            return
        if target.startswith(SQS_TARGET_PREFIX):
            self._sqs(target[len(SQS_TARGET_PREFIX):], body, headers)
            return
        if self.command == "POST" and self.path.rstrip("/").startswith(ESM_PATH):
            self._shadow_queue(json.loads(body or b"{}").get("EventSourceArn", ""), headers)
        self._reply(*self._forward(self.command, self.path, body, headers))

    def _sqs(self, operation: str, body: bytes, headers: dict[str, str]) -> None:
        request = json.loads(body or b"{}")
        if operation in ("CreateQueue", "SetQueueAttributes"):
            self.queue_attributes.remember(request)
        status, reply_headers, answer = self._forward(self.command, self.path, body, headers, self.sqs_url)
        if operation == "GetQueueAttributes" and status == 200:
            answer = json.dumps(self.queue_attributes.complete(request, json.loads(answer or b"{}"))).encode()
        self._reply(status, reply_headers, answer)

    def _shadow_queue(self, queue_arn: str, headers: dict[str, str]) -> None:
        if not queue_arn.startswith("arn:aws:sqs:"):
            return
        name = queue_arn.split(":")[-1]
        attributes = {"FifoQueue": "true"} if name.endswith(".fifo") else {}
        signed_for_sqs = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "AmazonSQS.CreateQueue",
            "Authorization": headers.get("Authorization", "").replace("/lambda/", "/sqs/"),
        }
        self._forward("POST", "/", json.dumps({"QueueName": name, "Attributes": attributes}).encode(), signed_for_sqs)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moto-url", required=True)
    parser.add_argument("--sqs-url", required=True)
    parser.add_argument("--port-file", type=Path, required=True)
    args = parser.parse_args()
    Gateway.moto_url = args.moto_url.rstrip("/")
    Gateway.sqs_url = args.sqs_url.rstrip("/")
    server = _Server(("127.0.0.1", 0), Gateway)
    args.port_file.write_text(str(server.server_address[1]))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
