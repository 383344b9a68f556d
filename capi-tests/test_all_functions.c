/* Every remaining function of the stable zmq.h is callable and does not
 * crash. Functions whose behaviour belongs to a later issue may return
 * -1/NULL with errno ENOTSUP; when they succeed (as real libzmq does) their
 * results are checked: zmq_socket_monitor, zmq_z85_encode/decode (spec test vector),
 * zmq_curve_keypair/zmq_curve_public, zmq_has, zmq_atomic_counter_*,
 * zmq_stopwatch_*, zmq_sleep, zmq_threadstart/zmq_threadclose,
 * zmq_timers_*, zmq_sendiov/zmq_recviov. The proxies must give EFAULT
 * for NULL sockets and ETERM once the context is shut down (test_proxy
 * has their behaviour). */
#include "testutil.h"
#include <sys/uio.h>

/* 1 if the int call succeeded, 0 if it failed with ENOTSUP. */
#define OK_OR_ENOTSUP(expr)                                                    \
    __extension__({                                                            \
        errno = 0;                                                             \
        int r_ = (int) (expr);                                                 \
        int en_ = zmq_errno ();                                                \
        if (r_ == -1 && en_ != ENOTSUP)                                        \
            TEST_FAIL ("%s: errno %d (%s), expected success or ENOTSUP",       \
                       #expr, en_, zmq_strerror (en_));                        \
        r_ != -1;                                                              \
    })

/* 1 if the pointer call succeeded, 0 if NULL with ENOTSUP. */
#define PTR_OR_ENOTSUP(var, expr)                                              \
    __extension__({                                                            \
        errno = 0;                                                             \
        var = (expr);                                                          \
        int en_ = zmq_errno ();                                                \
        if (var == NULL && en_ != ENOTSUP)                                     \
            TEST_FAIL ("%s: NULL with errno %d (%s)", #expr, en_,              \
                       zmq_strerror (en_));                                    \
        var != NULL;                                                           \
    })

/* -1 with one of two errnos. */
#define ERR_EITHER(e1, e2, expr)                                               \
    do {                                                                       \
        errno = 0;                                                             \
        int r_ = (int) (expr);                                                 \
        int en_ = zmq_errno ();                                                \
        TEST_ASSERT_MSG (r_ == -1 && (en_ == (e1) || en_ == (e2)),             \
                         "%s: rc %d errno %d (%s)", #expr, r_, en_,            \
                         zmq_strerror (en_));                                  \
    } while (0)

static int thread_ran;
static void thread_fn (void *arg)
{
    sleep_ms (50);
    __atomic_store_n (&thread_ran, *(int *) arg, __ATOMIC_SEQ_CST);
}

static int timer_hits;
static void timer_fn (int timer_id, void *arg)
{
    (void) timer_id;
    (void) arg;
    timer_hits++;
}

int main (void)
{
    /* ---- proxies ---- */
    TEST_ZMQ_ERR (EFAULT, zmq_proxy (NULL, NULL, NULL));
    TEST_ZMQ_ERR (EFAULT, zmq_proxy_steerable (NULL, NULL, NULL, NULL));
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *front = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_ROUTER));
    void *back = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_DEALER));
    TEST_ZMQ_OK (zmq_ctx_shutdown (ctx));
    TEST_ZMQ_ERR (ETERM, zmq_proxy (front, back, NULL));
    TEST_ZMQ_ERR (ETERM, zmq_proxy_steerable (front, back, NULL, NULL));
    TEST_ZMQ_ERR (ETERM, zmq_device (ZMQ_QUEUE, front, back));
    TEST_ZMQ_OK (zmq_close (front));
    TEST_ZMQ_OK (zmq_close (back));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* ---- monitor ---- */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *s = test_socket (ctx, ZMQ_PAIR);
    if (OK_OR_ENOTSUP (zmq_socket_monitor (s, "inproc://monitor-all",
                                           ZMQ_EVENT_ALL))) {
        /* A listener must exist before stopping (libzmq blocks otherwise). */
        void *mon = test_socket (ctx, ZMQ_PAIR);
        TEST_ZMQ_OK (zmq_connect (mon, "inproc://monitor-all"));
        TEST_ZMQ_OK (zmq_socket_monitor (s, NULL, 0));
        zmq_msg_t m;
        TEST_ZMQ_OK (zmq_msg_init (&m));
        TEST_ASSERT_EQ_INT (6, zmq_msg_recv (&m, mon, 0));
        uint16_t ev;
        memcpy (&ev, zmq_msg_data (&m), 2);
        TEST_ASSERT_EQ_INT (ZMQ_EVENT_MONITOR_STOPPED, ev);
        TEST_ASSERT_EQ_INT (1, zmq_msg_more (&m));
        TEST_ZMQ_OK (zmq_msg_recv (&m, mon, 0)); /* endpoint frame */
        TEST_ZMQ_OK (zmq_msg_close (&m));
        TEST_ZMQ_OK (zmq_close (mon));
        /* Monitors need inproc. */
        TEST_ZMQ_ERR (EPROTONOSUPPORT,
                      zmq_socket_monitor (s, "tcp://127.0.0.1:5555",
                                          ZMQ_EVENT_ALL));
    }
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* ---- Z85 (test vector from the Z85 spec, rfc 32) ---- */
    const uint8_t hello[8] = {0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B};
    char text[64];
    char *enc;
    if (PTR_OR_ENOTSUP (enc, zmq_z85_encode (text, hello, 8))) {
        TEST_ASSERT (enc == text);
        TEST_ASSERT_EQ_STR ("HelloWorld", text);
        errno = 0;
        TEST_ASSERT (zmq_z85_encode (text, hello, 7) == NULL);
        TEST_ASSERT_EQ_INT (EINVAL, errno);
    }
    uint8_t bin[16];
    uint8_t *dec;
    if (PTR_OR_ENOTSUP (dec, zmq_z85_decode (bin, "HelloWorld"))) {
        TEST_ASSERT (dec == bin);
        TEST_ASSERT_EQ_MEM (hello, bin, 8);
        errno = 0;
        TEST_ASSERT (zmq_z85_decode (bin, "Hell~World") == NULL);
        TEST_ASSERT_EQ_INT (EINVAL, errno);
        errno = 0;
        TEST_ASSERT (zmq_z85_decode (bin, "HelloWorl") == NULL); /* 9 chars */
        TEST_ASSERT_EQ_INT (EINVAL, errno);
    }

    /* ---- CURVE keys ---- */
    char pub[41], sec[41], pub2[41];
    if (OK_OR_ENOTSUP (zmq_curve_keypair (pub, sec))) {
        TEST_ASSERT_EQ_INT (40, strlen (pub));
        TEST_ASSERT_EQ_INT (40, strlen (sec));
        TEST_ZMQ_OK (zmq_curve_public (pub2, sec));
        TEST_ASSERT_EQ_STR (pub, pub2);
    } else {
        OK_OR_ENOTSUP (zmq_curve_public (pub2, "0000000000000000000000000000000000000000"));
    }

    /* ---- zmq_has ---- */
    const char *caps[] = {"ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        int h = zmq_has (caps[i]);
        TEST_ASSERT_MSG (h == 0 || h == 1, "zmq_has(%s) = %d", caps[i], h);
    }
    TEST_ASSERT_EQ_INT (0, zmq_has ("nonsense"));
    TEST_ASSERT_EQ_INT (0, zmq_has (""));

    /* ---- atomic counters ---- */
    void *counter;
    if (PTR_OR_ENOTSUP (counter, zmq_atomic_counter_new ())) {
        TEST_ASSERT_EQ_INT (0, zmq_atomic_counter_value (counter));
        zmq_atomic_counter_set (counter, 5);
        TEST_ASSERT_EQ_INT (5, zmq_atomic_counter_value (counter));
        TEST_ASSERT_EQ_INT (5, zmq_atomic_counter_inc (counter)); /* old */
        TEST_ASSERT_EQ_INT (6, zmq_atomic_counter_value (counter));
        TEST_ASSERT_EQ_INT (1, zmq_atomic_counter_dec (counter)); /* != 0 */
        TEST_ASSERT_EQ_INT (5, zmq_atomic_counter_value (counter));
        zmq_atomic_counter_set (counter, 1);
        TEST_ASSERT_EQ_INT (0, zmq_atomic_counter_dec (counter)); /* hit 0 */
        TEST_ASSERT_EQ_INT (0, zmq_atomic_counter_value (counter));
        zmq_atomic_counter_destroy (&counter);
        TEST_ASSERT (counter == NULL);
    }

    /* ---- stopwatch and sleep ---- */
    void *watch;
    if (PTR_OR_ENOTSUP (watch, zmq_stopwatch_start ())) {
        sleep_ms (20);
        unsigned long mid = zmq_stopwatch_intermediate (watch);
        TEST_ASSERT_MSG (mid >= 15000 && mid < 5000000, "intermediate %lu us",
                         mid);
        int64_t t0 = now_ms ();
        zmq_sleep (1);
        int64_t slept = now_ms () - t0;
        TEST_ASSERT_MSG (slept >= 900 && slept < 3000, "zmq_sleep(1): %lld ms",
                         (long long) slept);
        unsigned long total = zmq_stopwatch_stop (watch);
        TEST_ASSERT_MSG (total >= mid + 900000, "stop %lu us", total);
    } else {
        zmq_sleep (0);
    }

    /* ---- threads ---- */
    int value = 42;
    void *thread;
    if (PTR_OR_ENOTSUP (thread, zmq_threadstart (thread_fn, &value))) {
        zmq_threadclose (thread); /* joins */
        TEST_ASSERT_EQ_INT (42, __atomic_load_n (&thread_ran, __ATOMIC_SEQ_CST));
    }

    /* ---- timers ---- */
    void *timers;
    if (PTR_OR_ENOTSUP (timers, zmq_timers_new ())) {
        TEST_ASSERT_EQ_INT (-1, zmq_timers_timeout (timers));
        TEST_ZMQ_OK (zmq_timers_execute (timers));
        TEST_ZMQ_ERR (EFAULT, zmq_timers_add (timers, 10, NULL, NULL));
        int id = TEST_ZMQ_OK (zmq_timers_add (timers, 50, timer_fn, NULL));
        long to = zmq_timers_timeout (timers);
        TEST_ASSERT_MSG (to >= 0 && to <= 50, "timeout %ld", to);
        sleep_ms (80);
        TEST_ZMQ_OK (zmq_timers_execute (timers));
        TEST_ASSERT_EQ_INT (1, timer_hits);
        TEST_ZMQ_OK (zmq_timers_set_interval (timers, id, 1000));
        TEST_ZMQ_OK (zmq_timers_reset (timers, id));
        to = zmq_timers_timeout (timers);
        TEST_ASSERT_MSG (to > 500 && to <= 1000, "timeout %ld", to);
        TEST_ZMQ_OK (zmq_timers_cancel (timers, id));
        TEST_ZMQ_ERR (EINVAL, zmq_timers_cancel (timers, id + 1000));
        TEST_ZMQ_ERR (EINVAL, zmq_timers_reset (timers, id + 1000));
        TEST_ZMQ_ERR (EINVAL, zmq_timers_set_interval (timers, id + 1000, 5));
        TEST_ZMQ_OK (zmq_timers_destroy (&timers));
        TEST_ASSERT (timers == NULL);
        TEST_ZMQ_ERR (EFAULT, zmq_timers_destroy (&timers));
    }

    /* ---- iovec send/recv over tcp ---- */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    struct iovec iov[2];
    iov[0].iov_base = (void *) "ab";
    iov[0].iov_len = 2;
    iov[1].iov_base = (void *) "cde";
    iov[1].iov_len = 3;
    if (OK_OR_ENOTSUP (zmq_sendiov (b, iov, 2, 0))) {
        /* Without ZMQ_SNDMORE each iovec is a separate message ... */
        RECV_STR (a, "ab");
        TEST_ASSERT_EQ_INT (0, rcvmore (a));
        RECV_STR (a, "cde");
        TEST_ASSERT_EQ_INT (0, rcvmore (a));
        /* ... with it, one multipart message. */
        TEST_ZMQ_OK (zmq_sendiov (b, iov, 2, ZMQ_SNDMORE));
        const char *frames[] = {"ab", "cde", NULL};
        RECV_STRS (a, frames);
        TEST_ZMQ_ERR (EINVAL, zmq_sendiov (b, iov, 0, 0));
    }
    send_str (b, "x", 0);
    struct iovec in[4];
    size_t count = 4;
    if (OK_OR_ENOTSUP (zmq_recviov (a, in, &count, 0))) {
        TEST_ASSERT (count >= 1);
        TEST_ASSERT_EQ_INT (1, in[0].iov_len);
        TEST_ASSERT_EQ_MEM ("x", in[0].iov_base, 1);
        for (size_t i = 0; i < count; i++)
            free (in[i].iov_base); /* zmq_recviov mallocs the buffers */
    }
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
