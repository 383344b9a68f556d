/* zmq_has("tls") reports the tls:// transport. (Like libzmq, zmq_has does
 * not list the always-present tcp, so it is not checked here.) */
#include "tlsutil.h"

int main (int argc, char **argv)
{
    (void) argc;
    (void) argv;
    TEST_ASSERT_EQ_INT (1, zmq_has ("tls"));
    TEST_ASSERT_EQ_INT (0, zmq_has ("tlsx"));
    return 0;
}
