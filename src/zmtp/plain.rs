//! RFC 24's PLAIN mechanism: the client sends its user name and password
//! in HELLO (in clear: over tls:// they are encrypted by the transport);
//! the server asks the ZAP handler, then WELCOME / INITIATE / READY carry
//! the metadata both ways. A refusal is an ERROR command with the ZAP
//! status code as reason, as libzmq sends.

use super::command;
use super::mechanism::{peer_error, split_command, Mechanism, Status, ZapReply};
use super::metadata;
use super::ProtoError;

/// Both fields are at most 255 bytes (one length byte each on the wire).
pub const MAX_CREDENTIAL: usize = 255;

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Client {
    SendHello,
    WaitWelcome,
    SendInitiate,
    WaitReady,
    Done,
}

pub struct PlainClient {
    state: Client,
    username: Vec<u8>,
    password: Vec<u8>,
    props: Vec<u8>,
    peer: Vec<(String, Vec<u8>)>,
}

impl PlainClient {
    pub fn new(username: &[u8], password: &[u8], props: Vec<u8>) -> PlainClient {
        PlainClient {
            state: Client::SendHello,
            username: username[..username.len().min(MAX_CREDENTIAL)].to_vec(),
            password: password[..password.len().min(MAX_CREDENTIAL)].to_vec(),
            props,
            peer: Vec::new(),
        }
    }
}

