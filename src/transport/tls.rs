//! The tls:// transport's credentials and checks (OpenSSL). Contexts are
//! built synchronously at zmq_bind/zmq_connect so configuration errors come
//! back as the spec's errnos; each connection gets its own SSL object.
//!
//! Policy: TLS 1.2 minimum (1.3 preferred by negotiation), and for TLS 1.2
//! only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305).

use crate::constants::*;
use crate::errno::ZResult;
use crate::options::TlsOptions;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{SslContext, SslContextBuilder, SslMethod, SslMode, SslVerifyMode, SslVersion};
use openssl::x509::X509;
use std::path::Path;

const TLS12_CIPHERS: &str = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:\
ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:\
ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

/// What one tls:// endpoint needs for each of its connections.
pub struct TlsEndpoint {
    pub ctx: SslContext,
    pub server: bool,
    /// SNI for the connect side when the endpoint names a DNS host.
    pub sni: Option<String>,
    /// ZMQ_TLS_CERT_COMMON_NAME: the name the peer certificate must carry.
    pub common_name: Option<String>,
    /// Server side: client chains are verified against a CA (mutual TLS).
    pub verifies_clients: bool,
}

fn read_file(path: &str, err: i32) -> ZResult<Vec<u8>> {
    std::fs::read(path).map_err(|_| err)
}

/// Every certificate in a PEM file (none is an error).
fn load_certs(path: &str, err: i32) -> ZResult<Vec<X509>> {
    let pem = read_file(path, err)?;
    let certs = X509::stack_from_pem(&pem).map_err(|_| err)?;
    if certs.is_empty() {
        return Err(err);
    }
    Ok(certs)
}

fn is_encrypted_pem(pem: &[u8]) -> bool {
    let s = String::from_utf8_lossy(pem);
    s.contains("ENCRYPTED PRIVATE KEY") || s.contains("Proc-Type: 4,ENCRYPTED")
}

/// The first private key of a PEM file, decrypted with `password` if it is
/// encrypted. Never prompts on a terminal.
fn load_key(path: &str, password: &str) -> ZResult<PKey<Private>> {
    let pem = read_file(path, ETLSKEY)?;
    let encrypted = is_encrypted_pem(&pem);
    if encrypted && password.is_empty() {
        return Err(ETLSPASS);
    }
    PKey::private_key_from_pem_passphrase(&pem, password.as_bytes()).map_err(|_| {
        if encrypted {
            ETLSPASS
        } else {
            ETLSKEY
        }
    })
}

/// Trust anchors: CA_FILE wins over CA_DIR; neither means None.
fn load_cas(o: &TlsOptions) -> ZResult<Option<Vec<X509>>> {
    if !o.ca_file.is_empty() {
        return load_certs(&o.ca_file, ETLSCA).map(Some);
    }
    if o.ca_dir.is_empty() {
        return Ok(None);
    }
    // Every PEM file in the directory, whatever its name (not only
    // OpenSSL's hash names).
    let dir = std::fs::read_dir(Path::new(&o.ca_dir)).map_err(|_| ETLSCA)?;
    let mut certs = Vec::new();
    for entry in dir.flatten() {
        let p = entry.path();
        if !p.is_file() {
            continue;
        }
        if let Ok(pem) = std::fs::read(&p) {
            if let Ok(mut c) = X509::stack_from_pem(&pem) {
                certs.append(&mut c);
            }
        }
    }
    if certs.is_empty() {
        return Err(ETLSCA);
    }
    Ok(Some(certs))
}

fn base(server: bool) -> ZResult<SslContextBuilder> {
    let method = if server {
        SslMethod::tls_server()
    } else {
        SslMethod::tls_client()
    };
    let mut b = SslContextBuilder::new(method).map_err(|_| ETLSCTX)?;
    b.set_mode(
        SslMode::AUTO_RETRY | SslMode::ACCEPT_MOVING_WRITE_BUFFER | SslMode::ENABLE_PARTIAL_WRITE,
    );
    b.set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(|_| ETLSCTX)?;
    b.set_cipher_list(TLS12_CIPHERS).map_err(|_| ETLSCIPHER)?;
    Ok(b)
}

