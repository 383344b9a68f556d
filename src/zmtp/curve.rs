//! RFC 26's CURVE mechanism (CurveZMQ): an X25519 handshake with
//! short-term keys, then every frame travels as an encrypted MESSAGE
//! command. Crypto is RustCrypto's crypto_box / crypto_secretbox
//! (XSalsa20-Poly1305, NaCl's box layout: the 16-byte tag first). Short
//! nonces are 8-byte counters that must strictly increase; a replayed or
//! reordered command is refused. Secret keys are wiped when dropped
//! (crypto_box's keys zeroize themselves; the cookie key is Zeroizing).

use super::mechanism::{error_body, peer_error, split_command, Mechanism, Status, ZapReply};
use super::metadata;
use super::ProtoError;
use crypto_box::aead::consts::{U16, U24};
use crypto_box::aead::{rand_core::RngCore, AeadCore, AeadInPlace, KeyInit, OsRng};
use crypto_box::{PublicKey, SalsaBox, SecretKey};
use crypto_secretbox::XSalsa20Poly1305;
use zeroize::Zeroizing;

pub const KEY: usize = 32;
const TAG: usize = 16;
const HELLO_SIZE: usize = 200;
const WELCOME_SIZE: usize = 168;
const COOKIE: usize = 96;
const VOUCH: usize = 96;
/// A MESSAGE body around its frame: name, nonce, tag, flags.
pub const MESSAGE_OVERHEAD: usize = 8 + 8 + TAG + 1;

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}

fn nonce(prefix: &[u8], tail: &[u8]) -> crypto_box::Nonce {
    let mut n = [0u8; 24];
    n[..prefix.len()].copy_from_slice(prefix);
    n[prefix.len()..].copy_from_slice(tail);
    n.into()
}

/// NaCl box of `plain`: tag, then ciphertext.
fn seal<B: AeadInPlace + AeadCore<NonceSize = U24, TagSize = U16>>(
    b: &B,
    n: &crypto_box::Nonce,
    plain: &[u8],
) -> Vec<u8> {
    let mut out = vec![0u8; TAG + plain.len()];
    out[TAG..].copy_from_slice(plain);
    // Cannot fail (no associated data, lengths far below the cipher's
    // limit); if it did, nothing leaves in clear (see `encode_into`).
    match b.encrypt_in_place_detached(n, b"", &mut out[TAG..]) {
        Ok(tag) => out[..TAG].copy_from_slice(&tag),
        Err(_) => out.fill(0),
    }
    out
}

fn open<B: AeadInPlace + AeadCore<NonceSize = U24, TagSize = U16>>(
    b: &B,
    n: &crypto_box::Nonce,
    boxed: &[u8],
) -> Result<Vec<u8>, ProtoError> {
    if boxed.len() < TAG {
        return Err(ProtoError::Cryptographic);
    }
    let mut plain = boxed[TAG..].to_vec();
    let tag = crypto_box::aead::generic_array::GenericArray::from_slice(&boxed[..TAG]);
    b.decrypt_in_place_detached(n, b"", &mut plain, tag)
        .map_err(|_| ProtoError::Cryptographic)?;
    Ok(plain)
}

fn key(bytes: &[u8]) -> Result<[u8; KEY], ProtoError> {
    bytes.try_into().map_err(|_| ProtoError::MalformedCommand)
}

/// The traffic half both roles share: our nonce counter, the peer's last
/// nonce, the box of the two short-term keys.
struct Channel {
    next_nonce: u64,
    peer_nonce: u64,
    cn_box: Option<SalsaBox>,
    /// "CurveZMQMESSAGEC" from the client, "...S" from the server.
    send_prefix: &'static [u8; 16],
    recv_prefix: &'static [u8; 16],
}

impl Channel {
    fn new(client: bool) -> Channel {
        let (send_prefix, recv_prefix) = if client {
            (b"CurveZMQMESSAGEC", b"CurveZMQMESSAGES")
        } else {
            (b"CurveZMQMESSAGES", b"CurveZMQMESSAGEC")
        };
        Channel {
            next_nonce: 1,
            peer_nonce: 0,
            cn_box: None,
            send_prefix,
            recv_prefix,
        }
    }

