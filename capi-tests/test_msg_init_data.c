/* zmq_msg_init_data: the free callback runs exactly once, with the right
 * data and hint, when the last reference goes away: after close, after
 * copy + close of both, after move, for size 0, and after zmq_msg_send
 * over tcp (ownership passes to the library). */
#include "testutil.h"

static int freed;
static void *freed_data;
static void *freed_hint;

static void free_fn (void *data, void *hint)
{
    __atomic_add_fetch (&freed, 1, __ATOMIC_SEQ_CST);
    freed_data = data;
    freed_hint = hint;
}

static int freed_count (void)
{
    return __atomic_load_n (&freed, __ATOMIC_SEQ_CST);
}

static void reset (void)
{
    __atomic_store_n (&freed, 0, __ATOMIC_SEQ_CST);
    freed_data = freed_hint = NULL;
}

int main (void)
{
    static char buf[64] = "payload";
    static char big[200];
    int hint = 42;
    zmq_msg_t m, m2;

    /* Plain close. */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, buf, 7, free_fn, &hint));
    TEST_ASSERT_EQ_INT (7, zmq_msg_size (&m));
    TEST_ASSERT (zmq_msg_data (&m) == buf);
    TEST_ASSERT_EQ_INT (0, zmq_msg_get (&m, ZMQ_SHARED));
    TEST_ASSERT_EQ_INT (0, freed_count ());
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (1, freed_count ());
    TEST_ASSERT (freed_data == buf);
    TEST_ASSERT (freed_hint == &hint);

    /* Copy, close original (no call), close copy (one call). */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, buf, 7, free_fn, &hint));
    TEST_ZMQ_OK (zmq_msg_init (&m2));
    TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
    TEST_ASSERT (zmq_msg_data (&m2) == buf);
    TEST_ASSERT_EQ_INT (1, zmq_msg_get (&m, ZMQ_SHARED));
    TEST_ASSERT_EQ_INT (1, zmq_msg_get (&m2, ZMQ_SHARED));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (0, freed_count ());
    TEST_ZMQ_OK (zmq_msg_close (&m2));
    TEST_ASSERT_EQ_INT (1, freed_count ());

    /* Copy, close copy first, then original. */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, big, sizeof big, free_fn, NULL));
    TEST_ZMQ_OK (zmq_msg_init (&m2));
    TEST_ZMQ_OK (zmq_msg_copy (&m2, &m));
    TEST_ZMQ_OK (zmq_msg_close (&m2));
    TEST_ASSERT_EQ_INT (0, freed_count ());
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (1, freed_count ());
    TEST_ASSERT (freed_data == big);
    TEST_ASSERT (freed_hint == NULL);

    /* Move: closing the emptied source does not free. */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, buf, 7, free_fn, &hint));
    TEST_ZMQ_OK (zmq_msg_init (&m2));
    TEST_ZMQ_OK (zmq_msg_move (&m2, &m));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (0, freed_count ());
    TEST_ZMQ_OK (zmq_msg_close (&m2));
    TEST_ASSERT_EQ_INT (1, freed_count ());

    /* Being the target of a copy releases the previous content. */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, buf, 7, free_fn, &hint));
    TEST_ZMQ_OK (zmq_msg_init_size (&m2, 3));
    TEST_ZMQ_OK (zmq_msg_copy (&m, &m2));
    TEST_ASSERT_EQ_INT (1, freed_count ());
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m2));
    TEST_ASSERT_EQ_INT (1, freed_count ());

    /* Size 0 with a free function: still called once. */
    reset ();
    TEST_ZMQ_OK (zmq_msg_init_data (&m, NULL, 0, free_fn, &hint));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ASSERT_EQ_INT (1, freed_count ());

    /* Sent over tcp: the library owns it and frees it exactly once, and
     * the sent zmq_msg_t is left empty. */
    reset ();
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *a = test_socket (ctx, ZMQ_PAIR);
    void *b = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (a, ep, sizeof ep);
    TEST_ZMQ_OK (zmq_connect (b, ep));
    memset (big, 'z', sizeof big);
    TEST_ZMQ_OK (zmq_msg_init_data (&m, big, sizeof big, free_fn, &hint));
    TEST_ASSERT_EQ_INT ((int) sizeof big, zmq_msg_send (&m, b, 0));
    TEST_ASSERT_EQ_INT (0, zmq_msg_size (&m));
    TEST_ZMQ_OK (zmq_msg_close (&m)); /* closing the emptied msg is fine */
    char rbuf[300];
    TEST_ASSERT_EQ_INT ((int) sizeof big, zmq_recv (a, rbuf, sizeof rbuf, 0));
    TEST_ASSERT_EQ_MEM (big, rbuf, sizeof big);
    for (int i = 0; i < 300 && freed_count () == 0; i++)
        sleep_ms (10);
    TEST_ASSERT_EQ_INT (1, freed_count ());
    TEST_ASSERT (freed_data == big);
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ASSERT_EQ_INT (1, freed_count ());

    /* Queued but never delivered (LINGER 0): freed at the latest by term. */
    reset ();
    ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, "tcp://127.0.0.1:1")); /* refused */
    TEST_ZMQ_OK (zmq_msg_init_data (&m, big, sizeof big, free_fn, &hint));
    TEST_ZMQ_OK (zmq_msg_send (&m, push, ZMQ_DONTWAIT));
    TEST_ZMQ_OK (zmq_msg_close (&m));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    TEST_ASSERT_EQ_INT (1, freed_count ());
    return 0;
}
