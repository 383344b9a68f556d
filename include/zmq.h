/*
 * zmq.h -- C API of zmq-rs-compat, a drop-in replacement for libzmq 4.3.5
 * (libzmq.so.5), with an additional tls:// transport.
 *
 * GENERATED FILE, DO NOT EDIT. Produced by `cargo run -p gen-header` from
 * src/constants.rs, the src/ffi modules and cbindgen.toml.
 */

#ifndef __ZMQ_H_INCLUDED__
#define __ZMQ_H_INCLUDED__

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Compile-time version. ZMQ_VERSION_MAJOR/MINOR/PATCH are defined below. */
#define ZMQ_MAKE_VERSION(major, minor, patch)                                  \
    ((major) *10000 + (minor) *100 + (patch))
#define ZMQ_VERSION                                                            \
    ZMQ_MAKE_VERSION (ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH)

/* Symbol visibility of the API functions. */
#if defined ZMQ_NO_EXPORT
#define ZMQ_EXPORT
#elif defined _WIN32
#if defined ZMQ_STATIC
#define ZMQ_EXPORT
#elif defined DLL_EXPORT
#define ZMQ_EXPORT __declspec(dllexport)
#else
#define ZMQ_EXPORT __declspec(dllimport)
#endif
#elif (defined __GNUC__ && __GNUC__ >= 4) || defined __INTEL_COMPILER
#define ZMQ_EXPORT __attribute__ ((visibility ("default")))
#else
#define ZMQ_EXPORT
#endif

/* Pointer-size alignment of zmq_msg_t (undefined again at the end). */
#if defined __GNUC__ || defined __INTEL_COMPILER || defined __clang__
#define ZMQ_ALIGNED_(n) __attribute__ ((aligned (n)))
#else
#define ZMQ_ALIGNED_(n)
#endif

/* <stdint.h> has been included. */
#define ZMQ_DEFINED_STDINT 1

/* POSIX error numbers that some platforms lack; on those, libzmq's own
   values are used. On Linux all of them come from <errno.h>. */
#ifndef ENOTSUP
#define ENOTSUP (ZMQ_HAUSNUMERO + 1)
#endif
#ifndef EPROTONOSUPPORT
#define EPROTONOSUPPORT (ZMQ_HAUSNUMERO + 2)
#endif
#ifndef ENOBUFS
#define ENOBUFS (ZMQ_HAUSNUMERO + 3)
#endif
#ifndef ENETDOWN
#define ENETDOWN (ZMQ_HAUSNUMERO + 4)
#endif
#ifndef EADDRINUSE
#define EADDRINUSE (ZMQ_HAUSNUMERO + 5)
#endif
#ifndef EADDRNOTAVAIL
#define EADDRNOTAVAIL (ZMQ_HAUSNUMERO + 6)
#endif
#ifndef ECONNREFUSED
#define ECONNREFUSED (ZMQ_HAUSNUMERO + 7)
#endif
#ifndef EINPROGRESS
#define EINPROGRESS (ZMQ_HAUSNUMERO + 8)
#endif
#ifndef ENOTSOCK
#define ENOTSOCK (ZMQ_HAUSNUMERO + 9)
#endif
#ifndef EMSGSIZE
#define EMSGSIZE (ZMQ_HAUSNUMERO + 10)
#endif
#ifndef EAFNOSUPPORT
#define EAFNOSUPPORT (ZMQ_HAUSNUMERO + 11)
#endif
#ifndef ENETUNREACH
#define ENETUNREACH (ZMQ_HAUSNUMERO + 12)
#endif
#ifndef ECONNABORTED
#define ECONNABORTED (ZMQ_HAUSNUMERO + 13)
#endif
#ifndef ECONNRESET
#define ECONNRESET (ZMQ_HAUSNUMERO + 14)
#endif
#ifndef ENOTCONN
#define ENOTCONN (ZMQ_HAUSNUMERO + 15)
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT (ZMQ_HAUSNUMERO + 16)
#endif
#ifndef EHOSTUNREACH
#define EHOSTUNREACH (ZMQ_HAUSNUMERO + 17)
#endif
#ifndef ENETRESET
#define ENETRESET (ZMQ_HAUSNUMERO + 18)
#endif

