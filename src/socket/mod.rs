//! Sockets: what the application thread owns. Blocking, timeouts, options,
//! endpoints and the mailbox live here; routing per socket type lives
//! behind `kind::Kind`, one module per type.

mod dealer;
mod kind;
mod lb;
mod mailbox;
mod pair;
mod pipes;
mod pubsub;
mod pull;
mod push;
mod rep;
mod req;
mod router;
mod stream;
mod trie;

use crate::constants::*;
use crate::ctx::{CtxInner, InprocConnect, InprocTarget};
use crate::errno::{Errno, ZResult};
use crate::monitor::MonitorSink;
use crate::msg::Msg;
use crate::options::{Options, Value};
use crate::pipe::{InprocLink, IoEnd, Pipe, SocketEnd};
use crate::reactor::{self, Cmd, IoShared};
use crate::session::SessionCfg;
use crate::signaler::Signaler;
use crate::transport::{self, ipc, tcp, tls, Listener, Protocol, Target};
use libc::{EAGAIN, EINVAL, ENOENT, ENOTSUP};
use mailbox::Mailbox;
use pipes::{PipeEnd, Pipes};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Commands from I/O threads to a socket.
pub enum SockCmd {
    Attach {
        pipe: Arc<Pipe>,
        routing_id: Vec<u8>,
        endpoint_id: u64,
        /// The socket is the bound side of an inproc pipe.
        side_b: bool,
        /// The session already sent the PROBE_ROUTER message.
        probed: bool,
    },
    Detach {
        pipe_id: u64,
    },
    /// The pipe may be ready again: data arrived or room appeared where
    /// this socket found none (libzmq's activate_read/activate_write).
    Activate {
        pipe_id: u64,
    },
    /// The pipe's connection was lost and is being re-made (libzmq's
    /// hiccup): a subscriber sends its subscriptions into it again.
    Hiccup {
        pipe_id: u64,
    },
}

/// The part of a socket other threads may touch.
pub struct SocketShared {
    pub id: u64,
    pub sig: Arc<Signaler>,
    mail: Mailbox<SockCmd>,
    pub terminated: AtomicBool,
    monitor: Mutex<Option<Arc<MonitorSink>>>,
    monitored: AtomicBool,
}

impl SocketShared {
    pub fn post(&self, c: SockCmd) {
        self.mail.post(c);
        self.sig.signal();
    }

    fn take_mail(&self, out: &mut Vec<SockCmd>) {
        self.mail.take_into(out)
    }

    /// Report a monitor event, if anyone monitors this socket.
    pub fn event(&self, event: i32, value: u32, endpoint: &str) {
        if !self.monitored.load(Ordering::Relaxed) {
            return;
        }
        let sink = self
            .monitor
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(s) = sink {
            s.emit(event, value, endpoint);
        }
    }

    fn set_monitor(&self, m: Option<Arc<MonitorSink>>) -> Option<Arc<MonitorSink>> {
        let mut g = self.monitor.lock().unwrap_or_else(|e| e.into_inner());
        self.monitored.store(m.is_some(), Ordering::SeqCst);
        std::mem::replace(&mut *g, m)
    }

    pub fn terminate(&self) {
        self.terminated.store(true, Ordering::SeqCst);
        self.sig.signal();
    }
}

impl SocketEnd for SocketShared {
    fn activate(&self, pipe_id: u64) {
        self.post(SockCmd::Activate { pipe_id });
    }
    fn detach(&self, pipe_id: u64) {
        self.post(SockCmd::Detach { pipe_id });
    }
}

struct EndpointRec {
    uri: String,
    resolved: String,
    id: u64,
    bound: bool,
    proto: Protocol,
    /// The listening fd (monitor events name it), -1 if none.
    fd: i32,
    /// A bound ipc endpoint's socket file, removed with the record.
    _file: Option<ipc::BoundFile>,
    /// The I/O thread serving it (None: inproc).
    io: Option<Arc<IoShared>>,
}

pub struct Socket {
    pub shared: Arc<SocketShared>,
    ctx: Arc<CtxInner>,
    io: Option<Arc<IoShared>>,
    pub opts: Options,
    pipes: Pipes,
    pattern: Box<dyn kind::Kind>,
    endpoints: Vec<EndpointRec>,
    last_endpoint: String,
    rcvmore: bool,
    /// Commands taken from the mailbox (kept for its capacity).
    mail: Vec<SockCmd>,
}

