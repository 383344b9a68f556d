/* setsockopt/getsockopt round trips and value validation, on all seven
 * socket types: accepted ranges (>= -1, >= 0, > 0, 0/1 booleans), EINVAL
 * outside them, INVERT_MATCHING normalised to 0/1, HEARTBEAT_TTL stored in
 * deciseconds, IPV6 == !IPV4ONLY, ZMQ_IPV6 inherited from the context,
 * read-only options rejected, 64-bit options, and the type-specific
 * write-only options accepted exactly where libzmq accepts them. */
#include "testutil.h"
#include <limits.h>

enum range_t
{
    GE_M1, /* >= -1 */
    GE_0,  /* >= 0 */
    GT_0,  /* > 0 */
    BOOL01 /* 0 or 1 */
};

typedef struct
{
    const char *name;
    int opt;
    enum range_t range;
} int_opt_t;

#define R(opt, range) {#opt, opt, range}
static const int_opt_t int_opts[] = {
  R (ZMQ_SNDBUF, GE_M1),
  R (ZMQ_RCVBUF, GE_M1),
  R (ZMQ_LINGER, GE_M1),
  R (ZMQ_RECONNECT_IVL, GE_M1),
  R (ZMQ_RCVTIMEO, GE_M1),
  R (ZMQ_SNDTIMEO, GE_M1),
  R (ZMQ_TCP_KEEPALIVE_CNT, GE_M1),
  R (ZMQ_TCP_KEEPALIVE_IDLE, GE_M1),
  R (ZMQ_TCP_KEEPALIVE_INTVL, GE_M1),
  R (ZMQ_RECOVERY_IVL, GE_0),
  R (ZMQ_BACKLOG, GE_0),
  R (ZMQ_RECONNECT_IVL_MAX, GE_0),
  R (ZMQ_SNDHWM, GE_0),
  R (ZMQ_RCVHWM, GE_0),
  R (ZMQ_TOS, GE_0),
  R (ZMQ_HANDSHAKE_IVL, GE_0),
  R (ZMQ_HEARTBEAT_IVL, GE_0),
  R (ZMQ_HEARTBEAT_TIMEOUT, GE_0),
  R (ZMQ_CONNECT_TIMEOUT, GE_0),
  R (ZMQ_TCP_MAXRT, GE_0),
  R (ZMQ_RATE, GT_0),
  R (ZMQ_MULTICAST_HOPS, GT_0),
  R (ZMQ_MULTICAST_MAXTPDU, GT_0),
  R (ZMQ_IPV6, BOOL01),
  R (ZMQ_IPV4ONLY, BOOL01),
  R (ZMQ_IMMEDIATE, BOOL01),
};

/* libzmq 4.3's draft flags 94 and 96 (its zmq.h names them only with
 * ZMQ_BUILD_DRAFT_API, but the library takes them in every build, and
 * pyzmq reads every int option): any int sets them, read back as 0/1;
 * MULTICAST_LOOP is on by default. */
#ifndef ZMQ_LOOPBACK_FASTPATH
#define ZMQ_LOOPBACK_FASTPATH 94
#endif
#ifndef ZMQ_MULTICAST_LOOP
#define ZMQ_MULTICAST_LOOP 96
#endif
static void check_draft_flags (void *s)
{
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_LOOPBACK_FASTPATH));
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_MULTICAST_LOOP));
    int opts[] = {ZMQ_LOOPBACK_FASTPATH, ZMQ_MULTICAST_LOOP};
    for (int i = 0; i < 2; i++) {
        set_int_opt (s, opts[i], 7);
        TEST_ASSERT_EQ_INT (1, get_int_opt (s, opts[i]));
        set_int_opt (s, opts[i], 0);
        TEST_ASSERT_EQ_INT (0, get_int_opt (s, opts[i]));
        short wrong = 1;
        errno = 0;
        TEST_ASSERT (zmq_setsockopt (s, opts[i], &wrong, sizeof wrong) == -1
                     && errno == EINVAL);
    }
}

static int try_set (void *s, int opt, int v)
{
    return zmq_setsockopt (s, opt, &v, sizeof v);
}

