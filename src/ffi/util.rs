//! Version, errno, strerror, zmq_has, Z85, CURVE keys, atomic counters,
//! stopwatch, sleep, threads and timers.

use super::types::{zmq_thread_fn, zmq_timer_fn, ZmqTimerFn};
use super::{bytes, c_str, entry, entry_or};
use crate::constants::*;
use crate::errno::{errno, zmq_message, ZResult};
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// The calling thread's errno.
#[no_mangle]
pub unsafe extern "C" fn zmq_errno() -> c_int {
    entry(|| Ok(errno()))
}

/// A message for an errno value, including libzmq's and the TLS ones.
#[no_mangle]
pub unsafe extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    entry(|| {
        Ok(match zmq_message(errnum) {
            Some(m) => m.as_ptr() as *const c_char,
            // SAFETY: strerror takes any int; its string is valid until the
            // next strerror call in this thread, the same contract as
            // libzmq's zmq_strerror, which also returns it.
            None => unsafe { libc::strerror(errnum) },
        })
    })
}

/// The library version (4.3.5).
#[no_mangle]
pub unsafe extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    entry(|| {
        for (p, v) in [
            (major, ZMQ_VERSION_MAJOR),
            (minor, ZMQ_VERSION_MINOR),
            (patch, ZMQ_VERSION_PATCH),
        ] {
            // SAFETY: each pointer is NULL (skipped) or points to a
            // writable int (zmq_version(3)).
            if let Some(p) = unsafe { p.as_mut() } {
                *p = v;
            }
        }
        Ok(())
    })
}

/// Whether a capability (transport or mechanism) is available.
#[no_mangle]
pub unsafe extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    // 0 ("not available") for NULL or anything unknown, never -1.
    entry_or(0, || {
        // SAFETY: capability is NULL or a C string (zmq_has(3)).
        Ok(match unsafe { c_str(capability) } {
            // What this build supports; transports and mechanisms are added
            // here as they land (see docs/compat.md).
            Ok("tls" | "ipc" | "curve") => 1,
            _ => 0,
        })
    })
}

const Z85: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Z85 text of `data` (a multiple of 4 bytes) into `out` (5 chars per 4
/// bytes, then a NUL).
pub(crate) fn z85_encode(out: &mut [u8], data: &[u8]) {
    let mut o = 0usize;
    for chunk in data.chunks_exact(4) {
        let v = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        let mut div = 85u32.pow(4);
        for _ in 0..5 {
            out[o] = Z85[((v / div) % 85) as usize];
            o += 1;
            div /= 85;
        }
    }
    out[o] = 0;
}

/// Bytes of the Z85 text `s` (a multiple of 5 chars) into `out` (4 bytes
/// per 5 chars), chunk by chunk; EINVAL at the first bad chunk (earlier
/// chunks are already written).
pub(crate) fn z85_decode(out: &mut [u8], s: &[u8]) -> ZResult<()> {
    for (chunk, dest) in s.chunks(5).zip(out.chunks_mut(4)) {
        let mut v: u64 = 0;
        for &c in chunk {
            let d = Z85.iter().position(|&z| z == c).ok_or(libc::EINVAL)?;
            v = v * 85 + d as u64;
        }
        let v = u32::try_from(v).map_err(|_| libc::EINVAL)?;
        dest.copy_from_slice(&v.to_be_bytes());
    }
    Ok(())
}

/// Encode binary data (size a multiple of 4) as Z85 into dest.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_encode(
    dest: *mut c_char,
    data: *const u8,
    size: usize,
) -> *mut c_char {
    entry(|| {
        if !size.is_multiple_of(4) || dest.is_null() || (data.is_null() && size > 0) {
            return Err(libc::EINVAL);
        }
        // SAFETY: data is readable for size bytes (NULL only if size is 0);
        // dest is non-NULL with room for size * 5 / 4 + 1 chars
        // (zmq_z85_encode(3)), a buffer distinct from data (the text is
        // longer than the data, so an in-place encode cannot work).
        let (data, out) = unsafe {
            (
                bytes(data, size)?,
                std::slice::from_raw_parts_mut(dest as *mut u8, size / 4 * 5 + 1),
            )
        };
        z85_encode(out, data);
        Ok(dest)
    })
}

