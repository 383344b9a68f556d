//! What tls:// will negotiate: TLS 1.2 at least (1.3 preferred), and only
//! forward-secret AEAD suites. ZMQ_TLS_MIN_VERSION, ZMQ_TLS_CIPHERS and
//! ZMQ_TLS_CIPHERSUITES can narrow this set, never widen it: a list that
//! selects anything else is refused at zmq_setsockopt.

use super::options::TlsOptions;
use crate::constants::*;
use crate::errno::ZResult;
use libc::EINVAL;
use openssl::ssl::{SslContextBuilder, SslMethod, SslMode, SslVersion};
use std::os::raw::c_int;

/// TLS 1.2: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.
pub const TLS12_CIPHERS: &str = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:\
ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:\
ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

// Not wrapped by openssl-sys; in libssl since 1.1.0.
extern "C" {
    fn SSL_CTX_get_ciphers(
        ctx: *const openssl_sys::SSL_CTX,
    ) -> *mut openssl_sys::stack_st_SSL_CIPHER;
    fn SSL_CIPHER_get_kx_nid(c: *const openssl_sys::SSL_CIPHER) -> c_int;
    fn SSL_CIPHER_is_aead(c: *const openssl_sys::SSL_CIPHER) -> c_int;
    fn SSL_CTX_set_default_read_buffer_len(ctx: *mut openssl_sys::SSL_CTX, len: usize);
    fn SSL_CTX_get_security_level(ctx: *const openssl_sys::SSL_CTX) -> c_int;
}

/// With read-ahead, one recv() fetches this much (several records) instead
/// of one recv() for each record's header and another for its body.
const READ_BUFFER: usize = 64 * 1024;
const NID_KX_ECDHE: c_int = 1038;
/// TLS 1.3 suites: key exchange is always (EC)DHE, negotiated separately.
const NID_KX_ANY: c_int = 1063;

/// (key exchange NID, is AEAD) of every cipher the context would offer.
fn offered(b: &SslContextBuilder) -> Vec<(c_int, bool)> {
    // SAFETY: the stack belongs to the context and lives as long as it; we
    // only read it.
    unsafe {
        let sk = SSL_CTX_get_ciphers(b.as_ptr());
        if sk.is_null() {
            return Vec::new();
        }
        let n = openssl_sys::OPENSSL_sk_num(sk as *const _).max(0);
        (0..n)
            .map(|i| {
                let c = openssl_sys::OPENSSL_sk_value(sk as *const _, i)
                    as *const openssl_sys::SSL_CIPHER;
                (SSL_CIPHER_get_kx_nid(c), SSL_CIPHER_is_aead(c) == 1)
            })
            .collect()
    }
}

fn scratch() -> ZResult<SslContextBuilder> {
    SslContextBuilder::new(SslMethod::tls()).map_err(|_| ETLSCTX)
}

/// ZMQ_TLS_CIPHERS: an OpenSSL TLS 1.2 cipher list ("" is our default).
pub fn check_ciphers(list: &str) -> ZResult<()> {
    if list.is_empty() {
        return Ok(());
    }
    let mut b = scratch()?;
    // SAFETY: reading a setting of a context we own.
    let level = unsafe { SSL_CTX_get_security_level(b.as_ptr()) };
    b.set_cipher_list(list).map_err(|_| EINVAL)?;
    // "@SECLEVEL=0" in a list would lower what chains and keys are
    // accepted (SHA-1 signatures, small RSA keys) while every cipher looks
    // fine.
    // SAFETY: as above.
    if unsafe { SSL_CTX_get_security_level(b.as_ptr()) } != level {
        return Err(EINVAL);
    }
    // Judge only the TLS 1.2 part: take the 1.3 suites out of the picture.
    b.set_ciphersuites("").map_err(|_| EINVAL)?;
    let all = offered(&b);
    let fs_aead = |&(kx, aead): &(c_int, bool)| aead && kx == NID_KX_ECDHE;
    if !all.is_empty() && all.iter().all(fs_aead) {
        Ok(())
    } else {
        Err(EINVAL)
    }
}