static void check_int_opts (void *s, int type)
{
    for (size_t i = 0; i < sizeof int_opts / sizeof int_opts[0]; i++) {
        const int_opt_t *o = &int_opts[i];
        int good[6], ngood = 0, bad[4], nbad = 0;
        switch (o->range) {
            case GE_M1:
                good[ngood++] = -1;
                good[ngood++] = 0;
                good[ngood++] = 1;
                good[ngood++] = 1000;
                good[ngood++] = INT_MAX;
                bad[nbad++] = -2;
                bad[nbad++] = INT_MIN;
                break;
            case GE_0:
                good[ngood++] = 0;
                good[ngood++] = 1;
                good[ngood++] = 1000;
                good[ngood++] = INT_MAX;
                bad[nbad++] = -1;
                bad[nbad++] = INT_MIN;
                break;
            case GT_0:
                good[ngood++] = 1;
                good[ngood++] = 1000;
                good[ngood++] = INT_MAX;
                bad[nbad++] = 0;
                bad[nbad++] = -1;
                break;
            case BOOL01:
                good[ngood++] = 1;
                good[ngood++] = 0;
                bad[nbad++] = 2;
                bad[nbad++] = -1;
                break;
        }
        for (int k = 0; k < ngood; k++) {
            int rc = try_set (s, o->opt, good[k]);
            TEST_ASSERT_MSG (rc == 0, "type %d %s=%d rejected: %s", type,
                             o->name, good[k], zmq_strerror (zmq_errno ()));
            int got = get_int_opt (s, o->opt);
            TEST_ASSERT_MSG (got == good[k], "type %d %s: set %d, got %d",
                             type, o->name, good[k], got);
        }
        int before = get_int_opt (s, o->opt);
        for (int k = 0; k < nbad; k++) {
            errno = 0;
            int rc = try_set (s, o->opt, bad[k]);
            TEST_ASSERT_MSG (rc == -1 && errno == EINVAL,
                             "type %d %s=%d: expected EINVAL, rc %d errno %d",
                             type, o->name, bad[k], rc, errno);
        }
        /* A rejected value leaves the option unchanged. */
        TEST_ASSERT_EQ_INT (before, get_int_opt (s, o->opt));
    }

    /* TCP_KEEPALIVE: -1, 0, 1 only. */
    for (int v = -1; v <= 1; v++) {
        set_int_opt (s, ZMQ_TCP_KEEPALIVE, v);
        TEST_ASSERT_EQ_INT (v, get_int_opt (s, ZMQ_TCP_KEEPALIVE));
    }
    TEST_ZMQ_ERR (EINVAL, try_set (s, ZMQ_TCP_KEEPALIVE, 2));
    TEST_ZMQ_ERR (EINVAL, try_set (s, ZMQ_TCP_KEEPALIVE, -2));

    /* INVERT_MATCHING: any int, read back as 0/1. */
    set_int_opt (s, ZMQ_INVERT_MATCHING, 7);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_INVERT_MATCHING));
    set_int_opt (s, ZMQ_INVERT_MATCHING, -3);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_INVERT_MATCHING));
    set_int_opt (s, ZMQ_INVERT_MATCHING, 0);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_INVERT_MATCHING));

    /* HEARTBEAT_TTL: ms, kept in deciseconds (max 0xffff ds). */
    set_int_opt (s, ZMQ_HEARTBEAT_TTL, 5000);
    TEST_ASSERT_EQ_INT (5000, get_int_opt (s, ZMQ_HEARTBEAT_TTL));
    set_int_opt (s, ZMQ_HEARTBEAT_TTL, 5050);
    TEST_ASSERT_EQ_INT (5000, get_int_opt (s, ZMQ_HEARTBEAT_TTL));
    set_int_opt (s, ZMQ_HEARTBEAT_TTL, 99);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_HEARTBEAT_TTL));
    set_int_opt (s, ZMQ_HEARTBEAT_TTL, 6553599);
    TEST_ASSERT_EQ_INT (6553500, get_int_opt (s, ZMQ_HEARTBEAT_TTL));
    TEST_ZMQ_ERR (EINVAL, try_set (s, ZMQ_HEARTBEAT_TTL, 6553600));
    TEST_ZMQ_ERR (EINVAL, try_set (s, ZMQ_HEARTBEAT_TTL, -100));
    set_int_opt (s, ZMQ_HEARTBEAT_TTL, 0);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_HEARTBEAT_TTL));

    /* IPV6 and IPV4ONLY are two views of one flag. */
    set_int_opt (s, ZMQ_IPV6, 1);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_IPV4ONLY));
    set_int_opt (s, ZMQ_IPV4ONLY, 1);
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_IPV6));
    set_int_opt (s, ZMQ_IPV4ONLY, 0);
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_IPV6));
    set_int_opt (s, ZMQ_IPV6, 0);

    /* Read-only options. */
    int ro[] = {ZMQ_TYPE,     ZMQ_RCVMORE, ZMQ_FD,       ZMQ_EVENTS,
                ZMQ_LAST_ENDPOINT, ZMQ_THREAD_SAFE, ZMQ_MECHANISM};
    for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
        TEST_ZMQ_ERR (EINVAL, try_set (s, ro[i], 1));

    /* 64-bit options. */
    int64_t maxmsg = 4096;
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg));
    maxmsg = 0;
    size_t len = sizeof maxmsg;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, &len));
    TEST_ASSERT_EQ_INT (4096, maxmsg);
    maxmsg = -1;
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg));
    len = sizeof maxmsg;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, &len));
    TEST_ASSERT_EQ_INT (-1, maxmsg);

    uint64_t aff = 0xFFFFFFFFFFFFFFFFull;
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_AFFINITY, &aff, sizeof aff));
    aff = 0;
    len = sizeof aff;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_AFFINITY, &aff, &len));
    TEST_ASSERT (aff == 0xFFFFFFFFFFFFFFFFull);
    aff = 3;
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_AFFINITY, &aff, sizeof aff));
    len = sizeof aff;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_AFFINITY, &aff, &len));
    TEST_ASSERT (aff == 3);

    /* ROUTING_ID is settable on every type, binary-safe. */
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_ROUTING_ID, "\0bin\xff", 5));
    char buf[256];
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ROUTING_ID, buf, &len));
    TEST_ASSERT_EQ_INT (5, len);
    TEST_ASSERT_EQ_MEM ("\0bin\xff", buf, 5);
    /* ZMQ_IDENTITY is the old name of the same option. */
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_IDENTITY, "ab", 2));
    len = sizeof buf;
    TEST_ZMQ_OK (zmq_getsockopt (s, ZMQ_ROUTING_ID, buf, &len));
    TEST_ASSERT_EQ_INT (2, len);
    TEST_ASSERT_EQ_MEM ("ab", buf, 2);
}

