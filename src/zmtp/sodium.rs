//! The libsodium calls CURVE needs (through `libsodium-sys-stable`, the
//! maintained binding, linked to the system's libsodium as Debian's libzmq
//! is), behind safe wrappers. libsodium rather than a pure-Rust crate for
//! speed: its XSalsa20 and Poly1305 pick SIMD code at run time, which made
//! our CURVE traffic 2-3x faster than RustCrypto's portable salsa20.
//!
//! A `SharedKey` is NaCl's precomputed box key (crypto_box_beforenm), so
//! a box and a secretbox are the same operation here: XSalsa20-Poly1305
//! with the 16-byte tag in front of the ciphertext.

use libsodium_sys as ffi;
use std::sync::OnceLock;
use zeroize::Zeroizing;

pub const KEY: usize = 32;
pub const TAG: usize = 16;
pub type Nonce = [u8; 24];

/// sodium_init picks the CPU-specific implementations; without it
/// libsodium runs its portable code. Idempotent and thread-safe, but we
/// call it once. Every constructor below goes through it, so the
/// per-message calls (on keys that exist) need not.
fn init() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        // SAFETY: no arguments; -1 only if the library cannot start, and
        // then its functions still work with the portable code.
        unsafe { ffi::sodium_init() };
    });
}

/// Bytes from libsodium's CSPRNG (getrandom(2) underneath).
pub fn random<const N: usize>() -> [u8; N] {
    init();
    let mut b = [0u8; N];
    // SAFETY: writes exactly N bytes into b.
    unsafe { ffi::randombytes_buf(b.as_mut_ptr().cast(), N) };
    b
}

#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey([u8; KEY]);

impl PublicKey {
    pub fn as_bytes(&self) -> &[u8; KEY] {
        &self.0
    }
}

impl From<[u8; KEY]> for PublicKey {
    fn from(b: [u8; KEY]) -> PublicKey {
        PublicKey(b)
    }
}

/// An X25519 secret key, wiped when dropped.
pub struct SecretKey(Zeroizing<[u8; KEY]>);

impl SecretKey {
    pub fn generate() -> SecretKey {
        SecretKey(Zeroizing::new(random()))
    }

    pub fn from_bytes(b: &[u8; KEY]) -> SecretKey {
        SecretKey(Zeroizing::new(*b))
    }

    pub fn as_bytes(&self) -> &[u8; KEY] {
        &self.0
    }

    pub fn public_key(&self) -> PublicKey {
        init();
        let mut p = [0u8; KEY];
        // SAFETY: both buffers are KEY bytes. It fails only for a secret
        // whose public key would be all zeros, which no clamped scalar
        // gives; the zeros would then make every box with it fail.
        unsafe { ffi::crypto_scalarmult_base(p.as_mut_ptr(), self.0.as_ptr()) };
        PublicKey(p)
    }
}

/// A box key: the precomputed key of a (public, secret) pair, or a
/// secretbox key (the cookie's). Wiped when dropped.
pub struct SharedKey(Zeroizing<[u8; KEY]>);

impl SharedKey {
    /// None for a public key of small order, where the shared secret
    /// would be all zeros (libsodium refuses it; so does libzmq, whose
    /// box then fails).
    pub fn new(public: &PublicKey, secret: &SecretKey) -> Option<SharedKey> {
        init();
        let mut k = Zeroizing::new([0u8; KEY]);
        // SAFETY: all three buffers are KEY bytes.
        let rc = unsafe {
            ffi::crypto_box_beforenm(k.as_mut_ptr(), public.0.as_ptr(), secret.0.as_ptr())
        };
        (rc == 0).then_some(SharedKey(k))
    }

    pub fn secret(key: &[u8; KEY]) -> SharedKey {
        init();
        SharedKey(Zeroizing::new(*key))
    }

