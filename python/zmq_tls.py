"""Set and get the ZMQ_TLS_* socket options of a pyzmq socket.

pyzmq only knows the option types of real libzmq, so it cannot set a string
option it has never heard of (``sock.setsockopt(2002, b"ca.pem")`` raises
TypeError). This module calls zmq_setsockopt/zmq_getsockopt of the Rust
libzmq directly, through ctypes on ``sock.underlying``.

pyzmq wheels bundle their own libzmq; load ours in its place with
``LD_PRELOAD=/path/to/libzmq.so.5 python3 ...``. The functions are then
found in the process's global symbol scope; ``use_library(path)`` or the
environment variable ZMQ_TLS_LIBRARY name a library explicitly instead.

    import zmq, zmq_tls
    sock = zmq.Context.instance().socket(zmq.REQ)
    zmq_tls.configure(sock, ca_file="ca.crt", cert_file="client.crt",
                      key_file="client.key")
    zmq_tls.get(sock, zmq_tls.ZMQ_TLS_VERIFY_PEER)   # -> 1

Value types: int options take and return int. String options take str
(encoded UTF-8), bytes or an os.PathLike; get() returns str, except for
the PEM options (ZMQ_TLS_*_PEM), which it returns as bytes, the way a PEM
file reads in binary mode. Errors raise zmq.ZMQError with our library's
errno (ETLS* included) and the message of our zmq_strerror.
"""

import ctypes
import os

import zmq

# Errors (zmq.h): ZMQ_HAUSNUMERO + n.
ZMQ_HAUSNUMERO = 156384712
ETLSCA = ZMQ_HAUSNUMERO + 55
ETLSCERT = ZMQ_HAUSNUMERO + 56
ETLSKEY = ZMQ_HAUSNUMERO + 57
ETLSKEYINVALID = ZMQ_HAUSNUMERO + 58
ETLSPASS = ZMQ_HAUSNUMERO + 59
ETLSCTX = ZMQ_HAUSNUMERO + 60
ETLSCIPHER = ZMQ_HAUSNUMERO + 61
ETLS = ZMQ_HAUSNUMERO + 62
ETLSVERIFY = ZMQ_HAUSNUMERO + 63
ETLSCNAME = ZMQ_HAUSNUMERO + 64

# Socket options (zmq.h).
ZMQ_TLS_CA_DIR = 2001
ZMQ_TLS_CA_FILE = 2002
ZMQ_TLS_CERT_FILE = 2003
ZMQ_TLS_KEY_FILE = 2004
ZMQ_TLS_CERT_PASSWORD = 2005
ZMQ_TLS_CERT_PASSWD = ZMQ_TLS_CERT_PASSWORD
ZMQ_TLS_VERIFY_PEER = 2006
ZMQ_TLS_CERT_COMMON_NAME = 2007
ZMQ_TLS_VERIFY_HOSTNAME = 2008
ZMQ_TLS_CA_PEM = 2009
ZMQ_TLS_CERT_PEM = 2010
ZMQ_TLS_KEY_PEM = 2011
ZMQ_TLS_MIN_VERSION = 2012
ZMQ_TLS_CIPHERS = 2013
ZMQ_TLS_CIPHERSUITES = 2014
ZMQ_TLS_CRL_FILE = 2015
ZMQ_TLS_SESSION_RESUMPTION = 2016
ZMQ_TLS_RELOAD = 2017

# Values of ZMQ_TLS_MIN_VERSION.
ZMQ_TLS_VERSION_1_2 = 0x0303
ZMQ_TLS_VERSION_1_3 = 0x0304

# Monitor event: the credentials were re-read (ZMQ_TLS_RELOAD); its value
# is 0, or the ETLS* errno of a failed reload (the old ones stay in use).
ZMQ_EVENT_TLS_RELOAD = 0x8000

_INT, _STR, _PEM = "int", "str", "pem"

