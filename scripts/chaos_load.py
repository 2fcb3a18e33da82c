#!/usr/bin/env python3
"""Steady load for the chaos test: detect and recommend calls, counting every outcome.

    chaos_load.py FRONTEND IMAGE SECONDS OUT.json

Keeps 4 calls in flight (alternating DetectEmotions and Recommend) for SECONDS, then waits for
every call to finish. Each call ends with a status or, if the gateway never answers, as
unanswered (the client gives up 5 s after the deadline). Writes counts and the times of
failures to OUT.json.
"""
import json, os, sys, time  # noqa: E401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
import moodmusic  # noqa: E402


def main():
    frontend, image, seconds, out = sys.argv[1], open(sys.argv[2], "rb").read(), float(sys.argv[3]), sys.argv[4]
    client = moodmusic.Client(frontend, timeout=10.0, grace=5.0)
    counts, failures, start = {}, [], time.monotonic()
    in_flight = []
    i = 0
    while time.monotonic() - start < seconds or in_flight:
        while len(in_flight) < 4 and time.monotonic() - start < seconds:
            if i % 2 == 0:
                call = client.submit("/moodmusic.v1.EmotionService/DetectEmotions",
                                     moodmusic.emotion_pb2.DetectEmotionsRequest(image=image), wait_for_ready=True)
            else:
                call = client.submit("/moodmusic.v1.RecommenderService/Recommend",
                                     moodmusic.recommender_pb2.RecommendRequest(emotion=moodmusic.emotion_pb2.EMOTION_HAPPY), wait_for_ready=True)
            in_flight.append(call)
            i += 1
        done = [c for c in in_flight if c.done()]
        for call in done:
            in_flight.remove(call)
            error = call.exception()
            name = "OK" if error is None else (error.code.name if hasattr(error, "code") else type(error).__name__)
            if error is not None and "no response from the gateway" in str(error):
                name = "UNANSWERED"  # the client gave up: the gateway never answered
            counts[name] = counts.get(name, 0) + 1
            if error is not None:
                failures.append({"at_s": round(time.monotonic() - start, 2), "status": name, "message": str(error)[:160]})
        if not done:
            time.sleep(0.005)
    client.close()
    json.dump({"calls": i, "counts": counts, "failures": failures}, open(out, "w"), indent=1)
    print(json.dumps({"calls": i, "counts": counts}))


if __name__ == "__main__":
    main()
