/* Only regular files are read as credentials: a FIFO (which would block an
 * open() until a writer came) or a directory given as certificate, key,
 * CA or CRL makes zmq_bind / zmq_connect fail at once with ETLSCERT,
 * ETLSKEY or ETLSCA. A FIFO inside ZMQ_TLS_CA_DIR is skipped and the
 * directory's CA is used. The test runs under alarm(10) so a blocking open
 * fails it rather than hanging. */
#include "tlsutil.h"

#include <sys/stat.h>

static char dir[64];

static const char *at (const char *name)
{
    static char b[8][160];
    static int n;
    char *r = b[n++ % 8];
    snprintf (r, 160, "%s/%s", dir, name);
    return r;
}

/* Bind (server) or connect with one credential path replaced by PATH. */
static void expect_err (void *ctx, int opt, const char *path, int err)
{
    int server = opt != ZMQ_TLS_CA_FILE && opt != ZMQ_TLS_CRL_FILE;
    void *s = test_socket (ctx, server ? ZMQ_REP : ZMQ_REQ);
    tls_creds (s, server ? NULL : "ca.crt", server ? "server.crt" : NULL,
               server ? "server.key" : NULL);
    set_str_opt (s, opt, path);
    int rc = server ? zmq_bind (s, "tls://127.0.0.1:*")
                    : zmq_connect (s, "tls://127.0.0.1:5555");
    TEST_ASSERT_MSG (rc == -1 && zmq_errno () == err,
                     "option %d = %s: rc %d errno %s, expected %s", opt, path,
                     rc, tls_errno_name (zmq_errno ()), tls_errno_name (err));
    TEST_ZMQ_OK (zmq_close (s));
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    alarm (10);
    snprintf (dir, sizeof dir, "/tmp/zmq-tls-fifo-XXXXXX");
    TEST_ASSERT (mkdtemp (dir) != NULL);
    TEST_ASSERT (mkfifo (at ("fifo"), 0600) == 0);
    TEST_ASSERT (mkdir (at ("adir"), 0700) == 0);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    expect_err (ctx, ZMQ_TLS_CERT_FILE, at ("fifo"), ETLSCERT);
    expect_err (ctx, ZMQ_TLS_CERT_FILE, at ("adir"), ETLSCERT);
    expect_err (ctx, ZMQ_TLS_KEY_FILE, at ("fifo"), ETLSKEY);
    expect_err (ctx, ZMQ_TLS_KEY_FILE, at ("adir"), ETLSKEY);
    expect_err (ctx, ZMQ_TLS_CA_FILE, at ("fifo"), ETLSCA);
    expect_err (ctx, ZMQ_TLS_CA_FILE, at ("adir"), ETLSCA);
    expect_err (ctx, ZMQ_TLS_CRL_FILE, at ("fifo"), ETLSCA);
    expect_err (ctx, ZMQ_TLS_CRL_FILE, at ("adir"), ETLSCA);

    /* CA_DIR must be a directory */
    void *s = test_socket (ctx, ZMQ_REQ);
    set_str_opt (s, ZMQ_TLS_CA_DIR, cert ("ca.crt"));
    TEST_ASSERT_EQ_INT (-1, zmq_connect (s, "tls://127.0.0.1:5555"));
    TEST_ASSERT_EQ_INT (ETLSCA, zmq_errno ());
    TEST_ZMQ_OK (zmq_close (s));

    /* a CA_DIR holding a FIFO next to the CA: the FIFO is skipped */
    TEST_ASSERT (mkfifo (at ("adir/zz-fifo.pem"), 0600) == 0);
    TEST_ASSERT (symlink (cert ("ca.crt"), at ("adir/ca.pem")) == 0);
    char ep[256];
    void *server = tls_server (ctx, ZMQ_REP, ep, sizeof ep);
    void *client = test_socket (ctx, ZMQ_REQ);
    set_str_opt (client, ZMQ_TLS_CA_DIR, at ("adir"));
    TEST_ZMQ_OK (zmq_connect (client, ep));
    req_rep_roundtrip (client, server, "hello", "world");
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    unlink (at ("adir/zz-fifo.pem"));
    unlink (at ("adir/ca.pem"));
    rmdir (at ("adir"));
    unlink (at ("fifo"));
    rmdir (dir);
    return 0;
}
