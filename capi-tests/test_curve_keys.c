/* zmq_curve_keypair and zmq_curve_public (X25519 keys as 40 Z85 chars):
 * - RFC 7748's test vector: the public key of Alice's secret key;
 * - a new pair: 40 chars each, the public key is the secret key's, two
 *   pairs differ;
 * - a secret key that is not 40 valid Z85 characters is EINVAL (ours; 
 *   libzmq reads past or decodes garbage there, so only checked here). */
#include "testutil.h"

static void hex (unsigned char *out, const char *h)
{
    for (int i = 0; i < 32; i++)
        sscanf (h + 2 * i, "%2hhx", &out[i]);
}

int main (void)
{
    unsigned char sk[32], pk[32];
    hex (sk, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    hex (pk, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    char zsk[41], zpk[41], got[41];
    TEST_ASSERT (zmq_z85_encode (zsk, sk, 32) != NULL);
    TEST_ASSERT (zmq_z85_encode (zpk, pk, 32) != NULL);
    TEST_ZMQ_OK (zmq_curve_public (got, zsk));
    TEST_ASSERT_EQ_STR (zpk, got);

    char p1[41], s1[41], p2[41], s2[41];
    TEST_ZMQ_OK (zmq_curve_keypair (p1, s1));
    TEST_ZMQ_OK (zmq_curve_keypair (p2, s2));
    TEST_ASSERT_EQ_INT (40, (int) strlen (p1));
    TEST_ASSERT_EQ_INT (40, (int) strlen (s1));
    TEST_ZMQ_OK (zmq_curve_public (got, s1));
    TEST_ASSERT_EQ_STR (p1, got);
    TEST_ASSERT (strcmp (p1, p2) != 0 && strcmp (s1, s2) != 0);
    unsigned char raw[32];
    TEST_ASSERT (zmq_z85_decode (raw, p1) != NULL);

    if (zmq_has ("tls")) {
        TEST_ZMQ_ERR (EINVAL, zmq_curve_public (got, "short"));
        char bad[41];
        memcpy (bad, s1, 41);
        bad[7] = '~'; /* not in the Z85 alphabet */
        TEST_ZMQ_ERR (EINVAL, zmq_curve_public (got, bad));
        TEST_ZMQ_ERR (EINVAL, zmq_curve_keypair (NULL, s1));
        TEST_ZMQ_ERR (EINVAL, zmq_curve_public (NULL, s1));
    }
    return 0;
}
