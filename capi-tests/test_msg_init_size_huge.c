/* A size no allocator can satisfy is an error, not a crash:
 * zmq_msg_init_size (&m, 1 << 62) returns -1 with errno ENOMEM (libzmq's
 * msg_t::init_size reports a failed malloc as ENOMEM), and the process
 * carries on (a normal message still works afterwards). */
#include "testutil.h"

int main (void)
{
    zmq_msg_t m;
    TEST_ZMQ_ERR (ENOMEM, zmq_msg_init_size (&m, (size_t) 1 << 62));

    /* Still alive, and ordinary messages still work. */
    TEST_ZMQ_OK (zmq_msg_init_size (&m, 100));
    TEST_ASSERT_EQ_INT (100, zmq_msg_size (&m));
    memset (zmq_msg_data (&m), 'x', 100);
    TEST_ZMQ_OK (zmq_msg_close (&m));
    return 0;
}
