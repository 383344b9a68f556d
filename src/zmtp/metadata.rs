//! ZMTP metadata (READY properties): name length (1 byte), name, value
//! length (4 bytes big-endian), value.

pub fn encode_property(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

/// Parse a property list; None if malformed.
pub fn parse(mut data: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut props = Vec::new();
    while !data.is_empty() {
        let n = data[0] as usize;
        if n == 0 || data.len() < 1 + n + 4 {
            return None;
        }
        let name = std::str::from_utf8(&data[1..1 + n]).ok()?.to_string();
        let vl = u32::from_be_bytes([data[1 + n], data[2 + n], data[3 + n], data[4 + n]]) as usize;
        let rest = &data[5 + n..];
        if rest.len() < vl {
            return None;
        }
        props.push((name, rest[..vl].to_vec()));
        data = &rest[vl..];
    }
    Some(props)
}

#[cfg(test)]
mod tests {
    #[test]
    fn roundtrip_and_truncation() {
        let mut b = Vec::new();
        super::encode_property(&mut b, "Socket-Type", b"DEALER");
        super::encode_property(&mut b, "Identity", b"");
        let p = super::parse(&b).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].1, b"DEALER");
        for cut in 1..b.len() {
            if let Some(p) = super::parse(&b[..cut]) {
                assert!(p.len() < 2);
            }
        }
    }
}
