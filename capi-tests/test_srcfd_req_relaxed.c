/* - ZMQ_SRCFD (zmq_msg_get) gives the fd of the tcp connection a message
 *   arrived on: a real socket fd (fstat is a socket) and the same for every
 *   message of the connection; messages of another connection have another
 *   fd; an application-made message gives -1;
 * - a REQ with ZMQ_REQ_RELAXED shows POLLOUT in ZMQ_EVENTS right after a
 *   request (it may send the next one), a strict REQ does not. */
#include "testutil.h"
#include <sys/stat.h>

static int recv_fd (void *s, const char *expect)
{
    zmq_msg_t m;
    TEST_ZMQ_OK (zmq_msg_init (&m));
    TEST_ASSERT ((size_t) zmq_msg_recv (&m, s, 0) == strlen (expect));
    TEST_ASSERT_EQ_MEM (expect, zmq_msg_data (&m), strlen (expect));
    int fd = zmq_msg_get (&m, ZMQ_SRCFD);
    zmq_msg_close (&m);
    return fd;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    void *p1 = test_socket (ctx, ZMQ_PUSH);
    void *p2 = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (p1, ep));
    send_str (p1, "a", 0);
    int fd1 = recv_fd (pull, "a");
    struct stat st;
    TEST_ASSERT_MSG (fd1 >= 0 && fstat (fd1, &st) == 0 && S_ISSOCK (st.st_mode),
                     "ZMQ_SRCFD %d is not a socket", fd1);
    send_str (p1, "b", 0);
    TEST_ASSERT_EQ_INT (fd1, recv_fd (pull, "b"));
    TEST_ZMQ_OK (zmq_close (p1));
    TEST_ZMQ_OK (zmq_connect (p2, ep));
    send_str (p2, "c", 0);
    int fd2 = recv_fd (pull, "c");
    TEST_ASSERT_MSG (fd2 >= 0, "ZMQ_SRCFD %d", fd2);
    zmq_msg_t mine;
    TEST_ZMQ_OK (zmq_msg_init_size (&mine, 3));
    TEST_ASSERT_EQ_INT (-1, zmq_msg_get (&mine, ZMQ_SRCFD));
    zmq_msg_close (&mine);

    /* REQ_RELAXED and ZMQ_EVENTS */
    void *rep = test_socket (ctx, ZMQ_REP);
    bind_ephemeral (rep, ep, sizeof ep);
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        void *req = test_socket (ctx, ZMQ_REQ);
        set_int_opt (req, ZMQ_REQ_RELAXED, relaxed);
        TEST_ZMQ_OK (zmq_connect (req, ep));
        send_str (req, "q", 0);
        RECV_STR (rep, "q");
        int ev = get_int_opt (req, ZMQ_EVENTS);
        TEST_ASSERT_MSG (!!(ev & ZMQ_POLLOUT) == relaxed,
                         "REQ_RELAXED %d: ZMQ_EVENTS %d", relaxed, ev);
        send_str (rep, "r", 0);
        RECV_STR (req, "r");
        TEST_ZMQ_OK (zmq_close (req));
    }
    TEST_ZMQ_OK (zmq_close (rep));
    TEST_ZMQ_OK (zmq_close (p2));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
