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

/// An IP literal of an endpoint or name, brackets and zone ("%eth0")
/// removed; None for a DNS name.
fn ip_literal(name: &str) -> Option<IpAddr> {
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let bare = bare.split_once('%').map_or(bare, |(a, _)| a);
    bare.parse().ok()
}

impl Expect {
    fn parse(name: &str) -> Expect {
        match ip_literal(name) {
            Some(ip) => Expect::Ip(ip),
            None => Expect::Host(name.to_string()),
        }
    }
}

/// The connect side's last session with the credentials generation it was
/// made under, offered on the next connection.
pub type SessionSlot = Arc<Mutex<Option<(u64, SslSession)>>>;

/// Per context: credentials shared by every endpoint with the same options
/// and role (building an OpenSSL context costs about a millisecond, more
/// than a handshake), kept while the context lives, so that a reconnect,
/// a new zmq_connect or a new socket finds them and the sessions they
/// made. Index: 0 connect side, 1 bind side.
#[derive(Default)]
pub struct TlsCache {
    creds: [std::collections::HashMap<TlsOptions, Arc<Creds>>; 2],
}

/// Far more endpoints or option sets than a program uses; past it, start
/// afresh.
const CACHE_MAX: usize = 256;

impl TlsCache {
    fn creds(&mut self, server: bool, o: &TlsOptions) -> ZResult<Arc<Creds>> {
        // Without reloads, every zmq_bind/zmq_connect reads the files
        // afresh (as documented), so nothing is shared.
        if !o.reload {
            return Creds::new(server, o).map(Arc::new);
        }
        let map = &mut self.creds[server as usize];
        if let Some(c) = map.get(o) {
            return Ok(c.clone());
        }
        let c = Arc::new(Creds::new(server, o)?);
        if map.len() >= CACHE_MAX {
            map.clear();
        }
        map.insert(o.clone(), c.clone());
        Ok(c)
    }
}

/// A number no other context built by this process has: a session is
/// only ever offered to connections of the context that made it.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

struct Current {
    ctx: SslContext,
    /// The credential files as they were when `ctx` was built.
    stamps: Vec<creds::Stamp>,
    /// Counts reloads: a session made under older credentials is stale.
    generation: u64,
}

/// One side's OpenSSL context for one set of options, rebuilt when the
/// credential files change, and (connect side) the session to resume per
/// endpoint.
pub struct Creds {
    server: bool,
    opts: TlsOptions,
    current: Mutex<Current>,
    sessions: Mutex<std::collections::HashMap<String, SessionSlot>>,
}

/// What one tls:// endpoint needs for each of its connections.
pub struct TlsEndpoint {
    creds: Arc<Creds>,
    /// SNI for the connect side when the endpoint names a DNS host.
    sni: Option<String>,
    expect: Option<Expect>,
    session: SessionSlot,
}

