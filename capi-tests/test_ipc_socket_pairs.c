/* Every socket-type pair of the stable patterns works over ipc:// (a path
 * in a private directory): PAIR-PAIR, PUSH-PULL, REQ-REP, DEALER-REP,
 * REQ-ROUTER, DEALER-ROUTER, DEALER-DEALER, ROUTER-ROUTER, each run twice
 * (the first type binding, then the second type binding). In each run a
 * multipart message with an empty frame in the middle and a 1 MiB message
 * travel both ways (PUSH-PULL: one way), with the envelopes each pattern
 * adds or needs (REQ's delimiter, ROUTER's routing id), checked frame by
 * frame including ZMQ_RCVMORE. ipc:// carries the same ZMTP as tcp://, so
 * nothing here may differ from the tcp:// pattern tests. */
#include "ipcutil.h"

#define BIG (1024 * 1024)

typedef struct
{
    const void *data;
    size_t len;
} frame_t;

static unsigned char *big_a, *big_b;

static void send_frames (void *s, const frame_t *f, int n, int more_after)
{
    for (int i = 0; i < n; i++) {
        int flags = (i + 1 < n || more_after) ? ZMQ_SNDMORE : 0;
        int rc = TEST_ZMQ_OK (zmq_send (s, f[i].data, f[i].len, flags));
        TEST_ASSERT_EQ_INT ((int) f[i].len, rc);
    }
}

/* Receive n frames equal to f; the last must end the message unless
 * more_after. */
static void expect_frames (void *s, const frame_t *f, int n, int more_after)
{
    for (int i = 0; i < n; i++) {
        zmq_msg_t m;
        zmq_msg_init (&m);
        int rc = zmq_msg_recv (&m, s, 0);
        TEST_ASSERT_MSG (rc != -1, "frame %d: %s", i,
                         zmq_strerror (zmq_errno ()));
        TEST_ASSERT_MSG (zmq_msg_size (&m) == f[i].len,
                         "frame %d: %zu bytes, expected %zu", i,
                         zmq_msg_size (&m), f[i].len);
        TEST_ASSERT_MSG (memcmp (zmq_msg_data (&m), f[i].data, f[i].len) == 0,
                         "frame %d: content differs", i);
        int more = zmq_msg_more (&m);
        zmq_msg_close (&m);
        TEST_ASSERT_EQ_INT ((i + 1 < n || more_after) ? 1 : 0, more);
    }
}

/* A ROUTER's routing-id frame (with more to follow). */
static size_t recv_id (void *router, unsigned char *id, size_t cap)
{
    int n = zmq_recv (router, id, cap, 0);
    TEST_ASSERT_MSG (n > 0 && (size_t) n <= cap, "routing id: %d (%s)", n,
                     zmq_strerror (zmq_errno ()));
    TEST_ASSERT_EQ_INT (1, rcvmore (router));
    return (size_t) n;
}

static const frame_t empty_frame[] = {{"", 0}};

/* The two bodies sent each way: multipart, then one 1 MiB frame. */
static void body (int which, int dir, const frame_t **f, int *n)
{
    static frame_t small[2][3] = {
      {{"alpha", 5}, {"", 0}, {"gamma-3", 7}},
      {{"reply-1", 7}, {"", 0}, {"z", 1}},
    };
    static frame_t big[2][1];
    big[0][0].data = big_a;
    big[0][0].len = BIG;
    big[1][0].data = big_b;
    big[1][0].len = BIG;
    if (which == 0) {
        *f = small[dir];
        *n = 3;
    } else {
        *f = big[dir];
        *n = 1;
    }
}

/* PAIR/DEALER/PUSH: from -> to, no envelope. */
static void plain_one_way (void *from, void *to, int dir)
{
    for (int which = 0; which < 2; which++) {
        const frame_t *f;
        int n;
        body (which, dir, &f, &n);
        send_frames (from, f, n, 0);
        expect_frames (to, f, n, 0);
    }
}

/* Request-reply: client (REQ or DEALER) and server (REP or ROUTER). */
static void request_reply (int ct, void *client, int st, void *server)
{
    for (int which = 0; which < 2; which++) {
        const frame_t *req, *rep;
        int nreq, nrep;
        body (which, 0, &req, &nreq);
        body (which, 1, &rep, &nrep);
        /* A DEALER talking to REP writes the delimiter REQ would add. */
        int dealer_delim = ct == ZMQ_DEALER && st == ZMQ_REP;
        if (dealer_delim)
            send_frames (client, empty_frame, 1, 1);
        send_frames (client, req, nreq, 0);

        unsigned char id[256];
        size_t idlen = 0;
        if (st == ZMQ_ROUTER) {
            idlen = recv_id (server, id, sizeof id);
            if (ct == ZMQ_REQ)
                expect_frames (server, empty_frame, 1, 1);
        }
        expect_frames (server, req, nreq, 0);

        if (st == ZMQ_ROUTER) {
            frame_t idf = {id, idlen};
            send_frames (server, &idf, 1, 1);
            if (ct == ZMQ_REQ)
                send_frames (server, empty_frame, 1, 1);
        }
        send_frames (server, rep, nrep, 0);

        if (dealer_delim)
            expect_frames (client, empty_frame, 1, 1);
        expect_frames (client, rep, nrep, 0);
    }
}

