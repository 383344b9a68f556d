//! I/O threads. Each runs one mio `Poll` that drives listeners and
//! sessions (one per connection or connect endpoint), with their deadlines
//! in a timer heap. Sockets talk to it through an inbox of commands plus
//! pipe wake-ups, and a mio `Waker`. An idle I/O thread sleeps in the
//! kernel: no periodic wake-up exists.
//!
//! Wake protocol (who wakes the I/O thread, and why nothing is lost): a
//! socket that makes a pipe non-empty (or frees room its session asked
//! for) calls `Wake::wake(session)`, which appends the session to the
//! inbox and, only if the inbox was empty, wakes the poll. The thread takes
//! the whole inbox under its lock before acting on it, so a wake that
//! arrives while it works either lands in the inbox it has not taken yet or
//! finds the inbox empty and wakes the poll again. The pipe side of the
//! protocol (when a wake is owed) is argued in `pipe`.

mod inbox;
mod timers;

use crate::constants::{ZMQ_THREAD_PRIORITY_DFLT, ZMQ_THREAD_SCHED_POLICY_DFLT};
use crate::idmap::IdMap;
use crate::pipe::Wake;
use crate::session::{IoCtx, Session, SessionCfg};
use crate::transport::{Listener, Target};
use inbox::Inbox;
use mio::{Events, Interest, Poll, Token};
use std::io::ErrorKind;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use timers::Timers;

const WAKER: Token = Token(usize::MAX);

/// Accept retries while the process is out of fds: first after this, then
/// doubling up to `ACCEPT_BACKOFF_MAX`.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(10);
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_millis(500);

