#!/usr/bin/env python3
"""bench/tools/pubsub_fanout.py PORT [SUBSCRIBERS] [CHANNELS] [MESSAGES] — pub/sub fan-out load.

SUBSCRIBERS clients (default 200) each subscribe to all CHANNELS channels (default 3); one
publisher sends MESSAGES messages (default 20000, 32-byte payloads) round-robin over the channels,
pipelined in batches of 100. Prints one JSON line: messages delivered per second (from the first
PUBLISH to the last message read by the last subscriber), and whether every subscriber received
every message. Works against any Redis-compatible server on 127.0.0.1."""
import json
import selectors
import socket
import sys
import time


def resp(*words):
    out = b"*%d\r\n" % len(words)
    for w in words:
        out += b"$%d\r\n%s\r\n" % (len(w), w)
    return out


def main():
    port = int(sys.argv[1])
    subs_n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    chans_n = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    msgs = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    channels = [b"fanout:%d" % i for i in range(chans_n)]
    marker = b"$7\r\nmessage\r\n"
    sel = selectors.DefaultSelector()
    subs = []
    for _ in range(subs_n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(resp(b"SUBSCRIBE", *channels))
        subs.append(s)
    # Wait for every confirmation (the last one counts chans_n subscriptions).
    last = b":%d\r\n" % chans_n
    for s in subs:
        buf = b""
        while not buf.endswith(last):
            buf += s.recv(65536)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, {"got": 0, "tail": b""})
    pub = socket.create_connection(("127.0.0.1", port))
    payload = b"x" * 32
    start = time.monotonic()
    batch = 100
    sent = 0
    while sent < msgs:
        n = min(batch, msgs - sent)
        pub.sendall(b"".join(resp(b"PUBLISH", channels[(sent + i) % chans_n], payload) for i in range(n)))
        sent += n
        # Drain subscribers while publishing so socket buffers never decide the outcome.
        for key, _ in sel.select(timeout=0):
            data = key.fileobj.recv(1 << 20)
            st = key.data
            chunk = st["tail"] + data
            st["got"] += chunk.count(marker)
            st["tail"] = chunk[-(len(marker) - 1):]
    done = 0
    deadline = time.monotonic() + 60
    while done < subs_n and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            data = key.fileobj.recv(1 << 20)
            st = key.data
            if not data:
                sel.unregister(key.fileobj)
                continue
            chunk = st["tail"] + data
            st["got"] += chunk.count(marker)
            st["tail"] = chunk[-(len(marker) - 1):]
            if st["got"] == msgs:
                done += 1
    elapsed = time.monotonic() - start
    got = [sel.get_key(s).data["got"] if s in sel.get_map() else -1 for s in subs]
    delivered = sum(g for g in got if g > 0)
    print(json.dumps({"subscribers": subs_n, "channels": chans_n, "published": msgs, "delivered": delivered,
                      "all_delivered": all(g == msgs for g in got), "seconds": round(elapsed, 3),
                      "delivered_per_s": round(delivered / elapsed)}))


if __name__ == "__main__":
    main()
