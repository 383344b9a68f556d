/* zmq_send with a length no allocator can satisfy ((size_t) 1 << 62) fails
 * with -1/ENOMEM before touching the buffer (libzmq copies the data into a
 * message of that size, whose allocation fails), instead of crashing the
 * process; the socket keeps working afterwards. */
#include "testutil.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = test_socket (ctx, ZMQ_PUSH);
    void *pull = test_socket (ctx, ZMQ_PULL);
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (push, ep));

    char small[16] = "not that big";
    TEST_ZMQ_ERR (ENOMEM,
                  zmq_send (push, small, (size_t) 1 << 62, ZMQ_DONTWAIT));

    /* Still alive, and the socket still delivers. */
    send_str (push, "after", 0);
    RECV_STR (pull, "after");

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
