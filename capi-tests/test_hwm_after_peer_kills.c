/* SNDHWM accounting survives lost connections: messages the engine had
 * already taken from the pipe when its connection died are gone and count
 * as read, so they do not keep taking room in the pipe. A connect-side PUSH
 * (SNDHWM 1000, 20 kB messages, connected to a fixed port before anyone
 * listens) sends continuously (DONTWAIT, 1 ms sleeps on EAGAIN). Five times
 * in a row a slow PULL (another process: RCVHWM 5, SO_RCVBUF 4 KiB, one recv
 * every 5 ms) binds the port, reads 5 messages and is killed with SIGKILL
 * 30 ms later while the PUSH is pushing into it. With nobody listening, the
 * PUSH then fills its pipe (300 ms of DONTWAIT sends). A fast PULL binds and
 * counts what arrives while the PUSH sends nothing: more than 500 messages
 * (libzmq 4.3: 920; the writer learns of reads in steps of SNDHWM/2, so
 * 501..1000 is what libzmq can have queued). Then 5,000 more messages go
 * through with no send blocked 2 s (SNDTIMEO 2000) and no recv waiting 2 s.
 *
 * A library that forgets the messages its engine held loses that much of
 * the window with every dropped connection (with one kill already, ours
 * keeps only what one connection's kernel buffers absorbed, ~150 of 1000,
 * in some runs a dozen, and then sends can stall for seconds).
 *
 * The peers are this program re-executed (/proc/self/exe) with "slow" or
 * "fast", so they start clean (no context inherited through fork). */
#include "testutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MSG_SIZE 20000
#define SLOW_PEERS 5
#define FAST_COUNT 5000

/* ---- peers (separate processes) ----------------------------------------- */

static int peer_main (const char *mode, int port, int report_fd)
{
    alarm (30);
    int slow = strcmp (mode, "slow") == 0;
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    set_int_opt (pull, ZMQ_RCVTIMEO, 2000);
    if (slow) {
        set_int_opt (pull, ZMQ_RCVHWM, 5);
        set_int_opt (pull, ZMQ_RCVBUF, 4096);
    }
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    /* The previous peer's port may take a moment to be free. */
    int64_t deadline = now_ms () + 3000;
    while (zmq_bind (pull, ep) != 0) {
        TEST_ASSERT_MSG (zmq_errno () == EADDRINUSE && now_ms () < deadline,
                         "bind %s: %s", ep, zmq_strerror (zmq_errno ()));
        sleep_ms (10);
    }
    char c = 'b';
    TEST_ASSERT (write (report_fd, &c, 1) == 1);
    char buf[MSG_SIZE + 1];
    if (slow) {
        /* Read slowly until killed; say when a few have arrived. */
        for (int i = 1;; i++) {
            TEST_ASSERT_EQ_INT (MSG_SIZE, zmq_recv (pull, buf, sizeof buf, 0));
            if (i == 5) {
                c = 'r';
                TEST_ASSERT (write (report_fd, &c, 1) == 1);
            }
            sleep_ms (5);
        }
    }
    /* What the PUSH had queued: everything until 1 s of quiet. */
    set_int_opt (pull, ZMQ_RCVTIMEO, 1000);
    int queued = 0;
    while (zmq_recv (pull, buf, sizeof buf, 0) == MSG_SIZE)
        queued++;
    TEST_ASSERT (write (report_fd, &queued, sizeof queued) == sizeof queued);
    /* Then FAST_COUNT more, none of them late. */
    set_int_opt (pull, ZMQ_RCVTIMEO, 2000);
    for (int i = 0; i < FAST_COUNT; i++) {
        int n = zmq_recv (pull, buf, sizeof buf, 0);
        if (n != MSG_SIZE) {
            fprintf (stderr, "fast peer: recv %d of %d: rc %d errno %d (%s)\n",
                     i + 1, FAST_COUNT, n, zmq_errno (),
                     zmq_strerror (zmq_errno ()));
            _exit (1);
        }
    }
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}

/* ---- the PUSH side -------------------------------------------------------- */

static int free_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    TEST_ASSERT (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0);
    socklen_t len = sizeof sa;
    TEST_ASSERT (getsockname (fd, (struct sockaddr *) &sa, &len) == 0);
    close (fd);
    return ntohs (sa.sin_port);
}

typedef struct
{
    pid_t pid;
    int report; /* read end */
} peer_t;

static peer_t spawn (const char *mode, int port)
{
    int p[2];
    TEST_ASSERT (pipe (p) == 0);
    TEST_ASSERT (fcntl (p[0], F_SETFL, O_NONBLOCK) == 0);
    fflush (stdout);
    fflush (stderr);
    pid_t pid = fork ();
    TEST_ASSERT (pid >= 0);
    if (pid == 0) {
        close (p[0]);
        char port_s[16], fd_s[16];
        snprintf (port_s, sizeof port_s, "%d", port);
        snprintf (fd_s, sizeof fd_s, "%d", p[1]);
        char *args[] = {(char *) "peer", (char *) mode, port_s, fd_s, NULL};
        execv ("/proc/self/exe", args);
        _exit (127);
    }
    close (p[1]);
    peer_t peer = {pid, p[0]};
    return peer;
}

