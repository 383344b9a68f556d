//! I/O threads. Each runs one mio `Poll` that drives listeners and
//! sessions (one per connection or connect endpoint). Sockets talk to it
//! through an inbox of commands plus pipe wake-ups, and a mio `Waker`.

mod conn;
mod session;

use crate::options::Options;
use crate::pipe::Wake;
use crate::socket::SocketShared;
use crate::transport::Protocol;
use mio::{Events, Interest, Poll, Token};
use session::Session;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

const WAKER: Token = Token(usize::MAX);

static NEXT_KEY: AtomicUsize = AtomicUsize::new(1);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A new session/listener key (also its mio token).
pub fn new_key() -> usize {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

/// A new endpoint or pipe id.
pub fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Everything a session needs from the socket that created it, fixed at
/// bind/connect time (as libzmq snapshots options then).
pub struct SessionCfg {
    pub opts: Options,
    pub socket: Arc<SocketShared>,
    pub socket_id: u64,
    pub endpoint_id: u64,
    pub proto: Protocol,
    /// ZMQ_CONNECT_ROUTING_ID captured by this connect.
    pub connect_rid: Option<Vec<u8>>,
    /// The endpoint as monitor events name it.
    pub endpoint: String,
    /// tls:// credentials, loaded at bind/connect.
    pub tls: Option<Arc<crate::transport::tls::TlsEndpoint>>,
}

impl SessionCfg {
    pub fn event(&self, event: i32, value: u32) {
        self.socket.event(event, value, &self.endpoint);
    }
}

pub enum Cmd {
    Listen {
        key: usize,
        listener: std::net::TcpListener,
        cfg: Arc<SessionCfg>,
    },
    Connect {
        key: usize,
        addr: String,
        cfg: Arc<SessionCfg>,
        pipe: Option<Arc<crate::pipe::Pipe>>,
    },
    /// Stop a listener and the connections it accepted.
    Unbind { endpoint_id: u64, linger: i32 },
    /// Stop a connect endpoint's session.
    Disconnect { endpoint_id: u64, linger: i32 },
    /// The socket closed: stop everything it owns, lingering as asked.
    CloseSocket { socket_id: u64, linger: i32 },
    /// Context termination: exit once nothing is left.
    Stop,
}

#[derive(Default)]
struct Inbox {
    cmds: Vec<Cmd>,
    wakes: Vec<usize>,
}

pub struct IoShared {
    waker: mio::Waker,
    inbox: Mutex<Inbox>,
}

impl IoShared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn send(&self, cmd: Cmd) {
        let mut ib = self.lock();
        let idle = ib.cmds.is_empty() && ib.wakes.is_empty();
        ib.cmds.push(cmd);
        drop(ib);
        if idle {
            let _ = self.waker.wake();
        }
    }
}

impl Wake for IoShared {
    fn wake(&self, session: usize) {
        let mut ib = self.lock();
        let idle = ib.cmds.is_empty() && ib.wakes.is_empty();
        ib.wakes.push(session);
        drop(ib);
        if idle {
            let _ = self.waker.wake();
        }
    }
}

