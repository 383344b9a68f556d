//! ZMQ_TLS_* socket options: storage, validation at zmq_setsockopt and
//! zmq_getsockopt. What they do is in the rest of `transport::tls`.

use super::policy;
use crate::constants::*;
use crate::errno::ZResult;
use crate::options::{as_int, boolean, opt_string as text, string_max, Value};
use libc::EINVAL;

/// PEM text may be a whole CA bundle; far above any real one.
const MAX_PEM: usize = 1 << 20;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    pub ca_dir: String,
    pub ca_file: String,
    pub cert_file: String,
    pub key_file: String,
    pub password: String,
    pub verify_peer: bool,
    pub common_name: String,
    pub verify_hostname: bool,
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
    /// ZMQ_TLS_VERSION_1_2 or ZMQ_TLS_VERSION_1_3.
    pub min_version: i32,
    pub ciphers: String,
    pub ciphersuites: String,
    pub crl_file: String,
    pub resumption: bool,
    pub reload: bool,
}

impl Default for TlsOptions {
    fn default() -> TlsOptions {
        TlsOptions {
            ca_dir: String::new(),
            ca_file: String::new(),
            cert_file: String::new(),
            key_file: String::new(),
            password: String::new(),
            verify_peer: true,
            common_name: String::new(),
            verify_hostname: true,
            ca_pem: String::new(),
            cert_pem: String::new(),
            key_pem: String::new(),
            min_version: ZMQ_TLS_VERSION_1_2,
            ciphers: String::new(),
            ciphersuites: String::new(),
            crl_file: String::new(),
            resumption: true,
            reload: true,
        }
    }
}

/// Secrets (the password, a private key) are never formatted.
impl std::fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |x: &String| if x.is_empty() { "" } else { "<hidden>" };
        f.debug_struct("TlsOptions")
            .field("ca_dir", &self.ca_dir)
            .field("ca_file", &self.ca_file)
            .field("cert_file", &self.cert_file)
            .field("key_file", &self.key_file)
            .field("password", &hidden(&self.password))
            .field("verify_peer", &self.verify_peer)
            .field("common_name", &self.common_name)
            .field("verify_hostname", &self.verify_hostname)
            .field("ca_pem", &self.ca_pem.len())
            .field("cert_pem", &self.cert_pem.len())
            .field("key_pem", &hidden(&self.key_pem))
            .field("min_version", &self.min_version)
            .field("ciphers", &self.ciphers)
            .field("ciphersuites", &self.ciphersuites)
            .field("crl_file", &self.crl_file)
            .field("resumption", &self.resumption)
            .field("reload", &self.reload)
            .finish()
    }
}

fn flag(v: &[u8]) -> ZResult<bool> {
    boolean(as_int(v)?)
}

pub fn is_tls_option(opt: i32) -> bool {
    (ZMQ_TLS_CA_DIR..=ZMQ_TLS_RELOAD).contains(&opt)
}

impl TlsOptions {
    pub fn set(&mut self, opt: i32, v: &[u8]) -> ZResult<()> {
        match opt {
            ZMQ_TLS_CA_DIR => self.ca_dir = text(v)?,
            ZMQ_TLS_CA_FILE => self.ca_file = text(v)?,
            ZMQ_TLS_CERT_FILE => self.cert_file = text(v)?,
            ZMQ_TLS_KEY_FILE => self.key_file = text(v)?,
            ZMQ_TLS_CERT_PASSWORD => self.password = text(v)?,
            ZMQ_TLS_VERIFY_PEER => self.verify_peer = flag(v)?,
            ZMQ_TLS_CERT_COMMON_NAME => self.common_name = text(v)?,
            ZMQ_TLS_VERIFY_HOSTNAME => self.verify_hostname = flag(v)?,
            ZMQ_TLS_CA_PEM => self.ca_pem = string_max(v, MAX_PEM)?,
            ZMQ_TLS_CERT_PEM => self.cert_pem = string_max(v, MAX_PEM)?,
            ZMQ_TLS_KEY_PEM => self.key_pem = string_max(v, MAX_PEM)?,
            ZMQ_TLS_MIN_VERSION => {
                self.min_version = match as_int(v)? {
                    x @ (ZMQ_TLS_VERSION_1_2 | ZMQ_TLS_VERSION_1_3) => x,
                    _ => return Err(EINVAL),
                }
            }
            // Lists are checked now, so a weak or mistyped one never
            // reaches a bind or connect.
            ZMQ_TLS_CIPHERS => {
                let s = text(v)?;
                policy::check_ciphers(&s)?;
                self.ciphers = s
            }
            ZMQ_TLS_CIPHERSUITES => {
                let s = text(v)?;
                policy::check_ciphersuites(&s)?;
                self.ciphersuites = s
            }
            ZMQ_TLS_CRL_FILE => self.crl_file = text(v)?,
            ZMQ_TLS_SESSION_RESUMPTION => self.resumption = flag(v)?,
            ZMQ_TLS_RELOAD => self.reload = flag(v)?,
            _ => return Err(EINVAL),
        }
        Ok(())
    }

    pub fn get(&self, opt: i32) -> ZResult<Value> {
        let s = |x: &String| Value::Str(x.clone());
        let i = |x: bool| Value::Int(x as i32);
        Ok(match opt {
            ZMQ_TLS_CA_DIR => s(&self.ca_dir),
            ZMQ_TLS_CA_FILE => s(&self.ca_file),
            ZMQ_TLS_CERT_FILE => s(&self.cert_file),
            ZMQ_TLS_KEY_FILE => s(&self.key_file),
            ZMQ_TLS_CERT_PASSWORD => s(&self.password),
            ZMQ_TLS_VERIFY_PEER => i(self.verify_peer),
            ZMQ_TLS_CERT_COMMON_NAME => s(&self.common_name),
            ZMQ_TLS_VERIFY_HOSTNAME => i(self.verify_hostname),
            ZMQ_TLS_CA_PEM => s(&self.ca_pem),
            ZMQ_TLS_CERT_PEM => s(&self.cert_pem),
            ZMQ_TLS_KEY_PEM => s(&self.key_pem),
            ZMQ_TLS_MIN_VERSION => Value::Int(self.min_version),
            ZMQ_TLS_CIPHERS => s(&self.ciphers),
            ZMQ_TLS_CIPHERSUITES => s(&self.ciphersuites),
            ZMQ_TLS_CRL_FILE => s(&self.crl_file),
            ZMQ_TLS_SESSION_RESUMPTION => i(self.resumption),
            ZMQ_TLS_RELOAD => i(self.reload),
            _ => return Err(EINVAL),
        })
    }

    /// A CA is configured (not the system trust store).
    pub fn has_ca(&self) -> bool {
        !self.ca_file.is_empty() || !self.ca_dir.is_empty() || !self.ca_pem.is_empty()
    }
}
