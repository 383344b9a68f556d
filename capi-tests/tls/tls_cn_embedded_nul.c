/* A client certificate whose CN holds a NUL byte ("client\0.evil.test"),
 * validly signed by the trusted CA (made here with OpenSSL), is refused by
 * a verifying bind side (HANDSHAKE_FAILED_AUTH / ETLSVERIFY): its
 * identity is never cut short to "client". The same listener still serves
 * a good client. */
#include "tlsutil.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

static EVP_PKEY *read_key (const char *name)
{
    FILE *f = fopen (cert (name), "r");
    TEST_ASSERT (f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey (f, NULL, NULL, NULL);
    fclose (f);
    TEST_ASSERT (k != NULL);
    return k;
}

/* Write nul-client.crt/.key (client.key reused) into a temp dir. */
static void make_cert (const char *dir, char *crt, char *key, size_t cap)
{
    FILE *f = fopen (cert ("ca.crt"), "r");
    TEST_ASSERT (f != NULL);
    X509 *ca = PEM_read_X509 (f, NULL, NULL, NULL);
    fclose (f);
    EVP_PKEY *ca_key = read_key ("ca.key");
    EVP_PKEY *key_pair = read_key ("client.key");

    X509 *x = X509_new ();
    X509_set_version (x, 2);
    ASN1_INTEGER_set (X509_get_serialNumber (x), 77001);
    X509_gmtime_adj (X509_getm_notBefore (x), -3600);
    X509_gmtime_adj (X509_getm_notAfter (x), 3600L * 24 * 365);
    X509_set_pubkey (x, key_pair);
    X509_NAME *n = X509_get_subject_name (x);
    static const unsigned char cn[] = "client\0.evil.test";
    TEST_ASSERT (X509_NAME_add_entry_by_txt (n, "CN", MBSTRING_UTF8, cn,
                                             (int) sizeof cn - 1, -1, 0));
    X509_set_issuer_name (x, X509_get_subject_name (ca));
    TEST_ASSERT (X509_sign (x, ca_key, EVP_sha256 ()) > 0);

    snprintf (crt, cap, "%s/nul-client.crt", dir);
    snprintf (key, cap, "%s/nul-client.key", dir);
    f = fopen (crt, "w");
    TEST_ASSERT (f && PEM_write_X509 (f, x));
    fclose (f);
    f = fopen (key, "w");
    TEST_ASSERT (f
                 && PEM_write_PrivateKey (f, key_pair, NULL, NULL, 0, NULL,
                                          NULL));
    fclose (f);
    X509_free (x);
    X509_free (ca);
    EVP_PKEY_free (ca_key);
    EVP_PKEY_free (key_pair);
}

static char g_crt[512], g_key[512];

static void setup_bad (void *s)
{
    set_str_opt (s, ZMQ_TLS_CA_FILE, cert ("ca.crt"));
    set_str_opt (s, ZMQ_TLS_CERT_FILE, g_crt);
    set_str_opt (s, ZMQ_TLS_KEY_FILE, g_key);
}

int main (int argc, char **argv)
{
    tls_test_init (argc, argv);
    char dir[] = "/tmp/zmq-tls-nul-XXXXXX";
    TEST_ASSERT (mkdtemp (dir) != NULL);
    make_cert (dir, g_crt, g_key, sizeof g_crt);
    check_server_refuses (NULL, setup_bad, ETLSVERIFY);
    unlink (g_crt);
    unlink (g_key);
    rmdir (dir);
    return 0;
}
