/* Session resumption (ZMQ_TLS_SESSION_RESUMPTION, on by default): after a
 * first connection, a zmq_disconnect + zmq_connect to the same endpoint
 * resumes the TLS session (message property "TLS-Session-Reused" "1" on
 * both sides; "0" on the first connection), with the peer's identity
 * (User-Id) still there; so does a new socket of the same context with the
 * same options, while one with other TLS options or in another context
 * does a full handshake. After the client's CA file is replaced (same
 * content, new file), the next connection reloads it and does a full
 * handshake: a session verified under the old trust is not resumed. Off
 * on either side: every connection does a full handshake ("0"). */
#include "tlsutil.h"

/* Receive "hello" and check its TLS-Session-Reused and User-Id. */
static void recv_checked (void *s, const char *reused, const char *uid)
{
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT_EQ_INT (5, zmq_msg_recv (&m, s, 0));
    const char *r = zmq_msg_gets (&m, "TLS-Session-Reused");
    const char *u = zmq_msg_gets (&m, "User-Id");
    printf ("  reused %s, User-Id %s\n", r ? r : "(none)", u ? u : "(none)");
    TEST_ASSERT_MSG (r && strcmp (r, reused) == 0, "TLS-Session-Reused %s, want %s",
                     r ? r : "(none)", reused);
    TEST_ASSERT_MSG (u && strcmp (u, uid) == 0, "User-Id %s, want %s",
                     u ? u : "(none)", uid);
    zmq_msg_close (&m);
}

static void run (int server_on, int client_on, const char *second)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (server, "ca.crt", "server.crt", "server.key");
    set_int_opt (server, ZMQ_TLS_SESSION_RESUMPTION, server_on);
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_DEALER);
    tls_creds (client, "ca.crt", "client.crt", "client.key");
    set_int_opt (client, ZMQ_TLS_SESSION_RESUMPTION, client_on);

    for (int round = 0; round < 3; round++) {
        TEST_ZMQ_OK (zmq_connect (client, ep));
        send_str (client, "hello", 0);
        char id[256];
        int idn = zmq_recv (server, id, sizeof id, 0);
        TEST_ASSERT (idn > 0);
        const char *want = round == 0 ? "0" : second;
        printf ("server %d client %d round %d\n", server_on, client_on, round);
        recv_checked (server, want, "client");
        TEST_ZMQ_OK (zmq_send (server, id, (size_t) idn, ZMQ_SNDMORE));
        send_str (server, "hello", 0);
        recv_checked (client, want, "server");
        TEST_ZMQ_OK (zmq_disconnect (client, ep));
        /* the server has seen the old connection go before the next one */
        usleep (50 * 1000);
    }
    TEST_ZMQ_OK (zmq_close (client));

    /* a new socket: same context and options; other options; other
     * context */
    void *ctx2 = TEST_ZMQ_PTR (zmq_ctx_new ());
    for (int k = 0; k < 3; k++) {
        void *c = test_socket (k == 2 ? ctx2 : ctx, ZMQ_DEALER);
        tls_creds (c, "ca.crt", "client.crt", "client.key");
        set_int_opt (c, ZMQ_TLS_SESSION_RESUMPTION, client_on);
        if (k == 1)
            set_str_opt (c, ZMQ_TLS_CERT_COMMON_NAME, "server");
        TEST_ZMQ_OK (zmq_connect (c, ep));
        send_str (c, "hello", 0);
        char id[256];
        int idn = zmq_recv (server, id, sizeof id, 0);
        TEST_ASSERT (idn > 0);
        printf ("new socket %d\n", k);
        recv_checked (server, k == 0 ? second : "0", "client");
        TEST_ZMQ_OK (zmq_close (c));
    }
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ZMQ_OK (zmq_ctx_term (ctx2));
}

/* Copy the CA to PATH by writing a new file and renaming it over. */
static void replace_ca (const char *path)
{
    char tmp[300];
    snprintf (tmp, sizeof tmp, "%s.new", path);
    size_t n;
    char *ca = tls_slurp ("ca.crt", &n);
    FILE *out = fopen (tmp, "w");
    TEST_ASSERT (out && fwrite (ca, 1, n, out) == n);
    fclose (out);
    free (ca);
    TEST_ASSERT (rename (tmp, path) == 0);
}

static void ca_changed (void)
{
    char dir[] = "/tmp/zmq-tls-resume-XXXXXX";
    TEST_ASSERT (mkdtemp (dir) != NULL);
    char ca[300];
    snprintf (ca, sizeof ca, "%s/ca.crt", dir);
    replace_ca (ca);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *server = test_socket (ctx, ZMQ_ROUTER);
    tls_creds (server, NULL, "server.crt", "server.key");
    char ep[256];
    tls_bind (server, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_DEALER);
    set_str_opt (client, ZMQ_TLS_CA_FILE, ca);
    const char *want[] = {"0", "1", "0", "1"};
    for (int round = 0; round < 4; round++) {
        if (round == 2)
            replace_ca (ca);
        TEST_ZMQ_OK (zmq_connect (client, ep));
        send_str (client, "hello", 0);
        char id[256], v[16];
        TEST_ASSERT (zmq_recv (server, id, sizeof id, 0) > 0);
        TEST_ASSERT (RECV_STR_PROP (server, "hello", "TLS-Session-Reused", v,
                                    sizeof v));
        printf ("CA replaced before round 2; round %d: reused %s\n", round, v);
        TEST_ASSERT_EQ_STR (want[round], v);
        TEST_ZMQ_OK (zmq_disconnect (client, ep));
        usleep (50 * 1000);
    }
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    unlink (ca);
    rmdir (dir);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    run (1, 1, "1");
    run (0, 1, "0");
    run (1, 0, "0");
    ca_changed ();
    return 0;
}
