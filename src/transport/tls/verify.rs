//! Judging a tls:// peer: the identity a verified certificate gives
//! ("User-Id"), and what a failed handshake is reported as.

use crate::constants::*;
use openssl::nid::Nid;
use openssl::ssl::{SslRef, SslVerifyMode};
use openssl::x509::{X509Ref, X509VerifyResult};

// X509_V_ERR_*: the name checks OpenSSL runs during the handshake.
const HOSTNAME_MISMATCH: i32 = 62;
const EMAIL_MISMATCH: i32 = 63;
const IP_ADDRESS_MISMATCH: i32 = 64;

/// The identity of a verified certificate: its subject CN, or when it has
/// none its first DNS subjectAltName. Err (the certificate is refused,
/// never cut short or guessed at) when that name holds a NUL byte (a
/// classic way to make "good.example\0.evil" read as "good.example") or is
/// not UTF-8, and when there is more than one CN: OpenSSL's name check
/// accepts a certificate if any CN matches, so "CN=admin, CN=client" would
/// pass a check for "client" and then read as "admin".
pub fn identity(cert: &X509Ref) -> Result<Option<String>, ()> {
    use foreign_types::ForeignTypeRef;
    let subject = cert.subject_name();
    if subject.entries_by_nid(Nid::COMMONNAME).count() > 1 {
        return Err(());
    }
    let cn = subject
        .entries_by_nid(Nid::COMMONNAME)
        .next()
        .map(|e| utf8(e.data()))
        .transpose()?;
    let name = match cn {
        Some(cn) => Some(cn),
        None => match cert.subject_alt_names() {
            None => None,
            Some(sans) => {
                // SAFETY: reading the type tag of a GENERAL_NAME the stack
                // owns.
                let dns = sans
                    .iter()
                    .find(|g| unsafe { (*g.as_ptr()).type_ } == openssl_sys::GEN_DNS);
                match dns {
                    // dnsname() is None for a DNS name that is not UTF-8.
                    Some(g) => Some(g.dnsname().ok_or(())?.as_bytes().to_vec()),
                    None => None,
                }
            }
        },
    };
    match name {
        None => Ok(None),
        Some(n) if n.contains(&0) => Err(()),
        Some(n) => String::from_utf8(n).map(Some).map_err(|_| ()),
    }
}

/// An ASN.1 string as UTF-8 bytes, all of them: the openssl crate's own
/// conversion goes through a C string and would stop at a NUL.
fn utf8(s: &openssl::asn1::Asn1StringRef) -> Result<Vec<u8>, ()> {
    use foreign_types::ForeignTypeRef;
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `s` is a valid ASN1_STRING; on success OpenSSL gives us `n`
    // bytes at `out`, which we copy and free with its allocator.
    unsafe {
        let n = openssl_sys::ASN1_STRING_to_UTF8(&mut out, s.as_ptr());
        if n < 0 || out.is_null() {
            return Err(());
        }
        let v = std::slice::from_raw_parts(out, n as usize).to_vec();
        openssl_sys::OPENSSL_free(out as *mut _);
        Ok(v)
    }
}

/// Whether OpenSSL verified the peer's chain (and names) on this side.
pub fn chain_verified(ssl: &SslRef) -> bool {
    ssl.verify_mode().contains(SslVerifyMode::PEER)
        && ssl.verify_result() == X509VerifyResult::OK
        && ssl.peer_certificate().is_some()
}

/// A fatal alert the peer sent about our certificate: it did not accept
/// who we are. OpenSSL's reason code for a received alert is 1000 + the
/// alert number.
fn is_certificate_alert(reason: i32) -> bool {
    matches!(
        reason - 1000,
        42 // bad_certificate
        | 43 // unsupported_certificate
        | 44 // certificate_revoked
        | 45 // certificate_expired
        | 46 // certificate_unknown
        | 48 // unknown_ca
        | 49 // access_denied
        | 116 // certificate_required
    )
}

/// SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: we required one.
const NO_PEER_CERTIFICATE: i32 = 199;
/// Reason codes are per library; ours are libssl's.
const ERR_LIB_SSL: i32 = 20;

/// How a failed handshake (or a TLS error right after it) is reported:
/// (monitor event, value).
pub fn classify_failure(ssl: &SslRef, err: &openssl::ssl::Error) -> (i32, i32) {
    let vr = ssl.verify_result();
    // With verification off OpenSSL still records a result, but enforced
    // nothing: it is not why the handshake failed.
    if ssl.verify_mode().contains(SslVerifyMode::PEER) && vr != X509VerifyResult::OK {
        let v = match vr.as_raw() {
            HOSTNAME_MISMATCH | EMAIL_MISMATCH | IP_ADDRESS_MISMATCH => ETLSCNAME,
            _ => ETLSVERIFY,
        };
        return (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, v);
    }
    if certificate_refused(err) {
        (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ETLSVERIFY)
    } else {
        (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ETLS)
    }
}

/// The peer refused our certificate, or we required one and got none.
pub fn certificate_refused(err: &openssl::ssl::Error) -> bool {
    err.ssl_error().is_some_and(|st| {
        st.errors().iter().any(|e| {
            let r = e.reason_code();
            e.library_code() == ERR_LIB_SSL && (is_certificate_alert(r) || r == NO_PEER_CERTIFICATE)
        })
    })
}
