//! The tls:// transport: credentials and checks (OpenSSL). Contexts are
//! built synchronously at zmq_bind/zmq_connect so configuration errors come
//! back as the spec's errnos; each connection gets its own SSL object from
//! the endpoint's current context, which is rebuilt when the credential
//! files change (ZMQ_TLS_RELOAD).
//!
//! Who is checked: the connect side verifies the server's chain (its CA or
//! the system store) and that the certificate is for the endpoint's host
//! (or ZMQ_TLS_CERT_COMMON_NAME), with OpenSSL's own name rules, inside the
//! handshake. The bind side verifies clients only when it has a CA.

pub mod creds;
pub mod options;
pub mod policy;
pub mod stream;
pub mod verify;

use crate::constants::*;
use crate::errno::ZResult;
use openssl::ssl::{
    Ssl, SslContext, SslContextBuilder, SslOptions, SslSession, SslSessionCacheMode, SslVerifyMode,
};
use openssl::x509::verify::X509VerifyFlags;
use options::TlsOptions;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// The name a peer certificate must carry.
#[derive(Clone, Debug)]
enum Expect {
    Host(String),
    Ip(IpAddr),
}

impl Expect {
    fn parse(name: &str) -> Expect {
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(ip) => Expect::Ip(ip),
            Err(_) => Expect::Host(name.to_string()),
        }
    }
}

/// The connect side's last session, offered on the next connection.
pub type SessionSlot = Arc<Mutex<Option<SslSession>>>;

/// A socket's sessions to resume, so that a zmq_connect to an endpoint it
/// was connected to before resumes too. Keyed by the endpoint and the TLS
/// options: a session verified under other settings is never offered.
#[derive(Default)]
pub struct SessionCache(std::collections::HashMap<(String, u64), SessionSlot>);

impl SessionCache {
    /// Far more endpoints than a socket talks to; past it, start afresh.
    const MAX: usize = 256;

    pub fn slot(&mut self, endpoint: &str, o: &TlsOptions) -> SessionSlot {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{o:?}").hash(&mut h);
        let key = (endpoint.to_string(), h.finish());
        if self.0.len() >= Self::MAX && !self.0.contains_key(&key) {
            self.0.clear();
        }
        self.0.entry(key).or_default().clone()
    }
}

struct Current {
    ctx: SslContext,
    /// The credential files as they were when `ctx` was built.
    stamps: Vec<creds::Stamp>,
}

/// What one tls:// endpoint needs for each of its connections.
pub struct TlsEndpoint {
    server: bool,
    opts: TlsOptions,
    /// SNI for the connect side when the endpoint names a DNS host.
    sni: Option<String>,
    expect: Option<Expect>,
    /// Whether a verified peer chain is possible at all on this side (a bind
    /// side without CA asks clients for no certificate).
    verifies_peer: bool,
    current: Mutex<Current>,
    session: SessionSlot,
}

// Not wrapped by openssl-sys.
extern "C" {
    fn X509_STORE_add_crl(
        store: *mut openssl_sys::X509_STORE,
        crl: *mut openssl_sys::X509_CRL,
    ) -> std::os::raw::c_int;
    fn SSL_SESSION_dup(s: *const openssl_sys::SSL_SESSION) -> *mut openssl_sys::SSL_SESSION;
}

/// A copy of a session that only we hold. OpenSSL hands the callback the
/// connection's own session object, which it marks not resumable when
/// that connection ends without close_notify (a dropped link, the very
/// case resumption is for).
fn own_copy(s: &openssl::ssl::SslSessionRef) -> Option<SslSession> {
    use foreign_types::{ForeignType, ForeignTypeRef};
    // SAFETY: `s` is a valid session; SSL_SESSION_dup returns a new one
    // (or NULL) that we own.
    unsafe {
        let p = SSL_SESSION_dup(s.as_ptr());
        (!p.is_null()).then(|| SslSession::from_ptr(p))
    }
}

fn add_cas(b: &mut SslContextBuilder, o: &TlsOptions) -> ZResult<bool> {
    let Some(cas) = creds::cas(o)? else {
        return Ok(false);
    };
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
    Ok(true)
}

