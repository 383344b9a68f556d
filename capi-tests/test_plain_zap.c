/* PLAIN (RFC 24) and ZAP (RFC 27), as libzmq 4.3: a ZAP handler (a REP
 * bound to inproc://zeromq.zap.01, in a thread) decides.
 * - the request it gets: "1.0", "1", the domain, the client's address,
 *   the server socket's routing id, "PLAIN", user name, password;
 * - 200: messages flow, "User-Id" is the handler's user id and the
 *   handler's metadata ("X-Role") reaches every message;
 * - 400/500: no message; both sides' monitors report HANDSHAKE_FAILED_AUTH
 *   with the status code (the server sends it in an ERROR); 300 (temporary
 *   failure): the server reports it and closes without an ERROR;
 * - no handler: a PLAIN server refuses everyone (HANDSHAKE_FAILED_NO_DETAIL,
 *   EFAULT);
 * - NULL asks the handler ("NULL", no credentials) only with a ZAP domain;
 *   with a domain and no handler it lets everyone in;
 * - the options: PLAIN_SERVER, PLAIN_USERNAME, PLAIN_PASSWORD, ZAP_DOMAIN
 *   read back, MECHANISM follows them, more than 255 bytes is EINVAL. */
#include "zaputil.h"

#include <pthread.h>

/* Metadata the handler gives: X-Role = admin. */
static const unsigned char role_admin[16] = {6,   'X', '-', 'R', 'o', 'l',
                                              'e', 0,   0,   0,   5,   'a',
                                              'd', 'm', 'i', 'n'};

static void set_str (void *s, int opt, const char *v)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, v, strlen (v)));
}

static void *monitor (void *ctx, void *s, const char *name)
{
    TEST_ZMQ_OK (zmq_socket_monitor (s, name, ZMQ_EVENT_ALL));
    void *m = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (m, name));
    return m;
}

/* A PLAIN server (PULL, routing id "srv", domain "global") and a client
 * (PUSH) with these credentials; returns 1 if a message got through. */
static int plain_pair (void *ctx, const char *user, const char *pass,
                       int *server_ev, int *server_val, int *client_ev,
                       int *client_val, char *user_id, char *role)
{
    static int n;
    char name[64];
    void *pull = test_socket (ctx, ZMQ_PULL);
    set_int_opt (pull, ZMQ_PLAIN_SERVER, 1);
    set_str (pull, ZMQ_ZAP_DOMAIN, "global");
    set_str (pull, ZMQ_ROUTING_ID, "srv");
    snprintf (name, sizeof name, "inproc://mon-s-%d", n);
    void *ms = monitor (ctx, pull, name);
    char ep[64];
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    set_str (push, ZMQ_PLAIN_USERNAME, user);
    set_str (push, ZMQ_PLAIN_PASSWORD, pass);
    snprintf (name, sizeof name, "inproc://mon-c-%d", n++);
    void *mc = monitor (ctx, push, name);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    *server_ev = handshake_event (ms, server_val);
    /* A client whose server closes without an ERROR (no handler) sees only
     * DISCONNECTED, in libzmq as here. */
    *client_ev = *server_ev == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
                     || (*server_ev == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                         && *server_val == 300)
                   ? 0
                   : handshake_event (mc, client_val);
    zmq_send (push, "hello", 5, ZMQ_DONTWAIT);
    set_int_opt (pull, ZMQ_RCVTIMEO, 300);
    zmq_msg_t m;
    zmq_msg_init (&m);
    int got = zmq_msg_recv (&m, pull, 0) == 5;
    if (got) {
        const char *u = zmq_msg_gets (&m, "User-Id");
        const char *r = zmq_msg_gets (&m, "X-Role");
        snprintf (user_id, 64, "%s", u ? u : "");
        snprintf (role, 64, "%s", r ? r : "");
    }
    zmq_msg_close (&m);
    zmq_socket_monitor (pull, NULL, 0);
    zmq_socket_monitor (push, NULL, 0);
    TEST_ZMQ_OK (zmq_close (ms));
    TEST_ZMQ_OK (zmq_close (mc));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    return got;
}

