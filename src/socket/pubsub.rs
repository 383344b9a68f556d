//! PUB, XPUB, SUB and XSUB, with libzmq 4.3's semantics.
//!
//! Subscriptions travel from SUB to PUB as messages whose first byte is 1
//! (subscribe) or 0 (cancel) followed by the topic; the session turns them
//! into ZMTP 3.1 SUBSCRIBE/CANCEL commands on the wire (and back), so
//! sockets only ever see the message form, on every transport.
//!
//! PUB keeps, per topic prefix, the pipes subscribed to it (a prefix tree:
//! a message is matched in as many steps as it has bytes), sends each
//! message to the matching pipes that have room, and drops it for the
//! others: a publisher never blocks. SUB filters what arrives against its
//! own subscriptions (a PUB may send more, e.g. an XPUB's welcome message;
//! XSUB does not filter, as in libzmq), and both send their subscriptions
//! again to every new connection, so a reconnect restores them.

use super::kind::{Kind, SendResult};
use super::pipes::{PipeEnd, Pipes};
use super::trie::Tree;
use crate::errno::ZResult;
use crate::msg::Msg;
use crate::options::Options;
use libc::{EAGAIN, EINVAL, ENOTSUP};
use std::collections::VecDeque;

const SUBSCRIBE: u8 = 1;
const CANCEL: u8 = 0;

/// A subscription message: (subscribe?, topic).
fn as_subscription(m: &Msg) -> Option<(bool, &[u8])> {
    match m.data().split_first() {
        Some((&SUBSCRIBE, topic)) if !m.more() => Some((true, topic)),
        Some((&CANCEL, topic)) if !m.more() => Some((false, topic)),
        _ => None,
    }
}

fn subscription(on: bool, topic: &[u8]) -> Msg {
    let mut v = Vec::with_capacity(topic.len() + 1);
    v.push(if on { SUBSCRIBE } else { CANCEL });
    v.extend_from_slice(topic);
    Msg::from_slice(&v)
}

/// PUB (`xpub` false) and XPUB.
pub struct XPub {
    xpub: bool,
    subs: Tree<Vec<u64>>,
    /// XPUB: subscription messages (and other messages from subscribers)
    /// for the application to receive, with the pipe a subscription came
    /// from (XPUB_MANUAL applies the application's answer to it).
    pending: VecDeque<(Msg, Option<u64>)>,
    /// XPUB_MANUAL: the pipe of the last subscription received.
    last_pipe: Option<u64>,
    /// XPUB_MANUAL: what each pipe asked for, to cancel when it leaves.
    asked: Tree<Vec<u64>>,
    /// XPUB_MANUAL and XPUB_VERBOSER as last seen (a pipe may leave
    /// between calls).
    manual: bool,
    verbose_unsubs: bool,
    /// A multipart message from a subscriber is being passed up.
    upstream_more: bool,
    /// The pipes of the message being sent.
    matched: Vec<u64>,
    more_out: bool,
}

impl XPub {
    pub fn new(xpub: bool) -> XPub {
        XPub {
            xpub,
            subs: Tree::default(),
            pending: VecDeque::new(),
            last_pipe: None,
            asked: Tree::default(),
            manual: false,
            verbose_unsubs: false,
            upstream_more: false,
            matched: Vec::new(),
            more_out: false,
        }
    }

