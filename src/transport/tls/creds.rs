//! Loading tls:// credentials: certificates, keys, CAs and CRLs, from files
//! or from PEM text set as options, and the file stamps that tell a reload
//! when something changed.

use super::options::TlsOptions;
use crate::constants::*;
use crate::errno::ZResult;
use libc::EINVAL;
use openssl::pkey::{PKey, Private};
use openssl::x509::{X509Crl, X509};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Read a regular file. The open does not block (a FIFO would wait for a
/// writer forever) and anything that is not a regular file once open is
/// refused, so a path swapped under us cannot make us block either.
pub fn read_regular(path: &Path, err: i32) -> ZResult<Vec<u8>> {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|_| err)?;
    if !f.metadata().map_err(|_| err)?.is_file() {
        return Err(err);
    }
    let mut v = Vec::new();
    f.read_to_end(&mut v).map_err(|_| err)?;
    Ok(v)
}

/// One credential: from a file, from PEM text, or not given. Both is an
/// error (EINVAL): which one was meant cannot be guessed.
fn pem_of(file: &str, pem: &str, err: i32) -> ZResult<Option<Vec<u8>>> {
    match (file.is_empty(), pem.is_empty()) {
        (false, false) => Err(EINVAL),
        (false, true) => read_regular(Path::new(file), err).map(Some),
        (true, false) => Ok(Some(pem.as_bytes().to_vec())),
        (true, true) => Ok(None),
    }
}

/// Every certificate of a PEM text (none is an error).
fn certs_of(pem: &[u8], err: i32) -> ZResult<Vec<X509>> {
    let certs = X509::stack_from_pem(pem).map_err(|_| err)?;
    if certs.is_empty() {
        return Err(err);
    }
    Ok(certs)
}

fn is_encrypted_pem(pem: &[u8]) -> bool {
    let s = String::from_utf8_lossy(pem);
    s.contains("ENCRYPTED PRIVATE KEY") || s.contains("Proc-Type: 4,ENCRYPTED")
}

/// The first private key of a PEM text, decrypted with `password` if it
/// is encrypted. Never prompts on a terminal.
fn key_of(pem: &[u8], password: &str) -> ZResult<PKey<Private>> {
    let encrypted = is_encrypted_pem(pem);
    if encrypted && password.is_empty() {
        return Err(ETLSPASS);
    }
    PKey::private_key_from_pem_passphrase(pem, password.as_bytes()).map_err(|_| {
        if encrypted {
            ETLSPASS
        } else {
            ETLSKEY
        }
    })
}

/// Our certificate chain (leaf first) and key.
pub struct Identity {
    pub chain: Vec<X509>,
    pub key: PKey<Private>,
}

/// The socket's certificate and key; None when it has neither. One
/// without the other is an error.
pub fn identity(o: &TlsOptions) -> ZResult<Option<Identity>> {
    let cert = pem_of(&o.cert_file, &o.cert_pem, ETLSCERT)?;
    let key = pem_of(&o.key_file, &o.key_pem, ETLSKEY)?;
    match (cert, key) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(ETLSKEY),
        (None, Some(_)) => Err(ETLSCERT),
        (Some(c), Some(k)) => Ok(Some(Identity {
            chain: certs_of(&c, ETLSCERT)?,
            key: key_of(&k, &o.password)?,
        })),
    }
}

/// Trust anchors: CA_FILE or CA_PEM (not both), else every PEM file of
/// CA_DIR; none configured is None (the system store).
pub fn cas(o: &TlsOptions) -> ZResult<Option<Vec<X509>>> {
    if let Some(pem) = pem_of(&o.ca_file, &o.ca_pem, ETLSCA)? {
        return certs_of(&pem, ETLSCA).map(Some);
    }
    if o.ca_dir.is_empty() {
        return Ok(None);
    }
    // Every PEM file in the directory, whatever its name (not only
    // OpenSSL's hash names); anything but a regular file is skipped.
    let dir = std::fs::read_dir(Path::new(&o.ca_dir)).map_err(|_| ETLSCA)?;
    let mut certs = Vec::new();
    for entry in dir.flatten() {
        if let Ok(pem) = read_regular(&entry.path(), ETLSCA) {
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

/// ZMQ_TLS_CRL_FILE: one or more PEM CRLs; None when not set.
pub fn crls(o: &TlsOptions) -> ZResult<Option<Vec<X509Crl>>> {
    if o.crl_file.is_empty() {
        return Ok(None);
    }
    let pem = read_regular(Path::new(&o.crl_file), ETLSCA)?;
    let mut out = Vec::new();
    let text = String::from_utf8_lossy(&pem);
    const END: &str = "-----END X509 CRL-----";
    let mut rest: &str = &text;
    while let Some(end) = rest.find(END) {
        let one = &rest[..end + END.len()];
        out.push(X509Crl::from_pem(one.as_bytes()).map_err(|_| ETLSCA)?);
        rest = &rest[end + END.len()..];
    }
    // A CRL cut short (a BEGIN without its END) is an error, not skipped.
    if out.is_empty() || rest.contains("-----BEGIN") {
        return Err(ETLSCA);
    }
    Ok(Some(out))
}

/// What a file looked like when it was read: a change of any of these
/// (a rewrite, a rename over it, a symlink swap) means read it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    path: String,
    seen: Option<(u64, u64, u64, i64, i64, i64, i64)>,
}

fn stamp(path: &Path) -> Stamp {
    let seen = std::fs::metadata(path).ok().map(|m| {
        (
            m.dev(),
            m.ino(),
            m.size(),
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec(),
        )
    });
    Stamp {
        path: path.to_string_lossy().into_owned(),
        seen,
    }
}

/// Stamps of every credential file the options name (PEM text never
/// changes). Empty when there is nothing to reload.
pub fn stamps(o: &TlsOptions) -> Vec<Stamp> {
    let mut v = Vec::new();
    for f in [&o.cert_file, &o.key_file, &o.ca_file, &o.crl_file] {
        if !f.is_empty() {
            v.push(stamp(Path::new(f)));
        }
    }
    if !o.ca_dir.is_empty() && o.ca_file.is_empty() && o.ca_pem.is_empty() {
        let dir = Path::new(&o.ca_dir);
        v.push(stamp(dir));
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            names.sort();
            v.extend(names.iter().map(|p| stamp(p)));
        }
    }
    v
}
