/* A PUSH flooding a PULL with millions of small messages never stalls, over
 * tcp and over ipc: the receiving connection pauses reading whenever the
 * PULL's pipe is full and must resume once the application makes room,
 * however the wake-up races fall. (Our engine once kept its "pipe full"
 * flag after room had appeared without a wake-up being owed, and a flood
 * like this one stopped for good in about two runs out of five.) Receiver
 * in its own thread and context, zmq_msg_recv as pyzmq and the benchmark
 * use it; every receive is bounded by RCVTIMEO, so a stall fails the test
 * instead of hanging it. libzmq passes. */
#include "testutil.h"
#include <pthread.h>

#define COUNT 10000000L

typedef struct
{
    char ep[256];
    long got;
} rx_t;

static void *receiver (void *arg)
{
    rx_t *r = (rx_t *) arg;
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_connect (pull, r->ep));
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    for (r->got = 0; r->got < COUNT; r->got++)
        if (zmq_msg_recv (&m, pull, 0) != 16)
            break;
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return NULL;
}

static void flood (const char *bind_ep)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = test_socket (ctx, ZMQ_PUSH);
    rx_t r;
    memset (&r, 0, sizeof r);
    bind_ephemeral_at (push, bind_ep, r.ep, sizeof r.ep);
    pthread_t t;
    TEST_ASSERT (pthread_create (&t, NULL, receiver, &r) == 0);
    char msg[16];
    memset (msg, 'x', sizeof msg);
    for (long i = 0; i < COUNT; i++) {
        int n = zmq_send (push, msg, sizeof msg, 0);
        TEST_ASSERT_MSG (n == 16, "%s: send %ld stalled: %s", bind_ep, i,
                         zmq_strerror (zmq_errno ()));
    }
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    TEST_ASSERT_MSG (r.got == COUNT, "%s: received %ld of %ld, then a stall",
                     bind_ep, r.got, COUNT);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
}

int main (void)
{
    flood ("tcp://127.0.0.1:*");
    char ipc[64];
    snprintf (ipc, sizeof ipc, "ipc:///tmp/flood-no-stall-%d", (int) getpid ());
    flood (ipc);
    unlink (ipc + 6);
    return 0;
}
