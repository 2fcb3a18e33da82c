#!/usr/bin/env python3
"""Frame fuzzer for a running gateway (issue L): malformed and mutated messages on both ports.

    fuzz_frames.py FRONTEND BACKEND [--count 10000] [--seed 1]     (count: messages per port)

Client port: each message is sent alone and must get exactly one MMC1 response within a second
(the protocol answers every message that reaches the gateway). Mutants that happen to be valid
calls with wait_for_ready to a service without a worker may rightly wait for their deadline; they
are not sent, and counted. Worker port: mutated MMW2 and MMW1 commands from several identities; the
gateway drops or answers DISCONNECT, and must keep serving. Afterwards a valid call must work.
Prints the counts; exits 1 on any unanswered client message or a failed final call.
"""
import argparse, os, random, sys, time  # noqa: E401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
import zmq  # noqa: E402
from google.protobuf.message import DecodeError  # noqa: E402
from moodmusic.envelope import decode_response, encode_request  # noqa: E402
from moodmusic.proto import diagnostics_pb2, wire_pb2  # noqa: E402

METHODS = ["/moodmusic.v1.Diagnostics/Echo", "/moodmusic.v1.EmotionService/DetectEmotions",
           "/moodmusic.v1.RecommenderService/Recommend", "/moodmusic.v1.MoodMusic/RecommendForImage",
           "/moodmusic.v1.Health/Check"]
WORKER_SERVED = {"/moodmusic.v1.Diagnostics/Echo", "/moodmusic.v1.Health/Check"}


def mutate_bytes(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[rng.randrange(len(data) + 1):rng.randrange(len(data) + 1)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
        elif op == 2 and data:
            del data[rng.randrange(len(data)):]
        elif op == 3:
            data += b"\xff" * rng.randint(1, 11)  # runaway varints
        else:
            data = bytearray(rng.randbytes(rng.randint(0, 40)))
    return bytes(data)


def client_mutant(rng):
    method = rng.choice(METHODS + ["/x/y", "nope", "/moodmusic.v1.Nope/Call", "\u00e9" * 3])
    body = diagnostics_pb2.EchoRequest(payload=rng.randbytes(rng.randint(0, 64)), delay_ms=rng.choice([0, 0, 1])).SerializeToString()
    frames = encode_request(method, body, request_id=rng.getrandbits(64), timeout_ms=rng.choice([0, 50, 500]),
                            wait_for_ready=rng.random() < 0.3)
    kind = rng.randrange(6)
    if kind == 0:
        frames = frames[:rng.randrange(len(frames))] + [rng.randbytes(rng.randint(0, 8)) for _ in range(rng.randint(0, 3))]
    elif kind in (1, 2, 3):
        i = rng.randrange(len(frames))
        frames[i] = mutate_bytes(rng, frames[i])
    elif kind == 4:
        frames[2] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 30)))
    else:
        frames = [rng.randbytes(rng.randint(0, 16)) for _ in range(rng.randint(0, 9))]
    return frames or [b""]


def may_wait(frames):
    """A valid call with wait_for_ready to a service that has no worker here waits for its deadline."""
    if len(frames) != 5 or frames[0] != b"" or frames[1] != b"MMC1":
        return False
    try:
        header = wire_pb2.RequestHeader.FromString(frames[3])
    except DecodeError:
        return False
    return header.wait_for_ready and frames[2].decode("utf-8", "replace") not in WORKER_SERVED


def worker_mutant(rng):
    if rng.random() < 0.5:
        # MMW2: the command and its fields in frame 0, maybe a payload frame.
        base = [b"MMW2" + bytes([rng.randint(0, 7)]) + rng.randbytes(rng.randint(0, 40))]
        base += [rng.randbytes(rng.randint(0, 20)) for _ in range(rng.randint(0, 2))]
    else:
        base = [b"MMW1", bytes([rng.randint(0, 7)])]
        base += [rng.randbytes(rng.randint(0, 20)) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.3:
        base[0] = mutate_bytes(rng, base[0])
    return base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("frontend")
    ap.add_argument("backend")
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ctx = zmq.Context()
    client = ctx.socket(zmq.DEALER)
    client.setsockopt(zmq.LINGER, 0)
    client.connect(args.frontend)
    workers = [ctx.socket(zmq.DEALER) for _ in range(4)]
    for w in workers:
        w.setsockopt(zmq.LINGER, 0)
        w.connect(args.backend)

    sent = answered = skipped = unanswered = 0
    started = time.monotonic()
    while sent < args.count:
        frames = client_mutant(rng)
        if may_wait(frames):
            skipped += 1
            continue
        client.send_multipart(frames)
        sent += 1
        if client.poll(1000):
            decode_response(client.recv_multipart())
            answered += 1
        else:
            unanswered += 1
    for i in range(args.count):
        workers[i % len(workers)].send_multipart(worker_mutant(rng))
    time.sleep(0.5)
    for w in workers:
        while w.poll(0):
            w.recv_multipart()
        w.close()

    body = diagnostics_pb2.EchoRequest(payload=b"after the storm").SerializeToString()
    client.send_multipart(encode_request(METHODS[0], body, request_id=1, timeout_ms=5000, wait_for_ready=True))
    final_ok = False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and client.poll(200):
        header, payload = decode_response(client.recv_multipart())
        if header.request_id == 1:
            final_ok = header.code == 0 and diagnostics_pb2.EchoResponse.FromString(payload).payload == b"after the storm"
            break
    client.close()
    ctx.term()
    print(f"frame fuzz (seed {args.seed}): client port {sent} sent, {answered} answered, {unanswered} unanswered, "
          f"{skipped} valid waiting calls not sent; worker port {args.count} sent; "
          f"valid call afterwards: {'OK' if final_ok else 'FAILED'}; {time.monotonic() - started:.1f} s")
    sys.exit(0 if unanswered == 0 and final_ok else 1)


if __name__ == "__main__":
    main()