/* Write-only, type-specific options: accepted (>= 0) where libzmq accepts
 * them, EINVAL elsewhere. REP derives from ROUTER in libzmq and accepts the
 * ROUTER options too. */
typedef struct
{
    const char *name;
    int opt;
    int types_mask; /* bit per socket type */
} specific_t;

#define BIT(t) (1 << (t))
static const specific_t specific[] = {
  {"ZMQ_ROUTER_MANDATORY", ZMQ_ROUTER_MANDATORY, BIT (ZMQ_ROUTER) | BIT (ZMQ_REP)},
  {"ZMQ_ROUTER_HANDOVER", ZMQ_ROUTER_HANDOVER, BIT (ZMQ_ROUTER) | BIT (ZMQ_REP)},
  {"ZMQ_PROBE_ROUTER", ZMQ_PROBE_ROUTER,
   BIT (ZMQ_ROUTER) | BIT (ZMQ_REP) | BIT (ZMQ_REQ) | BIT (ZMQ_DEALER)},
  {"ZMQ_REQ_CORRELATE", ZMQ_REQ_CORRELATE, BIT (ZMQ_REQ)},
  {"ZMQ_REQ_RELAXED", ZMQ_REQ_RELAXED, BIT (ZMQ_REQ)},
};

static void check_specific (void *s, int type)
{
    for (size_t i = 0; i < sizeof specific / sizeof specific[0]; i++) {
        const specific_t *o = &specific[i];
        if (o->types_mask & BIT (type)) {
            TEST_ASSERT_MSG (try_set (s, o->opt, 1) == 0, "type %d %s=1: %s",
                             type, o->name, zmq_strerror (zmq_errno ()));
            TEST_ASSERT_MSG (try_set (s, o->opt, 0) == 0, "type %d %s=0: %s",
                             type, o->name, zmq_strerror (zmq_errno ()));
            TEST_ASSERT_MSG (try_set (s, o->opt, 5) == 0, "type %d %s=5: %s",
                             type, o->name, zmq_strerror (zmq_errno ()));
            errno = 0;
            TEST_ASSERT_MSG (try_set (s, o->opt, -1) == -1 && errno == EINVAL,
                             "type %d %s=-1 accepted", type, o->name);
        } else {
            errno = 0;
            TEST_ASSERT_MSG (try_set (s, o->opt, 1) == -1 && errno == EINVAL,
                             "type %d %s should be EINVAL (errno %d)", type,
                             o->name, errno);
        }
        /* Never readable. */
        int v;
        size_t len = sizeof v;
        TEST_ZMQ_ERR (EINVAL, zmq_getsockopt (s, o->opt, &v, &len));
    }

    /* CONNECT_ROUTING_ID: ROUTER (and REP) only, binary, non-empty. */
    if (type == ZMQ_ROUTER || type == ZMQ_REP) {
        TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_CONNECT_ROUTING_ID, "peer", 4));
        TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (s, ZMQ_CONNECT_ROUTING_ID, "", 0));
    } else {
        TEST_ZMQ_ERR (EINVAL,
                      zmq_setsockopt (s, ZMQ_CONNECT_ROUTING_ID, "peer", 4));
    }
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int types[] = {ZMQ_PAIR, ZMQ_PUSH,   ZMQ_PULL,  ZMQ_REQ,
                   ZMQ_REP,  ZMQ_DEALER, ZMQ_ROUTER};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        void *s = TEST_ZMQ_PTR (zmq_socket (ctx, types[i]));
        fprintf (stderr, "socket type %d\n", types[i]);
        check_int_opts (s, types[i]);
        check_specific (s, types[i]);
        check_draft_flags (s);
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));

    /* ZMQ_IPV6 on the context is the default for new sockets. */
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 1));
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PAIR));
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_IPV6));
    TEST_ASSERT_EQ_INT (0, get_int_opt (s, ZMQ_IPV4ONLY));
    /* ... at creation time only. */
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IPV6, 0));
    TEST_ASSERT_EQ_INT (1, get_int_opt (s, ZMQ_IPV6));
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