    /// Take in what subscribers sent: subscriptions update the tree (and
    /// reach an XPUB's application when new, or always when verbose);
    /// anything else reaches an XPUB's application as is.
    fn take_subscriptions(&mut self, pipes: &mut Pipes, opts: &Options) {
        self.manual = opts.xpub_manual;
        self.verbose_unsubs = opts.xpub_verbose_unsubs;
        while let Some(id) = pipes.fq_pick() {
            let Some(p) = pipes.get_mut(id) else {
                continue;
            };
            while let Some(m) = p.read() {
                let sub = if self.upstream_more {
                    None
                } else {
                    as_subscription(&m)
                };
                let notify = match sub {
                    // Manual: the application decides; every request is
                    // told, and remembered per pipe.
                    Some((on, topic)) if opts.xpub_manual => {
                        if on {
                            let set = self.asked.entry(topic);
                            if !set.contains(&id) {
                                set.push(id);
                            }
                        } else {
                            self.asked.update(topic, |set| set.retain(|&x| x != id));
                        }
                        true
                    }
                    Some((true, topic)) => {
                        let set = self.subs.entry(topic);
                        let first = set.is_empty();
                        if !set.contains(&id) {
                            set.push(id);
                        }
                        first || opts.xpub_verbose_subs
                    }
                    Some((false, topic)) => {
                        // As libzmq: told unless other pipes still hold the
                        // topic after this one left it (so a cancel of an
                        // unknown topic is told too).
                        let others_remain = self
                            .subs
                            .update(topic, |set| {
                                let had = set.len();
                                set.retain(|&x| x != id);
                                set.len() < had && !set.is_empty()
                            })
                            .unwrap_or(false);
                        !others_remain || opts.xpub_verbose_unsubs
                    }
                    None => {
                        self.upstream_more = m.more();
                        true
                    }
                };
                let from = sub.map(|_| id);
                if self.xpub && notify {
                    self.pending.push_back((m, from));
                }
            }
        }
    }

    /// The pipes a message starting with `data` goes to.
    fn matching(&mut self, pipes: &Pipes, data: &[u8], invert: bool) {
        self.matched.clear();
        let m = &mut self.matched;
        self.subs.prefixes_of(data, |set| m.extend_from_slice(set));
        m.sort_unstable();
        m.dedup();
        if invert {
            let hit = std::mem::take(m);
            m.extend(
                pipes
                    .iter()
                    .map(|p| p.id())
                    .filter(|id| hit.binary_search(id).is_err()),
            );
        }
    }
}

impl Kind for XPub {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, opts: &Options, _probed: bool) {
        // PUB takes XPUB's options too, as libzmq's.
        if !opts.xpub_welcome.is_empty() {
            end.write(Msg::from_slice(&opts.xpub_welcome));
        }
        pipes.add(end);
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        self.matched.retain(|&x| x != id);
        if self.last_pipe == Some(id) {
            self.last_pipe = None;
        }
        // Topics nobody is subscribed to any more are cancelled upstream
        // (an XPUB's application sees the cancellations). In manual mode,
        // every topic the pipe had asked for is.
        let (xpub, pending, manual) = (self.xpub, &mut self.pending, self.manual);
        let verbose = self.verbose_unsubs;
        self.asked.retain_each(&mut |topic, set| {
            let had = set.len();
            set.retain(|&x| x != id);
            if xpub && set.len() < had {
                pending.push_back((subscription(false, topic), None));
            }
        });
        self.subs.retain_each(&mut |topic, set| {
            let had = set.len();
            set.retain(|&x| x != id);
            // The last subscriber of a topic left (with VERBOSER: any).
            let told = if verbose {
                set.len() < had
            } else {
                had > 0 && set.is_empty()
            };
            if xpub && !manual && told {
                pending.push_back((subscription(false, topic), None));
            }
        });
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, opts: &Options) -> SendResult {
        self.take_subscriptions(pipes, opts);
        if !self.more_out {
            self.matching(pipes, msg.data(), opts.invert_matching);
            // Only pipes with room for a whole message get it; the others
            // miss it (or, with XPUB_NODROP, the send waits).
            if opts.xpub_nodrop {
                // A pipe whose session ended takes nothing but must not
                // make the send wait forever.
                let all_room = self
                    .matched
                    .iter()
                    .all(|&id| pipes.get_mut(id).is_none_or(|p| p.gone || p.check_write()));
                if !all_room {
                    return Err((EAGAIN, msg));
                }
            } else {
                let m = &mut self.matched;
                m.retain(|&id| pipes.get_mut(id).is_some_and(|p| p.check_write()));
            }
        }
        self.more_out = msg.more();
        if let Some((&last, rest)) = self.matched.split_last() {
            for &id in rest {
                if let Some(p) = pipes.get_mut(id) {
                    p.write(msg.share());
                }
            }
            if let Some(p) = pipes.get_mut(last) {
                p.write(msg);
            }
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        if !self.xpub {
            return Err(ENOTSUP);
        }
        self.take_subscriptions(pipes, opts);
        let (m, pipe) = self.pending.pop_front().ok_or(EAGAIN)?;
        if opts.xpub_manual {
            self.last_pipe = pipe;
        }
        Ok(m)
    }

    fn subscribe(
        &mut self,
        pipes: &mut Pipes,
        on: bool,
        topic: &[u8],
        opts: &Options,
    ) -> ZResult<()> {
        if !self.xpub || !opts.xpub_manual {
            return Err(EINVAL);
        }
        // As libzmq: for the pipe of the last subscription received;
        // nothing when there is none (or it has gone since).
        let Some(id) = self
            .last_pipe
            .filter(|&id| pipes.get_mut(id).is_some_and(|p| !p.gone))
        else {
            return Ok(());
        };
        if on {
            let set = self.subs.entry(topic);
            if !set.contains(&id) {
                set.push(id);
            }
        } else {
            self.subs.update(topic, |set| set.retain(|&x| x != id));
        }
        Ok(())
    }

    fn has_in(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        if !self.xpub {
            return false;
        }
        self.take_subscriptions(pipes, opts);
        !self.pending.is_empty()
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        true
    }
}

