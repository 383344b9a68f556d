/* A ZAP handler that never answers, as libzmq 4.3 (its test_security_zap
 * cases unsuccessful_do_not_recv / do_not_send / disconnect), for NULL
 * (with a ZAP domain), PLAIN and CURVE servers:
 * - the handler is bound but never reads the request; or reads it and
 *   never replies; or reads its first frame and closes its socket (it
 *   leaves the line without answering);
 * - the server's handshake waits for the answer: the client is neither
 *   refused nor admitted (no handshake event on the server, nothing gets
 *   through, no reconnect lets it in through the back door once the
 *   handler is gone), and the server does not close the connection;
 * - when the client then closes its socket, the server's monitor reports
 *   HANDSHAKE_FAILED_NO_DETAIL with EPIPE: the peer closed the connection
 *   in order (a reset would be ECONNRESET).
 * And, with no ZAP at all: a raw TCP peer that connects to a ZMQ socket
 * and closes (FIN) during the greeting is HANDSHAKE_FAILED_NO_DETAIL,
 * EPIPE, too. */
#include "rawzmtp.h"
#include "zaputil.h"

#include <pthread.h>

enum
{
    DO_NOT_RECV,
    DO_NOT_SEND,
    DISCONNECT
};
static const char *const mode_name[] = {"do_not_recv", "do_not_send",
                                        "disconnect"};

enum
{
    MECH_NULL,
    MECH_PLAIN,
    MECH_CURVE
};
static const char *const mech_name[] = {"NULL", "PLAIN", "CURVE"};

typedef struct
{
    int mode;
    void *rep;  /* bound at inproc://zeromq.zap.01 */
    void *ctl;  /* PAIR: "stop" from the test */
    int got;    /* frames of the request read so far */
} handler_t;

static void *handler_main (void *arg)
{
    handler_t *h = (handler_t *) arg;
    char buf[256];
    if (h->mode != DO_NOT_RECV) {
        int more = 1;
        while (more) {
            int n = zmq_recv (h->rep, buf, sizeof buf, 0);
            if (n < 0)
                break;
            __atomic_add_fetch (&h->got, 1, __ATOMIC_SEQ_CST);
            if (h->mode == DISCONNECT) {
                /* Gone without a word, the request half read. */
                zmq_unbind (h->rep, "inproc://zeromq.zap.01");
                zmq_close (h->rep);
                h->rep = NULL;
                break;
            }
            more = rcvmore (h->rep);
        }
    }
    /* Wait for the test to be done (no timeout on this socket). */
    zmq_recv (h->ctl, buf, sizeof buf, 0);
    if (h->rep) {
        zmq_unbind (h->rep, "inproc://zeromq.zap.01");
        zmq_close (h->rep);
    }
    zmq_close (h->ctl);
    return NULL;
}

/* The next event on a monitor with a handshake mask, within `ms`; 0 when
 * none came. */
static int next_event (void *mon, int ms, int *value)
{
    set_int_opt (mon, ZMQ_RCVTIMEO, ms);
    unsigned char b[64];
    int n = zmq_recv (mon, b, sizeof b, 0);
    if (n < 0)
        return 0;
    TEST_ASSERT_EQ_INT (6, n);
    uint16_t ev;
    uint32_t v;
    memcpy (&ev, b, 2);
    memcpy (&v, b + 2, 4);
    TEST_ASSERT (zmq_recv (mon, b, sizeof b, 0) >= 0);
    *value = (int) v;
    return ev;
}

static void set_str (void *s, int opt, const char *v)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, v, strlen (v)));
}

static char server_public[41], server_secret[41];
static char client_public[41], client_secret[41];