impl Socket {
    pub fn new(
        ctx: Arc<CtxInner>,
        socket_type: i32,
        id: u64,
        io: Option<Arc<IoShared>>,
    ) -> ZResult<Socket> {
        let pattern = match kind::new(socket_type) {
            Some(p) => p,
            // Valid libzmq types whose behaviour lands in a later issue.
            None if (ZMQ_PAIR..=ZMQ_STREAM).contains(&socket_type) => return Err(ENOTSUP),
            None => return Err(EINVAL),
        };
        let sig = Arc::new(Signaler::new().map_err(|_| libc::EMFILE)?);
        let (ipv6, blocky) = ctx.socket_defaults();
        Ok(Socket {
            shared: Arc::new(SocketShared {
                id,
                sig,
                mail: Mailbox::default(),
                terminated: AtomicBool::new(false),
                monitor: Mutex::new(None),
                monitored: AtomicBool::new(false),
            }),
            ctx,
            io,
            opts: Options::new(socket_type, ipv6, blocky),
            pipes: Pipes::default(),
            pattern,
            endpoints: Vec::new(),
            last_endpoint: String::new(),
            rcvmore: false,
            mail: Vec::new(),
        })
    }

    fn io(&self) -> ZResult<&Arc<IoShared>> {
        self.io.as_ref().ok_or(EMTHREAD)
    }

    /// The I/O thread for a new endpoint: the socket's own, or with
    /// ZMQ_AFFINITY one of the threads it names.
    fn endpoint_io(&self) -> ZResult<Arc<IoShared>> {
        match self.opts.affinity {
            0 => self.io().cloned(),
            mask => self.ctx.choose_io(mask).ok_or(EMTHREAD),
        }
    }

    fn check_term(&self) -> ZResult<()> {
        if self.shared.terminated.load(Ordering::SeqCst) {
            Err(ETERM)
        } else {
            Ok(())
        }
    }

    /// Apply commands from the I/O threads.
    fn process_mail(&mut self) {
        // Every send and receive comes through here: the common case (no
        // mail, no pipe going away) must cost next to nothing.
        let mut mail = std::mem::take(&mut self.mail);
        self.shared.take_mail(&mut mail);
        if !mail.is_empty() {
            self.apply_mail(&mut mail);
        }
        self.mail = mail;
        if self.pipes.any_gone() {
            for dead in self.pipes.reap() {
                self.pattern.detached(&dead);
            }
        }
    }

    fn attach(&mut self, end: PipeEnd, probed: bool) {
        self.pattern
            .attach(&mut self.pipes, end, &self.opts, probed);
        if let Some(id) = self.pattern.take_assigned_id() {
            self.opts.routing_id = id;
        }
    }

    fn apply_mail(&mut self, mail: &mut Vec<SockCmd>) {
        for c in mail.drain(..) {
            match c {
                SockCmd::Attach {
                    pipe,
                    routing_id,
                    endpoint_id,
                    side_b,
                    probed,
                } => {
                    // A session may already be over by now; what it
                    // received is still delivered, then the pipe is reaped.
                    let gone = if side_b {
                        pipe.socket_closed()
                    } else {
                        pipe.engine_gone()
                    };
                    let mut end = PipeEnd::new(pipe, routing_id, endpoint_id, side_b);
                    end.gone = gone;
                    self.attach(end, probed);
                }
                SockCmd::Detach { pipe_id } => self.pipes.mark_gone(pipe_id),
                SockCmd::Activate { pipe_id } => self.pipes.activate(pipe_id),
                SockCmd::Hiccup { pipe_id } => self.pattern.hiccuped(&mut self.pipes, pipe_id),
            }
        }
    }

    // ---- sending and receiving ----

