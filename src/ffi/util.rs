//! Version, errno, strerror, zmq_has, Z85, CURVE keys, atomic counters,
//! stopwatch, sleep, threads and timers.

use super::types::{zmq_thread_fn, zmq_timer_fn};
use super::{c_str, call_int, guard};
use crate::constants::*;
use crate::errno::{errno, set_errno, zmq_message};
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// The calling thread's errno.
#[no_mangle]
pub unsafe extern "C" fn zmq_errno() -> c_int {
    errno()
}

/// A message for an errno value, including libzmq's and the TLS ones.
#[no_mangle]
pub unsafe extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    match zmq_message(errnum) {
        Some(m) => m.as_ptr() as *const c_char,
        None => libc::strerror(errnum),
    }
}

/// The library version (4.3.5).
#[no_mangle]
pub unsafe extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    if !major.is_null() {
        *major = ZMQ_VERSION_MAJOR;
    }
    if !minor.is_null() {
        *minor = ZMQ_VERSION_MINOR;
    }
    if !patch.is_null() {
        *patch = ZMQ_VERSION_PATCH;
    }
}

/// Whether a capability (transport or mechanism) is available.
#[no_mangle]
pub unsafe extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    guard(0, || match c_str(capability) {
        // What this build supports; transports and mechanisms are added
        // here as they land (see docs/compat.md).
        Ok("tls" | "ipc") => 1,
        _ => 0,
    })
}

const Z85: &[u8; 85] =
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// Encode binary data (size a multiple of 4) as Z85 into dest.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_encode(
    dest: *mut c_char,
    data: *const u8,
    size: usize,
) -> *mut c_char {
    guard(std::ptr::null_mut(), || {
        if !size.is_multiple_of(4) || dest.is_null() || (data.is_null() && size > 0) {
            set_errno(libc::EINVAL);
            return std::ptr::null_mut();
        }
        let mut out = 0usize;
        for chunk in 0..size / 4 {
            let mut v: u32 = 0;
            for i in 0..4 {
                v = (v << 8) | *data.add(chunk * 4 + i) as u32;
            }
            let mut div = 85u32.pow(4);
            for _ in 0..5 {
                *dest.add(out) = Z85[((v / div) % 85) as usize] as c_char;
                out += 1;
                div /= 85;
            }
        }
        *dest.add(out) = 0;
        dest
    })
}

/// Decode a Z85 string (length a multiple of 5) into dest.
#[no_mangle]
pub unsafe extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    guard(std::ptr::null_mut(), || {
        if dest.is_null() || string.is_null() {
            set_errno(libc::EINVAL);
            return std::ptr::null_mut();
        }
        let s = std::ffi::CStr::from_ptr(string).to_bytes();
        if !s.len().is_multiple_of(5) {
            set_errno(libc::EINVAL);
            return std::ptr::null_mut();
        }
        let mut out = 0usize;
        for chunk in s.chunks(5) {
            let mut v: u64 = 0;
            for &c in chunk {
                let Some(d) = Z85.iter().position(|&z| z == c) else {
                    set_errno(libc::EINVAL);
                    return std::ptr::null_mut();
                };
                v = v * 85 + d as u64;
            }
            if v > u32::MAX as u64 {
                set_errno(libc::EINVAL);
                return std::ptr::null_mut();
            }
            for (i, b) in (v as u32).to_be_bytes().iter().enumerate() {
                *dest.add(out + i) = *b;
            }
            out += 4;
        }
        dest
    })
}

/// CURVE is not in this build yet (as libzmq without libsodium): ENOTSUP.
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    set_errno(libc::ENOTSUP);
    -1
}

/// CURVE is not in this build yet (as libzmq without libsodium): ENOTSUP.
#[no_mangle]
pub unsafe extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    let _ = (z85_public_key, z85_secret_key);
    set_errno(libc::ENOTSUP);
    -1
}

/// A new thread-safe counter, starting at 0.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    guard(std::ptr::null_mut(), || {
        Box::into_raw(Box::new(AtomicI32::new(0))) as *mut c_void
    })
}

unsafe fn counter<'a>(p: *mut c_void) -> Option<&'a AtomicI32> {
    (p as *const AtomicI32).as_ref()
}

/// Set the counter's value.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_set(counter_: *mut c_void, value: c_int) {
    if let Some(c) = counter(counter_) {
        c.store(value, Ordering::SeqCst);
    }
}

/// Increment; returns the value before.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_inc(counter_: *mut c_void) -> c_int {
    counter(counter_).map_or(0, |c| c.fetch_add(1, Ordering::SeqCst))
}

/// Decrement; returns 1 if the counter is still above 0, else 0.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_dec(counter_: *mut c_void) -> c_int {
    counter(counter_).map_or(0, |c| (c.fetch_sub(1, Ordering::SeqCst) - 1 > 0) as c_int)
}

/// The counter's value.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_value(counter_: *mut c_void) -> c_int {
    counter(counter_).map_or(0, |c| c.load(Ordering::SeqCst))
}

/// Free a counter and NULL the caller's pointer.
#[no_mangle]
pub unsafe extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    if counter_p.is_null() || (*counter_p).is_null() {
        return;
    }
    drop(Box::from_raw(*counter_p as *mut AtomicI32));
    *counter_p = std::ptr::null_mut();
}

