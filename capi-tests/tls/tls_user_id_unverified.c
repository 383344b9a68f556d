/* "User-Id" is the CN of a *verified* peer only:
 * - a bind side without CA requests no client certificate: its messages
 *   carry no User-Id (even if the client has a certificate), while the
 *   client, which verified the server, sees "server";
 * - a connect side with VERIFY_PEER 0 authenticated nobody: its messages
 *   carry no User-Id. */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);
    char uid[256];

    /* client with a certificate; the server asked for none */
    void *client = test_socket (ctx, ZMQ_REQ);
    tls_creds (client, "ca.crt", "client.crt", "client.key");
    TEST_ZMQ_OK (zmq_connect (client, ep));
    send_str (client, "hello", 0);
    TEST_ASSERT_MSG (!RECV_STR_UID (server, "hello", uid, sizeof uid),
                     "server: User-Id \"%s\" for an unverified client", uid);
    send_str (server, "world", 0);
    TEST_ASSERT_MSG (RECV_STR_UID (client, "world", uid, sizeof uid),
                     "client: no User-Id for the verified server");
    TEST_ASSERT_EQ_STR ("server", uid);
    TEST_ZMQ_OK (zmq_close (client));

    /* client that verifies nothing */
    client = test_socket (ctx, ZMQ_REQ);
    set_int_opt (client, ZMQ_TLS_VERIFY_PEER, 0);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    send_str (client, "hello", 0);
    TEST_ASSERT (!RECV_STR_UID (server, "hello", uid, sizeof uid));
    send_str (server, "world", 0);
    TEST_ASSERT_MSG (!RECV_STR_UID (client, "world", uid, sizeof uid),
                     "client with VERIFY_PEER 0: User-Id \"%s\" for an "
                     "unverified server",
                     uid);
    TEST_ZMQ_OK (zmq_close (client));

    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