    /// Encrypt `buf` in place; returns the tag.
    pub fn seal_in_place(&self, n: &Nonce, buf: &mut [u8]) -> [u8; TAG] {
        let mut tag = [0u8; TAG];
        // SAFETY: c and m are the same buffer of buf.len() bytes, which
        // libsodium allows; tag is TAG bytes, n 24, the key KEY.
        let rc = unsafe {
            ffi::crypto_secretbox_detached(
                buf.as_mut_ptr(),
                tag.as_mut_ptr(),
                buf.as_ptr(),
                buf.len() as u64,
                n.as_ptr(),
                self.0.as_ptr(),
            )
        };
        if rc != 0 {
            // Cannot happen (lengths far below the limit); if it did, the
            // plaintext must not leave, and a zero tag will not verify.
            buf.fill(0);
            tag = [0; TAG];
        }
        tag
    }

    /// NaCl box of `plain`: tag, then ciphertext.
    pub fn seal(&self, n: &Nonce, plain: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; TAG + plain.len()];
        out[TAG..].copy_from_slice(plain);
        let tag = self.seal_in_place(n, &mut out[TAG..]);
        out[..TAG].copy_from_slice(&tag);
        out
    }

    /// Check the tag of `boxed` (tag, then ciphertext) and decrypt its
    /// ciphertext into `out`, which must be exactly as long. False, and
    /// `out` unspecified, when the box does not open.
    #[must_use]
    pub fn open_into(&self, n: &Nonce, boxed: &[u8], out: &mut [u8]) -> bool {
        if boxed.len() < TAG || out.len() != boxed.len() - TAG {
            return false;
        }
        // SAFETY: out has the ciphertext's length; the tag is TAG bytes,
        // n 24, the key KEY; the buffers do not overlap.
        let rc = unsafe {
            ffi::crypto_secretbox_open_detached(
                out.as_mut_ptr(),
                boxed[TAG..].as_ptr(),
                boxed.as_ptr(),
                out.len() as u64,
                n.as_ptr(),
                self.0.as_ptr(),
            )
        };
        rc == 0
    }

    /// Check `tag` and decrypt `buf` in place. False, and `buf`
    /// unspecified, when the box does not open.
    #[must_use]
    pub fn open_in_place(&self, n: &Nonce, tag: &[u8; TAG], buf: &mut [u8]) -> bool {
        // SAFETY: m and c are the same buffer, which libsodium allows; the
        // tag is TAG bytes, n 24, the key KEY.
        let rc = unsafe {
            ffi::crypto_secretbox_open_detached(
                buf.as_mut_ptr(),
                buf.as_ptr(),
                tag.as_ptr(),
                buf.len() as u64,
                n.as_ptr(),
                self.0.as_ptr(),
            )
        };
        rc == 0
    }

    pub fn open(&self, n: &Nonce, boxed: &[u8]) -> Option<Vec<u8>> {
        let mut out = vec![0u8; boxed.len().checked_sub(TAG)?];
        self.open_into(n, boxed, &mut out).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small-order public key (here zero) gives an all-zero shared
    /// secret: refused, as libsodium and so libzmq refuse it.
    #[test]
    fn small_order_public_key_is_refused() {
        let s = SecretKey::generate();
        assert!(SharedKey::new(&PublicKey::from([0u8; KEY]), &s).is_none());
        assert!(SharedKey::new(&s.public_key(), &SecretKey::generate()).is_some());
    }

    #[test]
    fn in_place_and_copying_forms_agree() {
        let k = SharedKey::secret(&[3u8; KEY]);
        let n = [9u8; 24];
        let boxed = k.seal(&n, b"some bytes");
        let mut buf = boxed[TAG..].to_vec();
        let tag: [u8; TAG] = boxed[..TAG].try_into().unwrap();
        assert!(k.open_in_place(&n, &tag, &mut buf));
        assert_eq!(buf, b"some bytes");
        assert_eq!(k.open(&n, &boxed).unwrap(), b"some bytes");
        let mut bad = boxed.clone();
        bad[TAG] ^= 1;
        assert!(k.open(&n, &bad).is_none());
        assert!(k.open(&n, &boxed[..TAG - 1]).is_none());
    }
}
