//! ZMTP commands: a body of name length (1 byte), name, data.

use super::ProtoError;

/// The commands we act on; anything else is `Other` (ignored in traffic,
/// as libzmq does, so that protocol extensions don't break old peers).
#[derive(Debug, PartialEq, Eq)]
pub enum Command<'a> {
    Ready(&'a [u8]),
    Error(String),
    Ping { ttl_ds: u16, context: &'a [u8] },
    Pong,
    Subscribe(&'a [u8]),
    Cancel(&'a [u8]),
    Other,
}

/// The longest PING context a PONG echoes (ZMTP 3.1); a longer one is cut
/// to this, as libzmq does.
pub const MAX_PING_CONTEXT: usize = 16;

pub fn parse(body: &[u8]) -> Result<Command<'_>, ProtoError> {
    let n = *body.first().ok_or(ProtoError::MalformedCommand)? as usize;
    if n == 0 || body.len() < 1 + n {
        return Err(ProtoError::MalformedCommand);
    }
    let (name, data) = (&body[1..1 + n], &body[1 + n..]);
    Ok(match name {
        b"READY" => Command::Ready(data),
        b"ERROR" => Command::Error(error_reason(data)),
        b"PING" => {
            if data.len() < 2 {
                return Err(ProtoError::MalformedCommand);
            }
            let ttl_ds = u16::from_be_bytes([data[0], data[1]]);
            let context = &data[2..];
            let context = &context[..context.len().min(MAX_PING_CONTEXT)];
            Command::Ping { ttl_ds, context }
        }
        b"PONG" => Command::Pong,
        b"SUBSCRIBE" => Command::Subscribe(data),
        b"CANCEL" => Command::Cancel(data),
        _ => Command::Other,
    })
}

fn error_reason(data: &[u8]) -> String {
    match data.split_first() {
        Some((&n, rest)) if rest.len() >= n as usize => {
            String::from_utf8_lossy(&rest[..n as usize]).into_owned()
        }
        _ => String::new(),
    }
}

/// A command body (unframed).
pub fn body(name: &str, data: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(1 + name.len() + data.len());
    b.push(name.len() as u8);
    b.extend_from_slice(name.as_bytes());
    b.extend_from_slice(data);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ping_context_cut_to_sixteen() {
        let mut b = body("PING", &[0, 7]);
        b.extend_from_slice(&[1u8; 20]);
        assert_eq!(
            parse(&b).unwrap(),
            Command::Ping {
                ttl_ds: 7,
                context: &[1u8; 16]
            }
        );
    }

    #[test]
    fn malformed() {
        assert!(parse(&[]).is_err());
        assert!(parse(&[0]).is_err());
        assert!(parse(&[5, b'P']).is_err());
        assert!(parse(&body("PING", &[1])).is_err());
        assert_eq!(parse(&body("HELLO", b"")).unwrap(), Command::Other);
    }
}