    /// Send one frame. On failure the message is handed back untouched.
    pub fn send(&mut self, mut msg: Msg, flags: i32) -> Result<(), (Errno, Msg)> {
        if let Err(e) = self.check_term() {
            return Err((e, msg));
        }
        self.process_mail();
        msg.set_more(flags & ZMQ_SNDMORE != 0);
        let timeout = if flags & ZMQ_DONTWAIT != 0 {
            0
        } else {
            self.opts.sndtimeo
        };
        // The clock is read only when the call has to wait: a send or
        // receive that succeeds at once (nearly all, under load) costs no
        // clock_gettime even with a timeout set.
        let mut deadline = None;
        loop {
            match self.pattern.send(&mut self.pipes, msg, &self.opts) {
                Ok(()) => return Ok(()),
                Err((EAGAIN, m)) => msg = m,
                Err(e) => return Err(e),
            }
            if timeout == 0 {
                return Err((EAGAIN, msg));
            }
            let d = *deadline.get_or_insert_with(|| deadline_of(timeout));
            if let Err(e) = self.wait(d) {
                return Err((e, msg));
            }
        }
    }

    pub fn recv(&mut self, flags: i32) -> ZResult<Msg> {
        self.check_term()?;
        self.process_mail();
        let timeout = if flags & ZMQ_DONTWAIT != 0 {
            0
        } else {
            self.opts.rcvtimeo
        };
        let mut deadline = None;
        loop {
            match self.pattern.recv(&mut self.pipes, &self.opts) {
                Ok(m) => {
                    self.rcvmore = m.more();
                    return Ok(m);
                }
                Err(EAGAIN) => {}
                Err(e) => return Err(e),
            }
            if timeout == 0 {
                return Err(EAGAIN);
            }
            let d = *deadline.get_or_insert_with(|| deadline_of(timeout));
            self.wait(d)?;
        }
    }

    /// Block until signalled (EAGAIN once the deadline passes, EINTR when a
    /// signal handler ran, as libzmq's blocking calls). Sleeps in the
    /// kernel until then: no periodic wake-up.
    fn wait(&mut self, deadline: Option<Instant>) -> ZResult<()> {
        let ms = match deadline {
            None => -1,
            Some(d) => {
                let now = Instant::now();
                if d <= now {
                    return Err(EAGAIN);
                }
                // Round up so a wait never ends just before the deadline.
                (d - now).as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
            }
        };
        self.shared.sig.wait(ms)?;
        self.shared.sig.drain();
        self.check_term()?;
        self.process_mail();
        Ok(())
    }

    pub fn has_in(&mut self) -> bool {
        self.pattern.has_in(&mut self.pipes, &self.opts)
    }

    pub fn has_out(&mut self) -> bool {
        self.pattern.has_out(&mut self.pipes, &self.opts)
    }

    /// ZMQ_EVENTS: reset the fd's signal, then report readiness.
    pub fn events(&mut self) -> ZResult<i32> {
        self.check_term()?;
        self.shared.sig.drain();
        self.process_mail();
        let mut ev = 0;
        if self.has_in() {
            ev |= ZMQ_POLLIN as i32;
        }
        if self.has_out() {
            ev |= ZMQ_POLLOUT as i32;
        }
        Ok(ev)
    }

    pub fn fd(&self) -> i32 {
        self.shared.sig.fd()
    }

    // ---- options ----

    /// `val` None: the C caller passed NULL (and length 0).
    pub fn setsockopt(&mut self, opt: i32, val: Option<&[u8]>) -> ZResult<()> {
        self.check_term()?;
        if opt == ZMQ_SUBSCRIBE || opt == ZMQ_UNSUBSCRIBE {
            self.process_mail();
            let on = opt == ZMQ_SUBSCRIBE;
            let topic = val.unwrap_or(&[]);
            return self
                .pattern
                .subscribe(&mut self.pipes, on, topic, &self.opts);
        }
        if opt == ZMQ_ROUTER_RAW && !self.endpoints.is_empty() {
            // The socket's kind changes with it (a raw ROUTER routes as
            // STREAM): only before its first bind or connect. libzmq takes
            // it later too, for the connections made after; refused here
            // rather than half applied.
            return Err(EINVAL);
        }
        match val {
            Some(v) => self.opts.set(opt, v)?,
            None => self.opts.set_null(opt)?,
        }
        if opt == ZMQ_ROUTER_RAW {
            self.pattern = if self.opts.router_raw {
                kind::raw_router()
            } else {
                kind::new(ZMQ_ROUTER).ok_or(EINVAL)?
            };
        }
        // HWM changes reach existing pipes, as in libzmq 4.2+.
        if opt == ZMQ_SNDHWM || opt == ZMQ_RCVHWM {
            self.process_mail();
            for p in self.pipes.iter() {
                p.pipe.set_hwm(p.side_b, self.opts.sndhwm, self.opts.rcvhwm);
            }
        }
        Ok(())
    }

