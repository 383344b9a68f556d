/* zmq_version reports 4.3.x (x = 4 or 5) and matches the ZMQ_VERSION macros. */
#include "testutil.h"

int main (void)
{
    int major = -1, minor = -1, patch = -1;
    zmq_version (&major, &minor, &patch);
    TEST_ASSERT_EQ_INT (4, major);
    TEST_ASSERT_EQ_INT (3, minor);
    TEST_ASSERT_MSG (patch == 4 || patch == 5, "patch %d", patch);

    /* The header macros agree with the library. */
    TEST_ASSERT_EQ_INT (ZMQ_VERSION_MAJOR, major);
    TEST_ASSERT_EQ_INT (ZMQ_VERSION_MINOR, minor);
    TEST_ASSERT_MSG (ZMQ_VERSION_PATCH == 4 || ZMQ_VERSION_PATCH == 5,
                     "ZMQ_VERSION_PATCH %d", ZMQ_VERSION_PATCH);
    TEST_ASSERT_EQ_INT (ZMQ_MAKE_VERSION (4, 3, ZMQ_VERSION_PATCH),
                        ZMQ_VERSION);
    TEST_ASSERT_EQ_INT (40300 + ZMQ_VERSION_PATCH, ZMQ_VERSION);
    TEST_ASSERT_EQ_INT (ZMQ_MAKE_VERSION (major, minor, patch),
                        ZMQ_MAKE_VERSION (4, 3, patch));

    /* Tolerates NULL out-pointers? libzmq does not; don't test it. */
    return 0;
}
