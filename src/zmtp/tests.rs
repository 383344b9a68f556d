//! The engine driven against itself and against hand-made bytes.

use super::mechanism::Null;
use super::*;
use crate::msg::Msg;
use std::io::IoSlice;
use std::time::{Duration, Instant};
use transmit::MAX_SLICES;

fn cfg(t: i32) -> Config {
    Config {
        socket_type: t,
        maxmsgsize: -1,
        handshake_ivl: Some(Duration::from_secs(30)),
        heartbeat_ivl: None,
        heartbeat_ttl_ds: 0,
        heartbeat_timeout: None,
    }
}

fn engine(c: Config, now: Instant) -> Engine {
    let props = our_properties(c.socket_type, b"me");
    Engine::new(c, Box::new(Null::new(props, false)), now)
}

/// Everything the engine has queued, marked written.
fn drain(e: &mut Engine) -> Vec<u8> {
    let bytes = pending(e);
    e.advance(bytes.len());
    bytes
}

/// What the engine has queued, left queued.
fn pending(e: &Engine) -> Vec<u8> {
    let mut v = [IoSlice::new(&[]); MAX_SLICES];
    let n = e.slices(&mut v, usize::MAX);
    v[..n].iter().flat_map(|s| s.iter().copied()).collect()
}

/// Feed all of `data`; the events it produced, or the first error.
fn feed(e: &mut Engine, data: &[u8], now: Instant) -> Result<Vec<Event>, ProtoError> {
    let mut evs = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let (n, ev) = e.handle_input(&data[pos..], now)?;
        pos += n;
        evs.extend(ev);
    }
    Ok(evs)
}

/// Run two engines against each other until both are ready.
fn pair(a: i32, b: i32) -> (Engine, Engine, Result<(), ProtoError>) {
    let now = Instant::now();
    let mut x = engine(cfg(a), now);
    let mut y = engine(cfg(b), now);
    for _ in 0..4 {
        let xo = drain(&mut x);
        let yo = drain(&mut y);
        if let Err(e) = feed(&mut y, &xo, now).and(feed(&mut x, &yo, now)) {
            return (x, y, Err(e));
        }
    }
    (x, y, Ok(()))
}

#[test]
fn handshake_compatible() {
    let (x, y, r) = pair(ZMQ_DEALER, ZMQ_ROUTER);
    assert!(r.is_ok());
    assert_eq!(x.phase(), Phase::Traffic);
    assert_eq!(y.phase(), Phase::Traffic);
}

/// Our greeting goes out in libzmq's stages: the 10-byte signature at
/// once, the major version after the peer's signature, the rest after the
/// peer's major version; READY only after the peer's whole greeting.
#[test]
fn greeting_sent_in_stages() {
    let now = Instant::now();
    let mut x = engine(cfg(ZMQ_DEALER), now);
    let ours = greeting::ours("NULL", false);
    assert_eq!(drain(&mut x), ours[..10]);
    let peer = greeting::ours("NULL", false);
    for b in &peer[..9] {
        feed(&mut x, &[*b], now).unwrap();
        assert!(
            drain(&mut x).is_empty(),
            "nothing before the peer's signature"
        );
    }
    feed(&mut x, &peer[9..10], now).unwrap();
    assert_eq!(drain(&mut x), [3]);
    feed(&mut x, &peer[10..11], now).unwrap();
    assert_eq!(drain(&mut x), ours[11..]);
    feed(&mut x, &peer[11..63], now).unwrap();
    assert!(
        drain(&mut x).is_empty(),
        "READY waits for the whole greeting"
    );
    feed(&mut x, &peer[63..], now).unwrap();
    assert_eq!(x.phase(), Phase::Handshake);
    let ready = drain(&mut x);
    assert!(ready.windows(5).any(|w| w == b"READY"));
    // All at once: all of it, in order, then READY.
    let mut y = engine(cfg(ZMQ_DEALER), now);
    feed(&mut y, &peer, now).unwrap();
    let out = drain(&mut y);
    assert_eq!(out[..64], ours);
    // A peer that is not ZMTP 3 gets the signature only.
    let mut z = engine(cfg(ZMQ_DEALER), now);
    drain(&mut z);
    let mut old = peer;
    old[10] = 1;
    assert!(feed(&mut z, &old[..11], now).is_err());
    assert!(drain(&mut z).is_empty());
}

#[test]
fn handshake_incompatible() {
    let (_, _, r) = pair(ZMQ_PUSH, ZMQ_PUSH);
    assert_eq!(r, Err(ProtoError::IncompatibleSocketType));
}

#[test]
fn garbage_greeting_rejected_at_once() {
    let mut x = engine(cfg(ZMQ_PAIR), Instant::now());
    assert_eq!(
        x.handle_input(b"GET / HTTP/1.1\r\n", Instant::now())
            .unwrap_err(),
        ProtoError::BadGreeting
    );
}