/* Nonblocking: did the peer report c? */
static int reported (peer_t *peer, char c)
{
    char r;
    while (read (peer->report, &r, 1) == 1)
        if (r == c)
            return 1;
    return 0;
}

static void *push;
static long long sent;

/* Keep sending for ms milliseconds (or until done() says stop). */
static void pump (int ms, int (*done) (void *), void *arg)
{
    int64_t end = now_ms () + ms;
    char msg[MSG_SIZE];
    memset (msg, 'x', sizeof msg);
    while (now_ms () < end) {
        if (done && done (arg))
            return;
        int burst = 0;
        while (burst < 100 && zmq_send (push, msg, sizeof msg, ZMQ_DONTWAIT)
                                == MSG_SIZE) {
            burst++;
            sent++;
        }
        if (burst == 0) {
            TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "send: %s",
                             zmq_strerror (zmq_errno ()));
            sleep_ms (1);
        }
    }
}

static int peer_said_r (void *arg)
{
    return reported ((peer_t *) arg, 'r');
}
static int peer_said_b (void *arg)
{
    return reported ((peer_t *) arg, 'b');
}
static int peer_exited (void *arg)
{
    peer_t *p = (peer_t *) arg;
    int status;
    pid_t w = waitpid (p->pid, &status, WNOHANG);
    if (w == p->pid) {
        p->pid = WIFEXITED (status) && WEXITSTATUS (status) == 0 ? 0 : -1;
        return 1;
    }
    return 0;
}

int main (int argc, char **argv)
{
    if (argc == 4)
        return peer_main (argv[1], atoi (argv[2]), atoi (argv[3]));

    alarm (50); /* last resort */
    int port = free_port ();
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    push = test_socket (ctx, ZMQ_PUSH);
    set_int_opt (push, ZMQ_SNDHWM, 1000);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    pump (100, NULL, NULL); /* fills the pipe: nobody listens yet */

    for (int k = 0; k < SLOW_PEERS; k++) {
        peer_t slow = spawn ("slow", port);
        pump (5000, peer_said_b, &slow);
        /* Let it read a few (at most 2 s), then kill it mid-stream. */
        pump (2000, peer_said_r, &slow);
        pump (30, NULL, NULL);
        kill (slow.pid, SIGKILL);
        waitpid (slow.pid, NULL, 0);
        close (slow.report);
        printf ("slow peer %d killed, %lld sent so far\n", k + 1, sent);
        pump (200, NULL, NULL);
    }

    /* Nobody listens: the pipe fills up to what the PUSH thinks is free. */
    pump (300, NULL, NULL);

    peer_t fast = spawn ("fast", port);
    int64_t t0 = now_ms ();
    while (!reported (&fast, 'b') && now_ms () - t0 < 5000)
        sleep_ms (5);
    /* Not sending now: the fast peer counts what was queued. */
    int queued = -1;
    t0 = now_ms ();
    while (now_ms () - t0 < 8000
           && read (fast.report, &queued, sizeof queued) != sizeof queued)
        sleep_ms (5);
    printf ("after %d killed peers the PUSH had %d messages queued "
            "(SNDHWM 1000)\n",
            SLOW_PEERS, queued);
    fflush (stdout);
    if (queued < 0) {
        kill (fast.pid, SIGKILL);
        waitpid (fast.pid, NULL, 0);
        TEST_FAIL ("fast peer reported nothing");
    }
    /* libzmq: the writer learns of reads in steps of SNDHWM/2, so between
     * 501 and 1000 are queued. */
    if (queued <= 500) {
        kill (fast.pid, SIGKILL);
        waitpid (fast.pid, NULL, 0);
        TEST_FAIL ("only %d messages queued: the messages lost with the %d "
                   "killed connections still count against SNDHWM",
                   queued, SLOW_PEERS);
    }
    /* And traffic goes on: FAST_COUNT more, no send stuck for 2 s, all
     * within 15 s. */
    set_int_opt (push, ZMQ_SNDTIMEO, 2000);
    char msg[MSG_SIZE];
    memset (msg, 'y', sizeof msg);
    int64_t t_send = now_ms ();
    for (int i = 0; i < FAST_COUNT; i++) {
        if (zmq_send (push, msg, sizeof msg, 0) != MSG_SIZE
            || now_ms () - t_send > 15000) {
            int en = zmq_errno ();
            kill (fast.pid, SIGKILL);
            waitpid (fast.pid, NULL, 0);
            TEST_FAIL ("send %d of %d after %lld ms: stalled (no room for "
                       "2 s, or 15 s in all): errno %d (%s)",
                       i + 1, FAST_COUNT, (long long) (now_ms () - t_send), en,
                       zmq_strerror (en));
        }
    }
    t0 = now_ms ();
    while (!peer_exited (&fast) && now_ms () - t0 < 10000)
        sleep_ms (10);
    if (fast.pid > 0) {
        kill (fast.pid, SIGKILL);
        waitpid (fast.pid, NULL, 0);
        TEST_FAIL ("fast peer did not finish");
    }
    TEST_ASSERT_MSG (fast.pid == 0, "fast peer failed (see above)");
    printf ("then %d more sent and received in %lld ms\n", FAST_COUNT,
            (long long) (now_ms () - t_send));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
