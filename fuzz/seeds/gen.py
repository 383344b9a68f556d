#!/usr/bin/env python3
"""Write the seed inputs for the fuzz targets (seeds/<target>/*), in the
operation format the targets document at their top. Run from fuzz/."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    out = bytearray()
    for _ in range(4):
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            break
    return bytes(out)


def prop(name, value):
    return bytes([len(name)]) + name + struct.pack(">I", len(value)) + value


def command(name, data=b""):
    body = bytes([len(name)]) + name + data
    assert len(body) <= 255
    return bytes([4, len(body)]) + body


def greeting():
    g = bytearray(64)
    g[0] = 0xFF
    g[8] = 1
    g[9] = 0x7F
    g[10] = 3
    g[11] = 1
    g[12:16] = b"NULL"
    return bytes(g)


def peer_prefix(peer):
    props = prop(b"Socket-Type", peer)
    if peer in (b"DEALER", b"REQ", b"ROUTER"):
        props += prop(b"Identity", b"")
    return greeting() + command(b"READY", props)


def frame(body, more=False, long=False):
    flags = (1 if more else 0) | (2 if long or len(body) > 255 else 0)
    if flags & 2:
        return bytes([flags]) + struct.pack(">Q", len(body)) + body
    return bytes([flags, len(body)]) + body


# engine ops
def feed(data, chunk=0):
    return bytes([0]) + varint(len(data)) + bytes([chunk]) + data


def header(selector, arg=b"", more=False, command=False, long=False, one_byte=False):
    flags = (selector << 4) | (1 if more else 0) | (2 if long else 0) | (4 if command else 0) | (0 if one_byte else 8)
    return bytes([1, flags]) + arg


def fill(n, byte, chunk256):
    return bytes([2]) + struct.pack("<H", n) + bytes([byte, chunk256])


def sink(mode, n, per_read_kib=63, data=b""):
    return bytes([3, mode]) + varint(n) + bytes([per_read_kib]) + data


def tick(ms8):
    return bytes([4, ms8])


def send(msgs):
    """msgs: up to 4 (class, arg) pairs."""
    out = bytes([5, len(msgs) - 1])
    for c, a in msgs:
        out += bytes([c, a])
    return out


def write(limit_byte, w):
    return bytes([6, limit_byte]) + varint(w)


def ping(ttl, ctx):
    return bytes([7]) + struct.pack("<H", ttl) + bytes([len(ctx)]) + ctx


# byte 0 = socket type index (0 DEALER, 2 PAIR, 3 PUSH, 4 PULL ...),
# byte 1 = bit0 prefix, bit1 heartbeat, bits2-3 maxmsgsize, bit4 handshake ivl
ENGINE = {
    # DEALER, handshake bytes fed by the input itself (ROUTER peer), 7-byte reads.
    "handshake": bytes([0, 0x10]) + feed(peer_prefix(b"ROUTER"), 7) + write(0, 0),
    # PAIR with the prefix, messages both ways (small, 33/34, 255/256,
    # 32 KiB +- a few), partial writes.
    "handshake_messages": bytes([2, 0x01 | 0x10])
    + send([(0, 5), (1, 2), (2 | 8, 3), (3, 4)])
    + write(3, 100)
    + feed(frame(b"hello", more=True) + frame(b"x" * 34) + frame(b"y" * 300, more=True) + frame(b"z", long=True), 3)
    + write(0, 0)
    + send([(4, 1), (5, 40)])
    + write(200, 1000)
    + write(0, 0),
    # PULL, unlimited size: a data frame claiming 1 GiB, 16 KiB of it fed,
    # then direct reads of 1 MiB.
    "claim_1gib": bytes([4, 0x01])
    + header(2)
    + fill(16384, 0xAB, 16)
    + sink(0, 1 << 16, 255)
    + sink(1, 40, 0, b"\x01" * 40),
    # DEALER, maxmsgsize 40000: a 40000-byte frame through handle_input and
    # the sink, then one byte over the limit.
    "large_body_at_limit": bytes([0, 0x01 | 0x0C])
    + header(1, struct.pack("<H", 40000))
    + fill(9600, 0x11, 4)
    + sink(0, 2000, 3)
    + fill(5824, 0x11, 1)
    + header(5),
    # PAIR with heartbeats: output filled with large messages, then a PING
    # flood, time passing, then the output drained.
    "ping_flood": bytes([2, 0x01 | 0x02])
    + send([(4, 255), (4, 255)])
    + b"".join(ping(i, bytes([i]) * (i % 20)) for i in range(40))
    + tick(13)
    + write(5, 7)
    + tick(13)
    + write(0, 0)
    + tick(50),
    # PAIR: the commands a peer may send in traffic (SUBSCRIBE, CANCEL, an
    # unknown one, a second READY, PONG), then ERROR.
    "commands": bytes([2, 0x01])
    + feed(command(b"SUBSCRIBE", b"topic") + command(b"CANCEL", b"topic")
           + command(b"HELLO", b"x") + command(b"READY") + command(b"PONG"), 5)
    + feed(command(b"ERROR", bytes([6]) + b"denied"), 0),
    # REQ: a greeting of the wrong mechanism.
    "bad_mechanism": bytes([5, 0]) + feed(greeting()[:12] + b"PLAIN" + greeting()[17:], 0),
}

ROUNDTRIP = {
    "mixed_sizes": bytes([2])
    + bytes([0, 7, 0, 1, 1, 5, 2, 3, 3 | 8, 3, 4, 9, 5, 40, 6, 4, 0, 0])
    + bytes([1, 3]) + varint(9)
    + bytes([2]) + varint(50) + bytes([6])
    + bytes([3]) + varint(3000)
    + bytes([1, 0, 0])
    + bytes([3]) + varint(100000),
    "large_chunked": bytes([0])
    + bytes([0, 3, 5, 200, 5, 100, 4, 50, 3, 3])
    + b"".join(bytes([1, 0x1F]) + varint(300) + bytes([2]) + varint(500) + bytes([200]) + bytes([3]) + varint(700) for _ in range(8)),
}

for target, seeds in (("engine", ENGINE), ("decoder_roundtrip", ROUNDTRIP)):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        print(f"{target}/{name}: {len(data)} bytes")