#[test]
fn messages_both_ways_with_large_bodies() {
    let (mut x, mut y, _) = pair(ZMQ_PAIR, ZMQ_PAIR);
    let sizes = [0usize, 5, 40, 300, 70_000, 1 << 20];
    for (i, &s) in sizes.iter().enumerate() {
        assert!(x.wants_messages() || i > 0);
        let mut m = Msg::from_slice(&vec![i as u8; s]);
        m.set_more(i + 1 < sizes.len());
        x.send(m);
    }
    let wire = drain(&mut x);
    let got: Vec<Msg> = feed(&mut y, &wire, Instant::now())
        .unwrap()
        .into_iter()
        .map(|e| match e {
            Event::Message(m) => m,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(got.len(), sizes.len());
    for (i, m) in got.iter().enumerate() {
        assert_eq!(m.len(), sizes[i]);
        assert!(m.data().iter().all(|&b| b == i as u8));
    }
}

/// Hostile input never panics: random bytes, and random bytes after a
/// valid greeting and READY, in random chunk sizes.
#[test]
fn random_input_never_panics() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let now = Instant::now();
    for round in 0..2000 {
        let mut z = engine(cfg(ZMQ_DEALER), now);
        let mut wire = Vec::new();
        if round % 2 == 0 {
            wire.extend_from_slice(&greeting::ours("NULL", false));
            let mut props = Vec::new();
            metadata::encode_property(&mut props, "Socket-Type", b"ROUTER");
            frame::encode_command(&mut wire, "READY", &props);
        }
        let n = (next() % 512) as usize;
        wire.extend((0..n).map(|_| next() as u8));
        let mut pos = 0;
        while pos < wire.len() {
            let end = (pos + 1 + (next() % 64) as usize).min(wire.len());
            match z.handle_input(&wire[pos..end], now) {
                Ok((k, _)) => pos += k,
                Err(_) => break,
            }
        }
    }
}

fn ping(ttl_ds: u16, context: &[u8]) -> Vec<u8> {
    let mut data = ttl_ds.to_be_bytes().to_vec();
    data.extend_from_slice(context);
    let mut buf = Vec::new();
    frame::encode_command(&mut buf, "PING", &data);
    buf
}

#[test]
fn ping_answered_with_pong_context_cut_to_16() {
    let (mut x, mut y, _) = pair(ZMQ_PAIR, ZMQ_PAIR);
    let ctx: Vec<u8> = (0..20).collect();
    assert!(feed(&mut x, &ping(10, &ctx), Instant::now())
        .unwrap()
        .is_empty());
    let out = drain(&mut x);
    let mut expect = Vec::new();
    frame::encode_command(&mut expect, "PONG", &ctx[..16]);
    assert_eq!(out, expect);
    assert!(feed(&mut y, &out, Instant::now()).unwrap().is_empty());
}

#[test]
fn ping_flood_with_full_output_owes_one_pong() {
    let (mut x, _, _) = pair(ZMQ_PAIR, ZMQ_PAIR);
    // Fill the output as if the peer stopped reading.
    while x.wants_messages() {
        x.send(Msg::from_slice(&[0; 1000]));
    }
    let before = pending(&x).len();
    let flood: Vec<u8> = (0..10_000u32)
        .flat_map(|i| ping(0, &i.to_be_bytes()))
        .collect();
    feed(&mut x, &flood, Instant::now()).unwrap();
    let after = pending(&x).len();
    assert_eq!(before, after, "no PONG queued while the output is full");
    // Once the output is written, the last PING's PONG follows, alone.
    drain(&mut x);
    let mut last = Vec::new();
    frame::encode_command(&mut last, "PONG", &9999u32.to_be_bytes());
    assert_eq!(drain(&mut x), last);
    assert!(drain(&mut x).is_empty(), "only one PONG owed");
}

#[test]
fn heartbeat_timers() {
    let now = Instant::now();
    let mut c = cfg(ZMQ_PAIR);
    c.heartbeat_ivl = Some(Duration::from_millis(100));
    c.heartbeat_ttl_ds = 5;
    c.heartbeat_timeout = Some(Duration::from_millis(300));
    let mut x = engine(c, now);
    let mut y = engine(cfg(ZMQ_PAIR), now);
    // Greetings (in stages) and READYs both ways.
    for _ in 0..4 {
        let (xo, yo) = (drain(&mut x), drain(&mut y));
        feed(&mut x, &yo, now).unwrap();
        feed(&mut y, &xo, now).unwrap();
    }
    assert_eq!(x.phase(), Phase::Traffic);
    drain(&mut x);
    assert_eq!(x.poll_timeout(), Some(now + Duration::from_millis(100)));
    let t1 = now + Duration::from_millis(100);
    x.handle_timeout(t1).unwrap();
    let mut expect = Vec::new();
    frame::encode_command(&mut expect, "PING", &5u16.to_be_bytes());
    assert_eq!(drain(&mut x), expect);
    // No traffic: the PONG deadline passes.
    assert_eq!(
        x.handle_timeout(t1 + Duration::from_millis(300)),
        Err(ProtoError::HeartbeatTimeout)
    );
}

#[test]
fn handshake_deadline() {
    let now = Instant::now();
    let mut x = engine(cfg(ZMQ_PAIR), now);
    assert_eq!(x.poll_timeout(), Some(now + Duration::from_secs(30)));
    assert_eq!(
        x.handle_timeout(now + Duration::from_secs(30)),
        Err(ProtoError::HandshakeTimeout)
    );
}