/// Our certificate (first of CERT_FILE, the rest sent as intermediates) and
/// its key.
fn set_identity(b: &mut SslContextBuilder, o: &TlsOptions) -> ZResult<()> {
    let mut certs = load_certs(&o.cert_file, ETLSCERT)?.into_iter();
    let leaf = certs.next().ok_or(ETLSCERT)?;
    let key = load_key(&o.key_file, &o.password)?;
    b.set_certificate(&leaf).map_err(|_| ETLSCERT)?;
    for c in certs {
        b.add_extra_chain_cert(c).map_err(|_| ETLSCERT)?;
    }
    // The key parsed; OpenSSL refusing it next to the certificate means
    // the two do not belong together.
    b.set_private_key(&key).map_err(|_| ETLSKEYINVALID)?;
    b.check_private_key().map_err(|_| ETLSKEYINVALID)?;
    Ok(())
}

fn add_cas(b: &mut SslContextBuilder, cas: Vec<X509>) -> ZResult<()> {
    for c in cas {
        // Duplicates in a bundle are harmless; anything else is not.
        if let Err(e) = b.cert_store_mut().add_cert(c) {
            let dup = e
                .errors()
                .iter()
                .any(|x| x.reason().is_some_and(|r| r.contains("already in")));
            if !dup {
                return Err(ETLSCA);
            }
        }
    }
    Ok(())
}

fn common_name(o: &TlsOptions) -> Option<String> {
    (!o.common_name.is_empty()).then(|| o.common_name.clone())
}

/// The bind side: a server context. Certificate and key are required.
pub fn server(o: &TlsOptions) -> ZResult<TlsEndpoint> {
    if o.cert_file.is_empty() {
        return Err(ETLSCERT);
    }
    if o.key_file.is_empty() {
        return Err(ETLSKEY);
    }
    let mut b = base(true)?;
    set_identity(&mut b, o)?;
    let cas = load_cas(o)?;
    let cn = common_name(o);
    let verifies_clients = cas.is_some() && o.verify_peer;
    match cas {
        // Mutual TLS: a client certificate is required and must verify.
        Some(cas) if o.verify_peer => {
            add_cas(&mut b, cas)?;
            b.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        }
        _ if cn.is_some() => {
            // A name to check needs a certificate to check it on, but with
            // nothing to verify its chain against, the chain is not judged.
            b.set_verify_callback(
                SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT,
                |_, _| true,
            );
        }
        _ => b.set_verify(SslVerifyMode::NONE),
    }
    Ok(TlsEndpoint {
        ctx: b.build(),
        server: true,
        sni: None,
        common_name: cn,
        verifies_clients,
    })
}

/// The connect side: a client context; `host` is the endpoint's host part.
pub fn client(o: &TlsOptions, host: &str) -> ZResult<TlsEndpoint> {
    let mut b = base(false)?;
    if !o.cert_file.is_empty() || !o.key_file.is_empty() {
        if o.cert_file.is_empty() {
            return Err(ETLSCERT);
        }
        if o.key_file.is_empty() {
            return Err(ETLSKEY);
        }
        set_identity(&mut b, o)?;
    }
    match load_cas(o)? {
        Some(cas) => add_cas(&mut b, cas)?,
        None => b.set_default_verify_paths().map_err(|_| ETLSCA)?,
    }
    if o.verify_peer {
        b.set_verify(SslVerifyMode::PEER);
    } else {
        b.set_verify(SslVerifyMode::NONE);
    }
    let h = host.trim_start_matches('[').trim_end_matches(']');
    let sni = (h.parse::<std::net::IpAddr>().is_err() && !h.is_empty()).then(|| h.to_string());
    Ok(TlsEndpoint {
        ctx: b.build(),
        server: false,
        sni,
        common_name: common_name(o),
        verifies_clients: false,
    })
}