/* Callback types. These are function types (not pointer types), as in
   libzmq: parameters are declared as `zmq_free_fn *ffn` etc. */
typedef void(zmq_free_fn) (void *data_, void *hint_);
typedef void(zmq_timer_fn) (int timer_id, void *arg);
typedef void(zmq_thread_fn) (void *);

/* The zmq_timers_* API is available. */
#define ZMQ_HAVE_TIMERS

/* Used by zmq_sendiov / zmq_recviov. */
struct iovec;

/* Version */
#define ZMQ_VERSION_MAJOR 4
#define ZMQ_VERSION_MINOR 3
#define ZMQ_VERSION_PATCH 5

/* Errors: base for libzmq's own error numbers */
#define ZMQ_HAUSNUMERO 156384712

/* Errors: native libzmq error codes */
#define EFSM (ZMQ_HAUSNUMERO + 51)
#define ENOCOMPATPROTO (ZMQ_HAUSNUMERO + 52)
#define ETERM (ZMQ_HAUSNUMERO + 53)
#define EMTHREAD (ZMQ_HAUSNUMERO + 54)

/* Errors: TLS transport (this library's extension) */
#define ETLSCA (ZMQ_HAUSNUMERO + 55)
#define ETLSCERT (ZMQ_HAUSNUMERO + 56)
#define ETLSKEY (ZMQ_HAUSNUMERO + 57)
#define ETLSKEYINVALID (ZMQ_HAUSNUMERO + 58)
#define ETLSPASS (ZMQ_HAUSNUMERO + 59)
#define ETLSCTX (ZMQ_HAUSNUMERO + 60)
#define ETLSCIPHER (ZMQ_HAUSNUMERO + 61)
#define ETLS (ZMQ_HAUSNUMERO + 62)
#define ETLSVERIFY (ZMQ_HAUSNUMERO + 63)
#define ETLSCNAME (ZMQ_HAUSNUMERO + 64)

/* Context options */
#define ZMQ_IO_THREADS 1
#define ZMQ_MAX_SOCKETS 2
#define ZMQ_SOCKET_LIMIT 3
#define ZMQ_THREAD_PRIORITY 3
#define ZMQ_THREAD_SCHED_POLICY 4
#define ZMQ_MAX_MSGSZ 5
#define ZMQ_MSG_T_SIZE 6
#define ZMQ_THREAD_AFFINITY_CPU_ADD 7
#define ZMQ_THREAD_AFFINITY_CPU_REMOVE 8
#define ZMQ_THREAD_NAME_PREFIX 9

/* Context option defaults */
#define ZMQ_IO_THREADS_DFLT 1
#define ZMQ_MAX_SOCKETS_DFLT 1023
#define ZMQ_THREAD_PRIORITY_DFLT -1
#define ZMQ_THREAD_SCHED_POLICY_DFLT -1

/* Socket types */
#define ZMQ_PAIR 0
#define ZMQ_PUB 1
#define ZMQ_SUB 2
#define ZMQ_REQ 3
#define ZMQ_REP 4
#define ZMQ_DEALER 5
#define ZMQ_ROUTER 6
#define ZMQ_PULL 7
#define ZMQ_PUSH 8
#define ZMQ_XPUB 9
#define ZMQ_XSUB 10
#define ZMQ_STREAM 11

/* Socket types: deprecated aliases */
#define ZMQ_XREQ ZMQ_DEALER
#define ZMQ_XREP ZMQ_ROUTER

