/* CURVE (RFC 26), as libzmq 4.3:
 * - keys set as 40 Z85 chars, with a NUL (41) or as 32 bytes; read back
 *   as 32 bytes or Z85 (41-byte buffer); MECHANISM reads ZMQ_CURVE;
 *   CURVE_SERVER reads back; a 39-char key is EINVAL;
 * - a client with the server's public key talks to the server: multipart,
 *   empty and 1 MiB messages both ways (DEALER/ROUTER);
 * - a client with the wrong server key gets nothing through; the server
 *   reports HANDSHAKE_FAILED_PROTOCOL / ZMTP_CRYPTOGRAPHIC;
 * - with a ZAP handler: the request names "CURVE" and carries the
 *   client's 32-byte public key; 400 refuses; 200 admits with User-Id;
 * - a client whose configured public key does not match its secret key
 *   is refused (its vouch fails), as libzmq sends the configured key;
 * - ours only: a CURVE socket missing a key fails bind/connect (EINVAL)
 *   where libzmq would run with all-zero keys. */
#include "zaputil.h"

static char srv_pub[41], srv_sec[41], cli_pub[41], cli_sec[41];

static void set_key (void *s, int opt, const char *z85)
{
    TEST_ZMQ_OK (zmq_setsockopt (s, opt, z85, 40));
}

static void *server (void *ctx, char *ep)
{
    void *r = test_socket (ctx, ZMQ_ROUTER);
    set_int_opt (r, ZMQ_CURVE_SERVER, 1);
    set_key (r, ZMQ_CURVE_SECRETKEY, srv_sec);
    bind_ephemeral (r, ep, 64);
    return r;
}

static void *client (void *ctx, const char *ep, const char *server_key)
{
    void *d = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_setsockopt (d, ZMQ_ROUTING_ID, "C", 1));
    set_key (d, ZMQ_CURVE_SERVERKEY, server_key);
    set_key (d, ZMQ_CURVE_PUBLICKEY, cli_pub);
    set_key (d, ZMQ_CURVE_SECRETKEY, cli_sec);
    TEST_ZMQ_OK (zmq_connect (d, ep));
    return d;
}

static void test_options (void *ctx)
{
    void *s = test_socket (ctx, ZMQ_DEALER);
    set_key (s, ZMQ_CURVE_SERVERKEY, srv_pub);
    TEST_ASSERT_EQ_INT (ZMQ_CURVE, get_int_opt (s, ZMQ_MECHANISM));
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_CURVE_SERVER));
    char with_nul[41];
    memcpy (with_nul, cli_pub, 41);
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, with_nul, 41));
    unsigned char raw[32];
    TEST_ASSERT (zmq_z85_decode (raw, cli_sec) != NULL);
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, raw, 32));
    char z[41];
    size_t len = sizeof z;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_CURVE_SECRETKEY, z, &len));
    TEST_ASSERT_EQ_INT (41, (int) len);
    TEST_ASSERT_EQ_STR (cli_sec, z);
    unsigned char back[32];
    len = sizeof back;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_CURVE_PUBLICKEY, back, &len));
    TEST_ASSERT_EQ_INT (32, (int) len);
    TEST_ASSERT (zmq_z85_decode (raw, cli_pub) && memcmp (raw, back, 32) == 0);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, srv_pub, 39));
    set_int_opt (s, ZMQ_CURVE_SERVER, 1);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_CURVE_SERVER));
    TEST_ZMQ_OK (zmq_close (s));
    if (zmq_has ("tls")) {
        void *x = test_socket (ctx, ZMQ_DEALER);
        set_int_opt (x, ZMQ_CURVE_SERVER, 1);
        TEST_ZMQ_ERR (EINVAL, zmq_bind (x, "tcp://127.0.0.1:*"));
        TEST_ZMQ_OK (zmq_close (x));
        x = test_socket (ctx, ZMQ_DEALER);
        set_key (x, ZMQ_CURVE_SERVERKEY, srv_pub);
        TEST_ZMQ_ERR (EINVAL, zmq_connect (x, "tcp://127.0.0.1:5555"));
        TEST_ZMQ_OK (zmq_close (x));
    }
}

