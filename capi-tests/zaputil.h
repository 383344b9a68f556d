/* A ZAP handler (RFC 27) for the tests: a REP socket bound at
 * inproc://zeromq.zap.01, served by its own thread. It keeps the last
 * request's frames and counts requests, and answers each with the status,
 * user id and metadata the test sets (read at each request), or, with
 * `password` set, 200 for that PLAIN password and 400 for any other.
 *
 *     static zap_handler_t z;      (zeroed; the thread reads it)
 *     z.status = 200;
 *     zap_start (&z, ctx);         (bound when it returns)
 *     ... z.frame[ZAP_MECHANISM], zap_requests (&z) ...
 *     zap_stop (&z);               (before zmq_ctx_term)
 *
 * handshake_monitor() and handshake_event(), the first handshake outcome
 * on a monitor.
 */
#ifndef CAPI_ZAPUTIL_H
#define CAPI_ZAPUTIL_H

#include "testutil.h"

#include <pthread.h>

/* Frame numbers of a request (libzmq 4.3's framing, after the REP
 * envelope): version, request id, domain, address, routing id, mechanism,
 * then the credentials. */
enum
{
    ZAP_DOMAIN = 2,
    ZAP_ADDRESS = 3,
    ZAP_IDENTITY = 4,
    ZAP_MECHANISM = 5,
    ZAP_CRED1 = 6, /* PLAIN user name, CURVE key */
    ZAP_CRED2 = 7, /* PLAIN password */
    ZAP_MAX_FRAMES = 8
};

typedef struct
{
    /* set by the test */
    int status;
    const char *user_id;
    const unsigned char *metadata;
    size_t metadata_len;
    const char *password;
    /* the last request: frames NUL-terminated (truncated to 255 bytes) */
    int frames;
    unsigned char frame[ZAP_MAX_FRAMES][256];
    int len[ZAP_MAX_FRAMES];
    /* private */
    int requests_;
    void *ctx_;
    void *rep_;
    pthread_t thread_;
} zap_handler_t;

static inline int zap_requests (zap_handler_t *z)
{
    return __atomic_load_n (&z->requests_, __ATOMIC_SEQ_CST);
}

static inline void *zap_serve_ (void *arg)
{
    zap_handler_t *z = (zap_handler_t *) arg;
    for (;;) {
        unsigned char id[256];
        int id_len = 0, n = 0, more = 1;
        while (more) {
            unsigned char scratch[256];
            unsigned char *buf = n < ZAP_MAX_FRAMES ? z->frame[n] : scratch;
            int r = zmq_recv (z->rep_, buf, 255, 0);
            if (r < 0)
                goto done; /* context terminated */
            buf[r < 255 ? r : 255] = 0;
            if (n < ZAP_MAX_FRAMES)
                z->len[n] = r;
            if (n == 1) {
                id_len = r < 255 ? r : 255;
                memcpy (id, buf, (size_t) id_len);
            }
            more = rcvmore (z->rep_);
            n++;
        }
        if (n == 1 && z->len[0] == 3 && memcmp (z->frame[0], "END", 3) == 0)
            break;
        z->frames = n;
        /* counted before the answer, so whoever sees the outcome sees
         * the count */
        __atomic_add_fetch (&z->requests_, 1, __ATOMIC_SEQ_CST);
        int status = z->status;
        if (z->password)
            status = n > ZAP_CRED2
                         && strcmp ((char *) z->frame[ZAP_CRED2], z->password)
                              == 0
                       ? 200
                       : 400;
        char code[4];
        snprintf (code, sizeof code, "%d", status);
        const char *uid = z->user_id ? z->user_id : "";
        zmq_send (z->rep_, "1.0", 3, ZMQ_SNDMORE);
        zmq_send (z->rep_, id, (size_t) id_len, ZMQ_SNDMORE);
        zmq_send (z->rep_, code, 3, ZMQ_SNDMORE);
        zmq_send (z->rep_, "text", 4, ZMQ_SNDMORE);
        zmq_send (z->rep_, uid, strlen (uid), ZMQ_SNDMORE);
        zmq_send (z->rep_, z->metadata, z->metadata_len, 0);
    }
done:
    zmq_close (z->rep_);
    return NULL;
}

/* Bind the handler's socket here (so it is there when this returns), then
 * hand it to the thread (pthread_create is the barrier libzmq asks for
 * when a socket changes threads). */
static inline void zap_start (zap_handler_t *z, void *ctx)
{
    z->ctx_ = ctx;
    z->rep_ = zmq_socket (ctx, ZMQ_REP);
    TEST_ASSERT (z->rep_ != NULL);
    int linger = 0;
    zmq_setsockopt (z->rep_, ZMQ_LINGER, &linger, sizeof linger);
    TEST_ZMQ_OK (zmq_bind (z->rep_, "inproc://zeromq.zap.01"));
    TEST_ASSERT (pthread_create (&z->thread_, NULL, zap_serve_, z) == 0);
}

static inline void zap_stop (zap_handler_t *z)
{
    void *stop = zmq_socket (z->ctx_, ZMQ_REQ);
    int linger = 0;
    zmq_setsockopt (stop, ZMQ_LINGER, &linger, sizeof linger);
    TEST_ZMQ_OK (zmq_connect (stop, "inproc://zeromq.zap.01"));
    TEST_ASSERT (zmq_send (stop, "END", 3, 0) == 3);
    pthread_join (z->thread_, NULL);
    TEST_ZMQ_OK (zmq_close (stop));
}

/* A PAIR receiving s's handshake outcomes (SUCCEEDED and the
 * HANDSHAKE_FAILED_* events), each monitor on an endpoint of its own. */
static inline void *handshake_monitor (void *ctx, void *s)
{
    static int n;
    char name[64];
    snprintf (name, sizeof name, "inproc://handshake-mon-%d", n++);
    TEST_ZMQ_OK (zmq_socket_monitor (
      s, name,
      ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
        | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL));
    void *m = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (m, name));
    return m;
}

/* The first handshake outcome a monitor reports, other events skipped
 * (SUCCEEDED or one of the HANDSHAKE_FAILED_* events); *value gets the
 * event's value. No outcome within 5 s fails the test. */
static inline int handshake_event (void *mon, int *value)
{
    set_int_opt (mon, ZMQ_RCVTIMEO, 5000);
    for (;;) {
        unsigned char b[64];
        int n = zmq_recv (mon, b, sizeof b, 0);
        TEST_ASSERT_MSG (n == 6, "no handshake event");
        uint16_t ev;
        uint32_t v;
        memcpy (&ev, b, 2);
        memcpy (&v, b + 2, 4);
        TEST_ASSERT (zmq_recv (mon, b, sizeof b, 0) >= 0);
        if (ev & (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                  | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                  | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)) {
            *value = (int) v;
            return ev;
        }
    }
}

#endif