/// ZMQ_TLS_CIPHERSUITES: TLS 1.3 suite names ("" is OpenSSL's default).
/// Every TLS 1.3 suite is forward-secret AEAD; the names must be known and
/// select something.
pub fn check_ciphersuites(list: &str) -> ZResult<()> {
    if list.is_empty() {
        return Ok(());
    }
    // OpenSSL skips unknown names silently; one name at a time catches them.
    for name in list.split(':') {
        // AES-CCM with an 8-byte tag: AEAD, but a forgery is 2^64 tries.
        if name.eq_ignore_ascii_case("TLS_AES_128_CCM_8_SHA256") {
            return Err(EINVAL);
        }
        let mut b = scratch()?;
        b.set_ciphersuites(name).map_err(|_| EINVAL)?;
        if !offered(&b).iter().any(|&(kx, _)| kx == NID_KX_ANY) {
            return Err(EINVAL);
        }
    }
    Ok(())
}

/// A context with our protocol policy and the socket's narrowing of it.
pub fn base(server: bool, o: &TlsOptions) -> ZResult<SslContextBuilder> {
    let method = if server {
        SslMethod::tls_server()
    } else {
        SslMethod::tls_client()
    };
    let mut b = SslContextBuilder::new(method).map_err(|_| ETLSCTX)?;
    b.set_mode(
        SslMode::AUTO_RETRY | SslMode::ACCEPT_MOVING_WRITE_BUFFER | SslMode::ENABLE_PARTIAL_WRITE,
    );
    let min = if o.min_version == ZMQ_TLS_VERSION_1_3 {
        SslVersion::TLS1_3
    } else {
        SslVersion::TLS1_2
    };
    b.set_min_proto_version(Some(min)).map_err(|_| ETLSCTX)?;
    // A renegotiation would make a write wait for a read; nobody needs it.
    b.set_options(openssl::ssl::SslOptions::NO_RENEGOTIATION);
    // SAFETY: plain settings on a context we own.
    unsafe {
        openssl_sys::SSL_CTX_set_read_ahead(b.as_ptr(), 1);
        SSL_CTX_set_default_read_buffer_len(b.as_ptr(), READ_BUFFER);
    }
    let list = if o.ciphers.is_empty() {
        TLS12_CIPHERS
    } else {
        &o.ciphers
    };
    b.set_cipher_list(list).map_err(|_| ETLSCIPHER)?;
    if !o.ciphersuites.is_empty() {
        b.set_ciphersuites(&o.ciphersuites)
            .map_err(|_| ETLSCIPHER)?;
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cipher_lists() {
        assert_eq!(check_ciphers(""), Ok(()));
        assert_eq!(check_ciphers(TLS12_CIPHERS), Ok(()));
        assert_eq!(check_ciphers("ECDHE-RSA-AES128-GCM-SHA256"), Ok(()));
        assert_eq!(check_ciphers("ECDHE+AESGCM"), Ok(()));
        // CBC, static RSA, no forward secrecy, nothing, garbage.
        assert_eq!(check_ciphers("ECDHE-RSA-AES128-SHA"), Err(EINVAL));
        assert_eq!(check_ciphers("AES128-GCM-SHA256"), Err(EINVAL));
        assert_eq!(check_ciphers("ALL"), Err(EINVAL));
        assert_eq!(check_ciphers("eNULL"), Err(EINVAL));
        assert_eq!(check_ciphers("nonsense"), Err(EINVAL));
        assert_eq!(check_ciphers("ECDHE+AESGCM:@SECLEVEL=0"), Err(EINVAL));
    }
    #[test]
    fn suite_lists() {
        assert_eq!(check_ciphersuites("TLS_AES_128_GCM_SHA256"), Ok(()));
        assert_eq!(
            check_ciphersuites("TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"),
            Ok(())
        );
        assert_eq!(
            check_ciphersuites("TLS_AES_256_GCM_SHA384:bogus"),
            Err(EINVAL)
        );
        assert_eq!(
            check_ciphersuites("ECDHE-RSA-AES128-GCM-SHA256"),
            Err(EINVAL)
        );
    }
}
