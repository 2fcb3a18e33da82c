"""Checks what scripts/check-tracing's fake collector received (fake_otlp_receiver.py's JSON).

Two RecommendForImage calls were made: one through the HTTP bridge with a caller's traceparent
(CALLER_TRACE, CALLER_SPAN), one straight to the gateway with none. Each must be ONE trace whose
spans come from every process on its path, with every parent link pointing at a span of the
same trace (the bridge's span at the caller's), and the expected parent/child chain:
bridge -> gateway call -> {queue wait, dispatch} -> worker call -> stages.
  python check_tracing.py SPANS_JSON CALLER_TRACE CALLER_SPAN
"""
import json
import sys

GATEWAY, EMOTION, RECOMMENDER, BRIDGE = ("moodmusic-gateway", "moodmusic-worker-emotion",
                                         "moodmusic-worker-recommender", "moodmusic-http-gateway")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def one(spans, service, name):
    found = [s for s in spans if s["service"] == service and s["name"] == name]
    check(len(found) == 1, f"expected one {service} span {name!r}, found {len(found)}")
    return found[0] if found else None


def check_trace(label, spans, root_parent, expect_bridge):
    by_id = {s["span_id"]: s for s in spans}
    check(len(by_id) == len(spans), f"{label}: span ids repeat")
    services = {s["service"] for s in spans}
    wanted = {GATEWAY, EMOTION, RECOMMENDER} | ({BRIDGE} if expect_bridge else set())
    check(services == wanted, f"{label}: spans from {sorted(services)}, expected {sorted(wanted)}")
    roots = [s for s in spans if s["parent_span_id"] not in by_id]
    check(len(roots) == 1 and roots[0]["parent_span_id"] == root_parent,
          f"{label}: spans whose parent is not in the trace: {[(r['service'], r['name'], r['parent_span_id']) for r in roots]}")

    def parent_of(span, parent, what):
        if span and parent:
            check(span["parent_span_id"] == parent["span_id"], f"{label}: {what} is not under {parent['name']} ({parent['service']})")

    call = one(spans, GATEWAY, "moodmusic.v1.MoodMusic/RecommendForImage")
    if expect_bridge:
        bridge = one(spans, BRIDGE, "POST /v1/recommendations:forImage")
        parent_of(call, bridge, "the gateway's call span")
    for method, service, worker_span, stages in [
        ("DetectEmotions", EMOTION, "moodmusic.v1.EmotionService/DetectEmotions", ["decode", "detect", "classify"]),
        ("Recommend", RECOMMENDER, "moodmusic.v1.RecommenderService/Recommend", ["rank"]),
    ]:
        parent_of(one(spans, GATEWAY, f"queue wait {method}"), call, f"queue wait {method}")
        dispatch = one(spans, GATEWAY, f"dispatch {method}")
        parent_of(dispatch, call, f"dispatch {method}")
        worker = one(spans, service, worker_span)
        parent_of(worker, dispatch, f"the {service} call span")
        for stage in stages:
            parent_of(one(spans, service, stage), worker, f"{service} stage {stage}")
    check(not any(s["error"] for s in spans), f"{label}: spans with an error status: {[s['name'] for s in spans if s['error']]}")


def main():
    path, caller_trace, caller_span = sys.argv[1:4]
    received = json.load(open(path))
    check(not received["rejected"], f"the collector rejected exports: {received['rejected']}")
    spans = received["spans"]
    traces = {}
    for span in spans:
        traces.setdefault(span["trace_id"], []).append(span)
    check(caller_trace in traces, f"no span in the caller's trace {caller_trace}; traces: {sorted(traces)}")
    if caller_trace in traces:
        check_trace("through the bridge", traces[caller_trace], caller_span, expect_bridge=True)
    others = {t: s for t, s in traces.items() if t != caller_trace}
    if check(len(others) == 1, f"expected one more trace (the direct call), found {len(others)}"):
        check_trace("straight to the gateway", next(iter(others.values())), "", expect_bridge=False)
    print(f"{len(spans)} spans in {len(traces)} traces from {len({s['service'] for s in spans})} services")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)


main()
