//! Socket monitoring (zmq_socket_monitor). Events are written straight
//! into the inproc pipe of whoever connected to the monitor endpoint, from
//! whichever thread saw them happen, as two-frame messages: 2-byte event +
//! 4-byte value (native byte order), then the endpoint. Events nobody is
//! connected to receive, or that would overflow the pipe, are dropped, as
//! with libzmq's non-blocking monitor socket.

use crate::constants::*;
use crate::msg::Msg;
use crate::pipe::Pipe;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

pub struct MonitorSink {
    pub events: i32,
    pub endpoint: String,
    pipe: Mutex<Option<Arc<Pipe>>>,
}

impl MonitorSink {
    pub fn new(events: i32, endpoint: String) -> MonitorSink {
        MonitorSink {
            events,
            endpoint,
            pipe: Mutex::new(None),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Pipe>>> {
        self.pipe.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The application's PAIR socket connected to the monitor endpoint.
    pub fn attach(&self, pipe: Arc<Pipe>) {
        let mut g = self.lock();
        if g.as_ref().is_some_and(|p| !p.socket_closed()) {
            // A monitor has a single reader, like a PAIR socket.
            pipe.close_from_b();
            return;
        }
        if let Some(old) = g.replace(pipe) {
            old.close_from_b();
        }
    }

    pub fn emit(&self, event: i32, value: u32, endpoint: &str) {
        if self.events & event == 0 {
            return;
        }
        self.push(event, value, endpoint);
    }

    fn push(&self, event: i32, value: u32, endpoint: &str) {
        let g = self.lock();
        let Some(p) = g.as_ref() else {
            return;
        };
        if p.socket_closed() || !p.engine_room(0) {
            return;
        }
        let mut head = [0u8; 6];
        head[..2].copy_from_slice(&(event as u16).to_ne_bytes());
        head[2..].copy_from_slice(&value.to_ne_bytes());
        let mut m1 = Msg::from_slice(&head);
        m1.set_more(true);
        let m2 = Msg::from_slice(endpoint.as_bytes());
        let mut q = VecDeque::from([m1, m2]);
        p.engine_push(&mut q, 1);
    }

    /// Monitoring ends: say so (always, as libzmq) and let go of the pipe.
    pub fn stop(&self) {
        self.emit(ZMQ_EVENT_MONITOR_STOPPED, 0, "");
        if let Some(p) = self.lock().take() {
            p.close_from_b();
        }
    }
}
