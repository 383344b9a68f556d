/* ZMQ_AFFINITY picks the I/O thread (bit i: thread i) that serves each new
 * bind and connect, as libzmq's does. With ZMQ_IO_THREADS 2, we find out
 * which thread serves an fd by looking for it in each I/O thread's epoll
 * set (/proc/self/fdinfo of the eventpoll fds):
 * - two binds with affinity 1 land in one epoll set, one with affinity 2
 *   in another; a connect with affinity 2 lands where that one did;
 * - messages flow between endpoints on different threads;
 * - an affinity naming no thread of the context (4 with two threads)
 *   makes bind and connect fail with EMTHREAD;
 * - closing the sockets and terminating the context does not hang. */
#include "testutil.h"

#include <dirent.h>

/* The epoll fd (of this process) whose set holds `fd`; -1 if none. */
static int epoll_holding (int fd)
{
    DIR *d = opendir ("/proc/self/fd");
    TEST_ASSERT (d != NULL);
    struct dirent *e;
    int found = -1;
    while ((e = readdir (d)) != NULL && found < 0) {
        char path[300], link[64];
        snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink (path, link, sizeof link - 1);
        if (n <= 0)
            continue;
        link[n] = 0;
        if (strcmp (link, "anon_inode:[eventpoll]") != 0)
            continue;
        snprintf (path, sizeof path, "/proc/self/fdinfo/%s", e->d_name);
        FILE *f = fopen (path, "r");
        if (!f)
            continue;
        char line[256];
        while (fgets (line, sizeof line, f)) {
            int tfd;
            if (sscanf (line, "tfd: %d", &tfd) == 1 && tfd == fd)
                found = atoi (e->d_name);
        }
        fclose (f);
    }
    closedir (d);
    return found;
}

/* The fd of the next monitor event of type `event`. */
static int event_fd (void *mon, int event)
{
    for (;;) {
        unsigned char b[64];
        int n = zmq_recv (mon, b, sizeof b, 0);
        TEST_ASSERT_MSG (n == 6, "no monitor event %d", event);
        uint16_t ev;
        uint32_t val;
        memcpy (&ev, b, 2);
        memcpy (&val, b + 2, 4);
        TEST_ASSERT (zmq_recv (mon, b, sizeof b, 0) > 0);
        if (ev == event)
            return (int) val;
    }
}

static void *bind_on (void *ctx, int type, uint64_t affinity, char *ep,
                      int *fd)
{
    static int n;
    void *s = test_socket (ctx, type);
    TEST_ZMQ_OK (zmq_setsockopt (s, ZMQ_AFFINITY, &affinity, sizeof affinity));
    char addr[64];
    snprintf (addr, sizeof addr, "inproc://affinity-mon-%d", n++);
    TEST_ZMQ_OK (zmq_socket_monitor (s, addr, ZMQ_EVENT_LISTENING));
    void *mon = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (mon, addr));
    bind_ephemeral (s, ep, 64);
    *fd = event_fd (mon, ZMQ_EVENT_LISTENING);
    zmq_socket_monitor (s, NULL, 0);
    TEST_ZMQ_OK (zmq_close (mon));
    return s;
}

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 2));
    char ep_a[64], ep_b[64], ep_c[64];
    int fd_a, fd_b, fd_c;
    void *a = bind_on (ctx, ZMQ_PULL, 1, ep_a, &fd_a);
    void *b = bind_on (ctx, ZMQ_PULL, 2, ep_b, &fd_b);
    void *c = bind_on (ctx, ZMQ_PULL, 1, ep_c, &fd_c);
    sleep_ms (100);
    int ep0 = epoll_holding (fd_a), ep1 = epoll_holding (fd_b);
    TEST_ASSERT_MSG (ep0 >= 0 && ep1 >= 0, "listeners not found (%d, %d)",
                     ep0, ep1);
    TEST_ASSERT_MSG (ep0 != ep1, "affinity 1 and 2 share an I/O thread");
    TEST_ASSERT_EQ_INT (ep0, epoll_holding (fd_c));

    /* A connect with affinity 2, to the endpoint on thread 0. */
    void *push = test_socket (ctx, ZMQ_PUSH);
    uint64_t two = 2;
    TEST_ZMQ_OK (zmq_setsockopt (push, ZMQ_AFFINITY, &two, sizeof two));
    TEST_ZMQ_OK (zmq_socket_monitor (push, "inproc://affinity-push",
                                     ZMQ_EVENT_CONNECTED));
    void *mon = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (mon, "inproc://affinity-push"));
    TEST_ZMQ_OK (zmq_connect (push, ep_a));
    int fd_p = event_fd (mon, ZMQ_EVENT_CONNECTED);
    send_str (push, "across threads", 0);
    RECV_STR (a, "across threads");
    TEST_ASSERT_EQ_INT (ep1, epoll_holding (fd_p));
    zmq_socket_monitor (push, NULL, 0);
    TEST_ZMQ_OK (zmq_close (mon));

    /* No such thread. */
    void *x = test_socket (ctx, ZMQ_PUSH);
    uint64_t four = 4;
    TEST_ZMQ_OK (zmq_setsockopt (x, ZMQ_AFFINITY, &four, sizeof four));
    TEST_ZMQ_ERR (EMTHREAD, zmq_bind (x, "tcp://127.0.0.1:*"));
    TEST_ZMQ_ERR (EMTHREAD, zmq_connect (x, ep_b));
    uint64_t got = 0;
    size_t len = sizeof got;
    TEST_ZMQ_OK (zmq_getsockopt (x, ZMQ_AFFINITY, &got, &len));
    TEST_ASSERT (got == 4 && len == sizeof got);

    TEST_ZMQ_OK (zmq_close (x));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