/// CRLs: the peer's leaf is checked against its issuer's CRL, which must
/// be there.
fn add_crls(b: &mut SslContextBuilder, o: &TlsOptions) -> ZResult<()> {
    use foreign_types::ForeignTypeRef;
    let Some(crls) = creds::crls(o)? else {
        return Ok(());
    };
    let store = b.cert_store_mut();
    for crl in &crls {
        // SAFETY: both pointers are valid; the store takes its own
        // reference to the CRL.
        if unsafe { X509_STORE_add_crl(store.as_ptr(), crl.as_ptr()) } != 1 {
            return Err(ETLSCA);
        }
    }
    store
        .set_flags(X509VerifyFlags::CRL_CHECK)
        .map_err(|_| ETLSCA)
}

fn set_identity(b: &mut SslContextBuilder, id: creds::Identity) -> ZResult<()> {
    let mut chain = id.chain.into_iter();
    let leaf = chain.next().ok_or(ETLSCERT)?;
    b.set_certificate(&leaf).map_err(|_| ETLSCERT)?;
    for c in chain {
        b.add_extra_chain_cert(c).map_err(|_| ETLSCERT)?;
    }
    // The key parsed; OpenSSL refusing it next to the certificate means
    // the two do not belong together.
    b.set_private_key(&id.key).map_err(|_| ETLSKEYINVALID)?;
    b.check_private_key().map_err(|_| ETLSKEYINVALID)?;
    Ok(())
}

/// Build the context for one side from the options (also on a reload).
fn build(server: bool, o: &TlsOptions, slot: &SessionSlot) -> ZResult<SslContext> {
    let mut b = policy::base(server, o)?;
    let id = creds::identity(o)?;
    if server {
        set_identity(&mut b, id.ok_or(ETLSCERT)?)?;
        let has_ca = add_cas(&mut b, o)?;
        if has_ca && o.verify_peer {
            // Mutual TLS: a client certificate is required and must verify.
            b.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        } else {
            b.set_verify(SslVerifyMode::NONE);
        }
        if o.resumption {
            // Stateless tickets only: no server-side session cache. The id
            // context is required for resuming sessions with a verified
            // client certificate.
            b.set_session_cache_mode(SslSessionCacheMode::OFF);
            b.set_session_id_context(b"zmq-tls").map_err(|_| ETLSCTX)?;
            b.set_num_tickets(1).map_err(|_| ETLSCTX)?;
        } else {
            b.set_session_cache_mode(SslSessionCacheMode::OFF);
            b.set_options(SslOptions::NO_TICKET);
            b.set_num_tickets(0).map_err(|_| ETLSCTX)?;
        }
    } else {
        if let Some(id) = id {
            set_identity(&mut b, id)?;
        }
        if !add_cas(&mut b, o)? {
            b.set_default_verify_paths().map_err(|_| ETLSCA)?;
        }
        b.set_verify(if o.verify_peer {
            SslVerifyMode::PEER
        } else {
            SslVerifyMode::NONE
        });
        if o.resumption {
            b.set_session_cache_mode(
                SslSessionCacheMode::CLIENT | SslSessionCacheMode::NO_INTERNAL,
            );
            let slot = slot.clone();
            b.set_new_session_callback(move |_, s| {
                if let Ok(mut g) = slot.lock() {
                    *g = own_copy(&s);
                }
            });
        } else {
            b.set_options(SslOptions::NO_TICKET);
            b.set_session_cache_mode(SslSessionCacheMode::OFF);
        }
    }
    add_crls(&mut b, o)?;
    Ok(b.build())
}

fn endpoint(
    server: bool,
    o: &TlsOptions,
    sni: Option<String>,
    expect: Option<Expect>,
    session: SessionSlot,
) -> ZResult<TlsEndpoint> {
    // Stamps first: a file that changes while we read it is read again on
    // the next connection.
    let stamps = if o.reload {
        creds::stamps(o)
    } else {
        Vec::new()
    };
    let ctx = build(server, o, &session)?;
    Ok(TlsEndpoint {
        server,
        opts: o.clone(),
        sni,
        expect,
        verifies_peer: o.verify_peer && (!server || o.has_ca()),
        current: Mutex::new(Current { ctx, stamps }),
        session,
    })
}

/// The bind side: a server context. Certificate and key are required.
pub fn server(o: &TlsOptions) -> ZResult<TlsEndpoint> {
    if o.cert_file.is_empty() && o.cert_pem.is_empty() {
        return Err(ETLSCERT);
    }
    if o.key_file.is_empty() && o.key_pem.is_empty() {
        return Err(ETLSKEY);
    }
    // A name required of clients proves nothing on a certificate whose
    // chain nobody checked: refuse the configuration, not the client.
    let clients_verified = o.has_ca() && o.verify_peer;
    if !o.common_name.is_empty() && !clients_verified {
        return Err(ETLSCA);
    }
    let expect = (!o.common_name.is_empty()).then(|| Expect::parse(&o.common_name));
    endpoint(true, o, None, expect, SessionSlot::default())
}