    pub fn getsockopt(&mut self, opt: i32, cap: usize) -> ZResult<Vec<u8>> {
        self.check_term()?;
        let v = match opt {
            ZMQ_RCVMORE => Value::Int(self.rcvmore as i32),
            ZMQ_FD => Value::Int(self.fd()),
            ZMQ_EVENTS => Value::Int(self.events()?),
            ZMQ_LAST_ENDPOINT => Value::Str(self.last_endpoint.clone()),
            ZMQ_THREAD_SAFE => Value::Int(0),
            _ => return self.opts.get(opt, cap).map(|v| v.bytes()),
        };
        // libzmq's socket-level getters accept any buffer large enough.
        let b = v.bytes();
        if cap < b.len() {
            return Err(EINVAL);
        }
        Ok(b)
    }

    // ---- endpoints ----

    fn session_cfg(
        &self,
        endpoint_id: u64,
        connect_rid: Option<Vec<u8>>,
        endpoint: String,
        tls: Option<Arc<tls::TlsEndpoint>>,
    ) -> Arc<SessionCfg> {
        Arc::new(SessionCfg {
            opts: self.opts.clone(),
            socket: self.shared.clone(),
            socket_id: self.shared.id,
            endpoint_id,
            connect_rid,
            endpoint,
            tls,
            ctx: Arc::downgrade(&self.ctx),
        })
    }

    pub fn bind(&mut self, uri: &str) -> ZResult<()> {
        self.check_term()?;
        self.process_mail();
        let (proto, addr) = transport::parse_endpoint(uri)?;
        if proto == Protocol::Inproc {
            return self.bind_inproc(uri, addr);
        }
        self.opts.check_mechanism()?;
        let io = self.endpoint_io()?;
        // Credentials load now: configuration errors are synchronous.
        let tls = match proto {
            Protocol::Tls => {
                let mut cache = self.ctx.tls_cache.lock().unwrap_or_else(|e| e.into_inner());
                Some(Arc::new(tls::server(&self.opts.tls, &mut cache)?))
            }
            _ => None,
        };
        let (listener, resolved, fd, file) = match self.listen(proto, addr) {
            Ok(l) => l,
            Err(e) => {
                self.shared.event(ZMQ_EVENT_BIND_FAILED, e as u32, uri);
                return Err(e);
            }
        };
        self.shared.event(ZMQ_EVENT_LISTENING, fd as u32, &resolved);
        let id = reactor::new_id();
        let cfg = self.session_cfg(id, None, resolved.clone(), tls);
        io.send(Cmd::Listen {
            key: reactor::new_key(),
            listener,
            cfg,
        });
        self.endpoints.push(EndpointRec {
            uri: uri.to_string(),
            resolved: resolved.clone(),
            id,
            bound: true,
            proto,
            fd,
            _file: file,
            io: Some(io),
        });
        self.last_endpoint = resolved;
        Ok(())
    }

    /// A listening socket for a tcp, tls or ipc address: (listener, the
    /// endpoint as LAST_ENDPOINT shows it, its fd, an ipc socket file).
    fn listen(
        &self,
        proto: Protocol,
        addr: &str,
    ) -> ZResult<(Listener, String, i32, Option<ipc::BoundFile>)> {
        use std::os::fd::AsRawFd;
        if self.opts.use_fd >= 0 {
            return self.listen_on_fd(proto);
        }
        if proto == Protocol::Ipc {
            let (l, resolved, file) = ipc::listen(addr, &self.opts)?;
            let fd = l.as_raw_fd();
            let l = Listener::Ipc(mio::net::UnixListener::from_std(l));
            return Ok((l, resolved, fd, file));
        }
        let sa = tcp::resolve_bind(addr, self.opts.ipv6)?;
        let l = tcp::listen(sa, &self.opts)?;
        let local = l.local_addr().map_err(|e| crate::errno::io_errno(&e))?;
        let resolved = tcp::format_endpoint(proto.scheme(), &local);
        let fd = l.as_raw_fd();
        Ok((
            Listener::Tcp(mio::net::TcpListener::from_std(l)),
            resolved,
            fd,
            None,
        ))
    }

