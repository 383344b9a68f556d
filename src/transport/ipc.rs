//! ipc:// (Unix domain sockets): paths, `ipc://@name` in the abstract
//! namespace, the `ipc://*` wildcard, the socket file's lifetime, and the
//! ZMQ_IPC_FILTER_* checks on accepted peers (SO_PEERCRED).

use crate::errno::{io_errno, ZResult};
use crate::options::Options;
use libc::{EINVAL, ENAMETOOLONG};
use socket2::{Domain, SockAddr, Socket, Type};
use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// sun_path's size: a path (with its NUL) must fit.
const SUN_PATH: usize = 108;

/// The socket address for an ipc endpoint's address part (libzmq's rules:
/// ENAMETOOLONG past sun_path, EINVAL for a bare "@").
pub fn resolve(addr: &str) -> ZResult<SockAddr> {
    if addr.len() >= SUN_PATH {
        return Err(ENAMETOOLONG);
    }
    if addr == "@" || addr.is_empty() {
        return Err(EINVAL);
    }
    let bytes: Vec<u8> = match addr.strip_prefix('@') {
        // Abstract namespace: a leading NUL instead of the '@'.
        Some(name) => std::iter::once(0).chain(name.bytes()).collect(),
        None => addr.as_bytes().to_vec(),
    };
    let path = Path::new(std::ffi::OsStr::from_bytes(&bytes));
    SockAddr::unix(path).map_err(|_| EINVAL)
}

/// The socket file a bound ipc endpoint created: removed when the
/// endpoint is unbound or its socket closed, unless another bind replaced
/// it meanwhile (same path, different inode). For `ipc://*`, the private
/// directory made for it goes too.
pub struct BoundFile {
    path: PathBuf,
    ino: (u64, u64),
    tmpdir: Option<PathBuf>,
}