    fn take_nonce(&mut self) -> [u8; 8] {
        let n = self.next_nonce;
        self.next_nonce += 1;
        n.to_be_bytes()
    }

    /// A peer's short nonce, if strictly greater than the last one; it
    /// becomes the last one only once its box opened (`accept_nonce`).
    fn fresh_nonce(&self, bytes: &[u8]) -> Result<u64, ProtoError> {
        let n = u64::from_be_bytes(bytes.try_into().map_err(|_| ProtoError::MalformedCommand)?);
        if n <= self.peer_nonce {
            return Err(ProtoError::InvalidSequence);
        }
        Ok(n)
    }

    fn accept_nonce(&mut self, n: u64) {
        self.peer_nonce = n;
    }

    #[cfg(test)]
    fn encode(&mut self, data: &[u8], more: bool, command: bool) -> Vec<u8> {
        let mut body = Vec::with_capacity(MESSAGE_OVERHEAD + data.len());
        self.encode_into(&mut body, data, more, command);
        body
    }

    /// Append a MESSAGE body; the data is copied once, then encrypted in
    /// place.
    fn encode_into(&mut self, out: &mut Vec<u8>, data: &[u8], more: bool, command: bool) {
        let n = self.take_nonce();
        out.extend_from_slice(b"\x07MESSAGE");
        out.extend_from_slice(&n);
        let tag_at = out.len();
        out.extend_from_slice(&[0u8; TAG]);
        out.push(more as u8 | (command as u8) << 1);
        out.extend_from_slice(data);
        let (head, plain) = out[tag_at..].split_at_mut(TAG);
        // Cannot fail (the box exists once traffic starts; no associated
        // data; lengths far below the limit), but if it ever did, the
        // data must not leave in clear: it is wiped, and the peer's tag
        // check fails.
        match self
            .cn_box
            .as_ref()
            .map(|b| b.encrypt_in_place_detached(&nonce(self.send_prefix, &n), b"", plain))
        {
            Some(Ok(tag)) => head.copy_from_slice(&tag),
            _ => plain.fill(0),
        }
    }