/* Socket options */
#define ZMQ_AFFINITY 4
#define ZMQ_ROUTING_ID 5
#define ZMQ_SUBSCRIBE 6
#define ZMQ_UNSUBSCRIBE 7
#define ZMQ_RATE 8
#define ZMQ_RECOVERY_IVL 9
#define ZMQ_SNDBUF 11
#define ZMQ_RCVBUF 12
#define ZMQ_RCVMORE 13
#define ZMQ_FD 14
#define ZMQ_EVENTS 15
#define ZMQ_TYPE 16
#define ZMQ_LINGER 17
#define ZMQ_RECONNECT_IVL 18
#define ZMQ_BACKLOG 19
#define ZMQ_RECONNECT_IVL_MAX 21
#define ZMQ_MAXMSGSIZE 22
#define ZMQ_SNDHWM 23
#define ZMQ_RCVHWM 24
#define ZMQ_MULTICAST_HOPS 25
#define ZMQ_RCVTIMEO 27
#define ZMQ_SNDTIMEO 28
#define ZMQ_LAST_ENDPOINT 32
#define ZMQ_ROUTER_MANDATORY 33
#define ZMQ_TCP_KEEPALIVE 34
#define ZMQ_TCP_KEEPALIVE_CNT 35
#define ZMQ_TCP_KEEPALIVE_IDLE 36
#define ZMQ_TCP_KEEPALIVE_INTVL 37
#define ZMQ_IMMEDIATE 39
#define ZMQ_XPUB_VERBOSE 40
#define ZMQ_ROUTER_RAW 41
#define ZMQ_IPV6 42
#define ZMQ_MECHANISM 43
#define ZMQ_PLAIN_SERVER 44
#define ZMQ_PLAIN_USERNAME 45
#define ZMQ_PLAIN_PASSWORD 46
#define ZMQ_CURVE_SERVER 47
#define ZMQ_CURVE_PUBLICKEY 48
#define ZMQ_CURVE_SECRETKEY 49
#define ZMQ_CURVE_SERVERKEY 50
#define ZMQ_PROBE_ROUTER 51
#define ZMQ_REQ_CORRELATE 52
#define ZMQ_REQ_RELAXED 53
#define ZMQ_CONFLATE 54
#define ZMQ_ZAP_DOMAIN 55
#define ZMQ_ROUTER_HANDOVER 56
#define ZMQ_TOS 57
#define ZMQ_CONNECT_ROUTING_ID 61
#define ZMQ_GSSAPI_SERVER 62
#define ZMQ_GSSAPI_PRINCIPAL 63
#define ZMQ_GSSAPI_SERVICE_PRINCIPAL 64
#define ZMQ_GSSAPI_PLAINTEXT 65
#define ZMQ_HANDSHAKE_IVL 66
#define ZMQ_SOCKS_PROXY 68
#define ZMQ_XPUB_NODROP 69
#define ZMQ_BLOCKY 70
#define ZMQ_XPUB_MANUAL 71
#define ZMQ_XPUB_WELCOME_MSG 72
#define ZMQ_STREAM_NOTIFY 73
#define ZMQ_INVERT_MATCHING 74
#define ZMQ_HEARTBEAT_IVL 75
#define ZMQ_HEARTBEAT_TTL 76
#define ZMQ_HEARTBEAT_TIMEOUT 77
#define ZMQ_XPUB_VERBOSER 78
#define ZMQ_CONNECT_TIMEOUT 79
#define ZMQ_TCP_MAXRT 80
#define ZMQ_THREAD_SAFE 81
#define ZMQ_MULTICAST_MAXTPDU 84
#define ZMQ_VMCI_BUFFER_SIZE 85
#define ZMQ_VMCI_BUFFER_MIN_SIZE 86
#define ZMQ_VMCI_BUFFER_MAX_SIZE 87
#define ZMQ_VMCI_CONNECT_TIMEOUT 88
#define ZMQ_USE_FD 89
#define ZMQ_GSSAPI_PRINCIPAL_NAMETYPE 90
#define ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE 91
#define ZMQ_BINDTODEVICE 92

/* Socket options: TLS transport (this library's extension) */
#define ZMQ_TLS_CA_DIR 2001
#define ZMQ_TLS_CA_FILE 2002
#define ZMQ_TLS_CERT_FILE 2003
#define ZMQ_TLS_KEY_FILE 2004
#define ZMQ_TLS_CERT_PASSWORD 2005
#define ZMQ_TLS_CERT_PASSWD ZMQ_TLS_CERT_PASSWORD
#define ZMQ_TLS_VERIFY_PEER 2006
#define ZMQ_TLS_CERT_COMMON_NAME 2007
#define ZMQ_TLS_VERIFY_HOSTNAME 2008
#define ZMQ_TLS_CA_PEM 2009
#define ZMQ_TLS_CERT_PEM 2010
#define ZMQ_TLS_KEY_PEM 2011
#define ZMQ_TLS_MIN_VERSION 2012
#define ZMQ_TLS_CIPHERS 2013
#define ZMQ_TLS_CIPHERSUITES 2014
#define ZMQ_TLS_CRL_FILE 2015
#define ZMQ_TLS_SESSION_RESUMPTION 2016
#define ZMQ_TLS_RELOAD 2017