static void test_traffic (void *ctx)
{
    char ep[64];
    void *r = server (ctx, ep);
    void *d = client (ctx, ep, srv_pub);
    const char *parts[] = {"multi", "", "part", NULL};
    send_strs (d, parts);
    const char *with_id[] = {"C", "multi", "", "part", NULL};
    RECV_STRS (r, with_id);
    size_t big = 1 << 20;
    char *buf = malloc (big), *in = malloc (big);
    for (size_t i = 0; i < big; i++)
        buf[i] = (char) (i * 31);
    send_str (r, "C", ZMQ_SNDMORE);
    TEST_ASSERT_EQ_INT ((int) big, zmq_send (r, buf, big, 0));
    TEST_ASSERT_EQ_INT ((int) big, zmq_recv (d, in, big, 0));
    TEST_ASSERT (memcmp (buf, in, big) == 0);
    free (buf);
    free (in);
    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (r));
}

static void test_wrong_key (void *ctx)
{
    char ep[64];
    void *r = server (ctx, ep);
    TEST_ZMQ_OK (zmq_socket_monitor (r, "inproc://curve-mon",
                                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL));
    void *mon = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (mon, "inproc://curve-mon"));
    void *d = client (ctx, ep, cli_pub); /* not the server's key */
    zmq_send (d, "x", 1, ZMQ_DONTWAIT);
    unsigned char ev[6];
    TEST_ASSERT_EQ_INT (6, zmq_recv (mon, ev, sizeof ev, 0));
    uint32_t value;
    memcpy (&value, ev + 2, 4);
    TEST_ASSERT_EQ_INT (ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC, (int) value);
    char buf[8];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (r, buf, sizeof buf, ZMQ_DONTWAIT));
    zmq_socket_monitor (r, NULL, 0);
    TEST_ZMQ_OK (zmq_close (mon));
    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (r));
}

static void test_mismatched_public (void *ctx)
{
    char ep[64];
    void *r = server (ctx, ep);
    void *d = test_socket (ctx, ZMQ_DEALER);
    set_key (d, ZMQ_CURVE_SERVERKEY, srv_pub);
    set_key (d, ZMQ_CURVE_PUBLICKEY, srv_pub); /* not ours */
    set_key (d, ZMQ_CURVE_SECRETKEY, cli_sec);
    TEST_ZMQ_OK (zmq_connect (d, ep));
    zmq_send (d, "x", 1, ZMQ_DONTWAIT);
    set_int_opt (r, ZMQ_RCVTIMEO, 500);
    char buf[8];
    TEST_ASSERT_EQ_INT (-1, zmq_recv (r, buf, sizeof buf, 0));
    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (r));
}

static void test_zap (void *ctx)
{
    static zap_handler_t z;
    z.status = 400;
    z.user_id = "curve-user";
    zap_start (&z, ctx);
    char ep[64];
    void *r = server (ctx, ep);
    void *d = client (ctx, ep, srv_pub);
    zmq_send (d, "refused", 7, ZMQ_DONTWAIT);
    set_int_opt (r, ZMQ_RCVTIMEO, 500);
    char buf[16];
    TEST_ASSERT_EQ_INT (-1, zmq_recv (r, buf, sizeof buf, 0));
    TEST_ASSERT_EQ_INT (7, z.frames);
    TEST_ASSERT_EQ_STR ("CURVE", (char *) z.frame[ZAP_MECHANISM]);
    TEST_ASSERT_EQ_INT (32, z.len[ZAP_CRED1]);
    unsigned char raw[32];
    TEST_ASSERT (zmq_z85_decode (raw, cli_pub)
                 && memcmp (raw, z.frame[ZAP_CRED1], 32) == 0);
    TEST_ZMQ_OK (zmq_close (d));
    z.status = 200;
    d = client (ctx, ep, srv_pub);
    send_str (d, "admitted", 0);
    set_int_opt (r, ZMQ_RCVTIMEO, 5000);
    RECV_STR (r, "C");
    zmq_msg_t m;
    zmq_msg_init (&m);
    TEST_ASSERT_EQ_INT (8, zmq_msg_recv (&m, r, 0));
    const char *uid = zmq_msg_gets (&m, "User-Id");
    TEST_ASSERT (uid && strcmp (uid, "curve-user") == 0);
    zmq_msg_close (&m);
    TEST_ZMQ_OK (zmq_close (d));
    TEST_ZMQ_OK (zmq_close (r));
    zap_stop (&z);
}

int main (void)
{
    TEST_ASSERT_EQ_INT (1, zmq_has ("curve"));
    TEST_ZMQ_OK (zmq_curve_keypair (srv_pub, srv_sec));
    TEST_ZMQ_OK (zmq_curve_keypair (cli_pub, cli_sec));
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    test_options (ctx);
    test_traffic (ctx);
    test_wrong_key (ctx);
    test_mismatched_public (ctx);
    test_zap (ctx);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