# Option number -> (keyword name for configure(), value type).
OPTIONS = {
    ZMQ_TLS_CA_DIR: ("ca_dir", _STR),
    ZMQ_TLS_CA_FILE: ("ca_file", _STR),
    ZMQ_TLS_CERT_FILE: ("cert_file", _STR),
    ZMQ_TLS_KEY_FILE: ("key_file", _STR),
    ZMQ_TLS_CERT_PASSWORD: ("cert_password", _STR),
    ZMQ_TLS_VERIFY_PEER: ("verify_peer", _INT),
    ZMQ_TLS_CERT_COMMON_NAME: ("cert_common_name", _STR),
    ZMQ_TLS_VERIFY_HOSTNAME: ("verify_hostname", _INT),
    ZMQ_TLS_CA_PEM: ("ca_pem", _PEM),
    ZMQ_TLS_CERT_PEM: ("cert_pem", _PEM),
    ZMQ_TLS_KEY_PEM: ("key_pem", _PEM),
    ZMQ_TLS_MIN_VERSION: ("min_version", _INT),
    ZMQ_TLS_CIPHERS: ("ciphers", _STR),
    ZMQ_TLS_CIPHERSUITES: ("ciphersuites", _STR),
    ZMQ_TLS_CRL_FILE: ("crl_file", _STR),
    ZMQ_TLS_SESSION_RESUMPTION: ("session_resumption", _INT),
    ZMQ_TLS_RELOAD: ("reload", _INT),
}
_BY_KEYWORD = {name: opt for opt, (name, _) in OPTIONS.items()}

_ZMQ_TYPE = 16  # zmq.h; used to check a socket pointer is ours
_MAX_STRING = (1 << 20) + 1  # a PEM bundle (at most 1 MiB) and its NUL


class TLSUnavailableError(RuntimeError):
    """The libzmq in use is not the Rust one with the tls:// transport."""


_HINT = ("tls:// needs the Rust libzmq; run with "
         "LD_PRELOAD=.../target/release/libzmq.so.5 "
         "(or set ZMQ_TLS_LIBRARY to its path)")
_lib = None


def use_library(path=None):
    """Select the libzmq to call: a path, else $ZMQ_TLS_LIBRARY, else the
    process's global symbol scope (where LD_PRELOAD puts it). Returns the
    ctypes library; raises TLSUnavailableError if it has no tls://."""
    global _lib
    path = path or os.environ.get("ZMQ_TLS_LIBRARY") or None
    try:
        # use_errno: ctypes saves errno right after each call, so no Python
        # code can clobber it before we read it (zmq_errno() is errno).
        lib = ctypes.CDLL(path, use_errno=True)
        fns = [lib.zmq_setsockopt, lib.zmq_getsockopt, lib.zmq_strerror,
               lib.zmq_has]
    except (OSError, AttributeError) as e:
        # Without LD_PRELOAD, pyzmq's bundled libzmq is loaded privately
        # (RTLD_LOCAL), so the global scope has no zmq_* at all.
        raise TLSUnavailableError("%s (%s)" % (_HINT, e)) from None
    setopt, getopt, strerror, has = fns
    setopt.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                       ctypes.c_size_t]
    getopt.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                       ctypes.POINTER(ctypes.c_size_t)]
    setopt.restype = getopt.restype = ctypes.c_int
    strerror.argtypes = [ctypes.c_int]
    strerror.restype = ctypes.c_char_p
    has.argtypes = [ctypes.c_char_p]
    has.restype = ctypes.c_int
    if has(b"tls") != 1:
        raise TLSUnavailableError("%s: zmq_has(\"tls\") is not 1 in %s"
                                  % (_HINT, path or "the global scope"))
    _lib = lib
    return lib


def _library():
    return _lib if _lib is not None else use_library()


def strerror(errnum):
    """Our library's message for an errno value (ETLS* included)."""
    return _library().zmq_strerror(errnum).decode("utf-8", "replace")


def _error(errnum):
    return zmq.ZMQError(errnum, strerror(errnum))