/* Values of ZMQ_TLS_MIN_VERSION: the protocol versions as on the wire */
#define ZMQ_TLS_VERSION_1_2 771
#define ZMQ_TLS_VERSION_1_3 772

/* Message properties */
#define ZMQ_MORE 1
#define ZMQ_SHARED 3

/* Send/recv flags */
#define ZMQ_DONTWAIT 1
#define ZMQ_SNDMORE 2

/* Security mechanisms */
#define ZMQ_NULL 0
#define ZMQ_PLAIN 1
#define ZMQ_CURVE 2
#define ZMQ_GSSAPI 3

/* RADIO/DISH group name limit */
#define ZMQ_GROUP_MAX_LENGTH 255

/* Deprecated options and aliases */
#define ZMQ_IDENTITY ZMQ_ROUTING_ID
#define ZMQ_CONNECT_RID ZMQ_CONNECT_ROUTING_ID
#define ZMQ_TCP_ACCEPT_FILTER 38
#define ZMQ_IPC_FILTER_PID 58
#define ZMQ_IPC_FILTER_UID 59
#define ZMQ_IPC_FILTER_GID 60
#define ZMQ_IPV4ONLY 31
#define ZMQ_DELAY_ATTACH_ON_CONNECT ZMQ_IMMEDIATE
#define ZMQ_NOBLOCK ZMQ_DONTWAIT
#define ZMQ_FAIL_UNROUTABLE ZMQ_ROUTER_MANDATORY
#define ZMQ_ROUTER_BEHAVIOR ZMQ_ROUTER_MANDATORY

/* Deprecated message property */
#define ZMQ_SRCFD 2

/* GSSAPI principal name types */
#define ZMQ_GSSAPI_NT_HOSTBASED 0
#define ZMQ_GSSAPI_NT_USER_NAME 1
#define ZMQ_GSSAPI_NT_KRB5_PRINCIPAL 2

/* Socket monitor events */
#define ZMQ_EVENT_CONNECTED 1
#define ZMQ_EVENT_CONNECT_DELAYED 2
#define ZMQ_EVENT_CONNECT_RETRIED 4
#define ZMQ_EVENT_LISTENING 8
#define ZMQ_EVENT_BIND_FAILED 16
#define ZMQ_EVENT_ACCEPTED 32
#define ZMQ_EVENT_ACCEPT_FAILED 64
#define ZMQ_EVENT_CLOSED 128
#define ZMQ_EVENT_CLOSE_FAILED 256
#define ZMQ_EVENT_DISCONNECTED 512
#define ZMQ_EVENT_MONITOR_STOPPED 1024
#define ZMQ_EVENT_ALL 65535
#define ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL 2048
#define ZMQ_EVENT_HANDSHAKE_SUCCEEDED 4096
#define ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL 8192
#define ZMQ_EVENT_HANDSHAKE_FAILED_AUTH 16384

/**
 * tls:// credentials re-read (this library's extension; the one bit of
 */
#define ZMQ_EVENT_TLS_RELOAD 32768

/* Protocol error values (event value of ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) */
#define ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED 268435456
#define ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND 268435457
#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE 268435458
#define ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE 268435459
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED 268435473
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE 268435474
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO 268435475
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE 268435476
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR 268435477
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY 268435478
#define ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME 268435479
#define ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA 268435480
#define ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC 285212673
#define ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH 285212674
#define ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED 536870912
#define ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY 536870913
#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID 536870914
#define ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION 536870915
#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE 536870916
#define ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA 536870917
#define ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED 805306368

/* zmq_poll event flags (zmq_pollitem_t.events / .revents are C `short`) */
#define ZMQ_POLLIN 1
#define ZMQ_POLLOUT 2
#define ZMQ_POLLERR 4
#define ZMQ_POLLPRI 8
#define ZMQ_POLLITEMS_DFLT 16

