use crate::inbox::Inbox;
use crate::mailbox::Mailbox;
use crate::queue::{keep_last, Part, Queue};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;
use std::collections::VecDeque;

/// Single-part messages.
impl Part for u32 {
    fn more(&self) -> bool {
        false
    }
}

/// An eventfd as the library uses one: `signal` sets it, `wait` sleeps
/// until it is set (without clearing it), `drain` clears it.
#[derive(Default)]
struct EventFd {
    set: Mutex<bool>,
    cv: Condvar,
}

impl EventFd {
    fn signal(&self) {
        *self.set.lock().unwrap() = true;
        self.cv.notify_one();
    }

    fn wait(&self) {
        let mut g = self.set.lock().unwrap();
        while !*g {
            g = self.cv.wait(g).unwrap();
        }
    }

    fn drain(&self) {
        *self.set.lock().unwrap() = false;
    }

    /// Sleep until signalled, then clear: a blocking call's wait.
    fn sleep(&self) {
        self.wait();
        self.drain();
    }
}

/// The writer side of a pipe as the library drives it: before each
/// message, room is looked for afresh (never remembered from an earlier
/// pass); with none, it asks to be woken and sleeps unless room appeared
/// meanwhile. Its pushes wake the reader when the reader asked.
fn writer(q: &Queue<u32>, n: u32, reader: &EventFd, me: &EventFd) {
    let mut sent = 0;
    while sent < n {
        if !q.has_room() && !q.arm_writer() {
            me.sleep();
            continue;
        }
        if q.push(&mut VecDeque::from([sent]), 1) {
            reader.signal();
        }
        sent += 1;
    }
}

/// The reader side: takes what is visible, asks to be woken when there is
/// nothing, and wakes a waiting writer as it consumes.
fn reader(q: &Queue<u32>, n: u32, writer: &EventFd, me: &EventFd) -> Vec<u32> {
    let mut local = VecDeque::new();
    let mut got = Vec::new();
    while (got.len() as u32) < n {
        if local.is_empty() && !q.take(&mut local) {
            if !q.arm_reader() {
                me.sleep();
            }
            continue;
        }
        if let Some(m) = local.pop_front() {
            got.push(m);
            if q.consumed(1) {
                writer.signal();
            }
        }
    }
    got
}

fn run_pipe(hwm: i32, n: u32) {
    loom::model(move || {
        let q = Arc::new(Queue::<u32>::new(hwm));
        let to_reader = Arc::new(EventFd::default());
        let to_writer = Arc::new(EventFd::default());
        let w = {
            let (q, r, wr) = (q.clone(), to_reader.clone(), to_writer.clone());
            thread::spawn(move || writer(&q, n, &r, &wr))
        };
        let got = reader(&q, n, &to_writer, &to_reader);
        w.join().unwrap();
        assert_eq!(got, (0..n).collect::<Vec<_>>(), "in order, none lost");
    });
}

#[test]
fn pipe_reader_is_never_left_asleep() {
    // Unlimited queue: only the reader ever sleeps.
    run_pipe(0, 2);
}

#[test]
fn pipe_writer_at_hwm_is_never_left_asleep() {
    // HWM 1 (low-water mark 0): the writer blocks after every message.
    run_pipe(1, 2);
}

#[test]
fn pipe_both_sides_sleep_and_wake() {
    // HWM 2 (low-water mark 1): both sides block and wake in turn.
    run_pipe(2, 3);
}

#[test]
fn pipe_writer_learning_of_reads_in_steps_is_never_left_asleep() {
    // HWM 3: the writer sees the reader's progress in steps of 2 and is
    // woken at 1 queued (it blocks at 3 written, 0 or 1 read).
    run_pipe(3, 4);
}

/// ZMQ_CONFLATE: the writer never waits (whatever the HWM) and replaces
/// what is queued; the reader, which keeps only the newest of what it
/// took, is never left asleep while a message is queued, sees messages in
/// order, and always ends with the last one.
#[test]
fn conflating_pipe_keeps_the_newest_and_never_sleeps_through_it() {
    loom::model(|| {
        let q = Arc::new(Queue::<u32>::new(1));
        q.set_conflate();
        let to_reader = Arc::new(EventFd::default());
        let w = {
            let (q, r) = (q.clone(), to_reader.clone());
            thread::spawn(move || {
                for m in 0..3u32 {
                    assert!(q.has_room(), "a conflating writer never waits");
                    if q.push(&mut VecDeque::from([m]), 1) {
                        r.signal();
                    }
                }
            })
        };
        let mut local = VecDeque::new();
        let mut got = Vec::new();
        while got.last() != Some(&2) {
            if !q.take(&mut local) && local.is_empty() {
                if !q.arm_reader() {
                    to_reader.sleep();
                }
                continue;
            }
            keep_last(&mut local);
            got.extend(local.drain(..));
        }
        w.join().unwrap();
        assert!(got.windows(2).all(|p| p[0] < p[1]), "in order: {got:?}");
        assert!(!q.take(&mut local), "nothing left behind");
    });
}

#[test]
fn mailbox_never_loses_a_command() {
    loom::model(|| {
        let mb = Arc::new(Mailbox::<u32>::default());
        let fd = Arc::new(EventFd::default());
        let poster = {
            let (mb, fd) = (mb.clone(), fd.clone());
            thread::spawn(move || {
                for c in 0..2 {
                    mb.post(c);
                    eprintln!("signal {c}");
                    fd.signal();
                }
            })
        };
        // As a blocking socket call: look at the mail, and if the work is
        // not done, sleep on the eventfd, clear it, look again.
        let mut got = Vec::new();
        let mut buf = Vec::new();
        loop {
            mb.take_into(&mut buf);
            got.append(&mut buf);
            eprintln!("got {got:?}");
            if got.len() == 2 {
                break;
            }
            fd.sleep();
            eprintln!("slept");
        }
        poster.join().unwrap();
        assert_eq!(got, vec![0, 1]);
    });
}

#[test]
fn inbox_wakes_the_thread_for_every_batch() {
    loom::model(|| {
        let ib = Arc::new(Inbox::<()>::default());
        // The I/O thread's waker.
        let waker = Arc::new(EventFd::default());
        let producers: Vec<_> = (0..2)
            .map(|k| {
                let (ib, waker) = (ib.clone(), waker.clone());
                thread::spawn(move || {
                    if ib.wake(k) {
                        waker.signal();
                    }
                })
            })
            .collect();
        let mut seen = Vec::new();
        loop {
            seen.extend(ib.take().1);
            if seen.len() == 2 {
                break;
            }
            waker.sleep();
        }
        for p in producers {
            p.join().unwrap();
        }
        seen.sort();
        assert_eq!(seen, vec![0, 1]);
    });
}