impl Mechanism for PlainClient {
    fn name(&self) -> &'static str {
        "PLAIN"
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        match self.state {
            Client::SendHello => {
                self.state = Client::WaitWelcome;
                let mut d = Vec::with_capacity(2 + self.username.len() + self.password.len());
                d.push(self.username.len() as u8);
                d.extend_from_slice(&self.username);
                d.push(self.password.len() as u8);
                d.extend_from_slice(&self.password);
                Some(command::body("HELLO", &d))
            }
            Client::SendInitiate => {
                self.state = Client::WaitReady;
                Some(command::body("INITIATE", &self.props))
            }
            _ => None,
        }
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        let (name, data) = split_command(body)?;
        match (self.state, name) {
            (_, b"ERROR") => Err(peer_error(data)),
            (Client::WaitWelcome, b"WELCOME") if data.is_empty() => {
                self.state = Client::SendInitiate;
                Ok(())
            }
            (Client::WaitWelcome, b"WELCOME") => Err(ProtoError::MalformedWelcome),
            (Client::WaitReady, b"READY") => {
                self.peer = metadata::parse(data).ok_or(ProtoError::InvalidMetadata)?;
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
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Server {
    WaitHello,
    /// HELLO taken; the ZAP request is out (or about to be).
    AskZap,
    WaitZap,
    SendWelcome,
    WaitInitiate,
    SendReady,
    /// Refused: the ERROR goes out, then the connection ends.
    SendError(u16),
    Done,
}

pub struct PlainServer {
    state: Server,
    credentials: Vec<Vec<u8>>,
    props: Vec<u8>,
    peer: Vec<(String, Vec<u8>)>,
    zap: Option<ZapReply>,
}

impl PlainServer {
    pub fn new(props: Vec<u8>) -> PlainServer {
        PlainServer {
            state: Server::WaitHello,
            credentials: Vec::new(),
            props,
            peer: Vec::new(),
            zap: None,
        }
    }
}

/// HELLO's data: user name and password, each with a length byte.
fn parse_hello(d: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (&un, rest) = d.split_first()?;
    let user = rest.get(..un as usize)?;
    let (&pn, rest) = rest.get(un as usize..)?.split_first()?;
    let pass = rest.get(..pn as usize)?;
    (rest.len() == pn as usize).then(|| (user.to_vec(), pass.to_vec()))
}

impl Mechanism for PlainServer {
    fn name(&self) -> &'static str {
        "PLAIN"
    }

    fn as_server(&self) -> bool {
        true
    }

    fn next_command(&mut self) -> Option<Vec<u8>> {
        match self.state {
            Server::SendWelcome => {
                self.state = Server::WaitInitiate;
                Some(command::body("WELCOME", &[]))
            }
            Server::SendReady => {
                self.state = Server::Done;
                Some(command::body("READY", &self.props))
            }
            Server::SendError(code) => {
                self.state = Server::Done;
                Some(super::mechanism::error_body(code))
            }
            _ => None,
        }
    }

    fn process_command(&mut self, body: &[u8]) -> Result<(), ProtoError> {
        let (name, data) = split_command(body)?;
        match (self.state, name) {
            (_, b"ERROR") => Err(peer_error(data)),
            (Server::WaitHello, b"HELLO") => {
                let (user, pass) = parse_hello(data).ok_or(ProtoError::MalformedHello)?;
                self.credentials = vec![user, pass];
                self.state = Server::AskZap;
                Ok(())
            }
            (Server::WaitInitiate, b"INITIATE") => {
                self.peer = metadata::parse(data).ok_or(ProtoError::InvalidMetadata)?;
                self.state = Server::SendReady;
                Ok(())
            }
            _ => Err(ProtoError::UnexpectedCommand),
        }
    }

    fn status(&self) -> Status {
        match self.state {
            Server::Done if self.zap.as_ref().is_some_and(|z| z.status != 200) => {
                Status::Failed(ProtoError::Auth(self.zap.as_ref().map_or(0, |z| z.status)))
            }
            Server::Done => Status::Ready,
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
        Some(("PLAIN", std::mem::take(&mut self.credentials)))
    }

    fn zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtoError> {
        if self.state != Server::WaitZap {
            return Err(ProtoError::ZapMalformedReply);
        }
        self.state = match reply.status {
            200 => Server::SendWelcome,
            // A temporary failure closes without an ERROR (libzmq, and
            // the CurveZMQ RFC's advice).
            300 => Server::Done,
            s => Server::SendError(s),
        };
        self.zap = Some(reply);
        Ok(())
    }

    fn zap_outcome(&self) -> Option<&ZapReply> {
        self.zap.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16) -> ZapReply {
        ZapReply {
            status,
            user_id: b"alice".to_vec(),
            metadata: vec![("X-Role".into(), b"admin".to_vec())],
        }
    }

    fn props(kind: &str) -> Vec<u8> {
        let mut p = Vec::new();
        metadata::encode_property(&mut p, "Socket-Type", kind.as_bytes());
        p
    }

    #[test]
    fn handshake_both_ways() {
        let mut c = PlainClient::new(b"admin", b"secret", props("DEALER"));
        let mut s = PlainServer::new(props("ROUTER"));
        let hello = c.next_command().unwrap();
        assert_eq!(hello, b"\x05HELLO\x05admin\x06secret".to_vec());
        s.process_command(&hello).unwrap();
        assert!(s.next_command().is_none(), "nothing before ZAP answers");
        let (mech, creds) = s.zap_request().unwrap();
        assert_eq!(mech, "PLAIN");
        assert_eq!(creds, vec![b"admin".to_vec(), b"secret".to_vec()]);
        assert!(s.zap_request().is_none(), "asked once");
        s.zap_reply(reply(200)).unwrap();
        let welcome = s.next_command().unwrap();
        c.process_command(&welcome).unwrap();
        let initiate = c.next_command().unwrap();
        s.process_command(&initiate).unwrap();
        let ready = s.next_command().unwrap();
        assert_eq!(s.status(), Status::Ready);
        c.process_command(&ready).unwrap();
        assert_eq!(c.status(), Status::Ready);
        assert_eq!(s.peer_properties()[0].1, b"DEALER");
        assert_eq!(c.peer_properties()[0].1, b"ROUTER");
        assert_eq!(s.zap_outcome().unwrap().user_id, b"alice");
    }

    #[test]
    fn refusal_sends_the_status_as_error() {
        let mut s = PlainServer::new(props("REP"));
        s.process_command(b"\x05HELLO\x01u\x01p").unwrap();
        s.zap_request().unwrap();
        s.zap_reply(reply(400)).unwrap();
        assert_eq!(s.next_command().unwrap(), b"\x05ERROR\x03400".to_vec());
        assert_eq!(s.status(), Status::Failed(ProtoError::Auth(400)));
        let mut c = PlainClient::new(b"u", b"p", props("REQ"));
        c.next_command();
        assert_eq!(
            c.process_command(b"\x05ERROR\x03400"),
            Err(ProtoError::Auth(400))
        );
    }

    #[test]
    fn temporary_failure_is_silent() {
        let mut s = PlainServer::new(Vec::new());
        s.process_command(b"\x05HELLO\x01u\x01p").unwrap();
        s.zap_request().unwrap();
        s.zap_reply(reply(300)).unwrap();
        assert_eq!(s.next_command(), None);
        assert_eq!(s.status(), Status::Failed(ProtoError::Auth(300)));
    }

    /// Random commands at every state: errors, never a panic.
    #[test]
    fn garbage_never_panics() {
        let mut x = 0x2545f4914f6cdd1du64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let names: [&[u8]; 6] = [b"HELLO", b"WELCOME", b"INITIATE", b"READY", b"ERROR", b"X"];
        for _ in 0..5000 {
            let name = names[rnd() as usize % names.len()];
            let len = rnd() as usize % 64;
            let mut body = vec![name.len() as u8];
            body.extend_from_slice(name);
            body.extend((0..len).map(|_| rnd() as u8));
            body.truncate(rnd() as usize % (body.len() + 1));
            let mut s = PlainServer::new(Vec::new());
            let _ = s.process_command(&body);
            let _ = s.zap_request();
            let _ = s.next_command();
            let mut c = PlainClient::new(b"u", b"p", Vec::new());
            c.next_command();
            let _ = c.process_command(&body);
            let _ = c.next_command();
        }
    }

    #[test]
    fn malformed_hello_and_order() {
        for bad in [
            &b"\x05HELLO"[..],
            b"\x05HELLO\x05adm",
            b"\x05HELLO\x01u\x05p",
            b"\x05HELLO\x01u\x01pX",
            b"\x05HELLO\xff",
        ] {
            let mut s = PlainServer::new(Vec::new());
            assert_eq!(s.process_command(bad), Err(ProtoError::MalformedHello));
        }
        let mut s = PlainServer::new(Vec::new());
        assert_eq!(
            s.process_command(b"\x08INITIATE"),
            Err(ProtoError::UnexpectedCommand)
        );
        let mut c = PlainClient::new(b"", b"", Vec::new());
        c.next_command();
        assert_eq!(
            c.process_command(b"\x07WELCOMEx"),
            Err(ProtoError::MalformedWelcome)
        );
        assert_eq!(c.process_command(b""), Err(ProtoError::MalformedCommand));
    }
}