/* Capability probing (zmq_has) */
#define ZMQ_HAS_CAPABILITIES 1

/* zmq_device types (deprecated) */
#define ZMQ_STREAMER 1
#define ZMQ_FORWARDER 2
#define ZMQ_QUEUE 3

/**
 * A message, as seen by C: 64 opaque bytes, aligned like a pointer.
 */
typedef struct ZMQ_ALIGNED_(8) zmq_msg_t {
    unsigned char _[64];
} zmq_msg_t;

/**
 * Socket file descriptor type used by `zmq_pollitem_t` (an `int` on POSIX).
 */
typedef int zmq_fd_t;

/**
 * One entry of the `zmq_poll` item array.
 */
typedef struct zmq_pollitem_t {
    void *socket;
    zmq_fd_t fd;
    short events;
    short revents;
} zmq_pollitem_t;

#ifdef __cplusplus
extern "C" {
#endif /* __cplusplus */

/**
 * Create a new 0MQ context.
 */
ZMQ_EXPORT void *zmq_ctx_new(void);

/**
 * Terminate a context: blocks until all its sockets are closed.
 */
ZMQ_EXPORT int zmq_ctx_term(void *context);

/**
 * Make blocked and future calls on the context's sockets fail with ETERM.
 */
ZMQ_EXPORT int zmq_ctx_shutdown(void *context);

/**
 * Set a context option.
 */
ZMQ_EXPORT int zmq_ctx_set(void *context, int option, int optval);

/**
 * Get a context option.
 */
ZMQ_EXPORT int zmq_ctx_get(void *context, int option);

/**
 * Deprecated: create a context with the given number of I/O threads.
 */
ZMQ_EXPORT void *zmq_init(int io_threads);

/**
 * Deprecated alias of zmq_ctx_term.
 */
ZMQ_EXPORT int zmq_term(void *context);

/**
 * Deprecated alias of zmq_ctx_term.
 */
ZMQ_EXPORT int zmq_ctx_destroy(void *context);

/**
 * Monitor a socket's events through an inproc PAIR endpoint (NULL stops).
 */
ZMQ_EXPORT int zmq_socket_monitor(void *s, const char *addr, int events);

/**
 * Built-in proxy: runs until the context is terminated (-1, ETERM) or a
 */
ZMQ_EXPORT int zmq_proxy(void *frontend, void *backend, void *capture);

/**
 * Built-in proxy steered through `control`: PAUSE, RESUME, TERMINATE
 */
ZMQ_EXPORT
int zmq_proxy_steerable(void *frontend,
                        void *backend,
                        void *capture,
                        void *control);

/**
 * Deprecated device API: zmq_proxy without capture (the type is ignored,
 */
ZMQ_EXPORT int zmq_device(int _type, void *frontend, void *backend);

/**
 * Initialise an empty message.
 */
ZMQ_EXPORT int zmq_msg_init(struct zmq_msg_t *msg);

/**
 * Initialise a message of the given size.
 */
ZMQ_EXPORT int zmq_msg_init_size(struct zmq_msg_t *msg, size_t size);

/**
 * Initialise a message from caller-owned data, freed with ffn(data, hint).
 */
ZMQ_EXPORT
int zmq_msg_init_data(struct zmq_msg_t *msg,
                      void *data,
                      size_t size,
                      zmq_free_fn *ffn,
                      void *hint);

/**
 * Send a message part; on success the message is emptied.
 */
ZMQ_EXPORT int zmq_msg_send(struct zmq_msg_t *msg, void *s, int flags);

/**
 * Receive a message part into msg (its previous content is released).
 */
ZMQ_EXPORT int zmq_msg_recv(struct zmq_msg_t *msg, void *s, int flags);

/**
 * Release a message.
 */
ZMQ_EXPORT int zmq_msg_close(struct zmq_msg_t *msg);

/**
 * Move src's content to dest; src becomes empty.
 */
ZMQ_EXPORT int zmq_msg_move(struct zmq_msg_t *dest, struct zmq_msg_t *src);

/**
 * Make dest share src's content.
 */
ZMQ_EXPORT int zmq_msg_copy(struct zmq_msg_t *dest, struct zmq_msg_t *src);

/**
 * Pointer to the message content.
 */
ZMQ_EXPORT void *zmq_msg_data(struct zmq_msg_t *msg);

/**
 * Size of the message content in bytes.
 */
ZMQ_EXPORT size_t zmq_msg_size(const struct zmq_msg_t *msg);

/**
 * Whether more parts follow.
 */
ZMQ_EXPORT int zmq_msg_more(const struct zmq_msg_t *msg);

/**
 * Get a message property (ZMQ_MORE, ZMQ_SHARED, ZMQ_SRCFD).
 */
ZMQ_EXPORT int zmq_msg_get(const struct zmq_msg_t *msg, int property);

/**
 * Set a message property: none are settable, EINVAL (as in libzmq 4.3).
 */
ZMQ_EXPORT int zmq_msg_set(struct zmq_msg_t *msg, int property, int optval);

/**
 * Get a metadata property of a received message ("Socket-Type", ...).
 */
ZMQ_EXPORT
const char *zmq_msg_gets(const struct zmq_msg_t *msg,
                         const char *property);

/**
 * Deprecated: zmq_msg_send with the arguments in the old order.
 */
ZMQ_EXPORT int zmq_sendmsg(void *s, struct zmq_msg_t *msg, int flags);

/**
 * Deprecated: zmq_msg_recv with the arguments in the old order.
 */
ZMQ_EXPORT int zmq_recvmsg(void *s, struct zmq_msg_t *msg, int flags);

/**
 * Wait for events on sockets and file descriptors.
 */
ZMQ_EXPORT int zmq_poll(struct zmq_pollitem_t *items, int nitems, long timeout);

/**
 * Create a socket of the given type in a context.
 */
ZMQ_EXPORT void *zmq_socket(void *context, int type_);

/**
 * Close a socket; pending messages linger per ZMQ_LINGER.
 */
ZMQ_EXPORT int zmq_close(void *s);

/**
 * Set a socket option.
 */
ZMQ_EXPORT
int zmq_setsockopt(void *s,
                   int option,
                   const void *optval,
                   size_t optvallen);

/**
 * Get a socket option.
 */
ZMQ_EXPORT
int zmq_getsockopt(void *s,
                   int option,
                   void *optval,
                   size_t *optvallen);

/**
 * Accept connections on an endpoint.
 */
ZMQ_EXPORT int zmq_bind(void *s, const char *addr);

/**
 * Connect to an endpoint.
 */
ZMQ_EXPORT int zmq_connect(void *s, const char *addr);

/**
 * Stop accepting connections on an endpoint.
 */
ZMQ_EXPORT int zmq_unbind(void *s, const char *addr);

/**
 * Disconnect from an endpoint.
 */
ZMQ_EXPORT int zmq_disconnect(void *s, const char *addr);

/**
 * Send a message part copied from a buffer.
 */
ZMQ_EXPORT int zmq_send(void *s, const void *buf, size_t len, int flags);

/**
 * Send a message part from a buffer that is never freed or changed.
 */
ZMQ_EXPORT int zmq_send_const(void *s, const void *buf, size_t len, int flags);

/**
 * Receive a message part into a buffer; returns the full part size
 */
ZMQ_EXPORT int zmq_recv(void *s, void *buf, size_t len, int flags);

/**
 * Send a multipart message from an array of buffers.
 */
ZMQ_EXPORT int zmq_sendiov(void *s, struct iovec *iov, size_t count, int flags);

/**
 * Receive up to *count parts into malloc'd buffers the caller frees.
 */
ZMQ_EXPORT
int zmq_recviov(void *s,
                struct iovec *iov,
                size_t *count,
                int flags);

/**
 * The calling thread's errno.
 */
ZMQ_EXPORT int zmq_errno(void);

/**
 * A message for an errno value, including libzmq's and the TLS ones.
 */
ZMQ_EXPORT const char *zmq_strerror(int errnum);

/**
 * The library version (4.3.5).
 */
ZMQ_EXPORT void zmq_version(int *major, int *minor, int *patch);

/**
 * Whether a capability (transport or mechanism) is available.
 */
ZMQ_EXPORT int zmq_has(const char *capability);

/**
 * Encode binary data (size a multiple of 4) as Z85 into dest.
 */
ZMQ_EXPORT char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size);

