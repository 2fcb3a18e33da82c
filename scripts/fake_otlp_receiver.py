"""A fake OTLP/HTTP collector on loopback for scripts/check-tracing.

Accepts POST /v1/traces (protobuf ExportTraceServiceRequest, gzip or plain), decodes it with the
opentelemetry-proto package and, after every request, rewrites OUT as JSON: one object per span
with its service, names and hex ids. Anything it cannot decode is answered 400 and counted in
OUT's "rejected", so a malformed export fails the check instead of vanishing.
  python fake_otlp_receiver.py PORT OUT
"""
import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

PORT, OUT = int(sys.argv[1]), sys.argv[2]
spans = []
rejected = []
lock = threading.Lock()


def flatten(request):
    for resource_spans in request.resource_spans:
        attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield {
                    "service": attributes.get("service.name", ""),
                    "name": span.name,
                    "trace_id": span.trace_id.hex(),
                    "span_id": span.span_id.hex(),
                    "parent_span_id": span.parent_span_id.hex(),
                    "start_ns": span.start_time_unix_nano,
                    "end_ns": span.end_time_unix_nano,
                    "error": span.status.code == 2,
                    "attributes": {a.key: a.value.string_value for a in span.attributes},
                }


def save():
    with open(OUT + ".tmp", "w") as file:
        json.dump({"spans": spans, "rejected": rejected}, file, indent=1)
    import os
    os.replace(OUT + ".tmp", OUT)


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            if self.path != "/v1/traces":
                raise ValueError(f"unexpected path {self.path}")
            if self.headers.get("Content-Encoding", "") == "gzip":
                body = gzip.decompress(body)
            if "protobuf" not in self.headers.get("Content-Type", ""):
                raise ValueError(f"unexpected content type {self.headers.get('Content-Type')}")
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            decoded = list(flatten(request))
        except Exception as error:  # noqa: BLE001 - every failure is reported in OUT
            with lock:
                rejected.append(str(error))
                save()
            self.send_response(400)
            self.end_headers()
            return
        with lock:
            spans.extend(decoded)
            save()
        reply = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


with lock:
    save()
ThreadingHTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
