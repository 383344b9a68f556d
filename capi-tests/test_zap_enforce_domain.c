/* ZMQ_ZAP_ENFORCE_DOMAIN (libzmq 4.3's draft option 93), with libzmq's
 * rules as its null_mechanism.cpp and curve_server.cpp apply them:
 * - an int, 0 by default; any non-zero value sets it (reads back 1), as
 *   libzmq; another size is EINVAL;
 * - no ZAP handler bound: a NULL server with a ZAP domain and a CURVE
 *   server with a domain admit everyone by default, but with the option
 *   refuse everyone (HANDSHAKE_FAILED_NO_DETAIL, EFAULT);
 * - a NULL server without a domain never asks ZAP, option or not;
 * - a CURVE server with the option and no domain asks no handler even
 *   when one is bound (encryption without authentication), while with a
 *   domain it asks it: a 400 refuses, a 200 admits with the User-Id.
 * Debian's libzmq 4.3.4 takes the option (its zmq.h does not name it)
 * and passes this test too. */
#include "zaputil.h"

#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

static char srv_pub[41], srv_sec[41], cli_pub[41], cli_sec[41];

enum mech
{
    NUL,
    CURVE
};

/* A PULL server with this mechanism, domain ("" for none) and option,
 * and a PUSH client. Returns 1 if "hello" got through; *ev and *val are
 * the server's handshake event; user_id gets the message's User-Id. */
static int attempt (void *ctx, enum mech mech, const char *domain,
                    int enforce, int *ev, int *val, char *user_id)
{
    void *pull = test_socket (ctx, ZMQ_PULL);
    void *push = test_socket (ctx, ZMQ_PUSH);
    if (mech == CURVE) {
        set_int_opt (pull, ZMQ_CURVE_SERVER, 1);
        TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_CURVE_SECRETKEY, srv_sec, 40));
        TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_CURVE_SERVERKEY, srv_pub, 40));
        TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_CURVE_PUBLICKEY, cli_pub, 40));
        TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_CURVE_SECRETKEY, cli_sec, 40));
    }
    if (*domain)
        TEST_ZMQ_OK (
          zmq_setsockopt (pull, ZMQ_ZAP_DOMAIN, domain, strlen (domain)));
    set_int_opt (pull, ZMQ_ZAP_ENFORCE_DOMAIN, enforce);
    void *mon = handshake_monitor (ctx, pull);
    char ep[64];
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    *ev = handshake_event (mon, val);
    zmq_send (push, "hello", 5, ZMQ_DONTWAIT);
    set_int_opt (pull, ZMQ_RCVTIMEO, *ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED ? 5000
                                                                         : 300);
    zmq_msg_t m;
    zmq_msg_init (&m);
    int got = zmq_msg_recv (&m, pull, 0) == 5;
    const char *u = got ? zmq_msg_gets (&m, "User-Id") : NULL;
    snprintf (user_id, 64, "%s", u ? u : "");
    zmq_msg_close (&m);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_close (mon));
    return got;
}

static void test_option (void *ctx)
{
    void *s = test_socket (ctx, ZMQ_PULL);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN));
    set_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN, 1);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN));
    set_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN, 0);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN));
    set_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN, 7);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN));
    set_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN, 0);
    int64_t wide = 1;
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_ZAP_ENFORCE_DOMAIN, &wide,
                                          sizeof wide));
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_ZAP_ENFORCE_DOMAIN));
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_curve_keypair (srv_pub, srv_sec));
    TEST_ZMQ_OK (zmq_curve_keypair (cli_pub, cli_sec));
    test_option (ctx);
    int ev, val;
    char uid[64];

    /* No handler bound. */
    TEST_ASSERT (attempt (ctx, NUL, "dom", 0, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ev);
    TEST_ASSERT (!attempt (ctx, NUL, "dom", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ev);
    TEST_ASSERT_EQ_INT (EFAULT, val);
    TEST_ASSERT (attempt (ctx, NUL, "", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ev);
    TEST_ASSERT (attempt (ctx, CURVE, "dom", 0, &ev, &val, uid));
    TEST_ASSERT (attempt (ctx, CURVE, "", 0, &ev, &val, uid));
    TEST_ASSERT (!attempt (ctx, CURVE, "dom", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ev);
    TEST_ASSERT_EQ_INT (EFAULT, val);
    TEST_ASSERT (attempt (ctx, CURVE, "", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ev);

    /* A handler that refuses everyone. */
    static zap_handler_t z;
    z.status = 400;
    z.user_id = "enforced-user";
    zap_start (&z, ctx);
    TEST_ASSERT (!attempt (ctx, CURVE, "dom", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, ev);
    TEST_ASSERT_EQ_INT (400, val);
    TEST_ASSERT_EQ_INT (1, zap_requests (&z));
    /* No domain: the handler is not asked, the client is admitted. */
    TEST_ASSERT (attempt (ctx, CURVE, "", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ev);
    TEST_ASSERT_EQ_STR ("", uid);
    TEST_ASSERT_EQ_INT (1, zap_requests (&z));
    /* Without the option it is asked, and refuses. */
    TEST_ASSERT (!attempt (ctx, CURVE, "", 0, &ev, &val, uid));
    TEST_ASSERT_EQ_INT (2, zap_requests (&z));
    z.status = 200;
    TEST_ASSERT (attempt (ctx, CURVE, "dom", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_STR ("enforced-user", uid);
    TEST_ASSERT (attempt (ctx, NUL, "dom", 1, &ev, &val, uid));
    TEST_ASSERT_EQ_STR ("enforced-user", uid);
    TEST_ASSERT_EQ_INT (4, zap_requests (&z));

    zap_stop (&z);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