/// Start a stopwatch.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    Box::into_raw(Box::new(Instant::now())) as *mut c_void
}

/// Microseconds since the stopwatch started.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    (watch as *const Instant)
        .as_ref()
        .map_or(0, |w| w.elapsed().as_micros() as c_ulong)
}

/// Microseconds since the stopwatch started; frees it.
#[no_mangle]
pub unsafe extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    if watch.is_null() {
        return 0;
    }
    let w = Box::from_raw(watch as *mut Instant);
    w.elapsed().as_micros() as c_ulong
}

/// Sleep for whole seconds.
#[no_mangle]
pub unsafe extern "C" fn zmq_sleep(seconds: c_int) {
    std::thread::sleep(Duration::from_secs(seconds.max(0) as u64));
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
    let Some(f) = zmq_thread_fn::to_fn(func) else {
        set_errno(libc::EINVAL);
        return std::ptr::null_mut();
    };
    let a = ThreadArg(arg);
    match std::thread::Builder::new().spawn(move || {
        let a = a;
        // SAFETY: calling the application's thread function as asked.
        unsafe { f(a.0) }
    }) {
        Ok(h) => Box::into_raw(Box::new(h)) as *mut c_void,
        Err(_) => {
            set_errno(libc::EAGAIN);
            std::ptr::null_mut()
        }
    }
}

/// Wait for a thread started by zmq_threadstart and free it.
#[no_mangle]
pub unsafe extern "C" fn zmq_threadclose(thread: *mut c_void) {
    if thread.is_null() {
        return;
    }
    let h = Box::from_raw(thread as *mut std::thread::JoinHandle<()>);
    let _ = h.join();
}

// ---- timers ----

struct Timer {
    id: c_int,
    interval: Duration,
    when: Instant,
    handler: unsafe extern "C" fn(c_int, *mut c_void),
    arg: *mut c_void,
}

#[derive(Default)]
struct Timers {
    list: Vec<Timer>,
    next_id: c_int,
}

const TIMERS_TAG: u32 = 0x9999_9999;

struct TimersHandle {
    tag: u32,
    t: Timers,
}

unsafe fn timers<'a>(p: *mut c_void) -> Result<&'a mut Timers, c_int> {
    match (p as *mut TimersHandle).as_mut() {
        Some(h) if h.tag == TIMERS_TAG => Ok(&mut h.t),
        _ => Err(libc::EFAULT),
    }
}

/// Create a timer set.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_new() -> *mut c_void {
    Box::into_raw(Box::new(TimersHandle {
        tag: TIMERS_TAG,
        t: Timers::default(),
    })) as *mut c_void
}

/// Destroy a timer set and NULL the caller's pointer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    call_int(|| {
        if timers_p.is_null() {
            return Err(libc::EFAULT);
        }
        timers(*timers_p)?;
        let mut h = Box::from_raw(*timers_p as *mut TimersHandle);
        h.tag = 0;
        drop(h);
        *timers_p = std::ptr::null_mut();
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
    call_int(|| {
        let t = timers(timers_)?;
        let h = zmq_timer_fn::to_fn(handler).ok_or(libc::EFAULT)?;
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

fn find(t: &mut Timers, id: c_int) -> Result<&mut Timer, c_int> {
    t.list.iter_mut().find(|x| x.id == id).ok_or(libc::EINVAL)
}

/// Cancel a timer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_cancel(timers_: *mut c_void, timer_id: c_int) -> c_int {
    call_int(|| {
        let t = timers(timers_)?;
        let i = t
            .list
            .iter()
            .position(|x| x.id == timer_id)
            .ok_or(libc::EINVAL)?;
        t.list.remove(i);
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
    call_int(|| {
        let x = find(timers(timers_)?, timer_id)?;
        x.interval = Duration::from_millis(interval as u64);
        x.when = Instant::now() + x.interval;
        Ok(0)
    })
}

/// Restart a timer.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_reset(timers_: *mut c_void, timer_id: c_int) -> c_int {
    call_int(|| {
        let x = find(timers(timers_)?, timer_id)?;
        x.when = Instant::now() + x.interval;
        Ok(0)
    })
}

/// Milliseconds until the next timer is due, or -1 if none.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_timeout(timers_: *mut c_void) -> c_long {
    match timers(timers_) {
        Ok(t) => match t.list.iter().map(|x| x.when).min() {
            None => -1,
            Some(w) => w.saturating_duration_since(Instant::now()).as_millis() as c_long,
        },
        Err(e) => {
            set_errno(e);
            -1
        }
    }
}

/// Run the handlers of due timers.
#[no_mangle]
pub unsafe extern "C" fn zmq_timers_execute(timers_: *mut c_void) -> c_int {
    call_int(|| {
        let t = timers(timers_)?;
        let now = Instant::now();
        let due: Vec<(c_int, unsafe extern "C" fn(c_int, *mut c_void), *mut c_void)> = t
            .list
            .iter_mut()
            .filter(|x| x.when <= now)
            .map(|x| {
                x.when = now + x.interval;
                (x.id, x.handler, x.arg)
            })
            .collect();
        for (id, h, a) in due {
            h(id, a);
        }
        Ok(0)
    })
}