/// The connect side: a client context; `host` is the endpoint's host part.
/// `session`: where this socket keeps the session to resume.
pub fn client(o: &TlsOptions, host: &str, session: SessionSlot) -> ZResult<TlsEndpoint> {
    if !o.common_name.is_empty() && !o.verify_peer {
        return Err(ETLSCA);
    }
    // Without our own CA every publicly trusted certificate would pass:
    // the host check is what ties it to this server, so it stays on.
    if !o.verify_hostname && !o.has_ca() && o.verify_peer {
        return Err(ETLSCA);
    }
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let sni = (host.parse::<IpAddr>().is_err() && !host.is_empty()).then(|| host.to_string());
    let expect = if !o.verify_peer {
        None
    } else if !o.common_name.is_empty() {
        Some(Expect::parse(&o.common_name))
    } else if o.verify_hostname {
        Some(Expect::parse(host))
    } else {
        None
    };
    endpoint(false, o, sni, expect, session)
}

impl TlsEndpoint {
    /// Before a new connection: if the credential files changed since they
    /// were read, read them again. Returns the monitor event value to
    /// report (0: reloaded; an ETLS* errno: failed, old ones kept).
    pub fn refresh(&self) -> Option<i32> {
        if !self.opts.reload {
            return None;
        }
        let mut cur = self.current.lock().ok()?;
        if cur.stamps.is_empty() {
            return None;
        }
        let now = creds::stamps(&self.opts);
        if now == cur.stamps {
            return None;
        }
        // Whatever the outcome, these files were looked at: a broken file
        // is reported once, not on every connection, and read again when
        // it changes again.
        cur.stamps = now;
        match build(self.server, &self.opts, &self.session) {
            Ok(ctx) => {
                cur.ctx = ctx;
                // A session from the old credentials is not offered again.
                if let Ok(mut s) = self.session.lock() {
                    *s = None;
                }
                Some(0)
            }
            Err(e) => Some(e),
        }
    }

    /// A fresh SSL object for one connection of this endpoint.
    pub fn new_ssl(&self) -> Option<Ssl> {
        let ctx = self.current.lock().ok()?.ctx.clone();
        let mut ssl = Ssl::new(&ctx).ok()?;
        if let Some(e) = &self.expect {
            // OpenSSL checks the name while it verifies the chain, with
            // its own rules (X509_check_host / X509_check_ip).
            let p = ssl.param_mut();
            match e {
                Expect::Host(h) => p.set_host(h).ok()?,
                Expect::Ip(ip) => p.set_ip(*ip).ok()?,
            }
        }
        if self.server {
            ssl.set_accept_state();
        } else {
            ssl.set_connect_state();
            if let Some(h) = &self.sni {
                ssl.set_hostname(h).ok()?;
            }
            if self.opts.resumption {
                let last = self.session.lock().ok().and_then(|g| g.clone());
                if let Some(s) = last {
                    // SAFETY: the session comes from a context of this
                    // endpoint with the same credentials (cleared on reload).
                    unsafe { ssl.set_session(&s).ok()? };
                }
            }
        }
        Some(ssl)
    }

    /// Checks after a completed handshake; the peer's verified identity.
    pub fn after_handshake(&self, ssl: &openssl::ssl::SslRef) -> Result<PeerTls, (i32, i32)> {
        let verified = self.verifies_peer && verify::chain_verified(ssl);
        let user_id = match ssl.peer_certificate() {
            Some(c) if verified => {
                verify::identity(&c).map_err(|_| (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY))?
            }
            _ => None,
        };
        Ok(PeerTls {
            user_id,
            version: ssl.version_str().to_string(),
            cipher: ssl
                .current_cipher()
                .map(|c| c.name().to_string())
                .unwrap_or_default(),
            resumed: ssl.session_reused(),
        })
    }
}

/// What the TLS handshake established, for the message properties.
#[derive(Clone, Debug, Default)]
pub struct PeerTls {
    pub user_id: Option<String>,
    pub version: String,
    pub cipher: String,
    pub resumed: bool,
}