static NEXT_KEY: AtomicUsize = AtomicUsize::new(1);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A new session/listener key (also its mio token and timer key).
pub fn new_key() -> usize {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

/// A new endpoint or pipe id.
pub fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

pub enum Cmd {
    Listen {
        key: usize,
        listener: Listener,
        cfg: Arc<SessionCfg>,
    },
    Connect {
        key: usize,
        target: Target,
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

pub struct IoShared {
    waker: mio::Waker,
    inbox: Inbox<Cmd>,
}

impl IoShared {
    pub fn send(&self, cmd: Cmd) {
        if self.inbox.command(cmd) {
            let _ = self.waker.wake();
        }
    }
}

impl Wake for IoShared {
    fn wake(&self, session: usize) {
        if self.inbox.wake(session) {
            let _ = self.waker.wake();
        }
    }
}

pub struct IoThread {
    pub shared: Arc<IoShared>,
    handle: Option<std::thread::JoinHandle<()>>,
}

/// Start a thread with every signal blocked, as libzmq's I/O threads are:
/// signals go to the application's threads, where they interrupt blocking
/// calls (EINTR) as the application expects. Blocking in the parent before
/// the spawn leaves no window in which the new thread could take one.
fn spawn_without_signals(
    name: String,
    f: impl FnOnce() + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    // SAFETY: sigset_t values are plain data initialised by sigfillset /
    // pthread_sigmask before use; the mask is restored right after.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        let r = std::thread::Builder::new().name(name).spawn(f);
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        r
    }
}

/// The context's thread options (ZMQ_THREAD_*), applied to its I/O threads
/// when they start.
pub struct ThreadCfg {
    pub name_prefix: Option<i32>,
    pub priority: i32,
    pub sched_policy: i32,
    pub affinity: Vec<usize>,
}

impl ThreadCfg {
    fn name(&self, n: usize) -> String {
        match self.name_prefix {
            Some(p) => format!("{p}/ZMQbg/IO/{n}"),
            None => format!("ZMQbg/IO/{n}"),
        }
    }

    /// Affinity and scheduling for the calling thread. Best effort, as a
    /// priority may need privileges: a refusal leaves the defaults (libzmq
    /// may abort instead).
    fn apply(&self) {
        // SAFETY: plain libc calls on the current thread with structures
        // initialised here.
        unsafe {
            if !self.affinity.is_empty() {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                for &cpu in &self.affinity {
                    if cpu < libc::CPU_SETSIZE as usize {
                        libc::CPU_SET(cpu, &mut set);
                    }
                }
                libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
            }
            let dflt = (ZMQ_THREAD_PRIORITY_DFLT, ZMQ_THREAD_SCHED_POLICY_DFLT);
            if (self.priority, self.sched_policy) != dflt {
                let me = libc::pthread_self();
                let mut policy = 0;
                let mut param: libc::sched_param = std::mem::zeroed();
                libc::pthread_getschedparam(me, &mut policy, &mut param);
                if self.sched_policy != ZMQ_THREAD_SCHED_POLICY_DFLT {
                    policy = self.sched_policy;
                }
                if self.priority != ZMQ_THREAD_PRIORITY_DFLT {
                    param.sched_priority = self.priority;
                }
                libc::pthread_setschedparam(me, policy, &param);
            }
        }
    }
}

impl IoThread {
    /// Start I/O thread `n`. If it ever fails (its poll breaks, or a bug
    /// panics), it says so on stderr and calls `on_fail`, which makes the
    /// context's blocked and future calls fail rather than hang.
    pub fn start(
        n: usize,
        cfg: ThreadCfg,
        on_fail: Box<dyn Fn() + Send>,
    ) -> std::io::Result<IoThread> {
        let poll = Poll::new()?;
        let waker = mio::Waker::new(poll.registry(), WAKER)?;
        let registry = poll.registry().try_clone()?;
        let shared = Arc::new(IoShared {
            waker,
            inbox: Inbox::default(),
        });
        let mut r = Reactor {
            poll,
            shared: shared.clone(),
            registry: Arc::new(registry),
            listeners: IdMap::default(),
            sessions: IdMap::default(),
            timers: Timers::default(),
            stopping: false,
        };
        let handle = spawn_without_signals(cfg.name(n), move || {
            cfg.apply();
            // A panic here must not take the process down through C.
            let why = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| r.run())) {
                Ok(Ok(())) => return,
                Ok(Err(e)) => format!("its poll failed: {e}"),
                Err(_) => "it panicked".to_string(),
            };
            eprintln!(
                "zmq-rs: I/O thread {n} stopped: {why}; \
                 its context's sockets now fail with ETERM"
            );
            on_fail();
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

struct ListenerRec {
    sock: Listener,
    cfg: Arc<SessionCfg>,
    /// Set while accepts fail for lack of fds: the retry delay.
    backoff: Option<Duration>,
}

struct Reactor {
    poll: Poll,
    shared: Arc<IoShared>,
    registry: Arc<mio::Registry>,
    listeners: IdMap<usize, ListenerRec>,
    sessions: IdMap<usize, Session>,
    timers: Timers,
    stopping: bool,
}

impl Reactor {
    fn run(&mut self) -> std::io::Result<()> {
        let mut events = Events::with_capacity(256);
        let mut due = Vec::new();
        loop {
            let timeout = self
                .timers
                .next()
                .map(|d| d.saturating_duration_since(Instant::now()));
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() != ErrorKind::Interrupted {
                    return Err(e);
                }
            }
            let mut inbox_ready = false;
            for ev in events.iter() {
                let k = ev.token().0;
                if ev.token() == WAKER {
                    inbox_ready = true;
                } else if self.listeners.contains_key(&k) {
                    self.accept(k);
                } else {
                    let r = ev.is_readable() || ev.is_read_closed() || ev.is_error();
                    let w = ev.is_writable() || ev.is_error();
                    self.with_session(k, |s| s.on_io(r, w));
                }
            }
            if inbox_ready {
                self.process_inbox();
            }
            // Only what is due now: a deadline set to "now" while handling
            // these waits for the next turn, after fresh I/O events.
            let now = Instant::now();
            while let Some(k) = self.timers.pop_expired(now) {
                due.push(k);
            }
            for k in due.drain(..) {
                if self.listeners.contains_key(&k) {
                    self.accept(k);
                } else {
                    self.with_session(k, |s| s.on_timer(now));
                }
            }
            if self.stopping && self.sessions.is_empty() && self.listeners.is_empty() {
                return Ok(());
            }
        }
    }

    /// Act on one session, then re-arm its deadline or drop it if it ended.
    fn with_session(&mut self, k: usize, f: impl FnOnce(&mut Session)) {
        let Some(s) = self.sessions.get_mut(&k) else {
            return;
        };
        f(s);
        if s.is_dead() {
            self.sessions.remove(&k);
            self.timers.set(k, None);
        } else {
            let d = s.deadline();
            self.timers.set(k, d);
        }
    }

    fn insert_session(&mut self, k: usize, s: Session) {
        self.sessions.insert(k, s);
        self.with_session(k, |_| {});
    }

    fn process_inbox(&mut self) {
        let (cmds, wakes) = self.shared.inbox.take();
        for c in cmds {
            self.command(c);
        }
        for k in wakes {
            self.with_session(k, |s| s.on_wake());
        }
    }

    fn io_ctx(&self) -> IoCtx {
        IoCtx {
            registry: self.registry.clone(),
            waker: self.shared.clone(),
        }
    }

    /// Begin closing the sessions `pick` selects.
    fn close_sessions(&mut self, linger: i32, pick: impl Fn(&Session) -> bool) {
        let now = Instant::now();
        let keys: Vec<usize> = self
            .sessions
            .iter()
            .filter(|(_, s)| pick(s))
            .map(|(&k, _)| k)
            .collect();
        for k in keys {
            self.with_session(k, |s| s.begin_close(linger, now));
        }
    }

    fn drop_listeners(&mut self, pick: impl Fn(&SessionCfg) -> bool) {
        let keys: Vec<usize> = self
            .listeners
            .iter()
            .filter(|(_, l)| pick(&l.cfg))
            .map(|(&k, _)| k)
            .collect();
        for k in keys {
            if let Some(mut l) = self.listeners.remove(&k) {
                let _ = self.registry.deregister(l.sock.source());
            }
            self.timers.set(k, None);
        }
    }

    fn command(&mut self, c: Cmd) {
        match c {
            Cmd::Listen {
                key,
                mut listener,
                cfg,
            } => {
                if self
                    .registry
                    .register(listener.source(), Token(key), Interest::READABLE)
                    .is_ok()
                {
                    self.listeners.insert(
                        key,
                        ListenerRec {
                            sock: listener,
                            cfg,
                            backoff: None,
                        },
                    );
                    self.accept(key);
                }
            }
            Cmd::Connect {
                key,
                target,
                cfg,
                pipe,
            } => {
                let s = Session::connecter(key, target, cfg, pipe, self.io_ctx());
                self.insert_session(key, s);
            }
            Cmd::Unbind {
                endpoint_id,
                linger,
            } => {
                self.drop_listeners(|c| c.endpoint_id == endpoint_id);
                self.close_sessions(linger, |s| s.endpoint_id() == endpoint_id);
            }
            Cmd::Disconnect {
                endpoint_id,
                linger,
            } => self.close_sessions(linger, |s| s.endpoint_id() == endpoint_id),
            Cmd::CloseSocket { socket_id, linger } => {
                self.drop_listeners(|c| c.socket_id == socket_id);
                self.close_sessions(linger, |s| s.socket_id() == socket_id);
            }
            Cmd::Stop => self.stopping = true,
        }
    }

    /// Accept every pending connection. When the process is out of fds the
    /// connection stays in the backlog and no new readiness edge will come
    /// for it, so accepting is retried on a timer (backing off) until it
    /// works, instead of spinning.
    fn accept(&mut self, key: usize) {
        loop {
            let Some(l) = self.listeners.get_mut(&key) else {
                return;
            };
            match l.sock.accept(&l.cfg.opts) {
                Ok(Some(raw)) => {
                    l.backoff = None;
                    let cfg = l.cfg.clone();
                    cfg.event(crate::constants::ZMQ_EVENT_ACCEPTED, raw.fd() as u32);
                    let sk = new_key();
                    let s = Session::accepted(sk, raw, cfg, self.io_ctx());
                    self.insert_session(sk, s);
                }
                // Refused by an ipc or tcp accept filter (closed already):
                // reported as libzmq does, as a failed accept.
                Ok(None) => l.cfg.event(
                    crate::constants::ZMQ_EVENT_ACCEPT_FAILED,
                    libc::EACCES as u32,
                ),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    l.backoff = None;
                    self.timers.set(key, None);
                    return;
                }
                Err(e) => {
                    let errno = e.raw_os_error().unwrap_or(libc::EIO);
                    l.cfg
                        .event(crate::constants::ZMQ_EVENT_ACCEPT_FAILED, errno as u32);
                    match errno {
                        // The peer gave up before we took it: next one.
                        libc::ECONNABORTED | libc::EPROTO | libc::EINTR => continue,
                        // Out of fds or memory: the connection waits in
                        // the backlog; try again later.
                        _ => {
                            let b = l
                                .backoff
                                .map_or(ACCEPT_BACKOFF_MIN, |b| (b * 2).min(ACCEPT_BACKOFF_MAX));
                            l.backoff = Some(b);
                            self.timers.set(key, Some(Instant::now() + b));
                            return;
                        }
                    }
                }
            }
        }
    }
}
