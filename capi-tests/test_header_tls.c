/* The TLS names of shared/spec/zmq_tls.7.txt are declared with their fixed
 * values (options 2001..2007, ETLS* = ZMQ_HAUSNUMERO + 55..64 in spec
 * order) and zmq_strerror knows every ETLS* code. Real libzmq has no TLS:
 * when the header under test is real libzmq's, the test is skipped (77). */
#include "testutil.h"

int main (void)
{
#if defined ZMQ_HEADER_IS_REAL && !defined ZMQ_TLS_CA_DIR
    printf ("header under test is real libzmq's: no TLS names, skipped\n");
    return 77;
#else
    TEST_ASSERT_EQ_INT (2001, ZMQ_TLS_CA_DIR);
    TEST_ASSERT_EQ_INT (2002, ZMQ_TLS_CA_FILE);
    TEST_ASSERT_EQ_INT (2003, ZMQ_TLS_CERT_FILE);
    TEST_ASSERT_EQ_INT (2004, ZMQ_TLS_KEY_FILE);
    TEST_ASSERT_EQ_INT (2005, ZMQ_TLS_CERT_PASSWORD);
    TEST_ASSERT_EQ_INT (ZMQ_TLS_CERT_PASSWORD, ZMQ_TLS_CERT_PASSWD);
    TEST_ASSERT_EQ_INT (2006, ZMQ_TLS_VERIFY_PEER);
    TEST_ASSERT_EQ_INT (2007, ZMQ_TLS_CERT_COMMON_NAME);

    const int codes[] = {ETLSCA,  ETLSCERT,   ETLSKEY, ETLSKEYINVALID,
                         ETLSPASS, ETLSCTX,   ETLSCIPHER, ETLS,
                         ETLSVERIFY, ETLSCNAME};
    for (int i = 0; i < 10; i++) {
        TEST_ASSERT_EQ_INT (ZMQ_HAUSNUMERO + 55 + i, codes[i]);
        const char *m = zmq_strerror (codes[i]);
        TEST_ASSERT (m != NULL && strlen (m) > 0);
        TEST_ASSERT_MSG (strncmp (m, "Unknown error", 13) != 0,
                         "zmq_strerror(%d) = \"%s\"", codes[i], m);
    }
    return 0;
#endif
}
