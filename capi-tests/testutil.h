/* Tiny shared helpers for the C API tests.
 *
 * Every assertion prints file:line, the failing expression and (for zmq
 * calls) errno + zmq_strerror, then exits the process with status 1.
 * Tests must never hang: every blocking receive is guarded by ZMQ_RCVTIMEO
 * (see test_socket()/set_timeouts()), and CTest adds a TIMEOUT on top.
 */
#ifndef CAPI_TESTUTIL_H
#define CAPI_TESTUTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <zmq.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Default receive/send timeout for sockets made with test_socket(). */
#define TEST_TIMEOUT_MS 5000

static inline void test_fail_ (const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf (stderr, "%s:%d: FAIL: ", file, line);
    va_start (ap, fmt);
    vfprintf (stderr, fmt, ap);
    va_end (ap);
    fputc ('\n', stderr);
    fflush (stdout);
    fflush (stderr);
    _exit (1);
}

#define TEST_FAIL(...) test_fail_ (__FILE__, __LINE__, __VA_ARGS__)

/* Plain condition. */
#define TEST_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond))                                                           \
            TEST_FAIL ("assertion failed: %s", #cond);                         \
    } while (0)

/* Condition with context message. */
#define TEST_ASSERT_MSG(cond, ...)                                             \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf (stderr, "%s:%d: FAIL: assertion failed: %s\n  ",          \
                     __FILE__, __LINE__, #cond);                               \
            TEST_FAIL (__VA_ARGS__);                                           \
        }                                                                      \
    } while (0)

#define TEST_ASSERT_EQ_INT(expected, actual)                                   \
    do {                                                                       \
        long long e_ = (long long) (expected);                                 \
        long long a_ = (long long) (actual);                                   \
        if (e_ != a_)                                                          \
            TEST_FAIL ("%s == %s: expected %lld, got %lld", #expected,         \
                       #actual, e_, a_);                                       \
    } while (0)

#define TEST_ASSERT_EQ_STR(expected, actual)                                   \
    do {                                                                       \
        const char *e_ = (expected);                                           \
        const char *a_ = (actual);                                             \
        if (a_ == NULL || strcmp (e_, a_) != 0)                                \
            TEST_FAIL ("%s == %s: expected \"%s\", got \"%s\"", #expected,     \
                       #actual, e_, a_ ? a_ : "(null)");                       \
    } while (0)

#define TEST_ASSERT_EQ_MEM(expected, actual, len)                              \
    do {                                                                       \
        if (memcmp ((expected), (actual), (len)) != 0)                         \
            TEST_FAIL ("memory differs: %s vs %s (%zu bytes)", #expected,      \
                       #actual, (size_t) (len));                               \
    } while (0)

/* A zmq call returning int that must succeed (!= -1). Evaluates to result. */
#define TEST_ZMQ_OK(expr)                                                      \
    __extension__({                                                            \
        int r_ = (int) (expr);                                                 \
        if (r_ == -1) {                                                        \
            int en_ = zmq_errno ();                                            \
            TEST_FAIL ("%s failed: errno %d (%s)", #expr, en_,                 \
                       zmq_strerror (en_));                                    \
        }                                                                      \
        r_;                                                                    \
    })

/* A zmq call returning a pointer that must be non-NULL. */
#define TEST_ZMQ_PTR(expr)                                                     \
    __extension__({                                                            \
        void *p_ = (void *) (expr);                                            \
        if (p_ == NULL) {                                                      \
            int en_ = zmq_errno ();                                            \
            TEST_FAIL ("%s returned NULL: errno %d (%s)", #expr, en_,          \
                       zmq_strerror (en_));                                    \
        }                                                                      \
        p_;                                                                    \
    })

/* A zmq call returning int that must fail with -1 and errno == err. */
#define TEST_ZMQ_ERR(err, expr)                                                \
    do {                                                                       \
        errno = 0;                                                             \
        int r_ = (int) (expr);                                                 \
        int en_ = zmq_errno ();                                                \
        if (r_ != -1)                                                          \
            TEST_FAIL ("%s: expected -1/%s, got %d", #expr, #err, r_);         \
        if (en_ != (err))                                                      \
            TEST_FAIL ("%s: expected errno %s (%d: %s), got %d (%s)", #expr,   \
                       #err, (int) (err), zmq_strerror (err), en_,             \
                       zmq_strerror (en_));                                    \
    } while (0)

/* A zmq call returning a pointer that must be NULL with errno == err. */
#define TEST_ZMQ_PTR_ERR(err, expr)                                            \
    do {                                                                       \
        errno = 0;                                                             \
        void *p_ = (void *) (expr);                                            \
        int en_ = zmq_errno ();                                                \
        if (p_ != NULL)                                                        \
            TEST_FAIL ("%s: expected NULL/%s, got %p", #expr, #err, p_);       \
        if (en_ != (err))                                                      \
            TEST_FAIL ("%s: expected errno %s (%d: %s), got %d (%s)", #expr,   \
                       #err, (int) (err), zmq_strerror (err), en_,             \
                       zmq_strerror (en_));                                    \
    } while (0)

/* ---- time ---------------------------------------------------------------- */

static inline int64_t now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms (int ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long) (ms % 1000) * 1000000L;
    while (nanosleep (&ts, &ts) == -1 && errno == EINTR) {
    }
}

/* ---- sockets ------------------------------------------------------------- */

static inline void set_int_opt (void *s, int opt, int value)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, &value, sizeof value));
}

static inline int get_int_opt (void *s, int opt)
{
    int value = -12345;
    size_t len = sizeof value;
    TEST_ZMQ_OK (zmq_getsockopt (s, opt, &value, &len));
    TEST_ASSERT_EQ_INT (sizeof value, len);
    return value;
}

static inline void set_timeouts (void *s, int ms)
{
    set_int_opt (s, ZMQ_RCVTIMEO, ms);
    set_int_opt (s, ZMQ_SNDTIMEO, ms);
}

/* New socket with LINGER 0 and RCVTIMEO/SNDTIMEO = TEST_TIMEOUT_MS. */
static inline void *test_socket (void *ctx, int type)
{
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, type));
    set_int_opt (s, ZMQ_LINGER, 0);
    set_timeouts (s, TEST_TIMEOUT_MS);
    return s;
}

