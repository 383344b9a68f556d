/* Connecting from a chosen local address, "tcp://SOURCE;DESTINATION"
 * (SOURCE: an address and a port, 0 for any; ours also takes an address
 * without a port): the bind side sees the connection come from it. A PULL on 127.0.0.1 accepts only 127.0.0.2
 * (ZMQ_TCP_ACCEPT_FILTER); a PUSH connecting from 127.0.0.2 gets through
 * (Peer-Address "127.0.0.2"), and with "127.0.0.2:PORT" its connection's
 * peer port (via ZMQ_SRCFD) is PORT. A SOURCE that names nothing is
 * accepted by zmq_connect and fails when connecting (retried), as libzmq. */
#include "testutil.h"

#include <netinet/in.h>
#include <sys/socket.h>

static int free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (0x7f000002);
    TEST_ASSERT (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0);
    socklen_t len = sizeof sa;
    TEST_ASSERT (getsockname (fd, (struct sockaddr *) &sa, &len) == 0);
    close (fd);
    return ntohs (sa.sin_port);
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_OK (zmq_setsockopt (pull, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.2", 9));
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    int port = endpoint_port (ep);

    char from[128];
    zmq_msg_t m;
    const char *forms[] = {"127.0.0.2:0", "127.0.0.2"};
    for (int i = 0; i < (zmq_has ("tls") ? 2 : 1); i++) {
        snprintf (from, sizeof from, "tcp://%s;127.0.0.1:%d", forms[i], port);
        void *push = test_socket (ctx, ZMQ_PUSH);
        TEST_ZMQ_OK (zmq_connect (push, from));
        send_str (push, "from .2", 0);
        zmq_msg_init (&m);
        TEST_ASSERT_MSG (zmq_msg_recv (&m, pull, 0) == 7, "%s: nothing", from);
        TEST_ASSERT_EQ_STR ("127.0.0.2", zmq_msg_gets (&m, "Peer-Address"));
        zmq_msg_close (&m);
        TEST_ZMQ_OK (zmq_close (push));
    }

    int sport = free_port ();
    snprintf (from, sizeof from, "tcp://127.0.0.2:%d;127.0.0.1:%d", sport, port);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, from));
    send_str (push, "from a port", 0);
    zmq_msg_init (&m);
    TEST_ASSERT_EQ_INT (11, zmq_msg_recv (&m, pull, 0));
    int fd = zmq_msg_get (&m, ZMQ_SRCFD);
    zmq_msg_close (&m);
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    TEST_ASSERT (fd >= 0 && getpeername (fd, (struct sockaddr *) &peer, &len) == 0);
    TEST_ASSERT_EQ_INT (sport, ntohs (peer.sin_port));
    TEST_ZMQ_OK (zmq_close (push));

    /* A SOURCE that names nothing is no error of zmq_connect: as libzmq,
     * it is resolved when connecting, which fails and is retried
     * (CONNECT_RETRIED), so nothing arrives. libzmq's own
     * test_bind_src_address connects from "localhost:5555". */
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_socket_monitor (push, "inproc://src-mon",
                                     ZMQ_EVENT_CONNECT_RETRIED));
    void *mon = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (mon, "inproc://src-mon"));
    snprintf (from, sizeof from, "tcp://nosuchif0;127.0.0.1:%d", port);
    TEST_ZMQ_OK (zmq_connect (push, from));
    TEST_ZMQ_OK (zmq_connect (push, "tcp://localhost:5555;localhost:1235"));
    TEST_ZMQ_OK (zmq_connect (push, "tcp://lo:5555;localhost:1235"));
    zmq_msg_t ev;
    zmq_msg_init (&ev);
    TEST_ASSERT_MSG (zmq_msg_recv (&ev, mon, 0) == 6, "no CONNECT_RETRIED: %s",
                     zmq_strerror (zmq_errno ()));
    TEST_ASSERT_EQ_INT (ZMQ_EVENT_CONNECT_RETRIED,
                        *(uint16_t *) zmq_msg_data (&ev));
    zmq_msg_close (&ev);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (mon));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
