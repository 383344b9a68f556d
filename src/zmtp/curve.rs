//! RFC 26's CURVE mechanism (CurveZMQ): an X25519 handshake with
//! short-term keys, then every frame travels as an encrypted MESSAGE
//! command. Crypto is libsodium's box and secretbox (`sodium.rs`:
//! XSalsa20-Poly1305, NaCl's box layout, the 16-byte tag first). Short
//! nonces are 8-byte counters that must strictly increase; a replayed or
//! reordered command is refused. Secret, shared and cookie keys are wiped
//! when dropped.

use super::mechanism::{error_body, peer_error, split_command, Mechanism, Status, ZapReply};
use super::metadata;
use super::sodium::{random, Nonce, PublicKey, SecretKey, SharedKey, TAG};
use super::ProtoError;
use crate::msg::Msg;
use zeroize::Zeroizing;

pub use super::sodium::KEY;
const HELLO_SIZE: usize = 200;
const WELCOME_SIZE: usize = 168;
const COOKIE: usize = 96;
const VOUCH: usize = 96;
/// A MESSAGE body around its frame: name, nonce, tag, flags.
pub const MESSAGE_OVERHEAD: usize = 8 + 8 + TAG + 1;

fn nonce(prefix: &[u8], tail: &[u8]) -> Nonce {
    let mut n = [0u8; 24];
    n[..prefix.len()].copy_from_slice(prefix);
    n[prefix.len()..].copy_from_slice(tail);
    n
}

/// The box key of a pair; a public key of small order fails the box.
fn shared(public: &PublicKey, secret: &SecretKey) -> Result<SharedKey, ProtoError> {
    SharedKey::new(public, secret).ok_or(ProtoError::Cryptographic)
}

fn open(b: &SharedKey, n: &Nonce, boxed: &[u8]) -> Result<Vec<u8>, ProtoError> {
    b.open(n, boxed).ok_or(ProtoError::Cryptographic)
}

fn key(bytes: &[u8]) -> Result<[u8; KEY], ProtoError> {
    bytes.try_into().map_err(|_| ProtoError::MalformedCommand)
}