/// Index of the SSL ex-data holding a connection's session slot (the
/// context, shared by endpoints, cannot know it).
fn slot_index() -> Option<openssl::ex_data::Index<Ssl, SessionSlot>> {
    static INDEX: std::sync::OnceLock<Option<openssl::ex_data::Index<Ssl, SessionSlot>>> =
        std::sync::OnceLock::new();
    *INDEX.get_or_init(|| Ssl::new_ex_index().ok())
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

/// Build the context for one side from the options (also on a reload);
/// `generation` (unique per context built) tags the sessions it makes.
fn build(server: bool, o: &TlsOptions, generation: u64) -> ZResult<SslContext> {
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
            b.set_new_session_callback(move |ssl, s| {
                let slot = slot_index().and_then(|i| ssl.ex_data(i));
                if let Some(mut g) = slot.and_then(|x| x.lock().ok()) {
                    *g = own_copy(&s).map(|s| (generation, s));
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

impl Creds {
    fn new(server: bool, o: &TlsOptions) -> ZResult<Creds> {
        // Stamps first: a file that changes while we read it is read
        // again on the next connection.
        let stamps = if o.reload {
            creds::stamps(o)
        } else {
            Vec::new()
        };
        let generation = next_generation();
        let ctx = build(server, o, generation)?;
        Ok(Creds {
            server,
            opts: o.clone(),
            current: Mutex::new(Current {
                ctx,
                stamps,
                generation,
            }),
            sessions: Mutex::default(),
        })
    }

    /// Before a new connection: if the credential files changed since they
    /// were read, read them again. Returns the monitor event value to
    /// report (0: reloaded; an ETLS* errno: failed, the old ones kept).
    fn refresh(&self) -> Option<i32> {
        if !self.opts.reload {
            return None;
        }
        // stat() the files before taking the lock other sockets share.
        let now = creds::stamps(&self.opts);
        let mut cur = self.current.lock().ok()?;
        if cur.stamps.is_empty() || now == cur.stamps {
            return None;
        }
        // Whatever the outcome, these files were looked at: a broken file
        // is reported once, not on every connection, and read again when
        // it changes again.
        cur.stamps = now;
        let generation = next_generation();
        match build(self.server, &self.opts, generation) {
            Ok(ctx) => {
                cur.ctx = ctx;
                // Sessions from the old credentials are not offered again.
                cur.generation = generation;
                Some(0)
            }
            Err(e) => Some(e),
        }
    }

    fn current(&self) -> Option<(SslContext, u64)> {
        let cur = self.current.lock().ok()?;
        Some((cur.ctx.clone(), cur.generation))
    }

    fn session(&self, endpoint: &str) -> SessionSlot {
        let mut m = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if m.len() >= CACHE_MAX && !m.contains_key(endpoint) {
            m.clear();
        }
        m.entry(endpoint.to_string()).or_default().clone()
    }
}

/// The bind side: a server context. Certificate and key are required.
pub fn server(o: &TlsOptions, cache: &mut TlsCache) -> ZResult<TlsEndpoint> {
    if o.cert_file.is_empty() && o.cert_pem.is_empty() {
        return Err(ETLSCERT);
    }
    if o.key_file.is_empty() && o.key_pem.is_empty() {
        return Err(ETLSKEY);
    }
    // A name required of clients proves nothing on a certificate whose
    // chain nobody checked: refuse the configuration, not the client.
    let clients_verified = o.has_ca() && o.verify_peer;
    if (!o.common_name.is_empty() || !o.crl_file.is_empty()) && !clients_verified {
        return Err(ETLSCA);
    }
    let expect = (!o.common_name.is_empty()).then(|| Expect::parse(&o.common_name));
    Ok(TlsEndpoint {
        creds: cache.creds(true, o)?,
        sni: None,
        expect,
        session: SessionSlot::default(),
    })
}

/// The connect side: a client context for `addr` ("[source;]host:port",
/// already checked by tcp::check_connect).
pub fn client(o: &TlsOptions, addr: &str, cache: &mut TlsCache) -> ZResult<TlsEndpoint> {
    // A name or a CRL on an unverified chain would check nothing.
    if (!o.common_name.is_empty() || !o.crl_file.is_empty()) && !o.verify_peer {
        return Err(ETLSCA);
    }
    // Without our own CA every publicly trusted certificate would pass:
    // the host check is what ties it to this server, so it stays on.
    if !o.verify_hostname && !o.has_ca() && o.verify_peer {
        return Err(ETLSCA);
    }
    let dest = crate::transport::tcp::split_source(addr).1;
    let (host, _) = crate::transport::tcp::split_host_port(dest)?;
    // SNI carries DNS names only (RFC 6066), never an IP literal.
    let sni = ip_literal(host).is_none().then(|| host.to_string());
    let expect = if !o.verify_peer {
        None
    } else if !o.common_name.is_empty() {
        Some(Expect::parse(&o.common_name))
    } else if o.verify_hostname {
        Some(Expect::parse(host))
    } else {
        None
    };
    let creds = cache.creds(false, o)?;
    Ok(TlsEndpoint {
        session: creds.session(addr),
        creds,
        sni,
        expect,
    })
}

impl TlsEndpoint {
    /// Before each connection: see `Creds::refresh`.
    pub fn refresh(&self) -> Option<i32> {
        self.creds.refresh()
    }

    /// A fresh SSL object for one connection of this endpoint.
    pub fn new_ssl(&self) -> Option<Ssl> {
        let (ctx, generation) = self.creds.current()?;
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
        if self.creds.server {
            ssl.set_accept_state();
        } else {
            ssl.set_connect_state();
            if let Some(h) = &self.sni {
                ssl.set_hostname(h).ok()?;
            }
            if self.creds.opts.resumption {
                ssl.set_ex_data(slot_index()?, self.session.clone());
                let last = self.session.lock().ok().and_then(|g| g.clone());
                if let Some((_, s)) = last.filter(|(g, _)| *g == generation) {
                    // SAFETY: the session was made by this context under
                    // the same credentials (its generation says so).
                    unsafe { ssl.set_session(&s).ok()? };
                }
            }
        }
        Some(ssl)
    }

    /// Checks after a completed handshake; the peer's verified identity.
    pub fn after_handshake(&self, ssl: &openssl::ssl::SslRef) -> Result<PeerTls, (i32, i32)> {
        // Verification is on only where a chain can be verified (a bind
        // side without CA asks clients for no certificate).
        let verified = verify::chain_verified(ssl);
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