/// The subject common name of a certificate (for "User-Id").
pub fn subject_cn(cert: &X509) -> Option<String> {
    cert.subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .next()
        .and_then(|e| e.data().to_string().ok())
}

fn name_matches(pattern: &str, name: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let n = name.to_ascii_lowercase();
    if p == n {
        return true;
    }
    // "*.example.com" matches exactly one leftmost label.
    if let Some(rest) = p.strip_prefix("*.") {
        if let Some((first, tail)) = n.split_once('.') {
            return !first.is_empty() && tail == rest;
        }
    }
    false
}

/// Does the certificate carry `name` as its subject CN or a DNS
/// subjectAltName (as OpenSSL's host check accepts)?
pub fn cert_matches(cert: &X509, name: &str) -> bool {
    if let Some(sans) = cert.subject_alt_names() {
        for g in sans.iter() {
            if g.dnsname().is_some_and(|d| name_matches(d, name)) {
                return true;
            }
        }
    }
    cert.subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .filter_map(|e| e.data().to_string().ok())
        // An embedded NUL is a classic spoofing trick: never a match.
        .filter(|cn| !cn.contains('\0'))
        .any(|cn| name_matches(&cn, name))
}

/// A fresh SSL object for one connection of this endpoint.
pub fn new_ssl(ep: &TlsEndpoint) -> Option<openssl::ssl::Ssl> {
    let mut ssl = openssl::ssl::Ssl::new(&ep.ctx).ok()?;
    if ep.server {
        ssl.set_accept_state();
    } else {
        ssl.set_connect_state();
        if let Some(h) = &ep.sni {
            ssl.set_hostname(h).ok()?;
        }
    }
    Some(ssl)
}

/// How a failed handshake is reported: (monitor event, value).
pub fn classify_failure(ssl: &openssl::ssl::SslRef, err: &openssl::ssl::Error) -> (i32, i32) {
    let vr = ssl.verify_result();
    if vr != openssl::x509::X509VerifyResult::OK {
        // X509_V_ERR_HOSTNAME_MISMATCH
        let v = if vr.as_raw() == 62 {
            ETLSCNAME
        } else {
            ETLSVERIFY
        };
        return (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, v);
    }
    // The peer refused our certificate, or we required one and got none.
    let cert_problem = err.ssl_error().is_some_and(|st| {
        st.errors().iter().any(|e| {
            e.reason().is_some_and(|r| {
                let r = r.to_ascii_lowercase();
                r.contains("certificate") || r.contains("unknown ca")
            })
        })
    });
    if cert_problem {
        (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY)
    } else {
        (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS)
    }
}

/// Checks after a completed handshake: the expected peer name, and the
/// identity to expose as "User-Id" (only for a verified chain).
pub fn after_handshake(
    ep: &TlsEndpoint,
    ssl: &openssl::ssl::SslRef,
) -> Result<Option<String>, (i32, i32)> {
    let cert = ssl.peer_certificate();
    if let Some(name) = &ep.common_name {
        match &cert {
            Some(c) if cert_matches(c, name) => {}
            _ => return Err((ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSCNAME)),
        }
    }
    let verified = ssl.verify_mode().contains(SslVerifyMode::PEER)
        && ssl.verify_result() == openssl::x509::X509VerifyResult::OK;
    let chain_checked = verified && (!ep.server || ep.verifies_clients);
    Ok(cert.filter(|_| chain_checked).and_then(|c| subject_cn(&c)))
}

#[cfg(test)]
mod tests {
    use super::name_matches;
    #[test]
    fn wildcards() {
        assert!(name_matches("server", "SERVER"));
        assert!(name_matches("*.example.com", "a.example.com"));
        assert!(!name_matches("*.example.com", "a.b.example.com"));
        assert!(!name_matches("*.example.com", "example.com"));
        assert!(!name_matches("server", "server2"));
    }
}