/// SUB (`xsub` false) and XSUB.
pub struct XSub {
    xsub: bool,
    subs: Tree<u32>,
    /// A matching message read ahead (to answer has_in): its first frame
    /// and its pipe.
    ahead: Option<(Msg, u64)>,
    /// Pipe of the message being received.
    in_pipe: Option<u64>,
    /// The pipes of the message being sent upstream (XSUB) or of a
    /// subscription: every pipe that had room for it.
    dist: Vec<u64>,
    more_out: bool,
}

impl XSub {
    pub fn new(xsub: bool) -> XSub {
        XSub {
            xsub,
            subs: Tree::default(),
            ahead: None,
            in_pipe: None,
            dist: Vec::new(),
            more_out: false,
        }
    }

    fn matches(&self, data: &[u8], invert: bool) -> bool {
        let mut hit = false;
        self.subs.prefixes_of(data, |n| hit |= *n > 0);
        hit != invert
    }

    /// Read up to the first frame of the next matching message, dropping
    /// the ones that do not match whole.
    fn read_ahead(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        if self.ahead.is_some() {
            return true;
        }
        while let Some(id) = pipes.fq_pick() {
            let Some(p) = pipes.get_mut(id) else {
                continue;
            };
            let Some(m) = p.read() else {
                continue;
            };
            // Only SUB filters; an XSUB passes everything (as libzmq).
            if self.xsub || self.matches(m.data(), opts.invert_matching) {
                self.ahead = Some((m, id));
                return true;
            }
            p.discard_rest(&m);
        }
        false
    }

    /// Record a subscription change; true when it must go upstream.
    fn track(&mut self, on: bool, topic: &[u8]) -> bool {
        if on {
            *self.subs.entry(topic) += 1;
            // Sent even when not new: an XPUB upstream may count them
            // (XPUB_VERBOSE through a proxy), as libzmq does.
            true
        } else {
            // Only a cancel that ends a subscription goes upstream (a
            // prefix that is just a node on the way to others is none).
            self.subs
                .update(topic, |n| {
                    if *n == 0 {
                        return false;
                    }
                    *n -= 1;
                    *n == 0
                })
                .unwrap_or(false)
        }
    }

    fn resend(&mut self, end: &mut PipeEnd) {
        Self::resend_from(&mut self.subs, end);
    }

