/* OURS ONLY (skipped against real libzmq, which implements all of these):
 * options that our library does not implement, and whose silent acceptance
 * would weaken security or change delivery, are rejected by zmq_setsockopt
 * with -1/EINVAL, as a libzmq built without the feature does: ZMQ_PLAIN_SERVER,
 * ZMQ_PLAIN_USERNAME, ZMQ_PLAIN_PASSWORD (a PLAIN server that accepted the
 * option would run the NULL mechanism and let everyone in) and
 * ZMQ_ZAP_DOMAIN (no ZAP handler is ever asked). (ZMQ_CONFLATE is
 * implemented now: test_conflate.)
 * Each is set with a valid-looking value on a fresh socket; afterwards
 * ZMQ_MECHANISM still reads ZMQ_NULL.
 *
 * Real libzmq is detected by zmq_has("tls") == 0 (our library has TLS);
 * the test exits 77 there. Remove an option from this list when it gets
 * implemented (and test the feature instead). */
#include "testutil.h"

#include <sys/socket.h>

typedef struct
{
    int option;
    const char *name;
    int is_int;
    int int_value;
    const char *str_value;
} opt_t;

int main (void)
{
    if (!zmq_has ("tls")) {
        printf ("real libzmq (zmq_has(\"tls\") == 0): these options are "
                "implemented there; skipped\n");
        return 77;
    }
    const opt_t opts[] = {
      {ZMQ_PLAIN_SERVER, "ZMQ_PLAIN_SERVER", 1, 1, NULL},
      {ZMQ_PLAIN_USERNAME, "ZMQ_PLAIN_USERNAME", 0, 0, "admin"},
      {ZMQ_PLAIN_PASSWORD, "ZMQ_PLAIN_PASSWORD", 0, 0, "secret"},
      {ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN", 0, 0, "global"},
    };
    const int n = (int) (sizeof opts / sizeof opts[0]);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int failures = 0;
    for (int i = 0; i < n; i++) {
        /* DEALER accepts every one of these in libzmq. */
        void *s = test_socket (ctx, ZMQ_DEALER);
        errno = 0;
        int rc;
        if (opts[i].is_int) {
            int v = opts[i].int_value;
            rc = zmq_setsockopt (s, opts[i].option, &v, sizeof v);
        } else {
            rc = zmq_setsockopt (s, opts[i].option, opts[i].str_value,
                                 strlen (opts[i].str_value));
        }
        int en = zmq_errno ();
        int mech = get_int_opt (s, ZMQ_MECHANISM);
        if (rc != -1 || en != EINVAL) {
            printf ("FAIL %-22s setsockopt returned %d (errno %d %s), "
                    "expected -1/EINVAL\n",
                    opts[i].name, rc, rc == -1 ? en : 0,
                    rc == -1 ? zmq_strerror (en) : "-");
            failures++;
        } else {
            printf ("ok   %-22s rejected with EINVAL\n", opts[i].name);
        }
        if (mech != ZMQ_NULL) {
            printf ("FAIL %-22s ZMQ_MECHANISM is %d after it, expected "
                    "ZMQ_NULL\n",
                    opts[i].name, mech);
            failures++;
        }
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    fflush (stdout);
    TEST_ASSERT_MSG (failures == 0,
                     "%d option(s) accepted though not implemented", failures);
    return 0;
}
