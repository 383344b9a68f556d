/* What the bind side accepts, probed with the openssl s_client CLI (skipped,
 * 77, without it): a default client negotiates TLS 1.3; a TLS 1.2 client
 * gets a forward-secret AEAD suite; TLS 1.0/1.1 and TLS 1.2 clients offering
 * only CBC or NULL suites are refused by the server (a TLS alert). */
#include "tlsutil.h"

#include <sys/wait.h>

static const char *openssl_bin (void)
{
    const char *o = getenv ("OPENSSL");
    return o && *o ? o : "openssl";
}

/* Run s_client against port with extra args; returns its exit status and
 * stores its combined output. */
static int s_client (int port, const char *args, char *out, size_t cap)
{
    char cmd[2048];
    snprintf (cmd, sizeof cmd,
              "timeout 10 %s s_client -connect 127.0.0.1:%d -CAfile %s "
              "-verify_return_error %s </dev/null 2>&1",
              openssl_bin (), port, cert ("ca.crt"), args);
    FILE *f = popen (cmd, "r");
    TEST_ASSERT (f != NULL);
    size_t n = 0;
    while (n + 1 < cap) {
        size_t r = fread (out + n, 1, cap - 1 - n, f);
        if (r == 0)
            break;
        n += r;
    }
    out[n] = '\0';
    /* s_client output may contain NULs; keep it printable */
    for (size_t i = 0; i < n; i++)
        if (out[i] == '\0')
            out[i] = '.';
    int st = pclose (f);
    return WIFEXITED (st) ? WEXITSTATUS (st) : 128;
}

/* Copy the line of out starting at needle into line. */
static const char *line_with (const char *out, const char *needle,
                              char *line, size_t cap)
{
    const char *p = strstr (out, needle);
    if (!p) {
        snprintf (line, cap, "(no \"%s\" line)", needle);
        return line;
    }
    const char *e = strchr (p, '\n');
    size_t len = e ? (size_t) (e - p) : strlen (p);
    if (len >= cap)
        len = cap - 1;
    memcpy (line, p, len);
    line[len] = '\0';
    return line;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    char cmd[512];
    snprintf (cmd, sizeof cmd, "%s version >/dev/null 2>&1", openssl_bin ());
    if (system (cmd) != 0) {
        printf ("no openssl CLI: skipped\n");
        return 77;
    }

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256];
    void *server = tls_server (ctx, ZMQ_PAIR, ep, sizeof ep);
    int port = endpoint_port (ep);
    static char out[65536];
    char line[256];

    /* default client: TLS 1.3 */
    int rc = s_client (port, "", out, sizeof out);
    TEST_ASSERT_MSG (rc == 0, "default s_client failed (%d):\n%s", rc, out);
    TEST_ASSERT_MSG (strstr (out, "New, TLSv1.3") != NULL,
                     "default client did not get TLS 1.3: %s",
                     line_with (out, "New, ", line, sizeof line));

    /* TLS 1.2 client: forward-secret AEAD suite */
    rc = s_client (port, "-tls1_2", out, sizeof out);
    TEST_ASSERT_MSG (rc == 0, "TLS 1.2 s_client failed (%d):\n%s", rc, out);
    line_with (out, "New, TLSv1.2, Cipher is ", line, sizeof line);
    TEST_ASSERT_MSG (strstr (line, "ECDHE-") != NULL
                       && (strstr (line, "GCM") || strstr (line, "CHACHA20")),
                     "TLS 1.2 suite: %s", line);

    /* refused by the server */
    const char *refused[] = {
      "-tls1_1 -cipher DEFAULT@SECLEVEL=0",
      "-tls1 -cipher DEFAULT@SECLEVEL=0",
      "-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA",
      "-tls1_2 -cipher ECDHE-ECDSA-AES256-SHA384",
      "-tls1_2 -cipher ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        rc = s_client (port, refused[i], out, sizeof out);
        TEST_ASSERT_MSG (rc != 0 && strstr (out, "alert") != NULL,
                         "s_client %s: expected a refusal (TLS alert from "
                         "the server), got exit %d: %s",
                         refused[i], rc,
                         line_with (out, "New, ", line, sizeof line));
    }

    /* the listener still serves ZMQ clients */
    void *client = test_socket (ctx, ZMQ_PAIR);
    tls_creds (client, "ca.crt", NULL, NULL);
    TEST_ZMQ_OK (zmq_connect (client, ep));
    bounce (client, server);

    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
