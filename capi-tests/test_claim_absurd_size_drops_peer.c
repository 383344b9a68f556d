/* A peer whose frame header claims an absurd size (LONG flag, size
 * 1 << 62, then 100 bytes of body) loses its connection: libzmq cannot
 * allocate the message (msg_t::init_size fails with ENOMEM, the decoder
 * reports the error) and closes that connection; the process does not
 * abort, and the other peers of the same socket - one connected before,
 * one after - keep working. ZMQ_MAXMSGSIZE is -1 (no limit). */
#include "rawzmtp.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    int64_t maxmsg = -1;
    TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg));
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);

    int before = rz_connect_tcp (ep, 0, 3000);
    rz_handshake (before, "PUSH", "PULL");
    rz_send_frame (before, 0, "one", 3);
    RECV_STR (pull, "one");

    int bad = rz_connect_tcp (ep, 0, 3000);
    rz_handshake (bad, "PUSH", "PULL");
    unsigned char hdr[9], body[100];
    memset (body, 'B', sizeof body);
    size_t hl = rz_build_header (hdr, 0x00, (uint64_t) 1 << 62, 1);
    rz_write (bad, hdr, hl);
    rz_write (bad, body, sizeof body);
    TEST_ASSERT_MSG (rz_closed_within (bad, 3000),
                     "connection claiming a 2^62-byte frame still open "
                     "after 3 s");
    close (bad);

    /* The peer connected before is unaffected ... */
    rz_send_frame (before, 0, "two", 3);
    RECV_STR (pull, "two");
    /* ... and new peers are served. */
    int after = rz_connect_tcp (ep, 0, 3000);
    rz_handshake (after, "PUSH", "PULL");
    rz_send_frame (after, 0, "three", 5);
    RECV_STR (pull, "three");
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "four", 0);
    RECV_STR (pull, "four");

    close (before);
    close (after);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