static void run (void *ctx, int mech, int mode)
{
    static int round;
    char name[64];
    fprintf (stderr, "  %s, handler %s\n", mech_name[mech], mode_name[mode]);

    handler_t h;
    memset (&h, 0, sizeof h);
    h.mode = mode;
    h.rep = test_socket (ctx, ZMQ_REP);
    set_int_opt (h.rep, ZMQ_RCVTIMEO, -1);
    TEST_ZMQ_OK (zmq_bind (h.rep, "inproc://zeromq.zap.01"));
    snprintf (name, sizeof name, "inproc://ctl-%d", round++);
    h.ctl = test_socket (ctx, ZMQ_PAIR);
    set_int_opt (h.ctl, ZMQ_RCVTIMEO, -1);
    TEST_ZMQ_OK (zmq_bind (h.ctl, name));
    void *ctl = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (ctl, name));
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, handler_main, &h) == 0);

    void *server = test_socket (ctx, ZMQ_DEALER);
    void *client = test_socket (ctx, ZMQ_DEALER);
    set_str (server, ZMQ_ZAP_DOMAIN, "test");
    if (mech == MECH_PLAIN) {
        set_int_opt (server, ZMQ_PLAIN_SERVER, 1);
        set_str (client, ZMQ_PLAIN_USERNAME, "user");
        set_str (client, ZMQ_PLAIN_PASSWORD, "pass");
    } else if (mech == MECH_CURVE) {
        set_int_opt (server, ZMQ_CURVE_SERVER, 1);
        set_str (server, ZMQ_CURVE_SECRETKEY, server_secret);
        set_str (client, ZMQ_CURVE_SERVERKEY, server_public);
        set_str (client, ZMQ_CURVE_PUBLICKEY, client_public);
        set_str (client, ZMQ_CURVE_SECRETKEY, client_secret);
    }
    void *mon = handshake_monitor (ctx, server);
    char ep[64];
    bind_ephemeral (server, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (client, ep));

    /* The request reached the handler (or is there for it to read). */
    if (mode != DO_NOT_RECV) {
        int64_t until = now_ms () + 5000;
        while (__atomic_load_n (&h.got, __ATOMIC_SEQ_CST) == 0) {
            TEST_ASSERT_MSG (now_ms () < until, "no ZAP request");
            sleep_ms (10);
        }
    }
    /* Neither refused nor admitted, and the connection stays: no
     * handshake outcome, no message, either way. */
    TEST_ASSERT_EQ_INT (5, zmq_send (client, "hello", 5, ZMQ_DONTWAIT));
    int value = 0;
    int ev = next_event (mon, 500, &value);
    TEST_ASSERT_MSG (ev == 0, "server handshake event 0x%x, value %d while "
                              "the handler has not answered",
                     ev, value);
    char buf[16];
    set_int_opt (server, ZMQ_RCVTIMEO, 0);
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (server, buf, sizeof buf, 0));
    /* The server has no peer to send to yet. */
    TEST_ZMQ_ERR (EAGAIN, zmq_send (server, "world", 5, ZMQ_DONTWAIT));

    /* The client goes: the server sees the peer close its connection. */
    set_int_opt (client, ZMQ_LINGER, 0);
    TEST_ZMQ_OK (zmq_close (client));
    ev = next_event (mon, 5000, &value);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ev);
    TEST_ASSERT_MSG (value == EPIPE, "value %d (%s), expected EPIPE", value,
                     zmq_strerror (value));

    TEST_ZMQ_OK (zmq_socket_monitor (server, NULL, 0));
    TEST_ZMQ_OK (zmq_close (mon));
    set_int_opt (server, ZMQ_LINGER, 0);
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ASSERT_EQ_INT (4, zmq_send (ctl, "stop", 4, 0));
    pthread_join (th, NULL);
    TEST_ZMQ_OK (zmq_close (ctl));
}

/* A TCP peer that closes (FIN) before the greeting is over. */
static void raw_peer_closes (void *ctx)
{
    fprintf (stderr, "  raw TCP peer closes during the greeting\n");
    void *server = test_socket (ctx, ZMQ_DEALER);
    void *mon = handshake_monitor (ctx, server);
    char ep[64];
    bind_ephemeral (server, ep, sizeof ep);

    int fd = rz_connect_tcp (ep, 0, 5000);
    /* Half of a signature, then our end of the stream: an orderly close
     * (the socket stays open, so that what the server sends meanwhile
     * cannot turn it into a reset). */
    TEST_ASSERT (write (fd, "\xff\0\0\0\0", 5) == 5);
    TEST_ASSERT (shutdown (fd, SHUT_WR) == 0);
    int value = 0;
    int ev = next_event (mon, 5000, &value);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ev);
    TEST_ASSERT_MSG (value == EPIPE, "value %d (%s), expected EPIPE", value,
                     zmq_strerror (value));
    close (fd);
    TEST_ZMQ_OK (zmq_socket_monitor (server, NULL, 0));
    TEST_ZMQ_OK (zmq_close (mon));
    TEST_ZMQ_OK (zmq_close (server));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    raw_peer_closes (ctx);
    int mechs = 2;
    if (zmq_has ("curve")) {
        TEST_ZMQ_OK (zmq_curve_keypair (server_public, server_secret));
        TEST_ZMQ_OK (zmq_curve_keypair (client_public, client_secret));
        mechs = 3;
    }
    for (int mech = 0; mech < mechs; mech++)
        for (int mode = DO_NOT_RECV; mode <= DISCONNECT; mode++)
            run (ctx, mech, mode);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
