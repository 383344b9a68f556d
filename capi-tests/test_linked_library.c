/* Guard: the test binaries really run against the library under test (the
 * one CMake was pointed at, EXPECTED_ZMQ_LIB), not some other libzmq.so.5
 * on the system. The loaded object must be that file (after resolving
 * links) or live in the same directory (libzmq.so.5 may be a copy). */
#include "testutil.h"
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>

int main (void)
{
    Dl_info info;
    memset (&info, 0, sizeof info);
    TEST_ASSERT (dladdr ((void *) zmq_version, &info) != 0);
    TEST_ASSERT (info.dli_fname != NULL);
    char loaded[PATH_MAX], expected[PATH_MAX];
    TEST_ASSERT_MSG (realpath (info.dli_fname, loaded) != NULL, "%s",
                     info.dli_fname);
    TEST_ASSERT_MSG (realpath (EXPECTED_ZMQ_LIB, expected) != NULL, "%s",
                     EXPECTED_ZMQ_LIB);
    printf ("loaded libzmq: %s (%s)\nexpected:      %s\n", info.dli_fname,
            loaded, EXPECTED_ZMQ_LIB);
    if (strcmp (loaded, expected) == 0)
        return 0;
    char d1[PATH_MAX], d2[PATH_MAX], r1[PATH_MAX], r2[PATH_MAX];
    snprintf (d1, sizeof d1, "%s", info.dli_fname);
    snprintf (d2, sizeof d2, "%s", EXPECTED_ZMQ_LIB);
    TEST_ASSERT (realpath (dirname (d1), r1) != NULL);
    TEST_ASSERT (realpath (dirname (d2), r2) != NULL);
    TEST_ASSERT_MSG (strcmp (r1, r2) == 0,
                     "wrong libzmq loaded: %s, expected one from %s",
                     info.dli_fname, r2);
    return 0;
}