    /// ZMQ_USE_FD: take over the application's listening socket (as
    /// libzmq, which then owns and closes it). It must be a listening
    /// stream socket of the endpoint's family, and not already in use by
    /// one of this socket's endpoints.
    fn listen_on_fd(
        &self,
        proto: Protocol,
    ) -> ZResult<(Listener, String, i32, Option<ipc::BoundFile>)> {
        use std::os::fd::FromRawFd;
        let fd = self.opts.use_fd;
        if self.endpoints.iter().any(|e| e.fd == fd) {
            return Err(libc::EADDRINUSE);
        }
        let borrowed = fd_ref(fd)?;
        let sock = socket2::SockRef::from(&borrowed);
        let listening = sock.is_listener().map_err(|e| crate::errno::io_errno(&e))?;
        let domain = sock.domain().map_err(|e| crate::errno::io_errno(&e))?;
        let unix = domain == socket2::Domain::UNIX;
        if !listening || unix != (proto == Protocol::Ipc) {
            return Err(libc::EINVAL);
        }
        sock.set_nonblocking(true)
            .map_err(|e| crate::errno::io_errno(&e))?;
        if unix {
            // SAFETY: checked above to be an open listening Unix socket;
            // from here on it is ours, as ZMQ_USE_FD hands it over.
            let l = unsafe { std::os::unix::net::UnixListener::from_raw_fd(fd) };
            let path = l
                .local_addr()
                .ok()
                .and_then(|a| a.as_pathname().map(|p| p.display().to_string()))
                .unwrap_or_default();
            let resolved = format!("ipc://{path}");
            return Ok((
                Listener::Ipc(mio::net::UnixListener::from_std(l)),
                resolved,
                fd,
                None,
            ));
        }
        // SAFETY: as above, an open listening TCP socket now ours.
        let l = unsafe { std::net::TcpListener::from_raw_fd(fd) };
        let local = l.local_addr().map_err(|e| crate::errno::io_errno(&e))?;
        let resolved = tcp::format_endpoint(proto.scheme(), &local);
        Ok((
            Listener::Tcp(mio::net::TcpListener::from_std(l)),
            resolved,
            fd,
            None,
        ))
    }