def _handle(sock):
    """The socket pointer, checked to belong to the library we call."""
    if not isinstance(sock, zmq.Socket):
        raise TypeError("expected a zmq.Socket, got %r" % (sock,))
    if sock.closed:  # its pointer may be freed: do not pass it on
        raise _error(zmq.ENOTSOCK)
    lib = _library()
    ptr = ctypes.c_void_p(sock.underlying)
    # The same ZMQ_TYPE through our library as through pyzmq: otherwise
    # pyzmq created the socket with another libzmq (no LD_PRELOAD?), and
    # we would be handing its pointer to ours (ENOTSOCK at best).
    val, size = ctypes.c_int(), ctypes.c_size_t(ctypes.sizeof(ctypes.c_int))
    rc = lib.zmq_getsockopt(ptr, _ZMQ_TYPE, ctypes.byref(val),
                            ctypes.byref(size))
    errnum = ctypes.get_errno()
    if rc != 0 and errnum != zmq.ENOTSOCK:
        raise _error(errnum)  # ours, but failing (e.g. ETERM)
    if rc != 0 or val.value != sock.type:
        raise TLSUnavailableError(
            "%s: the socket was not created by the library zmq_tls uses"
            % _HINT)
    return lib, ptr


def _kind(option):
    try:
        return OPTIONS[option][1]
    except (KeyError, TypeError):
        raise ValueError("%r is not a ZMQ_TLS_* option" % (option,)) from None


def set(sock, option, value):
    """zmq_setsockopt of a ZMQ_TLS_* option; value is an int or a string
    (str, bytes or path; an empty string clears the option)."""
    kind = _kind(option)
    if kind == _INT:
        if not isinstance(value, int):
            raise TypeError("option %d takes an int, not %s"
                            % (option, type(value).__name__))
        if not -2**31 <= value < 2**31:
            # c_int would silently wrap it to some other, maybe valid, value
            raise zmq.ZMQError(zmq.EINVAL, "%d does not fit a C int" % value)
        buf = ctypes.c_int(value)
        size = ctypes.sizeof(buf)
    else:
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, str):
            value = value.encode("utf-8", "surrogateescape")
        if not isinstance(value, bytes):
            raise TypeError("option %d takes str or bytes, not %s"
                            % (option, type(value).__name__))
        if b"\0" in value:
            raise ValueError("option %d: value contains a NUL byte" % option)
        # NUL-terminated, as libzmq's string options are usually passed.
        buf = ctypes.create_string_buffer(value, len(value) + 1)
        size = len(value) + 1
    lib, ptr = _handle(sock)
    if lib.zmq_setsockopt(ptr, option, ctypes.byref(buf), size) != 0:
        raise _error(ctypes.get_errno())


def get(sock, option):
    """zmq_getsockopt of a ZMQ_TLS_* option: int, str, or bytes (PEM)."""
    kind = _kind(option)
    lib, ptr = _handle(sock)
    if kind == _INT:
        buf = ctypes.c_int()
        size = ctypes.c_size_t(ctypes.sizeof(buf))
        if lib.zmq_getsockopt(ptr, option, ctypes.byref(buf),
                              ctypes.byref(size)) != 0:
            raise _error(ctypes.get_errno())
        return buf.value
    # A too small buffer is EINVAL (the needed size is not reported):
    # retry with a larger one; a PEM bundle can be a few hundred KiB.
    cap = 256
    while True:
        buf = ctypes.create_string_buffer(cap)
        size = ctypes.c_size_t(cap)
        if lib.zmq_getsockopt(ptr, option, buf, ctypes.byref(size)) == 0:
            break
        errnum = ctypes.get_errno()
        if errnum != zmq.EINVAL or cap >= _MAX_STRING:
            raise _error(errnum)
        cap = min(cap * 4, _MAX_STRING)
    # The returned length counts the terminating NUL.
    value = buf.raw[:size.value]
    if value.endswith(b"\0"):
        value = value[:-1]
    return value if kind == _PEM else value.decode("utf-8", "surrogateescape")


def configure(sock, **options):
    """Set several options by keyword, in the order given, e.g.
    configure(sock, ca_file="ca.crt", verify_peer=1). A value of None
    leaves that option alone. Keywords: the option names without ZMQ_TLS_,
    in lower case (see OPTIONS)."""
    for name in options:
        if name not in _BY_KEYWORD:
            raise TypeError("configure() got an unknown option %r" % name)
    for name, value in options.items():
        if value is not None:
            set(sock, _BY_KEYWORD[name], value)
