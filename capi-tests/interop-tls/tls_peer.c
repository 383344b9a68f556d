/* One side of the TLS interop run: a REQ client or REP server exchanging
 * <count> numbered messages plus a 1 MiB one, in order.
 *
 *   tls_peer server <endpoint> <endpoint-file> <count> [certdir]
 *   tls_peer client <endpoint> <count> [certdir]
 *
 * Built against our library (WITH_TLS: uses tls:// options when a certdir
 * is given) and against Debian's libzmq (plain tcp only), so that a socat
 * TLS terminator can bridge real libzmq's tcp to our tls.
 */
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG (1 << 20)

static void die (const char *what)
{
    fprintf (stderr, "tls_peer: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    exit (1);
}

#ifdef WITH_TLS
static void set_str (void *s, int opt, const char *dir, const char *file)
{
    char p[1024];
    snprintf (p, sizeof p, "%s/%s", dir, file);
    if (zmq_setsockopt (s, opt, p, strlen (p)))
        die (file);
}

static void tls_opts (void *s, const char *dir, const char *who)
{
    char f[64];
    set_str (s, ZMQ_TLS_CA_FILE, dir, "ca.crt");
    snprintf (f, sizeof f, "%s.crt", who);
    set_str (s, ZMQ_TLS_CERT_FILE, dir, f);
    snprintf (f, sizeof f, "%s.key", who);
    set_str (s, ZMQ_TLS_KEY_FILE, dir, f);
}
#endif

static void fill (char *buf, size_t n, int seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char) ((i * 31 + seed) & 0xff);
}

int main (int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int server = !strcmp (argv[1], "server");
    const char *ep = argv[2];
    int count = atoi (argv[server ? 4 : 3]);
    const char *certdir = argc > (server ? 5 : 4) ? argv[server ? 5 : 4] : NULL;
    void *ctx = zmq_ctx_new ();
    void *s = zmq_socket (ctx, server ? ZMQ_REP : ZMQ_REQ);
    int to = 10000;
    zmq_setsockopt (s, ZMQ_RCVTIMEO, &to, sizeof to);
    zmq_setsockopt (s, ZMQ_SNDTIMEO, &to, sizeof to);
    int linger = 1000;
    zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger);
#ifdef WITH_TLS
    if (certdir) {
        tls_opts (s, certdir, server ? "server" : "client");
        if (!server && zmq_setsockopt (s, ZMQ_TLS_CERT_COMMON_NAME, "server", 6))
            die ("common name");
    }
#else
    (void) certdir;
#endif
    static char big[BIG], got[BIG];
    fill (big, BIG, 7);
    if (server) {
        if (zmq_bind (s, ep))
            die ("bind");
        char last[256];
        size_t len = sizeof last;
        zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, last, &len);
        char tmp[1024];
        snprintf (tmp, sizeof tmp, "%s.tmp", argv[3]);
        FILE *f = fopen (tmp, "w");
        if (!f)
            return 1;
        fprintf (f, "%s", last);
        fclose (f);
        rename (tmp, argv[3]);
        for (int i = 0; i <= count; i++) {
            int n = zmq_recv (s, got, BIG, 0);
            if (n < 0)
                die ("server recv");
            if (zmq_send (s, got, n, 0) != n)
                die ("server send");
        }
    } else {
        if (zmq_connect (s, ep))
            die ("connect");
        for (int i = 0; i < count; i++) {
            char msg[32], rep[32];
            int n = snprintf (msg, sizeof msg, "msg-%d", i);
            if (zmq_send (s, msg, n, 0) != n)
                die ("client send");
            int r = zmq_recv (s, rep, sizeof rep, 0);
            if (r != n || memcmp (msg, rep, n)) {
                fprintf (stderr, "tls_peer: reply %d wrong\n", i);
                return 1;
            }
        }
        if (zmq_send (s, big, BIG, 0) != BIG)
            die ("client send big");
        int r = zmq_recv (s, got, BIG, 0);
        if (r != BIG || memcmp (big, got, BIG)) {
            fprintf (stderr, "tls_peer: 1 MiB reply wrong (%d)\n", r);
            return 1;
        }
        printf ("tls_peer client: %d messages + 1 MiB ok\n", count);
    }
    zmq_close (s);
    zmq_ctx_term (ctx);
    return 0;
}
