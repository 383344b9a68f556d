/* A PING whose context is longer than 16 bytes (here 20) is not a protocol
 * error: libzmq answers with a PONG carrying only the first 16 bytes of
 * the context (ZMTP 3.1 allows up to 16; libzmq truncates rather than
 * rejecting, zmtp_engine_t::process_heartbeat_message) and keeps the
 * connection: a message still flows both ways afterwards.
 * Asserts the PONG bytes exactly: 0x04, size 21, "\4PONG", 16 context
 * bytes. */
#include "rawzmtp.h"

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *dealer = test_socket (ctx, ZMQ_DEALER);
    char ep[256];
    bind_ephemeral (dealer, ep, sizeof ep);

    int fd = rz_connect_tcp (ep, 0, 3000);
    rz_handshake (fd, "DEALER", "DEALER");

    /* TTL 3 s; any later traffic from us cancels libzmq's TTL timer. */
    const char context[] = "0123456789abcdefWXYZ"; /* 20 bytes */
    unsigned char ping[64];
    size_t n = rz_build_ping (ping, sizeof ping, 30, context, 20);
    rz_write (fd, ping, n);

    unsigned char pong[2 + 21];
    TEST_ASSERT_MSG (rz_read (fd, pong, sizeof pong) == 0,
                     "no PONG: the library closed the connection (or 3 s "
                     "passed)");
    const unsigned char expected[2 + 21] = {
      0x04, 21, 4,   'P', 'O', 'N', 'G', '0', '1', '2', '3', '4',
      '5',  '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    TEST_ASSERT_EQ_MEM (expected, pong, sizeof expected);

    /* The connection is still up: peer -> library ... */
    rz_send_frame (fd, 0, "after-ping", 10);
    RECV_STR (dealer, "after-ping");
    /* ... and library -> peer. */
    send_str (dealer, "back", 0);
    rz_frame_t f;
    TEST_ASSERT_MSG (rz_read_frame (fd, &f) == 0, "no message from library");
    TEST_ASSERT_EQ_INT (0x00, f.flags);
    TEST_ASSERT_EQ_INT (4, f.size);
    TEST_ASSERT_EQ_MEM ("back", f.data, 4);

    close (fd);
    TEST_ZMQ_OK (zmq_close (dealer));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