static inline void get_last_endpoint (void *s, char *buf, size_t cap)
{
    size_t len = cap;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &len));
    TEST_ASSERT (len >= 1 && len <= cap);
    TEST_ASSERT_EQ_INT (0, buf[len - 1]); /* NUL-terminated, NUL counted */
}

/* Bind to addr (default tcp://127.0.0.1:*) and store the real endpoint. */
static inline void bind_ephemeral_at (void *s, const char *addr, char *ep,
                                      size_t cap)
{
    TEST_ZMQ_OK (zmq_bind (s, addr));
    get_last_endpoint (s, ep, cap);
}

static inline void bind_ephemeral (void *s, char *ep, size_t cap)
{
    bind_ephemeral_at (s, "tcp://127.0.0.1:*", ep, cap);
}

/* Port number of a tcp://host:port endpoint. */
static inline int endpoint_port (const char *ep)
{
    const char *colon = strrchr (ep, ':');
    TEST_ASSERT (colon != NULL);
    return atoi (colon + 1);
}

static inline void send_str (void *s, const char *str, int flags)
{
    int n = TEST_ZMQ_OK (zmq_send (s, str, strlen (str), flags));
    TEST_ASSERT_EQ_INT ((int) strlen (str), n);
}

/* Receive one frame and compare with str (exact length). */
#define RECV_STR(s, str) recv_str_ (__FILE__, __LINE__, (s), (str))
static inline void recv_str_ (const char *file, int line, void *s,
                              const char *str)
{
    char buf[1024];
    int n = zmq_recv (s, buf, sizeof buf, 0);
    if (n == -1) {
        int en = zmq_errno ();
        test_fail_ (file, line, "zmq_recv expecting \"%s\": errno %d (%s)",
                    str, en, zmq_strerror (en));
    }
    if ((size_t) n != strlen (str) || memcmp (buf, str, strlen (str)) != 0) {
        int shown = n < (int) sizeof buf ? n : (int) sizeof buf;
        test_fail_ (file, line, "expected \"%s\", got %d bytes \"%.*s\"", str,
                    n, shown, buf);
    }
}

static inline int rcvmore (void *s)
{
    return get_int_opt (s, ZMQ_RCVMORE);
}

/* Send/receive a multi-frame message given as a NULL-terminated list. */
static inline void send_strs (void *s, const char *const *frames)
{
    for (size_t i = 0; frames[i]; i++)
        send_str (s, frames[i], frames[i + 1] ? ZMQ_SNDMORE : 0);
}

#define RECV_STRS(s, frames) recv_strs_ (__FILE__, __LINE__, (s), (frames))
static inline void recv_strs_ (const char *file, int line, void *s,
                               const char *const *frames)
{
    for (size_t i = 0; frames[i]; i++) {
        recv_str_ (file, line, s, frames[i]);
        int more = rcvmore (s);
        if (more != (frames[i + 1] != NULL))
            test_fail_ (file, line, "frame %zu \"%s\": RCVMORE=%d unexpected",
                        i, frames[i], more);
    }
}

/* Wait (bounded) until the connect/handshake settles. */
static inline void settle (void)
{
    sleep_ms (100);
}

/* Bounce one message a->b and b->a so both pipes are known to be up. */
static inline void bounce (void *a, void *b)
{
    send_str (a, "ping", 0);
    RECV_STR (b, "ping");
    send_str (b, "pong", 0);
    RECV_STR (a, "pong");
}

/* For PAIR and PUSH->PULL (where extra messages are harmless): send probe
 * messages until one arrives, then drain the rest. Used after a reconnect,
 * where messages written into a connection that the peer is tearing down
 * are legitimately lost over TCP. Fails after timeout_ms. */
static inline void wait_link (void *sender, void *receiver, int timeout_ms)
{
    int saved = get_int_opt (receiver, ZMQ_RCVTIMEO);
    set_int_opt (receiver, ZMQ_RCVTIMEO, 50);
    int64_t deadline = now_ms () + timeout_ms;
    char buf[16];
    int got = 0;
    while (!got && now_ms () < deadline) {
        int rc = zmq_send (sender, "__probe__", 9, ZMQ_DONTWAIT);
        if (rc == -1)
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "probe send: %s",
                             zmq_strerror (zmq_errno ()));
        if (zmq_recv (receiver, buf, sizeof buf, 0) == 9)
            got = 1;
    }
    TEST_ASSERT_MSG (got, "no link after %d ms", timeout_ms);
    set_int_opt (receiver, ZMQ_RCVTIMEO, 300);
    while (zmq_recv (receiver, buf, sizeof buf, 0) == 9) {
    }
    TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    set_int_opt (receiver, ZMQ_RCVTIMEO, saved);
}

#endif
