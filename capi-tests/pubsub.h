/* Helpers for PUB/SUB tests: subscriptions reach a publisher
 * asynchronously, so a test first waits until one has arrived. */
#ifndef CAPI_PUBSUB_H
#define CAPI_PUBSUB_H

#include "testutil.h"

/* Publish PROBE from pub until sub receives it (sub must be subscribed to
 * a prefix of it), then drain further copies. Fails after timeout_ms. */
#define SUB_SYNC(pub, sub, probe) sub_sync_ (__FILE__, __LINE__, (pub), (sub), (probe))
static inline void sub_sync_ (const char *file, int line, void *pub,
                              void *sub, const char *probe)
{
    int saved = get_int_opt (sub, ZMQ_RCVTIMEO);
    set_int_opt (sub, ZMQ_RCVTIMEO, 20);
    int64_t deadline = now_ms () + 5000;
    char buf[256];
    int got = 0;
    while (!got && now_ms () < deadline) {
        TEST_ZMQ_OK (zmq_send (pub, probe, strlen (probe), 0) >= 0 ? 0 : -1);
        int n = zmq_recv (sub, buf, sizeof buf, 0);
        got = n == (int) strlen (probe) && memcmp (buf, probe, (size_t) n) == 0;
    }
    while (zmq_recv (sub, buf, sizeof buf, 0) >= 0)
        ;
    set_int_opt (sub, ZMQ_RCVTIMEO, saved);
    if (!got)
        test_fail_ (file, line, "subscription for \"%s\" never took effect",
                    probe);
}

/* Read and drop whatever arrives within 50 ms of the last message. */
static inline void drain (void *s)
{
    int saved = get_int_opt (s, ZMQ_RCVTIMEO);
    set_int_opt (s, ZMQ_RCVTIMEO, 50);
    char buf[256];
    while (zmq_recv (s, buf, sizeof buf, 0) >= 0)
        ;
    set_int_opt (s, ZMQ_RCVTIMEO, saved);
}

static inline void subscribe (void *s, const char *topic)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_SUBSCRIBE, topic, strlen (topic)));
}

static inline void unsubscribe (void *s, const char *topic)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_UNSUBSCRIBE, topic, strlen (topic)));
}

/* Nothing arrives on s within ms. */
#define EXPECT_NOTHING(s, ms) expect_nothing_ (__FILE__, __LINE__, (s), (ms))
static inline void expect_nothing_ (const char *file, int line, void *s, int ms)
{
    int saved = get_int_opt (s, ZMQ_RCVTIMEO);
    set_int_opt (s, ZMQ_RCVTIMEO, ms);
    char buf[256];
    int n = zmq_recv (s, buf, sizeof buf, 0);
    set_int_opt (s, ZMQ_RCVTIMEO, saved);
    if (n >= 0)
        test_fail_ (file, line, "unexpected message \"%.*s\"",
                    n > 255 ? 255 : n, buf);
}

#endif