    /// Write every subscription into `end` (dropped where it has no room,
    /// as any subscription).
    fn resend_from(subs: &mut Tree<u32>, end: &mut PipeEnd) {
        subs.retain_each(&mut |topic, n| {
            if *n > 0 && end.check_write() {
                end.write(subscription(true, topic));
            }
        });
    }

    /// Send a frame to every pipe; which pipes is decided on a message's
    /// first frame (those with room: a subscription for a full pipe is
    /// lost, as in libzmq).
    fn send_to_all(&mut self, pipes: &mut Pipes, msg: Msg) {
        if !self.more_out {
            self.dist.clear();
            let ids: Vec<u64> = pipes.iter().map(|p| p.id()).collect();
            for id in ids {
                if pipes.get_mut(id).is_some_and(|p| p.check_write()) {
                    self.dist.push(id);
                }
            }
        }
        self.more_out = msg.more();
        for &id in &self.dist {
            if let Some(p) = pipes.get_mut(id) {
                p.write(msg.share());
            }
        }
    }
}

impl Kind for XSub {
    fn attach(&mut self, pipes: &mut Pipes, mut end: PipeEnd, _opts: &Options, _probed: bool) {
        // A new connection learns every subscription.
        self.resend(&mut end);
        pipes.add(end);
    }

    fn hiccuped(&mut self, pipes: &mut Pipes, pipe_id: u64) {
        // So does a re-made one whose pipe was kept.
        let mut subs = std::mem::take(&mut self.subs);
        if let Some(end) = pipes.get_mut(pipe_id) {
            Self::resend_from(&mut subs, end);
        }
        self.subs = subs;
    }

    fn detached(&mut self, end: &PipeEnd) {
        let id = end.id();
        self.dist.retain(|&x| x != id);
        if self.in_pipe == Some(id) {
            self.in_pipe = None;
        }
        // A whole message read ahead is out of the pipe already: it is
        // still delivered (libzmq's XSUB keeps its prefetched message when
        // the pipe terminates). Only the first frame of a message whose
        // rest went with the pipe is dropped.
        if self
            .ahead
            .as_ref()
            .is_some_and(|(m, p)| *p == id && m.more())
        {
            self.ahead = None;
        }
    }

    fn send(&mut self, pipes: &mut Pipes, msg: Msg, _opts: &Options) -> SendResult {
        if !self.xsub {
            return Err((ENOTSUP, msg));
        }
        if !self.more_out {
            if let Some((on, topic)) = as_subscription(&msg) {
                if !self.track(on, topic) {
                    return Ok(());
                }
            }
        }
        self.send_to_all(pipes, msg);
        Ok(())
    }

    fn recv(&mut self, pipes: &mut Pipes, opts: &Options) -> ZResult<Msg> {
        if let Some(id) = self.in_pipe {
            let m = pipes.get_mut(id).and_then(|p| p.read()).ok_or(EAGAIN)?;
            if !m.more() {
                self.in_pipe = None;
            }
            return Ok(m);
        }
        if !self.read_ahead(pipes, opts) {
            return Err(EAGAIN);
        }
        let (m, id) = self.ahead.take().ok_or(EAGAIN)?;
        if m.more() {
            self.in_pipe = Some(id);
        }
        Ok(m)
    }

    fn has_in(&mut self, pipes: &mut Pipes, opts: &Options) -> bool {
        self.in_pipe.is_some() || self.read_ahead(pipes, opts)
    }

    fn has_out(&mut self, _pipes: &mut Pipes, _opts: &Options) -> bool {
        self.xsub
    }

    fn subscribe(
        &mut self,
        pipes: &mut Pipes,
        on: bool,
        topic: &[u8],
        _opts: &Options,
    ) -> ZResult<()> {
        if self.xsub {
            return Err(EINVAL);
        }
        if self.track(on, topic) {
            self.send_to_all(pipes, subscription(on, topic));
        }
        Ok(())
    }
}