/// Decode a Z85 string (length a non-zero multiple of 5) into dest.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    entry(|| {
        if dest.is_null() || string.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: string is non-NULL and NUL-terminated (zmq_z85_decode(3)).
        // Copied, so that dest may overlap it.
        let s = unsafe { std::ffi::CStr::from_ptr(string) }
            .to_bytes()
            .to_vec();
        // As libzmq: at least one chunk ("" is EINVAL too).
        if s.is_empty() || !s.len().is_multiple_of(5) {
            return Err(libc::EINVAL);
        }
        // SAFETY: dest is non-NULL with room for strlen(string) * 4 / 5
        // bytes (zmq_z85_decode(3)); nothing else refers to it meanwhile.
        let out = unsafe { std::slice::from_raw_parts_mut(dest, s.len() / 5 * 4) };
        z85_decode(out, &s)?;
        Ok(dest)
    })
}

/// A new CURVE key pair (X25519), each key as 40 Z85 characters plus NUL
/// (41 bytes each).
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    entry(|| {
        if z85_public_key.is_null() || z85_secret_key.is_null() {
            return Err(libc::EINVAL);
        }
        let secret = crate::zmtp::sodium::SecretKey::generate();
        let public = secret.public_key();
        // SAFETY: both are non-NULL with room for 41 bytes
        // (zmq_curve_keypair(3)).
        let (pk, sk) = unsafe {
            (
                std::slice::from_raw_parts_mut(z85_public_key as *mut u8, 41),
                std::slice::from_raw_parts_mut(z85_secret_key as *mut u8, 41),
            )
        };
        z85_encode(pk, public.as_bytes());
        z85_encode(sk, secret.as_bytes());
        Ok(0)
    })
}

/// The public key (40 Z85 characters plus NUL) of a Z85 secret key.
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    entry(|| {
        if z85_public_key.is_null() || z85_secret_key.is_null() {
            return Err(libc::EINVAL);
        }
        // SAFETY: a NUL-terminated string (zmq_curve_public(3)).
        let text = unsafe { std::ffi::CStr::from_ptr(z85_secret_key) }.to_bytes();
        if text.len() != 40 {
            return Err(libc::EINVAL);
        }
        let mut raw = zeroize::Zeroizing::new([0u8; 32]);
        z85_decode(&mut raw[..], text)?;
        let public = crate::zmtp::sodium::SecretKey::from_bytes(&raw).public_key();
        // SAFETY: non-NULL with room for 41 bytes (zmq_curve_public(3));
        // written only after the secret was read, so they may overlap.
        let pk = unsafe { std::slice::from_raw_parts_mut(z85_public_key as *mut u8, 41) };
        z85_encode(pk, public.as_bytes());
        Ok(0)
    })
}

/// A new thread-safe counter, starting at 0.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    entry(|| Ok(Box::into_raw(Box::new(AtomicI32::new(0))) as *mut c_void))
}

/// The counter behind a pointer; None for NULL.
///
/// # Safety
/// `p` must be NULL or a pointer from zmq_atomic_counter_new not yet
/// destroyed during `'a`.
unsafe fn counter<'a>(p: *mut c_void) -> Option<&'a AtomicI32> {
    // SAFETY: per the contract, NULL or a live Box<AtomicI32>; only shared
    // references are made (the counter is atomic).
    unsafe { (p as *const AtomicI32).as_ref() }
}

/// Set the counter's value.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_set(counter_: *mut c_void, value: c_int) {
    entry(|| {
        // SAFETY: counter_ is NULL or a live counter (zmq_atomic_counter_set(3)).
        if let Some(c) = unsafe { counter(counter_) } {
            c.store(value, Ordering::SeqCst);
        }
        Ok(())
    })
}

/// Increment; returns the value before.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_inc(counter_: *mut c_void) -> c_int {
    // SAFETY: counter_ is NULL or a live counter (zmq_atomic_counter_inc(3)).
    entry(|| Ok(unsafe { counter(counter_) }.map_or(0, |c| c.fetch_add(1, Ordering::SeqCst))))
}