/* ROUTER-ROUTER: both have routing ids and ROUTER_MANDATORY; the first
 * send waits (bounded) for the peer to become routable. */
static void router_router (void *a, void *b)
{
    frame_t ida = {"rid-a", 5}, idb = {"rid-b", 5};
    int64_t deadline = now_ms () + 5000;
    while (zmq_send (a, idb.data, idb.len, ZMQ_SNDMORE) == -1) {
        TEST_ASSERT_MSG (zmq_errno () == EHOSTUNREACH, "send: %s",
                         zmq_strerror (zmq_errno ()));
        TEST_ASSERT_MSG (now_ms () < deadline, "rid-b never routable");
        sleep_ms (10);
    }
    TEST_ZMQ_OK (zmq_send (a, "hello", 5, 0));
    expect_frames (b, &ida, 1, 1);
    RECV_STR (b, "hello");
    TEST_ASSERT_EQ_INT (0, rcvmore (b));

    for (int which = 0; which < 2; which++) {
        for (int dir = 0; dir < 2; dir++) {
            void *from = dir == 0 ? a : b, *to = dir == 0 ? b : a;
            const frame_t *peer = dir == 0 ? &idb : &ida;
            const frame_t *self = dir == 0 ? &ida : &idb;
            const frame_t *f;
            int n;
            body (which, dir, &f, &n);
            send_frames (from, peer, 1, 1);
            send_frames (from, f, n, 0);
            expect_frames (to, self, 1, 1);
            expect_frames (to, f, n, 0);
        }
    }
}

static const char *type_name (int t)
{
    switch (t) {
        case ZMQ_PAIR:
            return "PAIR";
        case ZMQ_PUSH:
            return "PUSH";
        case ZMQ_PULL:
            return "PULL";
        case ZMQ_REQ:
            return "REQ";
        case ZMQ_REP:
            return "REP";
        case ZMQ_DEALER:
            return "DEALER";
        case ZMQ_ROUTER:
            return "ROUTER";
    }
    return "?";
}

static void run_pair (void *ctx, const char *dir, int ta, int tb,
                      int a_binds, int round)
{
    char path[256], ep[280];
    snprintf (path, sizeof path, "%s/%d.sock", dir, round);
    snprintf (ep, sizeof ep, "ipc://%s", path);

    void *a = test_socket (ctx, ta);
    void *b = test_socket (ctx, tb);
    if (ta == ZMQ_ROUTER && tb == ZMQ_ROUTER) {
        TEST_ZMQ_OK (zmq_setsockopt (a, ZMQ_ROUTING_ID, "rid-a", 5));
        TEST_ZMQ_OK (zmq_setsockopt (b, ZMQ_ROUTING_ID, "rid-b", 5));
        set_int_opt (a, ZMQ_ROUTER_MANDATORY, 1);
        set_int_opt (b, ZMQ_ROUTER_MANDATORY, 1);
    }
    void *binder = a_binds ? a : b, *connecter = a_binds ? b : a;
    TEST_ZMQ_OK (zmq_bind (binder, ep));
    TEST_ZMQ_OK (zmq_connect (connecter, ep));

    fprintf (stderr, "%s-%s, the %s binds\n", type_name (ta), type_name (tb),
             a_binds ? "first" : "second");
    if (ta == ZMQ_PAIR || ta == ZMQ_DEALER) {
        if (tb == ZMQ_PAIR || tb == ZMQ_DEALER) {
            plain_one_way (a, b, 0);
            plain_one_way (b, a, 1);
        } else
            request_reply (ta, a, tb, b);
    } else if (ta == ZMQ_PUSH)
        plain_one_way (a, b, 0);
    else if (ta == ZMQ_REQ)
        request_reply (ta, a, tb, b);
    else
        router_router (a, b);

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
}

int main (void)
{
    char dir[128];
    ipc_tmpdir (dir, sizeof dir, "pairs");

    big_a = malloc (BIG);
    big_b = malloc (BIG);
    TEST_ASSERT (big_a && big_b);
    for (size_t i = 0; i < BIG; i++) {
        big_a[i] = (unsigned char) (i * 7 + (i >> 12));
        big_b[i] = (unsigned char) (i * 13 + 5 + (i >> 10));
    }

    static const int pairs[][2] = {
      {ZMQ_PAIR, ZMQ_PAIR},     {ZMQ_PUSH, ZMQ_PULL},
      {ZMQ_REQ, ZMQ_REP},       {ZMQ_DEALER, ZMQ_REP},
      {ZMQ_REQ, ZMQ_ROUTER},    {ZMQ_DEALER, ZMQ_ROUTER},
      {ZMQ_DEALER, ZMQ_DEALER}, {ZMQ_ROUTER, ZMQ_ROUTER},
    };
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int round = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        for (int a_binds = 1; a_binds >= 0; a_binds--)
            run_pair (ctx, dir, pairs[i][0], pairs[i][1], a_binds, round++);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    free (big_a);
    free (big_b);
    ipc_rmtree (dir);
    return 0;
}
