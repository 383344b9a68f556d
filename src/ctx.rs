//! Contexts: options, the I/O threads (started with the first socket), the
//! socket registry and termination (ETERM to blocked calls, then wait for
//! every socket to close and lingering data to go).

use crate::constants::*;
use crate::errno::ZResult;
use crate::monitor::MonitorSink;
use crate::pipe::{InprocLink, Pipe};
use crate::reactor::{IoShared, IoThread};
use crate::signaler::Signaler;
use crate::socket::{SockCmd, Socket, SocketShared};
use libc::{EADDRINUSE, EINVAL, EMFILE};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// What ZMQ_SOCKET_LIMIT reports (libzmq's compile-time limit on Linux).
const SOCKET_LIMIT: i32 = 65535;

/// What an inproc name is bound to.
#[derive(Clone)]
pub enum InprocTarget {
    Socket {
        shared: Arc<SocketShared>,
        sndhwm: i32,
        rcvhwm: i32,
        /// ZMQ_CONFLATE of the bound socket: (sending, receiving).
        conflate: (bool, bool),
        routing_id: Vec<u8>,
        endpoint_id: u64,
    },
    Monitor(Arc<MonitorSink>),
}

impl InprocTarget {
    fn owner(&self) -> Option<u64> {
        match self {
            InprocTarget::Socket { shared, .. } => Some(shared.id),
            InprocTarget::Monitor(_) => None,
        }
    }
}

/// A connect to an inproc name, completed when (or as soon as) it is bound.
pub struct InprocConnect {
    pub pipe: Arc<Pipe>,
    pub link: Arc<InprocLink>,
    /// The connecting socket's routing id, for a ROUTER binder.
    pub routing_id: Vec<u8>,
}

fn complete(target: &InprocTarget, c: InprocConnect) {
    match target {
        InprocTarget::Socket {
            shared,
            endpoint_id,
            sndhwm,
            rcvhwm,
            conflate,
            ..
        } => {
            // The bind side's limits join the connector's; either side
            // conflating makes the direction conflate.
            c.pipe.set_hwm(true, *sndhwm, *rcvhwm);
            c.pipe.set_conflate(true, conflate.0, conflate.1);
            let _ = c.link.b.set(shared.clone());
            shared.post(SockCmd::Attach {
                pipe: c.pipe,
                routing_id: c.routing_id,
                endpoint_id: *endpoint_id,
                side_b: true,
                probed: false,
            });
        }
        InprocTarget::Monitor(sink) => sink.attach(c.pipe),
    }
}

struct State {
    io_threads: i32,
    max_sockets: i32,
    ipv6: bool,
    blocky: bool,
    max_msgsz: i32,
    thread_priority: i32,
    thread_sched_policy: i32,
    /// CPUs the I/O threads may run on (empty: any).
    thread_affinity: std::collections::BTreeSet<usize>,
    /// ZMQ_THREAD_NAME_PREFIX: I/O threads are named "<prefix>/ZMQbg/IO/<n>".
    thread_name_prefix: Option<i32>,
    io: Vec<IoThread>,
    next_io: usize,
    sockets: HashMap<u64, Arc<SocketShared>>,
    next_socket_id: u64,
    terminating: bool,
    /// MAX_SOCKETS as it was when the first socket started the context.
    slots: Option<i32>,
    inproc: HashMap<String, InprocTarget>,
    pending: HashMap<String, Vec<InprocConnect>>,
}

pub struct CtxInner {
    state: Mutex<State>,
    /// Signalled when the last socket closes. An fd rather than a condvar,
    /// so that a signal handler interrupts zmq_ctx_term (EINTR) as it does
    /// libzmq's.
    closed: Signaler,
    /// tls:// credentials and sessions shared by the context's sockets.
    pub tls_cache: Mutex<crate::transport::tls::TlsCache>,
}