/// Decrement; returns 1 if the counter is still above 0, else 0.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_dec(counter_: *mut c_void) -> c_int {
    entry(|| {
        // SAFETY: counter_ is NULL or a live counter (zmq_atomic_counter_dec(3)).
        let c = unsafe { counter(counter_) };
        Ok(c.map_or(0, |c| (c.fetch_sub(1, Ordering::SeqCst) - 1 > 0) as c_int))
    })
}

/// The counter's value.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_value(counter_: *mut c_void) -> c_int {
    // SAFETY: counter_ is NULL or a live counter (zmq_atomic_counter_value(3)).
    entry(|| Ok(unsafe { counter(counter_) }.map_or(0, |c| c.load(Ordering::SeqCst))))
}

/// Free a counter and NULL the caller's pointer.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    entry(|| {
        // SAFETY: counter_p is NULL or points to a pointer that is NULL or
        // a live counter, destroyed here once (zmq_atomic_counter_destroy(3)).
        unsafe {
            if counter_p.is_null() || (*counter_p).is_null() {
                return Ok(());
            }
            drop(Box::from_raw(*counter_p as *mut AtomicI32));
            *counter_p = std::ptr::null_mut();
        }
        Ok(())
    })
}

/// Start a stopwatch.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    entry(|| Ok(Box::into_raw(Box::new(Instant::now())) as *mut c_void))
}

/// Microseconds since the stopwatch started.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    entry(|| {
        // SAFETY: watch is NULL or from zmq_stopwatch_start and not yet
        // stopped (zmq_stopwatch_intermediate(3)).
        let w = unsafe { (watch as *const Instant).as_ref() };
        Ok(w.map_or(0, |w| w.elapsed().as_micros() as c_ulong))
    })
}

/// Microseconds since the stopwatch started; frees it.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    entry(|| {
        if watch.is_null() {
            return Ok(0);
        }
        // SAFETY: watch is from zmq_stopwatch_start and stopped once
        // (zmq_stopwatch_stop(3)).
        let w = unsafe { Box::from_raw(watch as *mut Instant) };
        Ok(w.elapsed().as_micros() as c_ulong)
    })
}

/// Sleep for whole seconds.
#[no_mangle]
pub unsafe extern "C" fn zmq_sleep(seconds: c_int) {
    entry(|| {
        std::thread::sleep(Duration::from_secs(seconds.max(0) as u64));
        Ok(())
    })
}

struct ThreadArg(*mut c_void);
// SAFETY: the application hands this pointer to its own thread function.
unsafe impl Send for ThreadArg {}

/// Start a thread running func(arg).
#[no_mangle]
pub unsafe extern "C" fn zmq_threadstart(
    func: *mut zmq_thread_fn,
    arg: *mut c_void,
) -> *mut c_void {
    entry(|| {
        // SAFETY: func is NULL or a zmq_thread_fn (zmq_threadstart(3)).
        let f = unsafe { zmq_thread_fn::to_fn(func) }.ok_or(libc::EINVAL)?;
        let a = ThreadArg(arg);
        let h = std::thread::Builder::new()
            .spawn(move || {
                let a = a;
                // SAFETY: calling the application's thread function with
                // its argument, as it asked.
                unsafe { f(a.0) }
            })
            .map_err(|_| libc::EAGAIN)?;
        Ok(Box::into_raw(Box::new(h)) as *mut c_void)
    })
}

/// Wait for a thread started by zmq_threadstart and free it.
#[no_mangle]
pub unsafe extern "C" fn zmq_threadclose(thread: *mut c_void) {
    entry(|| {
        if thread.is_null() {
            return Ok(());
        }
        // SAFETY: thread is from zmq_threadstart and closed once
        // (zmq_threadclose(3)).
        let h = unsafe { Box::from_raw(thread as *mut std::thread::JoinHandle<()>) };
        let _ = h.join();
        Ok(())
    })
}

// ---- timers ----