/**
 * Decode a Z85 string (length a non-zero multiple of 5) into dest.
 */
ZMQ_EXPORT uint8_t *zmq_z85_decode(uint8_t *dest, const char *string);

/**
 * A new CURVE key pair (X25519), each key as 40 Z85 characters plus NUL
 */
ZMQ_EXPORT int zmq_curve_keypair(char *z85_public_key, char *z85_secret_key);

/**
 * The public key (40 Z85 characters plus NUL) of a Z85 secret key.
 */
ZMQ_EXPORT
int zmq_curve_public(char *z85_public_key,
                     const char *z85_secret_key);

/**
 * A new thread-safe counter, starting at 0.
 */
ZMQ_EXPORT void *zmq_atomic_counter_new(void);

/**
 * Set the counter's value.
 */
ZMQ_EXPORT void zmq_atomic_counter_set(void *counter_, int value);

/**
 * Increment; returns the value before.
 */
ZMQ_EXPORT int zmq_atomic_counter_inc(void *counter_);

/**
 * Decrement; returns 1 if the counter is still above 0, else 0.
 */
ZMQ_EXPORT int zmq_atomic_counter_dec(void *counter_);

/**
 * The counter's value.
 */
ZMQ_EXPORT int zmq_atomic_counter_value(void *counter_);