impl CtxInner {
    pub fn new() -> std::io::Result<Arc<CtxInner>> {
        Ok(Arc::new(CtxInner {
            state: Mutex::new(State {
                io_threads: ZMQ_IO_THREADS_DFLT,
                max_sockets: ZMQ_MAX_SOCKETS_DFLT,
                ipv6: false,
                blocky: true,
                max_msgsz: i32::MAX,
                thread_priority: ZMQ_THREAD_PRIORITY_DFLT,
                thread_sched_policy: ZMQ_THREAD_SCHED_POLICY_DFLT,
                thread_affinity: Default::default(),
                thread_name_prefix: None,
                io: Vec::new(),
                next_io: 0,
                sockets: HashMap::new(),
                next_socket_id: 1,
                terminating: false,
                slots: None,
                inproc: HashMap::new(),
                pending: HashMap::new(),
            }),
            closed: Signaler::new()?,
            tls_cache: Default::default(),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set(&self, opt: i32, val: i32) -> ZResult<()> {
        let mut s = self.lock();
        match opt {
            ZMQ_IO_THREADS if val >= 0 => s.io_threads = val,
            ZMQ_MAX_SOCKETS if val >= 1 => s.max_sockets = val,
            ZMQ_IPV6 if val >= 0 => s.ipv6 = val != 0,
            ZMQ_BLOCKY if val >= 0 => s.blocky = val != 0,
            ZMQ_MAX_MSGSZ if val >= 0 => s.max_msgsz = val,
            ZMQ_THREAD_PRIORITY if val >= 0 => s.thread_priority = val,
            ZMQ_THREAD_SCHED_POLICY if val >= 0 => s.thread_sched_policy = val,
            ZMQ_THREAD_AFFINITY_CPU_ADD if val >= 0 => {
                s.thread_affinity.insert(val as usize);
            }
            // As libzmq: removing a CPU that was not added is an error.
            ZMQ_THREAD_AFFINITY_CPU_REMOVE if val >= 0 => {
                if !s.thread_affinity.remove(&(val as usize)) {
                    return Err(EINVAL);
                }
            }
            ZMQ_THREAD_NAME_PREFIX if val >= 0 => s.thread_name_prefix = Some(val),
            _ => return Err(EINVAL),
        }
        Ok(())
    }

    pub fn get(&self, opt: i32) -> ZResult<i32> {
        let s = self.lock();
        Ok(match opt {
            ZMQ_IO_THREADS => s.io_threads,
            ZMQ_MAX_SOCKETS => s.max_sockets,
            ZMQ_SOCKET_LIMIT => SOCKET_LIMIT,
            ZMQ_IPV6 => s.ipv6 as i32,
            ZMQ_BLOCKY => s.blocky as i32,
            ZMQ_MAX_MSGSZ => s.max_msgsz,
            ZMQ_MSG_T_SIZE => 64,
            ZMQ_THREAD_SCHED_POLICY => s.thread_sched_policy,
            ZMQ_THREAD_NAME_PREFIX => s.thread_name_prefix.unwrap_or(0),
            _ => return Err(EINVAL),
        })
    }

    pub fn socket_defaults(&self) -> (bool, bool) {
        let s = self.lock();
        (s.ipv6, s.blocky)
    }

    pub fn create_socket(self: &Arc<Self>, socket_type: i32) -> ZResult<Socket> {
        let mut s = self.lock();
        if s.terminating {
            return Err(ETERM);
        }
        let first = s.slots.is_none();
        let max = s.max_sockets;
        let slots = *s.slots.get_or_insert(max);
        if s.sockets.len() >= slots as usize {
            return Err(EMFILE);
        }
        if first {
            let n = s.io_threads.max(0) as usize;
            for i in 0..n {
                // A failed I/O thread shuts the context down: blocked calls
                // get ETERM instead of waiting forever.
                let ctx = Arc::downgrade(self);
                let on_fail = Box::new(move || {
                    if let Some(c) = ctx.upgrade() {
                        c.shutdown();
                    }
                });
                let cfg = crate::reactor::ThreadCfg {
                    name_prefix: s.thread_name_prefix,
                    priority: s.thread_priority,
                    sched_policy: s.thread_sched_policy,
                    affinity: s.thread_affinity.iter().copied().collect(),
                };
                let t = IoThread::start(i, cfg, on_fail).map_err(|_| EMTHREAD)?;
                s.io.push(t);
            }
        }
        // No I/O threads (IO_THREADS=0): network endpoints fail with EMTHREAD.
        let io = (!s.io.is_empty()).then(|| s.io[s.next_io % s.io.len()].shared.clone());
        s.next_io += 1;
        let id = s.next_socket_id;
        s.next_socket_id += 1;
        drop(s);
        let sock = Socket::new(self.clone(), socket_type, id, io)?;
        let mut s = self.lock();
        if s.terminating {
            return Err(ETERM);
        }
        s.sockets.insert(id, sock.shared.clone());
        Ok(sock)
    }

    /// The I/O thread for a new endpoint of a socket with ZMQ_AFFINITY
    /// `mask` (bit i: thread i), taken in turn among the allowed ones;
    /// None when the mask names no thread this context has (EMTHREAD, as
    /// libzmq).
    pub fn choose_io(&self, mask: u64) -> Option<Arc<IoShared>> {
        let mut s = self.lock();
        let allowed: Vec<usize> = (0..s.io.len().min(64))
            .filter(|i| mask & (1u64 << i) != 0)
            .collect();
        let pick = *allowed.get(s.next_io % allowed.len().max(1))?;
        s.next_io += 1;
        Some(s.io[pick].shared.clone())
    }

    /// Every I/O thread (a closing socket's sessions may be on any).
    pub fn all_io(&self) -> Vec<Arc<IoShared>> {
        self.lock().io.iter().map(|t| t.shared.clone()).collect()
    }

    pub fn inproc_bind(&self, name: &str, target: InprocTarget) -> ZResult<()> {
        let mut s = self.lock();
        if s.inproc.contains_key(name) {
            return Err(EADDRINUSE);
        }
        for c in s.pending.remove(name).unwrap_or_default() {
            complete(&target, c);
        }
        s.inproc.insert(name.to_string(), target);
        Ok(())
    }

    /// Whatever is bound to `name` now, for HWM and routing-id setup.
    pub fn inproc_peer(&self, name: &str) -> Option<InprocTarget> {
        self.lock().inproc.get(name).cloned()
    }

    pub fn inproc_connect(&self, name: &str, c: InprocConnect) {
        let mut s = self.lock();
        match s.inproc.get(name) {
            Some(t) => complete(t, c),
            None => s.pending.entry(name.to_string()).or_default().push(c),
        }
    }

    /// Drop bindings: one name, or (name None) all of a socket's.
    pub fn inproc_unbind(&self, name: Option<&str>, owner: Option<u64>) -> bool {
        let mut s = self.lock();
        let before = s.inproc.len();
        s.inproc.retain(|k, t| {
            !(name.is_none_or(|n| n == k) && (owner.is_none() || t.owner() == owner))
        });
        s.inproc.len() != before
    }

    pub fn unregister(&self, id: u64) {
        let mut s = self.lock();
        s.sockets.remove(&id);
        if s.sockets.is_empty() {
            self.closed.signal();
        }
    }

    /// ETERM for every blocked and future call on this context's sockets.
    pub fn shutdown(&self) {
        let mut s = self.lock();
        s.terminating = true;
        for sock in s.sockets.values() {
            sock.terminate();
        }
    }

    /// Shut down, wait for every socket to be closed, let lingering
    /// messages go out, then stop the I/O threads. EINTR when a signal
    /// handler runs meanwhile; calling it again picks up where it was.
    pub fn term(&self) -> ZResult<()> {
        self.shutdown();
        loop {
            if self.lock().sockets.is_empty() {
                break;
            }
            self.closed.wait(-1)?;
            self.closed.drain();
        }
        let mut io = std::mem::take(&mut self.lock().io);
        for t in io.iter_mut() {
            t.stop_and_join();
        }
        Ok(())
    }
}