static void test_options (void *ctx)
{
    void *s = test_socket (ctx, ZMQ_DEALER);
    TEST_ASSERT_EQ_INT (ZMQ_NULL, get_int_opt (s, ZMQ_MECHANISM));
    set_str (s, ZMQ_PLAIN_USERNAME, "admin");
    TEST_ASSERT_EQ_INT (ZMQ_PLAIN, get_int_opt (s, ZMQ_MECHANISM));
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_PLAIN_SERVER));
    set_str (s, ZMQ_PLAIN_PASSWORD, "secret");
    char buf[300];
    size_t len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_PLAIN_USERNAME, buf, &len));
    TEST_ASSERT_EQ_STR ("admin", buf);
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_PLAIN_PASSWORD, buf, &len));
    TEST_ASSERT_EQ_STR ("secret", buf);
    set_int_opt (s, ZMQ_PLAIN_SERVER, 1);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_PLAIN_SERVER));
    TEST_ASSERT_EQ_INT (ZMQ_PLAIN, get_int_opt (s, ZMQ_MECHANISM));
    set_int_opt (s, ZMQ_PLAIN_SERVER, 0);
    TEST_ASSERT_EQ_INT (ZMQ_NULL, get_int_opt (s, ZMQ_MECHANISM));
    memset (buf, 'x', 256);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, buf, 256));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_ZAP_DOMAIN, buf, 256));
    /* An empty value is EINVAL and keeps PLAIN (a PLAIN server must not
     * turn NULL by mistake); only NULL resets to the NULL mechanism. */
    set_int_opt (s, ZMQ_PLAIN_SERVER, 1);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, "", 0));
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_PLAIN_PASSWORD, "", 0));
    TEST_ASSERT_EQ_INT (ZMQ_PLAIN, get_int_opt (s, ZMQ_MECHANISM));
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_PLAIN_SERVER));
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, NULL, 0));
    TEST_ASSERT_EQ_INT (ZMQ_NULL, get_int_opt (s, ZMQ_MECHANISM));
    set_str (s, ZMQ_ZAP_DOMAIN, "global");
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ZAP_DOMAIN, buf, &len));
    TEST_ASSERT_EQ_STR ("global", buf);
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    test_options (ctx);
    int sev, sval, cev, cval;
    char uid[64], role[64];

    /* No handler yet: a PLAIN server lets nobody in. */
    TEST_ASSERT (!plain_pair (ctx, "admin", "secret", &sev, &sval, &cev,
                              &cval, uid, role));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, sev);
    TEST_ASSERT_EQ_INT (EFAULT, sval);

    static zap_handler_t z;
    z.status = 200;
    z.user_id = "alice";
    z.metadata = role_admin;
    z.metadata_len = sizeof role_admin;
    zap_start (&z, ctx);

    TEST_ASSERT_MSG (plain_pair (ctx, "admin", "secret", &sev, &sval, &cev,
                                 &cval, uid, role),
                     "accepted client's message lost");
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, sev);
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, cev);
    TEST_ASSERT_EQ_STR ("alice", uid);
    TEST_ASSERT_EQ_STR ("admin", role);
    TEST_ASSERT_EQ_INT (8, z.frames);
    TEST_ASSERT_EQ_STR ("PLAIN", (char *) z.frame[ZAP_MECHANISM]);
    TEST_ASSERT_EQ_STR ("global", (char *) z.frame[ZAP_DOMAIN]);
    TEST_ASSERT_EQ_STR ("127.0.0.1", (char *) z.frame[ZAP_ADDRESS]);
    TEST_ASSERT_EQ_STR ("srv", (char *) z.frame[ZAP_IDENTITY]);
    TEST_ASSERT_EQ_STR ("admin", (char *) z.frame[ZAP_CRED1]);
    TEST_ASSERT_EQ_STR ("secret", (char *) z.frame[ZAP_CRED2]);

    int codes[] = {400, 300, 500};
    for (int i = 0; i < 3; i++) {
        z.status = codes[i];
        TEST_ASSERT_MSG (!plain_pair (ctx, "admin", "wrong", &sev, &sval, &cev,
                                      &cval, uid, role),
                         "refused client's message arrived (%d)", codes[i]);
        TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, sev);
        TEST_ASSERT_EQ_INT (codes[i], sval);
        if (codes[i] != 300) {
            TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, cev);
            TEST_ASSERT_EQ_INT (codes[i], cval);
        }
    }

    /* NULL: the handler is asked only with a domain. */
    z.status = 400;
    int before = zap_requests (&z);
    void *pull = test_socket (ctx, ZMQ_PULL);
    char ep[64];
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "no domain", 0);
    RECV_STR (pull, "no domain");
    TEST_ASSERT_EQ_INT (before, zap_requests (&z));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    pull = test_socket (ctx, ZMQ_PULL);
    set_str (pull, ZMQ_ZAP_DOMAIN, "dom");
    void *ms = monitor (ctx, pull, "inproc://mon-null");
    bind_ephemeral (pull, ep, sizeof ep);
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
                        handshake_event (ms, &sval));
    TEST_ASSERT_EQ_INT (400, sval);
    TEST_ASSERT_EQ_STR ("NULL", (char *) z.frame[ZAP_MECHANISM]);
    TEST_ASSERT_EQ_STR ("dom", (char *) z.frame[ZAP_DOMAIN]);
    TEST_ASSERT_EQ_INT (6, z.frames);
    zmq_socket_monitor (pull, NULL, 0);
    TEST_ZMQ_OK (zmq_close (ms));
    TEST_ZMQ_OK (zmq_close (push));
    z.status = 200;
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "null ok", 0);
    RECV_STR (pull, "null ok");
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    /* Stop the handler; then NULL with a domain lets everyone in. */
    zap_stop (&z);
    pull = test_socket (ctx, ZMQ_PULL);
    set_str (pull, ZMQ_ZAP_DOMAIN, "dom");
    bind_ephemeral (pull, ep, sizeof ep);
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "no handler", 0);
    RECV_STR (pull, "no handler");
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