struct Timer {
    id: c_int,
    interval: Duration,
    when: Instant,
    handler: ZmqTimerFn,
    arg: *mut c_void,
}

#[derive(Default)]
struct Timers {
    list: Vec<Timer>,
    /// Cancelled timers not yet passed over by zmq_timers_timeout or
    /// zmq_timers_execute: (id, interval, when). They never fire, but as in
    /// libzmq (which marks them and erases them on that pass) set_interval
    /// and reset on them succeed until then.
    cancelled: Vec<(c_int, Duration, Instant)>,
    next_id: c_int,
}

impl Timers {
    /// libzmq's pass over the set, in due order, stops at the first live
    /// timer (for zmq_timers_execute, the first not yet due): the
    /// cancelled timers due before it are gone for good.
    fn sweep_cancelled(&mut self, first_live: Option<Instant>) {
        match first_live {
            Some(f) => self.cancelled.retain(|c| c.2 > f),
            None => self.cancelled.clear(),
        }
    }
}

const TIMERS_TAG: u32 = 0x9999_9999;

struct TimersHandle {
    tag: u32,
    t: Timers,
}

/// The timer set behind a pointer, or EFAULT.
///
/// # Safety
/// `p` must be NULL or a pointer from zmq_timers_new not yet destroyed,
/// not otherwise referenced during `'a`.
unsafe fn timers<'a>(p: *mut c_void) -> ZResult<&'a mut Timers> {
    // SAFETY: per the contract, NULL or a live, unaliased TimersHandle.
    match unsafe { (p as *mut TimersHandle).as_mut() } {
        Some(h) if h.tag == TIMERS_TAG => Ok(&mut h.t),
        _ => Err(libc::EFAULT),
    }
}

/// Create a timer set.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_new() -> *mut c_void {
    entry(|| {
        Ok(Box::into_raw(Box::new(TimersHandle {
            tag: TIMERS_TAG,
            t: Timers::default(),
        })) as *mut c_void)
    })
}

/// Destroy a timer set and NULL the caller's pointer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    entry(|| {
        // SAFETY: timers_p is NULL or points to a pointer that is NULL or
        // a live timer set, destroyed here once (zmq_timers_destroy(3)).
        unsafe {
            let timers_p = timers_p.as_mut().ok_or(libc::EFAULT)?;
            timers(*timers_p)?;
            let mut h = Box::from_raw(*timers_p as *mut TimersHandle);
            h.tag = 0;
            drop(h);
            *timers_p = std::ptr::null_mut();
        }
        Ok(0)
    })
}

/// Add a timer; returns its id.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_add(
    timers_: *mut c_void,
    interval: usize,
    handler: *mut zmq_timer_fn,
    arg: *mut c_void,
) -> c_int {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set, handler NULL or a
        // zmq_timer_fn (zmq_timers_add(3)).
        let (t, h) = unsafe { (timers(timers_)?, zmq_timer_fn::to_fn(handler)) };
        let h = h.ok_or(libc::EFAULT)?;
        t.next_id += 1;
        let iv = Duration::from_millis(interval as u64);
        t.list.push(Timer {
            id: t.next_id,
            interval: iv,
            when: Instant::now() + iv,
            handler: h,
            arg,
        });
        Ok(t.next_id)
    })
}

fn find(t: &mut Timers, id: c_int) -> ZResult<&mut Timer> {
    t.list.iter_mut().find(|x| x.id == id).ok_or(libc::EINVAL)
}

/// Cancel a timer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_cancel(timers_: *mut c_void, timer_id: c_int) -> c_int {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set (zmq_timers_cancel(3)).
        let t = unsafe { timers(timers_)? };
        // Not found, or cancelled already: EINVAL, as libzmq.
        let i = t
            .list
            .iter()
            .position(|x| x.id == timer_id)
            .ok_or(libc::EINVAL)?;
        let x = t.list.remove(i);
        t.cancelled.push((x.id, x.interval, x.when));
        Ok(0)
    })
}

