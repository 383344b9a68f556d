/* PLAIN and ZAP run unchanged over tls://: TLS for the channel (the server
 * asks for a client certificate), PLAIN and the ZAP handler for the
 * application's identity. The handler's user id wins over the
 * certificate's; when the handler gives none, "User-Id" stays the
 * certificate's CN. A wrong password is refused (HANDSHAKE_FAILED_AUTH 400)
 * even with a valid certificate. */
#include "tlsutil.h"
#include "../zaputil.h"

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
    /* 200 for the password "secret", with this user id; 400 otherwise */
    static zap_handler_t z;
    z.password = "secret";
    z.user_id = "from-zap";
    zap_start (&z, ctx);
    char uid[64];
    exchange (ctx, "secret", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("from-zap", uid);
    z.user_id = "";
    exchange (ctx, "secret", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("client", uid);
    exchange (ctx, "wrong", uid, sizeof uid);
    TEST_ASSERT_EQ_STR ("", uid);
    zap_stop (&z);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
