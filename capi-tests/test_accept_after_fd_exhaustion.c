/* A connection that arrives while the listening process has no free fd is
 * accepted as soon as fds are free again: a REP bound on tcp, in a process
 * whose fds are all used up (RLIMIT_NOFILE lowered, the rest filled with
 * dup()s of /dev/null until EMFILE), gets a REQ connection from another
 * process (it waits in the listen backlog: accept() fails with EMFILE);
 * once the dups are closed the REP receives the request within 3 s and the
 * client gets the reply. libzmq 4.3 polls its listener level-triggered, so
 * it retries accept() until it succeeds; a library that waits for the next
 * readiness edge never accepts this connection (the client would only
 * reconnect after its 30 s HANDSHAKE_IVL).
 *
 * The context, sockets and bind exist before the fds run out (the library
 * is not starved of fds it needs for anything else). The client is forked
 * before any context exists and has the normal limits. */
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define MAX_DUPS 4096

static void client (int go_fd)
{
    char ep[256];
    ssize_t n = read (go_fd, ep, sizeof ep);
    if (n <= 0)
        _exit (2); /* parent failed before the connect */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *req = test_socket (ctx, ZMQ_REQ);
    set_int_opt (req, ZMQ_RCVTIMEO, 8000);
    TEST_ZMQ_OK (zmq_connect (req, ep));
    send_str (req, "request", 0);
    RECV_STR (req, "reply");
    TEST_ZMQ_OK (zmq_close (req));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    _exit (0);
}

int main (void)
{
    alarm (30); /* last resort */
    int go[2];
    TEST_ASSERT (pipe (go) == 0);
    fflush (stdout);
    fflush (stderr);
    pid_t pid = fork ();
    TEST_ASSERT (pid >= 0);
    if (pid == 0) {
        close (go[1]);
        client (go[0]);
    }
    close (go[0]);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *rep = test_socket (ctx, ZMQ_REP);
    char ep[256];
    bind_ephemeral (rep, ep, sizeof ep);
    /* Exercise the socket once so nothing is created lazily later. */
    void *warm = test_socket (ctx, ZMQ_REQ);
    TEST_ZMQ_OK (zmq_connect (warm, ep));
    send_str (warm, "warm", 0);
    RECV_STR (rep, "warm");
    send_str (rep, "up", 0);
    RECV_STR (warm, "up");
    TEST_ZMQ_OK (zmq_close (warm));
    sleep_ms (100);

    /* Use up every fd: a low limit, then dups until EMFILE. */
    int top = open ("/dev/null", O_RDONLY);
    TEST_ASSERT (top >= 0);
    struct rlimit saved, rl;
    TEST_ASSERT (getrlimit (RLIMIT_NOFILE, &saved) == 0);
    rl = saved;
    rl.rlim_cur = (rlim_t) top + 64;
    TEST_ASSERT (setrlimit (RLIMIT_NOFILE, &rl) == 0);
    static int dups[MAX_DUPS];
    int ndups = 0;
    int dup_err = 0;
    while (ndups < MAX_DUPS) {
        int fd = dup (top);
        if (fd < 0) {
            dup_err = errno;
            break;
        }
        dups[ndups++] = fd;
    }
    TEST_ASSERT_MSG (dup_err == EMFILE, "dup stopped after %d with errno %d",
                     ndups, dup_err);

    /* The client connects now: its connection waits in the backlog. */
    TEST_ASSERT ((size_t) write (go[1], ep, strlen (ep) + 1)
                 == strlen (ep) + 1);
    sleep_ms (700);
    char buf[32];
    TEST_ZMQ_ERR (EAGAIN, zmq_recv (rep, buf, sizeof buf, ZMQ_DONTWAIT));

    /* Free the fds; the request must arrive well before HANDSHAKE_IVL. */
    for (int i = 0; i < ndups; i++)
        close (dups[i]);
    close (top);
    int64_t start = now_ms ();
    set_int_opt (rep, ZMQ_RCVTIMEO, 3000);
    int n = zmq_recv (rep, buf, sizeof buf, 0);
    int en = zmq_errno ();
    int64_t waited = now_ms () - start;
    if (n == -1) {
        kill (pid, SIGKILL);
        waitpid (pid, NULL, 0);
        TEST_FAIL ("no request %lld ms after fds were freed: errno %d (%s); "
                   "the connection made while fds were exhausted was never "
                   "accepted",
                   (long long) waited, en, zmq_strerror (en));
    }
    TEST_ASSERT_EQ_INT (7, n);
    TEST_ASSERT_EQ_MEM ("request", buf, 7);
    printf ("request received %lld ms after fds were freed\n",
            (long long) waited);
    send_str (rep, "reply", 0);

    int status = 0;
    int64_t deadline = now_ms () + 10000;
    pid_t w;
    while ((w = waitpid (pid, &status, WNOHANG)) == 0 && now_ms () < deadline)
        sleep_ms (20);
    if (w == 0) {
        kill (pid, SIGKILL);
        waitpid (pid, NULL, 0);
        TEST_FAIL ("client did not finish");
    }
    TEST_ASSERT_MSG (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                     "client failed (status 0x%x)", status);

    TEST_ASSERT (setrlimit (RLIMIT_NOFILE, &saved) == 0);
    TEST_ZMQ_OK (zmq_close (rep));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