impl Drop for BoundFile {
    fn drop(&mut self) {
        if let Ok(m) = std::fs::symlink_metadata(&self.path) {
            if (m.dev(), m.ino()) == self.ino {
                let _ = std::fs::remove_file(&self.path);
            }
        }
        if let Some(d) = &self.tmpdir {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// A fresh private directory for `ipc://*`, in $TMPDIR, $TEMPDIR or $TMP
/// as libzmq looks for them (else /tmp, where libzmq would use the
/// current directory).
fn wildcard_dir() -> ZResult<PathBuf> {
    let base = ["TMPDIR", "TEMPDIR", "TMP"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .find(|p| p.is_dir())
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    let template =
        CString::new(base.join("tmpXXXXXX").as_os_str().as_bytes().to_vec()).map_err(|_| EINVAL)?;
    let mut buf = template.into_bytes_with_nul();
    // SAFETY: buf is a writable NUL-terminated template mkdtemp fills in.
    let p = unsafe { libc::mkdtemp(buf.as_mut_ptr() as *mut libc::c_char) };
    if p.is_null() {
        return Err(crate::errno::last_os_errno());
    }
    let made = CStr::from_bytes_with_nul(&buf).map_err(|_| EINVAL)?;
    Ok(PathBuf::from(std::ffi::OsStr::from_bytes(made.to_bytes())))
}

/// Bind and listen. Returns the listener, the endpoint as
/// ZMQ_LAST_ENDPOINT shows it, and the file to remove later (none for
/// abstract names).
pub fn listen(
    addr: &str,
    opts: &Options,
) -> ZResult<(std::os::unix::net::UnixListener, String, Option<BoundFile>)> {
    let (addr, tmpdir) = if addr == "*" {
        let d = wildcard_dir()?;
        let f = d.join("socket").to_string_lossy().into_owned();
        (f, Some(d))
    } else {
        (addr.to_string(), None)
    };
    let cleanup_dir = |e| {
        if let Some(d) = &tmpdir {
            let _ = std::fs::remove_dir(d);
        }
        e
    };
    let sa = resolve(&addr).map_err(cleanup_dir)?;
    let abstract_name = addr.starts_with('@');
    if !abstract_name {
        // A file left behind by an earlier run would make bind fail with
        // EADDRINUSE; libzmq removes it first, and so do we.
        let _ = std::fs::remove_file(&addr);
    }
    let s = Socket::new(Domain::UNIX, Type::STREAM.cloexec(), None)
        .map_err(|e| cleanup_dir(io_errno(&e)))?;
    s.bind(&sa).map_err(|e| cleanup_dir(io_errno(&e)))?;
    let file = if abstract_name {
        None
    } else {
        let m = std::fs::symlink_metadata(&addr).map_err(|e| cleanup_dir(io_errno(&e)))?;
        Some(BoundFile {
            path: PathBuf::from(&addr),
            ino: (m.dev(), m.ino()),
            tmpdir,
        })
    };
    s.listen(opts.backlog.max(1)).map_err(|e| io_errno(&e))?;
    s.set_nonblocking(true).map_err(|e| io_errno(&e))?;
    Ok((s.into(), format!("ipc://{addr}"), file))
}

/// Start a non-blocking connect; true when it completed at once (the
/// usual case for Unix sockets).
pub fn connect(
    sa: &SockAddr,
) -> Result<(std::os::unix::net::UnixStream, bool), super::ConnectFailed> {
    let s = Socket::new(Domain::UNIX, Type::STREAM.cloexec(), None)
        .map_err(super::ConnectFailed::before_socket)?;
    let done = super::start_connect(&s, sa)?;
    Ok((s.into(), done))
}

/// The peer's credentials (SO_PEERCRED).
fn peer_cred(fd: std::os::fd::RawFd) -> Option<libc::ucred> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: cred/len describe a valid ucred buffer for SO_PEERCRED.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            &mut cred as *mut libc::ucred as *mut libc::c_void,
            &mut len,
        )
    };
    (rc == 0).then_some(cred)
}

/// "Peer-Address" of an ipc connection, as libzmq gives it: the host part
/// getnameinfo yields for a Unix socket ("localhost"), then the peer's
/// uid, gid and pid.
pub fn peer_address(fd: std::os::fd::RawFd) -> Option<String> {
    let c = peer_cred(fd)?;
    Some(format!("localhost:{}:{}:{}", c.uid, c.gid, c.pid))
}

/// ZMQ_IPC_FILTER_UID/GID/PID: with any filter set, a peer is accepted
/// when its uid, pid or primary gid is listed, or its user is a member of
/// a listed group (libzmq's rules).
pub fn peer_allowed(fd: std::os::fd::RawFd, opts: &Options) -> bool {
    let f = &opts.ipc_filters;
    if f.uids.is_empty() && f.gids.is_empty() && f.pids.is_empty() {
        return true;
    }
    let Some(cred) = peer_cred(fd) else {
        return false;
    };
    if f.uids.contains(&cred.uid)
        || f.gids.contains(&cred.gid)
        || f.pids.contains(&(cred.pid as u32))
    {
        return true;
    }
    let Some(user) = user_name(cred.uid) else {
        return false;
    };
    f.gids.iter().any(|&g| group_members(g).contains(&user))
}

fn user_name(uid: libc::uid_t) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: zeroed passwd is a valid out-parameter.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into pw and buf (of the length given).
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut pw,
            buf.as_mut_ptr() as *mut libc::c_char,
            buf.len(),
            &mut out,
        )
    };
    if rc != 0 || out.is_null() || pw.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points into buf, NUL-terminated by getpwuid_r.
    Some(unsafe { CStr::from_ptr(pw.pw_name) }.to_bytes().to_vec())
}

fn group_members(gid: libc::gid_t) -> Vec<Vec<u8>> {
    let mut buf = vec![0u8; 16384];
    // SAFETY: zeroed group is a valid out-parameter.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: getgrgid_r writes into gr and buf (of the length given).
    let rc = unsafe {
        libc::getgrgid_r(
            gid,
            &mut gr,
            buf.as_mut_ptr() as *mut libc::c_char,
            buf.len(),
            &mut out,
        )
    };
    let mut members = Vec::new();
    if rc != 0 || out.is_null() || gr.gr_mem.is_null() {
        return members;
    }
    let mut p = gr.gr_mem;
    // SAFETY: gr_mem is a NULL-terminated array of C strings inside buf.
    unsafe {
        while !(*p).is_null() {
            members.push(CStr::from_ptr(*p).to_bytes().to_vec());
            p = p.add(1);
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_rules() {
        assert_eq!(resolve(&"x".repeat(108)).err(), Some(ENAMETOOLONG));
        assert!(resolve(&"x".repeat(107)).is_ok());
        assert_eq!(resolve("@").err(), Some(EINVAL));
        assert!(resolve("@name").is_ok());
    }
}
