/* Host name rules are OpenSSL's, exactly: for every line "CERT KIND NAME
 * EXPECT" of names.tsv (mkcerts.sh wrote EXPECT from `openssl verify
 * -verify_hostname NAME` / `-verify_ip NAME` against ca.crt), a client
 * trusting ca.crt connects to a server presenting CERT and must be served
 * when EXPECT is 1, refused with HANDSHAKE_FAILED_AUTH / ETLSCNAME when 0.
 * KIND ip: the endpoint is tls://NAME:PORT (the endpoint's IP is checked).
 * KIND host: tls://localhost:PORT when NAME is "localhost" (the endpoint's
 * host), otherwise tls://127.0.0.1:PORT with ZMQ_TLS_CERT_COMMON_NAME NAME.
 * Cases include: CN ignored when DNS SANs exist, "*.com", "*.0.0.1" for an
 * IP, a certificate whose only SAN is the right IP, a DNS SAN spelling an
 * IP, partial and multi-label wildcards, case. */
#include "tlsutil.h"

static int one_case (void *ctx, const char *crt, const char *kind,
                     const char *name, int expect)
{
    char key[256], sep[256], ep[300];
    snprintf (key, sizeof key, "%.*s.key", (int) (strlen (crt) - 4), crt);
    void *server = test_socket (ctx, ZMQ_REP);
    tls_creds (server, NULL, crt, key);
    tls_bind (server, sep, sizeof sep);
    void *client = test_socket (ctx, ZMQ_REQ);
    void *cmon = mon_open (ctx, client);
    tls_creds (client, "ca.crt", NULL, NULL);
    int port = endpoint_port (sep);
    if (strcmp (kind, "ip") == 0 || strcmp (name, "localhost") == 0)
        snprintf (ep, sizeof ep, "tls://%s:%d", name, port);
    else {
        snprintf (ep, sizeof ep, "tls://127.0.0.1:%d", port);
        set_str_opt (client, ZMQ_TLS_CERT_COMMON_NAME, name);
    }
    TEST_ZMQ_OK (zmq_connect (client, ep));
    printf ("%s %s %s: expect %s\n", crt, kind, name,
            expect ? "served" : "refused");
    if (expect) {
        MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, -1, 5000);
        req_rep_roundtrip (client, server, "q", "a");
    } else {
        MON_EXPECT_HANDSHAKE (cmon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
                              ETLSCNAME, 5000);
        EXPECT_NO_MSG (server, 100);
    }
    mon_close (client, cmon);
    TEST_ZMQ_OK (zmq_close (client));
    TEST_ZMQ_OK (zmq_close (server));
    return expect;
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    FILE *f = fopen (cert ("names.tsv"), "r");
    TEST_ASSERT_MSG (f != NULL, "names.tsv missing: rerun mkcerts.sh");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char crt[128], kind[16], name[128];
    int expect, cases = 0, served = 0;
    while (fscanf (f, "%100s %15s %100s %d", crt, kind, name, &expect) == 4) {
        char file[160];
        snprintf (file, sizeof file, "%s.crt", crt);
        served += one_case (ctx, file, kind, name, expect);
        cases++;
    }
    fclose (f);
    /* mkcerts.sh writes both outcomes; fewer lines means a broken file */
    TEST_ASSERT_MSG (cases >= 20 && served > 0 && served < cases,
                     "names.tsv: %d cases, %d served", cases, served);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
