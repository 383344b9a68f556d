/* ZMQ_USE_FD: a bind takes over a listening socket the application made
 * (as when a supervisor passes one in), instead of making its own:
 * - tcp: the PULL bound with USE_FD serves connections to that socket's
 *   port, and ZMQ_LAST_ENDPOINT names it; getsockopt returns the fd;
 * - ipc: the same with a Unix socket bound to a path;
 * - values below -1 are EINVAL; (ours) a socket that is not listening is
 *   refused at bind with EINVAL. */
#include "testutil.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* tcp */
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (bind (lfd, (struct sockaddr *) &sa, sizeof sa) == 0);
    TEST_ASSERT (listen (lfd, 16) == 0);
    socklen_t len = sizeof sa;
    TEST_ASSERT (getsockname (lfd, (struct sockaddr *) &sa, &len) == 0);
    int port = ntohs (sa.sin_port);

    void *pull = test_socket (ctx, ZMQ_PULL);
    TEST_ZMQ_ERR (EINVAL, zmq_setsockopt (pull, ZMQ_USE_FD, &(int){-2}, sizeof (int)));
    set_int_opt (pull, ZMQ_USE_FD, lfd);
    TEST_ASSERT_EQ_INT (lfd, get_int_opt (pull, ZMQ_USE_FD));
    TEST_ZMQ_OK (zmq_bind (pull, "tcp://127.0.0.1:*"));
    char ep[256], want[64];
    get_last_endpoint (pull, ep, sizeof ep);
    snprintf (want, sizeof want, "tcp://127.0.0.1:%d", port);
    TEST_ASSERT_EQ_STR (want, ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, want));
    send_str (push, "over a given fd", 0);
    RECV_STR (pull, "over a given fd");
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));

    /* ipc */
    int ufd = socket (AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un su;
    memset (&su, 0, sizeof su);
    su.sun_family = AF_UNIX;
    snprintf (su.sun_path, sizeof su.sun_path, "/tmp/zmq-use-fd-%d", (int) getpid ());
    unlink (su.sun_path);
    TEST_ASSERT (bind (ufd, (struct sockaddr *) &su, sizeof su) == 0);
    TEST_ASSERT (listen (ufd, 16) == 0);
    pull = test_socket (ctx, ZMQ_PULL);
    set_int_opt (pull, ZMQ_USE_FD, ufd);
    char uep[200];
    snprintf (uep, sizeof uep, "ipc://%s", su.sun_path);
    TEST_ZMQ_OK (zmq_bind (pull, uep));
    push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, uep));
    send_str (push, "over a given unix fd", 0);
    RECV_STR (pull, "over a given unix fd");
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    unlink (su.sun_path);

    if (zmq_has ("tls")) {
        /* ours: a socket that is not listening is refused */
        int nfd = socket (AF_INET, SOCK_STREAM, 0);
        pull = test_socket (ctx, ZMQ_PULL);
        set_int_opt (pull, ZMQ_USE_FD, nfd);
        TEST_ZMQ_ERR (EINVAL, zmq_bind (pull, "tcp://127.0.0.1:*"));
        TEST_ZMQ_OK (zmq_close (pull));
        close (nfd);
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