    pub fn connect(&mut self, uri: &str) -> ZResult<()> {
        self.check_term()?;
        self.process_mail();
        let (proto, addr) = transport::parse_endpoint(uri)?;
        if proto == Protocol::Inproc {
            return self.connect_inproc(uri, addr);
        }
        let target = match proto {
            Protocol::Ipc => Target::Ipc(ipc::resolve(addr)?),
            _ => {
                tcp::check_connect(addr)?;
                if !self.opts.socks_proxy.is_empty() {
                    // The proxy's address must be a host:port; tls through
                    // a proxy is not supported (refused, not ignored), and
                    // a SOCKS5 host name is at most 255 bytes.
                    let (host, _) = tcp::split_host_port(tcp::split_source(addr).1)?;
                    tcp::split_host_port(&self.opts.socks_proxy)?;
                    if proto == Protocol::Tls || host.len() > 255 {
                        return Err(libc::EINVAL);
                    }
                }
                Target::Tcp(addr.to_string())
            }
        };
        self.opts.check_mechanism()?;
        let io = self.endpoint_io()?;
        let tls = match proto {
            Protocol::Tls => {
                let mut cache = self.ctx.tls_cache.lock().unwrap_or_else(|e| e.into_inner());
                Some(Arc::new(tls::client(&self.opts.tls, addr, &mut cache)?))
            }
            _ => None,
        };
        let id = reactor::new_id();
        let key = reactor::new_key();
        // CONNECT_ROUTING_ID names the peer of the next connect only.
        let rid = if self.opts.connect_routing_id.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.opts.connect_routing_id))
        };
        let cfg = self.session_cfg(id, rid.clone(), uri.to_string(), tls);
        // Without IMMEDIATE the pipe exists before the connection does, so
        // messages queue up; a ROUTER needs the peer's identity first,
        // unless CONNECT_ROUTING_ID names it now.
        let pipe = if !self.opts.immediate && (self.opts.socket_type != ZMQ_ROUTER || rid.is_some())
        {
            let p = Arc::new(Pipe::new(
                reactor::new_id(),
                self.opts.sndhwm,
                self.opts.rcvhwm,
                self.shared.clone(),
                IoEnd {
                    waker: io.clone(),
                    session: key,
                },
            ));
            p.set_conflate(false, self.opts.conflate_out(), self.opts.conflate_in());
            let end = PipeEnd::new(p.clone(), rid.unwrap_or_default(), id, false);
            self.attach(end, false);
            Some(p)
        } else {
            None
        };
        io.send(Cmd::Connect {
            key,
            target,
            cfg,
            pipe,
        });
        self.endpoints.push(EndpointRec {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            id,
            bound: false,
            proto,
            fd: -1,
            _file: None,
            io: Some(io),
        });
        self.last_endpoint = uri.to_string();
        Ok(())
    }

    fn term_endpoint(&mut self, uri: &str, bound: bool) -> ZResult<()> {
        self.check_term()?;
        self.process_mail();
        // Validate the syntax first, as libzmq does.
        let (proto, addr) = transport::parse_endpoint(uri)?;
        // Bound endpoints are known by their resolved address: a wildcard
        // port can only be unbound through ZMQ_LAST_ENDPOINT (as libzmq).
        let key = if bound && matches!(proto, Protocol::Tcp | Protocol::Tls) {
            match tcp::resolve_bind(addr, self.opts.ipv6) {
                Ok(sa) if sa.port() != 0 => tcp::format_endpoint(proto.scheme(), &sa),
                _ => uri.to_string(),
            }
        } else {
            uri.to_string()
        };
        let Some(i) = self
            .endpoints
            .iter()
            .position(|e| e.bound == bound && (e.resolved == key || (!bound && e.uri == uri)))
        else {
            return Err(ENOENT);
        };
        let e = self.endpoints.remove(i);
        let linger = self.opts.linger;
        if e.fd >= 0 {
            self.shared
                .event(ZMQ_EVENT_CLOSED, e.fd as u32, &e.resolved);
        }
        if e.proto == Protocol::Inproc {
            if bound {
                self.ctx.inproc_unbind(Some(addr), Some(self.shared.id));
            }
        } else {
            let Some(io) = &e.io else {
                return Err(EMTHREAD);
            };
            io.send(if bound {
                Cmd::Unbind {
                    endpoint_id: e.id,
                    linger,
                }
            } else {
                Cmd::Disconnect {
                    endpoint_id: e.id,
                    linger,
                }
            });
        }
        let ids: Vec<u64> = self
            .pipes
            .iter()
            .filter(|p| p.endpoint_id == e.id)
            .map(|p| p.id())
            .collect();
        for id in ids {
            if let Some(p) = self.pipes.remove(id) {
                if p.pipe.inproc.is_some() {
                    p.close();
                }
                self.pattern.detached(&p);
            }
        }
        Ok(())
    }

    pub fn unbind(&mut self, uri: &str) -> ZResult<()> {
        self.term_endpoint(uri, true)
    }

    pub fn disconnect(&mut self, uri: &str) -> ZResult<()> {
        self.term_endpoint(uri, false)
    }

    /// zmq_close: hand lingering to the I/O thread and leave.
    pub fn close(self) {
        for p in self.pipes.iter() {
            if p.pipe.inproc.is_some() {
                p.close();
            }
        }
        self.ctx.inproc_unbind(None, Some(self.shared.id));
        for e in self.endpoints.iter().filter(|e| e.fd >= 0) {
            self.shared
                .event(ZMQ_EVENT_CLOSED, e.fd as u32, &e.resolved);
        }
        self.stop_monitor();
        // Its endpoints may be on other threads than its own (affinity).
        for io in self.ctx.all_io() {
            io.send(Cmd::CloseSocket {
                socket_id: self.shared.id,
                linger: self.opts.linger,
            });
        }
        self.ctx.unregister(self.shared.id);
    }

    fn bind_inproc(&mut self, uri: &str, name: &str) -> ZResult<()> {
        let id = reactor::new_id();
        self.ctx.inproc_bind(
            name,
            InprocTarget::Socket {
                shared: self.shared.clone(),
                sndhwm: self.opts.sndhwm,
                rcvhwm: self.opts.rcvhwm,
                conflate: (self.opts.conflate_out(), self.opts.conflate_in()),
                routing_id: self.opts.routing_id.clone(),
                endpoint_id: id,
            },
        )?;
        self.endpoints.push(EndpointRec {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            id,
            bound: true,
            proto: Protocol::Inproc,
            fd: -1,
            _file: None,
            io: None,
        });
        self.last_endpoint = uri.to_string();
        // Connects made before this bind arrive as mail.
        self.process_mail();
        Ok(())
    }

    fn connect_inproc(&mut self, uri: &str, name: &str) -> ZResult<()> {
        let id = reactor::new_id();
        // Until a bind arrives, the pipe holds only this side's limits; the
        // bind adds its own (see ctx::complete).
        let (peer_snd, peer_rcv, peer_rid) = match self.ctx.inproc_peer(name) {
            Some(InprocTarget::Socket {
                sndhwm,
                rcvhwm,
                routing_id,
                ..
            }) => (sndhwm, rcvhwm, routing_id),
            _ => (-1, -1, Vec::new()),
        };
        let link = Arc::new(InprocLink {
            a: self.shared.clone(),
            b: std::sync::OnceLock::new(),
        });
        let pipe = Arc::new(Pipe::new_inproc(
            reactor::new_id(),
            [self.opts.sndhwm, self.opts.rcvhwm, peer_snd, peer_rcv],
            link.clone(),
        ));
        pipe.set_conflate(false, self.opts.conflate_out(), self.opts.conflate_in());
        let end = PipeEnd::new(pipe.clone(), peer_rid, id, false);
        self.attach(end, false);
        self.ctx.inproc_connect(
            name,
            InprocConnect {
                pipe,
                link,
                routing_id: self.opts.routing_id.clone(),
            },
        );
        self.endpoints.push(EndpointRec {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            id,
            bound: false,
            proto: Protocol::Inproc,
            fd: -1,
            _file: None,
            io: None,
        });
        self.last_endpoint = uri.to_string();
        Ok(())
    }

    /// zmq_socket_monitor: start (addr given) or stop (NULL) monitoring.
    pub fn monitor(&mut self, addr: Option<&str>, events: i32) -> ZResult<()> {
        self.check_term()?;
        // As libzmq: the (version 1) event mask has 16 bits; a value with
        // others set (a negative one included) is EINVAL, also when
        // stopping.
        if !(0..=0xffff).contains(&events) {
            return Err(libc::EINVAL);
        }
        let Some(addr) = addr else {
            self.stop_monitor();
            return Ok(());
        };
        let (proto, name) = transport::parse_endpoint(addr)?;
        if proto != Protocol::Inproc {
            return Err(libc::EPROTONOSUPPORT);
        }
        self.stop_monitor();
        let sink = Arc::new(MonitorSink::new(events, name.to_string()));
        self.ctx
            .inproc_bind(name, InprocTarget::Monitor(sink.clone()))?;
        self.shared.set_monitor(Some(sink));
        Ok(())
    }

    fn stop_monitor(&self) {
        if let Some(old) = self.shared.set_monitor(None) {
            self.ctx.inproc_unbind(Some(&old.endpoint), None);
            old.stop();
        }
    }
}

fn deadline_of(timeout_ms: i32) -> Option<Instant> {
    if timeout_ms < 0 {
        None
    } else {
        Some(Instant::now() + Duration::from_millis(timeout_ms as u64))
    }
}

/// A borrowed view of an fd the application gave us, to inspect it before
/// taking it over; EBADF when it is not open.
fn fd_ref(fd: i32) -> ZResult<std::os::fd::BorrowedFd<'static>> {
    // SAFETY: fcntl(F_GETFD) only reads the descriptor's flags.
    if unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
        return Err(libc::EBADF);
    }
    // SAFETY: the fd is open (checked just now) and stays open while we
    // look at it: only this call path closes it, after taking it over.
    Ok(unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) })
}