/// Change a timer's interval (restarting it).
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_set_interval(
    timers_: *mut c_void,
    timer_id: c_int,
    interval: usize,
) -> c_int {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set
        // (zmq_timers_set_interval(3)).
        let t = unsafe { timers(timers_)? };
        let iv = Duration::from_millis(interval as u64);
        if let Some(c) = t.cancelled.iter_mut().find(|c| c.0 == timer_id) {
            (c.1, c.2) = (iv, Instant::now() + iv);
            return Ok(0);
        }
        let x = find(t, timer_id)?;
        x.interval = iv;
        x.when = Instant::now() + x.interval;
        Ok(0)
    })
}

/// Restart a timer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_reset(timers_: *mut c_void, timer_id: c_int) -> c_int {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set (zmq_timers_reset(3)).
        let t = unsafe { timers(timers_)? };
        if let Some(c) = t.cancelled.iter_mut().find(|c| c.0 == timer_id) {
            c.2 = Instant::now() + c.1;
            return Ok(0);
        }
        let x = find(t, timer_id)?;
        x.when = Instant::now() + x.interval;
        Ok(0)
    })
}

/// Milliseconds until the next timer is due, or -1 if none.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_timeout(timers_: *mut c_void) -> c_long {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set (zmq_timers_timeout(3)).
        let t = unsafe { timers(timers_)? };
        let first = t.list.iter().map(|x| x.when).min();
        t.sweep_cancelled(first);
        Ok(match first {
            None => -1,
            // Rounded up: sleeping this long and then executing runs the
            // timer (a truncated 0 would make a caller spin or miss it).
            Some(w) => {
                let ns = w.saturating_duration_since(Instant::now()).as_nanos();
                ns.div_ceil(1_000_000).min(c_long::MAX as u128) as c_long
            }
        })
    })
}

/// Run the handlers of due timers.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_execute(timers_: *mut c_void) -> c_int {
    entry(|| {
        // SAFETY: timers_ is NULL or a live timer set (zmq_timers_execute(3)).
        let t = unsafe { timers(timers_)? };
        let now = Instant::now();
        let waiting = t.list.iter().map(|x| x.when).filter(|w| *w > now).min();
        t.sweep_cancelled(waiting);
        let due: Vec<(c_int, ZmqTimerFn, *mut c_void)> = t
            .list
            .iter_mut()
            .filter(|x| x.when <= now)
            .map(|x| {
                x.when = now + x.interval;
                (x.id, x.handler, x.arg)
            })
            .collect();
        // `t` is not kept below: a handler may call zmq_timers_* on this
        // set again, and a timer an earlier handler cancelled must not run.
        for (id, h, a) in due {
            // SAFETY: as above; the set outlives this call.
            let live = unsafe { timers(timers_)? }.list.iter().any(|x| x.id == id);
            if live {
                // SAFETY: the handler and argument given to zmq_timers_add,
                // called as it asked (zmq_timers_execute(3)).
                unsafe { h(id, a) };
            }
        }
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::{z85_decode, z85_encode};

    // The test vector of the Z85 spec (rfc.zeromq.org/spec/32).
    const BIN: [u8; 8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];

    #[test]
    fn z85_round_trip() {
        let mut text = [0xffu8; 11];
        z85_encode(&mut text, &BIN);
        assert_eq!(&text, b"HelloWorld\0");
        let mut bin = [0u8; 8];
        assert_eq!(z85_decode(&mut bin, b"HelloWorld"), Ok(()));
        assert_eq!(bin, BIN);
        let mut nul = [0xffu8; 1];
        z85_encode(&mut nul, &[]);
        assert_eq!(nul, [0]);
    }

    #[test]
    fn z85_decode_refuses_bad_chunks() {
        let mut bin = [0u8; 8];
        // '~' is not a Z85 digit; the first chunk is still written.
        assert_eq!(z85_decode(&mut bin, b"Hello~orld"), Err(libc::EINVAL));
        assert_eq!(bin[..4], BIN[..4]);
        // "#####" is 85^5 - 1, above u32::MAX.
        assert_eq!(z85_decode(&mut bin, b"#####"), Err(libc::EINVAL));
    }
}