/// The traffic half both roles share: our nonce counter, the peer's last
/// nonce, the box of the two short-term keys.
struct Channel {
    next_nonce: u64,
    peer_nonce: u64,
    cn_box: Option<SharedKey>,
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
        match &self.cn_box {
            Some(b) => head.copy_from_slice(&b.seal_in_place(&nonce(self.send_prefix, &n), plain)),
            // Cannot happen (the box exists once traffic starts), but the
            // data must not leave in clear: wiped, and the tag will not
            // verify.
            None => plain.fill(0),
        }
    }

    /// Open a MESSAGE in place: the frame's own buffer (the decoder's,
    /// ours alone) becomes the message, with no copy but a move of the
    /// data to the front.
    fn decode(&mut self, mut msg: Msg) -> Result<(u8, Msg), ProtoError> {
        let (name, data) = split_command(msg.data())?;
        if name != b"MESSAGE" {
            return Err(ProtoError::UnexpectedCommand);
        }
        if data.len() < 8 + TAG + 1 {
            return Err(ProtoError::MalformedMessage);
        }
        // name length, name, nonce, tag, then the box's content.
        const NONCE_AT: usize = 8;
        const TAG_AT: usize = NONCE_AT + 8;
        const PLAIN_AT: usize = TAG_AT + TAG;
        let fresh = self.fresh_nonce(&data[..8])?;
        let b = self.cn_box.as_ref().ok_or(ProtoError::UnexpectedCommand)?;
        if msg.unique_data_mut().is_none() {
            msg = Msg::try_from_slice(msg.data()).ok_or(ProtoError::OutOfMemory)?;
        }
        let body = msg.unique_data_mut().ok_or(ProtoError::OutOfMemory)?;
        let n = nonce(self.recv_prefix, &body[NONCE_AT..TAG_AT]);
        let tag: [u8; TAG] = body[TAG_AT..PLAIN_AT]
            .try_into()
            .map_err(|_| ProtoError::MalformedMessage)?;
        if !b.open_in_place(&n, &tag, &mut body[PLAIN_AT..]) {
            return Err(ProtoError::Cryptographic);
        }
        self.accept_nonce(fresh);
        let flags = body[PLAIN_AT];
        if !msg.consume_front(PLAIN_AT + 1) {
            return Err(ProtoError::OutOfMemory);
        }
        // The outer frame's flags (MORE, or COMMAND for a MESSAGE sent in a
        // command frame) say nothing of the message inside: only the boxed
        // flags do, and the engine applies them.
        msg.set_flags(0);
        Ok((flags, msg))
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
        let secret = SecretKey::from_bytes(secret);
        CurveClient {
            state: Client::SendHello,
            server: PublicKey::from(server),
            public: public.map_or_else(|| secret.public_key(), PublicKey::from),
            secret,
            cn_secret: SecretKey::generate(),
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
                let b = SharedKey::new(&self.server, &self.cn_secret)?;
                let mut body = Vec::with_capacity(HELLO_SIZE);
                body.extend_from_slice(b"\x05HELLO\x01\x00");
                body.extend_from_slice(&[0u8; 72]);
                body.extend_from_slice(self.cn_secret.public_key().as_bytes());
                body.extend_from_slice(&n);
                body.extend_from_slice(&b.seal(&nonce(b"CurveZMQHELLO---", &n), &[0u8; 64]));
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
                let vb = SharedKey::new(&server_cn, &self.secret)?;
                let mut plain = Vec::with_capacity(KEY + VOUCH + self.props.len());
                plain.extend_from_slice(self.public.as_bytes());
                plain.extend_from_slice(&vn);
                plain.extend_from_slice(&vb.seal(&nonce(b"VOUCH---", &vn), &vouched));
                plain.extend_from_slice(&self.props);
                let n = self.ch.take_nonce();
                let mut body = Vec::new();
                body.extend_from_slice(b"\x08INITIATE");
                body.extend_from_slice(&self.cookie);
                body.extend_from_slice(&n);
                let b = self.ch.cn_box.as_ref()?;
                body.extend_from_slice(&b.seal(&nonce(b"CurveZMQINITIATE", &n), &plain));
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
                let b = shared(&self.server, &self.cn_secret)?;
                let plain = open(&b, &nonce(b"WELCOME-", &data[..16]), &data[16..])?;
                let server_cn = PublicKey::from(key(&plain[..KEY])?);
                self.cookie = plain[KEY..].to_vec();
                self.ch.cn_box = Some(shared(&server_cn, &self.cn_secret)?);
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

    fn decode(&mut self, msg: Msg) -> Result<(u8, Msg), ProtoError> {
        self.ch.decode(msg)
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
    cookie_key: SharedKey,
    zap_reply: Option<ZapReply>,
    /// Whether to ask ZAP at all (not with ZAP_ENFORCE_DOMAIN and no
    /// domain: libzmq's Stonehouse case).
    ask_zap: bool,
    props: Vec<u8>,
    peer: Vec<(String, Vec<u8>)>,
    ch: Channel,
}

impl CurveServer {
    /// With `ask_zap`, the ZAP handler is asked once the client proved its
    /// key (the session admits it when none is bound, as libzmq, unless
    /// ZAP_ENFORCE_DOMAIN).
    pub fn new(secret: &[u8; KEY], props: Vec<u8>, ask_zap: bool) -> CurveServer {
        CurveServer {
            state: Server::WaitHello,
            secret: SecretKey::from_bytes(secret),
            cn_secret: SecretKey::generate(),
            client_cn: None,
            client: None,
            cookie_key: SharedKey::secret(&Zeroizing::new(random())),
            zap_reply: None,
            ask_zap,
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
        let b = shared(&client_cn, &self.secret)?;
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
        inner.extend_from_slice(self.cn_secret.as_bytes());
        let kb = &self.cookie_key;
        let mut cookie = cn.to_vec();
        cookie.extend_from_slice(&kb.seal(&nonce(b"COOKIE--", &cn), &inner));
        let mut plain = Vec::with_capacity(KEY + COOKIE);
        plain.extend_from_slice(self.cn_secret.public_key().as_bytes());
        plain.extend_from_slice(&cookie);
        let wn = random::<16>();
        let b = SharedKey::new(&client_cn, &self.secret)?;
        let mut body = Vec::with_capacity(WELCOME_SIZE);
        body.extend_from_slice(b"\x07WELCOME");
        body.extend_from_slice(&wn);
        body.extend_from_slice(&b.seal(&nonce(b"WELCOME-", &wn), &plain));
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
        let kb = &self.cookie_key;
        let cookie = Zeroizing::new(open(
            kb,
            &nonce(b"COOKIE--", &data[..16]),
            &data[16..COOKIE],
        )?);
        if cookie[..KEY] != client_cn.as_bytes()[..]
            || cookie[KEY..] != self.cn_secret.as_bytes()[..]
        {
            return Err(ProtoError::Cryptographic);
        }
        let n = &data[COOKIE..COOKIE + 8];
        let fresh = self.ch.fresh_nonce(n)?;
        let cn_box = shared(&client_cn, &self.cn_secret)?;
        let plain = open(&cn_box, &nonce(b"CurveZMQINITIATE", n), &data[COOKIE + 8..])?;
        self.ch.accept_nonce(fresh);
        // A client holding the keys can box anything: check the length.
        if plain.len() < KEY + VOUCH {
            return Err(ProtoError::MalformedInitiate);
        }
        let client = key(&plain[..KEY])?;
        let vouch = &plain[KEY..KEY + VOUCH];
        let vb = shared(&PublicKey::from(client), &self.cn_secret)?;
        let vouched = open(&vb, &nonce(b"VOUCH---", &vouch[..16]), &vouch[16..])?;
        if vouched[..KEY] != client_cn.as_bytes()[..]
            || vouched[KEY..] != self.secret.public_key().as_bytes()[..]
        {
            return Err(ProtoError::Cryptographic);
        }
        self.peer = metadata::parse(&plain[KEY + VOUCH..]).ok_or(ProtoError::InvalidMetadata)?;
        self.ch.cn_box = Some(cn_box);
        self.client = Some(client);
        self.state = if self.ask_zap {
            Server::AskZap
        } else {
            Server::SendReady
        };
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
                body.extend_from_slice(&b.seal(&nonce(b"CurveZMQREADY---", &n), &self.props));
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

    fn decode(&mut self, msg: Msg) -> Result<(u8, Msg), ProtoError> {
        self.ch.decode(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// decode on a copy of `body`, the result as bytes.
    fn dec(m: &mut impl Mechanism, body: impl AsRef<[u8]>) -> Result<(u8, Vec<u8>), ProtoError> {
        m.decode(Msg::from_slice(body.as_ref()))
            .map(|(f, m)| (f, m.data().to_vec()))
    }

    fn pair() -> (CurveClient, CurveServer) {
        let server_secret: [u8; KEY] = random();
        let server_public = *SecretKey::from_bytes(&server_secret)
            .public_key()
            .as_bytes();
        let client_secret: [u8; KEY] = random();
        (
            CurveClient::new(
                server_public,
                &client_secret,
                None,
                b"\x0bSocket-Type\0\0\0\x03REQ".to_vec(),
            ),
            CurveServer::new(
                &server_secret,
                b"\x0bSocket-Type\0\0\0\x03REP".to_vec(),
                true,
            ),
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
        let apk = SecretKey::from_bytes(&ask).public_key();
        let bpk = SecretKey::from_bytes(&bsk).public_key();
        assert_eq!(
            apk.as_bytes().to_vec(),
            unhex("07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c")
        );
        assert_eq!(
            bpk.as_bytes().to_vec(),
            unhex("5714769d116bf76436ae74bc793d2c30ad1903c59ac5273805c7e2698b410c36")
        );
        let n = nonce(b"CurveZMQMESSAGEC", &3u64.to_be_bytes());
        let sealed = shared(&bpk, &SecretKey::from_bytes(&ask))
            .unwrap()
            .seal(&n, b"\x01hello curve");
        assert_eq!(
            sealed,
            unhex("d7777953dbc87907e947611e7a83b22170cad015a5bf94750c3fa128")
        );
        let opened = open(
            &shared(&apk, &SecretKey::from_bytes(&bsk)).unwrap(),
            &n,
            &sealed,
        )
        .unwrap();
        assert_eq!(opened, b"\x01hello curve");
        let kb = SharedKey::secret(&[7u8; 32]);
        let sealed = kb.seal(&nonce(b"COOKIE--", &[9u8; 16]), b"cookie-contents");
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
            let _ = dec(&mut s, &m);
        }
        for _ in 0..1000 {
            let len = rnd() as usize % 300;
            let junk: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
            let (mut c2, mut s2) = pair();
            let _ = s2.process_command(&junk);
            let _ = c2.process_command(&junk);
            let _ = dec(&mut s, &junk);
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
            assert_eq!(dec(&mut s, &m).unwrap(), (1, b"hello".to_vec()));
            let m = s.ch.encode(b"PING", false, true);
            assert_eq!(dec(&mut c, &m).unwrap(), (2, b"PING".to_vec()));
        }
    }

    /// Every body size around the inline limit and the heap, opened in
    /// place; a shared body (never from the decoder) is opened on a copy
    /// and the other owner's bytes stay as they were.
    #[test]
    fn messages_open_in_place_inline_heap_and_shared() {
        let (mut c, mut s) = pair();
        handshake(&mut c, &mut s);
        for len in [0usize, 1, 32, 33, 34, 100, 70_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let body = Msg::from_slice(&c.ch.encode(&data, len % 2 == 0, false));
            let (flags, m) = s.decode(body).unwrap();
            assert_eq!(
                (flags, m.data()),
                ((len % 2 == 0) as u8, &data[..]),
                "{len}"
            );
        }
        // The outer frame's flags do not stick to the message inside.
        let mut framed = Msg::from_slice(&c.ch.encode(b"inner", false, false));
        framed.set_flags(crate::msg::FLAG_COMMAND | crate::msg::FLAG_MORE);
        let (flags, m) = s.decode(framed).unwrap();
        assert_eq!((flags, m.flags(), m.data()), (0, 0, &b"inner"[..]));
        let wire = c.ch.encode(&[5u8; 500], false, false);
        let body = Msg::from_slice(&wire);
        let other = body.share();
        let (_, m) = s.decode(body).unwrap();
        assert_eq!(m.data(), &[5u8; 500][..]);
        assert_eq!(other.data(), &wire[..]);
    }

    #[test]
    fn replayed_reordered_and_forged_messages_are_refused() {
        let (mut c, mut s) = pair();
        handshake(&mut c, &mut s);
        let m1 = c.ch.encode(b"one", false, false);
        let m2 = c.ch.encode(b"two", false, false);
        assert!(dec(&mut s, &m2).is_ok());
        assert_eq!(
            dec(&mut s, &m1),
            Err(ProtoError::InvalidSequence),
            "reordered"
        );
        assert_eq!(
            dec(&mut s, &m2),
            Err(ProtoError::InvalidSequence),
            "replayed"
        );
        let mut m3 = c.ch.encode(b"three", false, false);
        let last = m3.len() - 1;
        m3[last] ^= 1;
        assert_eq!(dec(&mut s, &m3), Err(ProtoError::Cryptographic), "forged");
        // A forged copy does not use up its nonce: the genuine one still
        // opens after it.
        let genuine = c.ch.encode(b"four", false, false);
        let mut forged = genuine.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert_eq!(dec(&mut s, &forged), Err(ProtoError::Cryptographic));
        assert_eq!(dec(&mut s, &genuine).unwrap(), (0, b"four".to_vec()));
        // A server's message cannot be reflected back at it.
        let back = s.ch.encode(b"echo", false, false);
        assert!(dec(&mut s, &back).is_err());
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
            let _ = dec(&mut s, junk);
            let _ = dec(&mut c, junk);
        }
    }
}