pub struct IoThread {
    pub shared: Arc<IoShared>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl IoThread {
    pub fn start(n: usize) -> std::io::Result<IoThread> {
        let poll = Poll::new()?;
        let waker = mio::Waker::new(poll.registry(), WAKER)?;
        let registry = poll.registry().try_clone()?;
        let shared = Arc::new(IoShared {
            waker,
            inbox: Mutex::new(Inbox::default()),
        });
        let mut r = Reactor {
            poll,
            shared: shared.clone(),
            registry: Arc::new(registry),
            listeners: HashMap::new(),
            sessions: HashMap::new(),
            stopping: false,
        };
        let handle = std::thread::Builder::new()
            .name(format!("ZMQbg/IO/{}", n))
            .spawn(move || {
                // A panic here must not take the process down through C.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.run()));
            })?;
        Ok(IoThread {
            shared,
            handle: Some(handle),
        })
    }

    /// Ask the thread to finish (after lingering sessions) and wait for it.
    pub fn stop_and_join(&mut self) {
        self.shared.send(Cmd::Stop);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

struct Listener {
    sock: mio::net::TcpListener,
    cfg: Arc<SessionCfg>,
}

pub(crate) struct Reactor {
    poll: Poll,
    shared: Arc<IoShared>,
    registry: Arc<mio::Registry>,
    listeners: HashMap<usize, Listener>,
    sessions: HashMap<usize, Session>,
    stopping: bool,
}

impl Reactor {
    fn run(&mut self) {
        let mut events = Events::with_capacity(256);
        let recheck = std::time::Duration::from_millis(crate::debug::RECHECK_MS);
        let mut next_recheck = Instant::now() + recheck;
        loop {
            let now = Instant::now();
            let timeout = self
                .sessions
                .values()
                .filter_map(|s| s.deadline())
                .chain(std::iter::once(next_recheck))
                .min()
                .map(|d| d.saturating_duration_since(now));
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return;
                }
            }
            let mut inbox_ready = false;
            for ev in events.iter() {
                let t = ev.token();
                if t == WAKER {
                    inbox_ready = true;
                } else if self.listeners.contains_key(&t.0) {
                    self.accept(t.0);
                } else if let Some(s) = self.sessions.get_mut(&t.0) {
                    s.on_io(
                        ev.is_readable() || ev.is_read_closed() || ev.is_error(),
                        ev.is_writable() || ev.is_error(),
                    );
                }
            }
            if inbox_ready {
                self.process_inbox();
            }
            let now = Instant::now();
            for s in self.sessions.values_mut() {
                if s.deadline().is_some_and(|d| d <= now) {
                    s.on_timer(now);
                }
            }
            if now >= next_recheck {
                next_recheck = now + recheck;
                for s in self.sessions.values_mut() {
                    s.recheck();
                }
            }
            self.reap();
            if self.stopping && self.sessions.is_empty() && self.listeners.is_empty() {
                return;
            }
        }
    }

    /// Drop finished sessions (they deregistered their streams already).
    fn reap(&mut self) {
        self.sessions.retain(|_, s| !s.is_dead());
    }

    fn process_inbox(&mut self) {
        let (cmds, wakes) = {
            let mut ib = self.shared.lock();
            (std::mem::take(&mut ib.cmds), std::mem::take(&mut ib.wakes))
        };
        for c in cmds {
            self.command(c);
        }
        for k in wakes {
            if let Some(s) = self.sessions.get_mut(&k) {
                s.on_wake();
            }
        }
    }

    fn command(&mut self, c: Cmd) {
        let now = Instant::now();
        match c {
            Cmd::Listen { key, listener, cfg } => {
                let mut sock = mio::net::TcpListener::from_std(listener);
                if self
                    .poll
                    .registry()
                    .register(&mut sock, Token(key), Interest::READABLE)
                    .is_ok()
                {
                    self.listeners.insert(key, Listener { sock, cfg });
                    self.accept(key);
                }
            }
            Cmd::Connect {
                key,
                addr,
                cfg,
                pipe,
            } => {
                let s = Session::connecter(key, addr, cfg, pipe, self.ctx());
                self.sessions.insert(key, s);
            }
            Cmd::Unbind {
                endpoint_id,
                linger,
            } => {
                self.listeners
                    .retain(|_, l| l.cfg.endpoint_id != endpoint_id);
                for s in self.sessions.values_mut() {
                    if s.endpoint_id() == endpoint_id {
                        s.begin_close(linger, now);
                    }
                }
            }
            Cmd::Disconnect {
                endpoint_id,
                linger,
            } => {
                for s in self.sessions.values_mut() {
                    if s.endpoint_id() == endpoint_id {
                        s.begin_close(linger, now);
                    }
                }
            }
            Cmd::CloseSocket { socket_id, linger } => {
                self.listeners.retain(|_, l| l.cfg.socket_id != socket_id);
                for s in self.sessions.values_mut() {
                    if s.socket_id() == socket_id {
                        s.begin_close(linger, now);
                    }
                }
            }
            Cmd::Stop => self.stopping = true,
        }
    }

    fn ctx(&self) -> session::IoCtx {
        session::IoCtx {
            registry: self.registry.clone(),
            shared: self.shared.clone(),
        }
    }

    fn accept(&mut self, key: usize) {
        loop {
            let Some(l) = self.listeners.get_mut(&key) else {
                return;
            };
            match l.sock.accept() {
                Ok((stream, peer)) => {
                    let cfg = l.cfg.clone();
                    {
                        use std::os::fd::AsRawFd;
                        cfg.event(
                            crate::constants::ZMQ_EVENT_ACCEPTED,
                            stream.as_raw_fd() as u32,
                        );
                    }
                    let sk = new_key();
                    if let Some(s) = Session::accepted(sk, stream, peer, cfg, self.ctx()) {
                        self.sessions.insert(sk, s);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // Out of fds and the like: say so, try again on the next event.
                Err(e) => {
                    let errno = e.raw_os_error().unwrap_or(libc::EIO);
                    l.cfg
                        .event(crate::constants::ZMQ_EVENT_ACCEPT_FAILED, errno as u32);
                    return;
                }
            }
        }
    }
}