/**
 * Free a counter and NULL the caller's pointer.
 */
ZMQ_EXPORT void zmq_atomic_counter_destroy(void **counter_p);

/**
 * Start a stopwatch.
 */
ZMQ_EXPORT void *zmq_stopwatch_start(void);

/**
 * Microseconds since the stopwatch started.
 */
ZMQ_EXPORT unsigned long zmq_stopwatch_intermediate(void *watch);

/**
 * Microseconds since the stopwatch started; frees it.
 */
ZMQ_EXPORT unsigned long zmq_stopwatch_stop(void *watch);

/**
 * Sleep for whole seconds.
 */
ZMQ_EXPORT void zmq_sleep(int seconds);

/**
 * Start a thread running func(arg).
 */
ZMQ_EXPORT void *zmq_threadstart(zmq_thread_fn *func, void *arg);

/**
 * Wait for a thread started by zmq_threadstart and free it.
 */
ZMQ_EXPORT void zmq_threadclose(void *thread);

/**
 * Create a timer set.
 */
ZMQ_EXPORT void *zmq_timers_new(void);

/**
 * Destroy a timer set and NULL the caller's pointer.
 */
ZMQ_EXPORT int zmq_timers_destroy(void **timers_p);

/**
 * Add a timer; returns its id.
 */
ZMQ_EXPORT
int zmq_timers_add(void *timers_,
                   size_t interval,
                   zmq_timer_fn *handler,
                   void *arg);

/**
 * Cancel a timer.
 */
ZMQ_EXPORT int zmq_timers_cancel(void *timers_, int timer_id);

/**
 * Change a timer's interval (restarting it).
 */
ZMQ_EXPORT
int zmq_timers_set_interval(void *timers_,
                            int timer_id,
                            size_t interval);

/**
 * Restart a timer.
 */
ZMQ_EXPORT int zmq_timers_reset(void *timers_, int timer_id);

/**
 * Milliseconds until the next timer is due, or -1 if none.
 */
ZMQ_EXPORT long zmq_timers_timeout(void *timers_);

/**
 * Run the handlers of due timers.
 */
ZMQ_EXPORT int zmq_timers_execute(void *timers_);

#ifdef __cplusplus
} /* extern "C" */
#endif /* __cplusplus */

/* Draft API: libzmq 4.3 defines these only for ZMQ_BUILD_DRAFT_API. */
#ifdef ZMQ_BUILD_DRAFT_API
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#define ZMQ_LOOPBACK_FASTPATH 94
#define ZMQ_MULTICAST_LOOP 96
#endif

#undef ZMQ_ALIGNED_
#undef ZMQ_EXPORT

#endif /* __ZMQ_H_INCLUDED__ */