    fn decode(&mut self, body: &[u8]) -> Result<(u8, Vec<u8>), ProtoError> {
        let (name, data) = split_command(body)?;
        if name != b"MESSAGE" {
            return Err(ProtoError::UnexpectedCommand);
        }
        if data.len() < 8 + TAG + 1 {
            return Err(ProtoError::MalformedMessage);
        }
        let fresh = self.fresh_nonce(&data[..8])?;
        let b = self.cn_box.as_ref().ok_or(ProtoError::UnexpectedCommand)?;
        let mut plain = open(b, &nonce(self.recv_prefix, &data[..8]), &data[8..])?;
        self.accept_nonce(fresh);
        let flags = plain.remove(0);
        Ok((flags, plain))
    }
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Client {
    SendHello,
    WaitWelcome,
    SendInitiate,
    WaitReady,
    Done,
}

pub struct CurveClient {
    state: Client,
    server: PublicKey,
    secret: SecretKey,
    /// Our long-term public key as configured (ZMQ_CURVE_PUBLICKEY, sent
    /// as is, as libzmq), else derived from the secret key.
    public: PublicKey,
    cn_secret: SecretKey,
    cookie: Vec<u8>,
    server_cn: Option<PublicKey>,
    props: Vec<u8>,
    peer: Vec<(String, Vec<u8>)>,
    ch: Channel,
}

impl CurveClient {
    pub fn new(
        server: [u8; KEY],
        secret: &[u8; KEY],
        public: Option<[u8; KEY]>,
        props: Vec<u8>,
    ) -> CurveClient {
        let secret = SecretKey::from(*secret);
        CurveClient {
            state: Client::SendHello,
            server: PublicKey::from(server),
            public: public.map_or_else(|| secret.public_key(), PublicKey::from),
            secret,
            cn_secret: SecretKey::generate(&mut OsRng),
            cookie: Vec::new(),
            server_cn: None,
            props,
            peer: Vec::new(),
            ch: Channel::new(true),
        }
    }
}

impl Mechanism for CurveClient {
    fn name(&self) -> &'static str {
        "CURVE"
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        match self.state {
            Client::SendHello => {
                self.state = Client::WaitWelcome;
                let n = self.ch.take_nonce();
                let b = SalsaBox::new(&self.server, &self.cn_secret);
                let mut body = Vec::with_capacity(HELLO_SIZE);
                body.extend_from_slice(b"\x05HELLO\x01\x00");
                body.extend_from_slice(&[0u8; 72]);
                body.extend_from_slice(self.cn_secret.public_key().as_bytes());
                body.extend_from_slice(&n);
                body.extend_from_slice(&seal(&b, &nonce(b"CurveZMQHELLO---", &n), &[0u8; 64]));
                Some(body)
            }
            Client::SendInitiate => {
                self.state = Client::WaitReady;
                let server_cn = self.server_cn.clone()?;
                // The vouch: our short-term key and the server's long-term
                // one, boxed with our long-term key.
                let vn: [u8; 16] = random();
                let mut vouched = Vec::with_capacity(2 * KEY);
                vouched.extend_from_slice(self.cn_secret.public_key().as_bytes());
                vouched.extend_from_slice(self.server.as_bytes());
                let vb = SalsaBox::new(&server_cn, &self.secret);
                let mut plain = Vec::with_capacity(KEY + VOUCH + self.props.len());
                plain.extend_from_slice(self.public.as_bytes());
                plain.extend_from_slice(&vn);
                plain.extend_from_slice(&seal(&vb, &nonce(b"VOUCH---", &vn), &vouched));
                plain.extend_from_slice(&self.props);
                let n = self.ch.take_nonce();
                let mut body = Vec::new();
                body.extend_from_slice(b"\x08INITIATE");
                body.extend_from_slice(&self.cookie);
                body.extend_from_slice(&n);
                let b = self.ch.cn_box.as_ref()?;
                body.extend_from_slice(&seal(b, &nonce(b"CurveZMQINITIATE", &n), &plain));
                Some(body)
            }
            _ => None,
        }
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        let (name, data) = split_command(body)?;
        match (self.state, name) {
            (_, b"ERROR") => Err(peer_error(data)),
            (Client::WaitWelcome, b"WELCOME") => {
                if body.len() != WELCOME_SIZE {
                    return Err(ProtoError::MalformedWelcome);
                }
                let b = SalsaBox::new(&self.server, &self.cn_secret);
                let plain = open(&b, &nonce(b"WELCOME-", &data[..16]), &data[16..])?;
                let server_cn = PublicKey::from(key(&plain[..KEY])?);
                self.cookie = plain[KEY..].to_vec();
                self.ch.cn_box = Some(SalsaBox::new(&server_cn, &self.cn_secret));
                self.server_cn = Some(server_cn);
                self.state = Client::SendInitiate;
                Ok(())
            }
            (Client::WaitReady, b"READY") => {
                if data.len() < 8 + TAG {
                    return Err(ProtoError::MalformedReady);
                }
                let fresh = self.ch.fresh_nonce(&data[..8])?;
                let b = self
                    .ch
                    .cn_box
                    .as_ref()
                    .ok_or(ProtoError::UnexpectedCommand)?;
                let plain = open(b, &nonce(b"CurveZMQREADY---", &data[..8]), &data[8..])?;
                self.ch.accept_nonce(fresh);
                self.peer = metadata::parse(&plain).ok_or(ProtoError::InvalidMetadata)?;
                self.state = Client::Done;
                Ok(())
            }
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn status(&self) -> Status {
        if self.state == Client::Done {
            Status::Ready
        } else {
            Status::Handshaking
        }
    }

    fn peer_properties(&self) -> &[(String, Vec<u8>)] {
        &self.peer
    }

    fn encrypts(&self) -> bool {
        true
    }

    fn encode_into(&mut self, out: &mut Vec<u8>, data: &[u8], more: bool, command: bool) {
        self.ch.encode_into(out, data, more, command)
    }

    fn sealed_len(&self, n: usize) -> usize {
        MESSAGE_OVERHEAD + n
    }

    fn decode(&mut self, body: &[u8]) -> Result<(u8, Vec<u8>), ProtoError> {
        self.ch.decode(body)
    }
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Server {
    WaitHello,
    SendWelcome,
    WaitInitiate,
    AskZap,
    WaitZap,
    SendReady,
    SendError(u16),
    Done,
}

pub struct CurveServer {
    state: Server,
    secret: SecretKey,
    cn_secret: SecretKey,
    client_cn: Option<PublicKey>,
    client: Option<[u8; KEY]>,
    cookie_key: Zeroizing<[u8; KEY]>,
    zap_reply: Option<ZapReply>,
    props: Vec<u8>,
    peer: Vec<(String, Vec<u8>)>,
    ch: Channel,
}

impl CurveServer {
    /// The ZAP handler is asked once the client proved its key (the
    /// session admits it when none is bound, as libzmq).
    pub fn new(secret: &[u8; KEY], props: Vec<u8>) -> CurveServer {
        CurveServer {
            state: Server::WaitHello,
            secret: SecretKey::from(*secret),
            cn_secret: SecretKey::generate(&mut OsRng),
            client_cn: None,
            client: None,
            cookie_key: Zeroizing::new(random()),
            zap_reply: None,
            props,
            peer: Vec::new(),
            ch: Channel::new(false),
        }
    }

    fn hello(&mut self, body: &[u8], data: &[u8]) -> Result<(), ProtoError> {
        if body.len() != HELLO_SIZE || data[..2] != [1, 0] {
            return Err(ProtoError::MalformedHello);
        }
        // version 2, padding 72, C' 32, nonce 8, box 80
        let client_cn = PublicKey::from(key(&data[74..106])?);
        let fresh = self.ch.fresh_nonce(&data[106..114])?;
        let b = SalsaBox::new(&client_cn, &self.secret);
        let plain = open(
            &b,
            &nonce(b"CurveZMQHELLO---", &data[106..114]),
            &data[114..],
        )?;
        if plain != [0u8; 64] {
            return Err(ProtoError::Cryptographic);
        }
        self.ch.accept_nonce(fresh);
        self.client_cn = Some(client_cn);
        self.state = Server::SendWelcome;
        Ok(())
    }

    fn welcome(&mut self) -> Option<Vec<u8>> {
        let client_cn = self.client_cn.clone()?;
        // The cookie: C' and s', boxed with a key only we know; we keep
        // both anyway, and check the cookie comes back unchanged.
        let cn = random::<16>();
        let mut inner = Zeroizing::new(Vec::with_capacity(2 * KEY));
        inner.extend_from_slice(client_cn.as_bytes());
        inner.extend_from_slice(&self.cn_secret.to_bytes());
        let kb = XSalsa20Poly1305::new((&*self.cookie_key).into());
        let mut cookie = cn.to_vec();
        cookie.extend_from_slice(&seal(&kb, &nonce(b"COOKIE--", &cn), &inner));
        let mut plain = Vec::with_capacity(KEY + COOKIE);
        plain.extend_from_slice(self.cn_secret.public_key().as_bytes());
        plain.extend_from_slice(&cookie);
        let wn = random::<16>();
        let b = SalsaBox::new(&client_cn, &self.secret);
        let mut body = Vec::with_capacity(WELCOME_SIZE);
        body.extend_from_slice(b"\x07WELCOME");
        body.extend_from_slice(&wn);
        body.extend_from_slice(&seal(&b, &nonce(b"WELCOME-", &wn), &plain));
        Some(body)
    }

    fn initiate(&mut self, data: &[u8]) -> Result<(), ProtoError> {
        if data.len() < COOKIE + 8 + TAG + KEY + VOUCH {
            return Err(ProtoError::MalformedInitiate);
        }
        let client_cn = self
            .client_cn
            .clone()
            .ok_or(ProtoError::UnexpectedCommand)?;
        let kb = XSalsa20Poly1305::new((&*self.cookie_key).into());
        let cookie = Zeroizing::new(open(
            &kb,
            &nonce(b"COOKIE--", &data[..16]),
            &data[16..COOKIE],
        )?);
        if cookie[..KEY] != client_cn.as_bytes()[..] || cookie[KEY..] != self.cn_secret.to_bytes() {
            return Err(ProtoError::Cryptographic);
        }
        let n = &data[COOKIE..COOKIE + 8];
        let fresh = self.ch.fresh_nonce(n)?;
        let cn_box = SalsaBox::new(&client_cn, &self.cn_secret);
        let plain = open(&cn_box, &nonce(b"CurveZMQINITIATE", n), &data[COOKIE + 8..])?;
        self.ch.accept_nonce(fresh);
        // A client holding the keys can box anything: check the length.
        if plain.len() < KEY + VOUCH {
            return Err(ProtoError::MalformedInitiate);
        }
        let client = key(&plain[..KEY])?;
        let vouch = &plain[KEY..KEY + VOUCH];
        let vb = SalsaBox::new(&PublicKey::from(client), &self.cn_secret);
        let vouched = open(&vb, &nonce(b"VOUCH---", &vouch[..16]), &vouch[16..])?;
        if vouched[..KEY] != client_cn.as_bytes()[..]
            || vouched[KEY..] != self.secret.public_key().as_bytes()[..]
        {
            return Err(ProtoError::Cryptographic);
        }
        self.peer = metadata::parse(&plain[KEY + VOUCH..]).ok_or(ProtoError::InvalidMetadata)?;
        self.ch.cn_box = Some(cn_box);
        self.client = Some(client);
        self.state = Server::AskZap;
        Ok(())
    }
}

impl Mechanism for CurveServer {
    fn name(&self) -> &'static str {
        "CURVE"
    }

    fn as_server(&self) -> bool {
        true
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        match self.state {
            Server::SendWelcome => {
                self.state = Server::WaitInitiate;
                self.welcome()
            }
            Server::SendReady => {
                self.state = Server::Done;
                let n = self.ch.take_nonce();
                let b = self.ch.cn_box.as_ref()?;
                let mut body = b"\x05READY".to_vec();
                body.extend_from_slice(&n);
                body.extend_from_slice(&seal(b, &nonce(b"CurveZMQREADY---", &n), &self.props));
                Some(body)
            }
            Server::SendError(code) => {
                self.state = Server::Done;
                Some(error_body(code))
            }
            _ => None,
        }
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        let (name, data) = split_command(body)?;
        match (self.state, name) {
            (_, b"ERROR") => Err(peer_error(data)),
            (Server::WaitHello, b"HELLO") => self.hello(body, data),
            (Server::WaitInitiate, b"INITIATE") => self.initiate(data),
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn status(&self) -> Status {
        match (&self.state, &self.zap_reply) {
            (Server::Done, Some(z)) if z.status != 200 => {
                Status::Failed(ProtoError::Auth(z.status))
            }
            (Server::Done, _) => Status::Ready,
            _ => Status::Handshaking,
        }
    }

    fn peer_properties(&self) -> &[(String, Vec<u8>)] {
        &self.peer
    }

    fn zap_request(&mut self) -> Option<(&'static str, Vec<Vec<u8>>)> {
        if self.state != Server::AskZap {
            return None;
        }
        self.state = Server::WaitZap;
        Some(("CURVE", vec![self.client?.to_vec()]))
    }

    fn zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtoError> {
        if self.state != Server::WaitZap {
            return Err(ProtoError::ZapMalformedReply);
        }
        self.state = match reply.status {
            200 => Server::SendReady,
            300 => Server::Done,
            s => Server::SendError(s),
        };
        self.zap_reply = Some(reply);
        Ok(())
    }

    fn zap_outcome(&self) -> Option<&ZapReply> {
        self.zap_reply.as_ref()
    }

    fn encrypts(&self) -> bool {
        true
    }

    fn encode_into(&mut self, out: &mut Vec<u8>, data: &[u8], more: bool, command: bool) {
        self.ch.encode_into(out, data, more, command)
    }

    fn sealed_len(&self, n: usize) -> usize {
        MESSAGE_OVERHEAD + n
    }

    fn decode(&mut self, body: &[u8]) -> Result<(u8, Vec<u8>), ProtoError> {
        self.ch.decode(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (CurveClient, CurveServer) {
        let server_secret: [u8; KEY] = random();
        let server_public = SecretKey::from(server_secret).public_key().to_bytes();
        let client_secret: [u8; KEY] = random();
        (
            CurveClient::new(
                server_public,
                &client_secret,
                None,
                b"\x0bSocket-Type\0\0\0\x03REQ".to_vec(),
            ),
            CurveServer::new(&server_secret, b"\x0bSocket-Type\0\0\0\x03REP".to_vec()),
        )
    }

    fn handshake(c: &mut CurveClient, s: &mut CurveServer) {
        s.process_command(&c.next_command().unwrap()).unwrap();
        c.process_command(&s.next_command().unwrap()).unwrap();
        s.process_command(&c.next_command().unwrap()).unwrap();
        if let Some((mech, creds)) = s.zap_request() {
            assert_eq!(mech, "CURVE");
            assert_eq!(creds[0], c.secret.public_key().as_bytes());
            s.zap_reply(ZapReply {
                status: 200,
                user_id: Vec::new(),
                metadata: Vec::new(),
            })
            .unwrap();
        }
        c.process_command(&s.next_command().unwrap()).unwrap();
        assert_eq!((c.status(), s.status()), (Status::Ready, Status::Ready));
    }

    fn unhex(h: &str) -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Known answers made with libsodium (PyNaCl's crypto_box_easy and
    /// crypto_secretbox_easy): our boxes are NaCl's, byte for byte.
    #[test]
    fn libsodium_known_answers() {
        let ask: [u8; 32] = core::array::from_fn(|i| i as u8 + 1);
        let bsk: [u8; 32] = core::array::from_fn(|i| i as u8 + 101);
        let apk = SecretKey::from(ask).public_key();
        let bpk = SecretKey::from(bsk).public_key();
        assert_eq!(
            apk.as_bytes().to_vec(),
            unhex("07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c")
        );
        assert_eq!(
            bpk.as_bytes().to_vec(),
            unhex("5714769d116bf76436ae74bc793d2c30ad1903c59ac5273805c7e2698b410c36")
        );
        let n = nonce(b"CurveZMQMESSAGEC", &3u64.to_be_bytes());
        let sealed = seal(
            &SalsaBox::new(&bpk, &SecretKey::from(ask)),
            &n,
            b"\x01hello curve",
        );
        assert_eq!(
            sealed,
            unhex("d7777953dbc87907e947611e7a83b22170cad015a5bf94750c3fa128")
        );
        let opened = open(&SalsaBox::new(&apk, &SecretKey::from(bsk)), &n, &sealed).unwrap();
        assert_eq!(opened, b"\x01hello curve");
        let kb = XSalsa20Poly1305::new((&[7u8; 32]).into());
        let sealed = seal(&kb, &nonce(b"COOKIE--", &[9u8; 16]), b"cookie-contents");
        assert_eq!(
            sealed,
            unhex("b21abc5282d068df82b150c4410bb9fda381a7fc280e6f3402f87ffb5fe16f")
        );
    }

    /// Random and mutated handshake commands and MESSAGEs: errors, never
    /// a panic (a small deterministic fuzz; cargo-fuzz needs nightly).
    #[test]
    fn garbage_never_panics() {
        let mut x = 0x9e3779b97f4a7c15u64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut c, mut s) = pair();
        let hello = c.next_command().unwrap();
        s.process_command(&hello).unwrap();
        let welcome = s.next_command().unwrap();
        for i in 0..3000 {
            let mut m = match i % 3 {
                0 => hello.clone(),
                1 => welcome.clone(),
                _ => c.ch.encode(b"payload", false, false),
            };
            let at = rnd() as usize % m.len();
            m[at] ^= 1 << (rnd() % 8);
            m.truncate(rnd() as usize % (m.len() + 1));
            let (mut c2, mut s2) = pair();
            c2.next_command();
            let _ = s2.process_command(&m);
            let _ = c2.process_command(&m);
            let _ = s.decode(&m);
        }
        for _ in 0..1000 {
            let len = rnd() as usize % 300;
            let junk: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
            let (mut c2, mut s2) = pair();
            let _ = s2.process_command(&junk);
            let _ = c2.process_command(&junk);
            let _ = s.decode(&junk);
        }
    }

    #[test]
    fn handshake_and_messages_both_ways() {
        for _ in 0..2 {
            let (mut c, mut s) = pair();
            handshake(&mut c, &mut s);
            assert_eq!(s.peer_properties()[0].1, b"REQ");
            assert_eq!(c.peer_properties()[0].1, b"REP");
            let m = c.ch.encode(b"hello", true, false);
            assert_eq!(s.decode(&m).unwrap(), (1, b"hello".to_vec()));
            let m = s.ch.encode(b"PING", false, true);
            assert_eq!(c.decode(&m).unwrap(), (2, b"PING".to_vec()));
        }
    }

    #[test]
    fn replayed_reordered_and_forged_messages_are_refused() {
        let (mut c, mut s) = pair();
        handshake(&mut c, &mut s);
        let m1 = c.ch.encode(b"one", false, false);
        let m2 = c.ch.encode(b"two", false, false);
        assert!(s.decode(&m2).is_ok());
        assert_eq!(s.decode(&m1), Err(ProtoError::InvalidSequence), "reordered");
        assert_eq!(s.decode(&m2), Err(ProtoError::InvalidSequence), "replayed");
        let mut m3 = c.ch.encode(b"three", false, false);
        let last = m3.len() - 1;
        m3[last] ^= 1;
        assert_eq!(s.decode(&m3), Err(ProtoError::Cryptographic), "forged");
        // A forged copy does not use up its nonce: the genuine one still
        // opens after it.
        let genuine = c.ch.encode(b"four", false, false);
        let mut forged = genuine.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert_eq!(s.decode(&forged), Err(ProtoError::Cryptographic));
        assert_eq!(s.decode(&genuine).unwrap(), (0, b"four".to_vec()));
        // A server's message cannot be reflected back at it.
        let back = s.ch.encode(b"echo", false, false);
        assert!(s.decode(&back).is_err());
    }

    #[test]
    fn wrong_server_key_fails_the_hello() {
        let (mut c, _) = pair();
        let (_, mut other) = pair();
        assert_eq!(
            other.process_command(&c.next_command().unwrap()),
            Err(ProtoError::Cryptographic)
        );
    }

    #[test]
    fn malformed_commands_never_panic() {
        let (mut c, mut s) = pair();
        let hello = c.next_command().unwrap();
        for cut in 0..hello.len() {
            let mut s2 = pair().1;
            let _ = s2.process_command(&hello[..cut]);
        }
        s.process_command(&hello).unwrap();
        let welcome = s.next_command().unwrap();
        for cut in 0..welcome.len() {
            let (mut c2, _) = pair();
            c2.next_command();
            let _ = c2.process_command(&welcome[..cut]);
        }
        c.process_command(&welcome).unwrap();
        let initiate = c.next_command().unwrap();
        for cut in 0..initiate.len() {
            let _ = s.initiate(&initiate[9..cut.max(9)]);
        }
        for junk in [
            &b""[..],
            b"\x07MESSAGE",
            b"\x07MESSAGE\0\0\0\0\0\0\0\x09xxxxxxxxxxxxxxxxx",
        ] {
            let _ = s.decode(junk);
            let _ = c.decode(junk);
        }
    }
}
