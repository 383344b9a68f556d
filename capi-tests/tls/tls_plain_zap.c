/* PLAIN and ZAP run unchanged over tls://: TLS for the channel (the server
 * asks for a client certificate), PLAIN and the ZAP handler for the
 * application's identity. The handler's user id wins over the
 * certificate's; when the handler gives none, "User-Id" stays the
 * certificate's CN. A wrong password is refused (HANDSHAKE_FAILED_AUTH 400)
 * even with a valid certificate. */
#include "tlsutil.h"

#include <pthread.h>

static const char *zap_user = "from-zap";

static void *zap_thread (void *ctx)
{
    void *rep = zmq_socket (ctx, ZMQ_REP);
    int linger = 0;
    zmq_setsockopt (rep, ZMQ_LINGER, &linger, sizeof linger);
    TEST_ZMQ_OK (zmq_bind (rep, "inproc://zeromq.zap.01"));
    for (;;) {
        char f[8][64];
        int n = 0, more = 1;
        while (more && n < 8) {
            int r = zmq_recv (rep, f[n], sizeof f[n] - 1, 0);
            if (r < 0)
                goto done;
            f[n][r] = 0;
            more = rcvmore (rep);
            n++;
        }
        int ok = n == 8 && strcmp (f[7], "secret") == 0;
        zmq_send (rep, "1.0", 3, ZMQ_SNDMORE);
        zmq_send (rep, f[1], strlen (f[1]), ZMQ_SNDMORE);
        zmq_send (rep, ok ? "200" : "400", 3, ZMQ_SNDMORE);
        zmq_send (rep, "", 0, ZMQ_SNDMORE);
        zmq_send (rep, zap_user, strlen (zap_user), ZMQ_SNDMORE);
        zmq_send (rep, "", 0, 0);
    }
done:
    zmq_close (rep);
    return NULL;
}

/* A message from a PLAIN client over tls; returns its User-Id ("" when
 * nothing arrived). */
static void exchange (void *ctx, const char *pass, char *uid, size_t cap)
{
    void *pull = test_socket (ctx, ZMQ_PULL);
    tls_creds (pull, "ca.crt", "server.crt", "server.key");
    set_int_opt (pull, ZMQ_PLAIN_SERVER, 1);
    char ep[256];
    tls_bind (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    tls_creds (push, "ca.crt", "client.crt", "client.key");
    set_str_opt (push, ZMQ_PLAIN_USERNAME, "admin");
    set_str_opt (push, ZMQ_PLAIN_PASSWORD, pass);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    zmq_send (push, "hi", 2, ZMQ_DONTWAIT);
    set_int_opt (pull, ZMQ_RCVTIMEO, 1000);
    zmq_msg_t m;
    zmq_msg_init (&m);
    uid[0] = 0;
    if (zmq_msg_recv (&m, pull, 0) == 2) {
        const char *u = zmq_msg_gets (&m, "User-Id");
        snprintf (uid, cap, "%s", u ? u : "(none)");
    }
    zmq_msg_close (&m);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    pthread_t th;
    TEST_ASSERT (pthread_create (&th, NULL, zap_thread, ctx) == 0);
    sleep_ms (50);
    char uid[64];
    exchange (ctx, "secret", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("from-zap", uid);
    zap_user = "";
    exchange (ctx, "secret", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("client", uid);
    exchange (ctx, "wrong", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("", uid);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    pthread_join (th, NULL);
    return 0;
}
