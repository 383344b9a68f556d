/* Blocking calls return -1/EINTR when a signal handler runs: zmq_recv,
 * zmq_msg_recv, zmq_send and zmq_msg_send (blocked at SNDHWM), zmq_poll
 * (timeout -1) and zmq_ctx_term (a socket still open) each return -1 with
 * errno EINTR once a SIGALRM handler has run on the blocked thread, whether
 * the handler was installed with SA_RESTART or without (libzmq 4.3 waits in
 * poll(), which is never restarted, and hands EINTR back to the caller).
 * After an interrupted zmq_ctx_term, closing the socket and calling
 * zmq_ctx_term again returns 0.
 *
 * No timeouts are set on the blocking calls (RCVTIMEO/SNDTIMEO -1): the
 * signal is the only thing that can end them. Each case runs in its own
 * forked child (all forked before any context exists, running in parallel);
 * the parent kills a child still blocked 2.5 s after its signal, so a library
 * that ignores the signal fails instead of hanging. Every case is reported
 * (with the thread that ran the handler), then the test fails if any did. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

/* Shared with the parent (MAP_SHARED), one slot per child. */
typedef struct
{
    volatile int handler_tid; /* thread that ran the handler, 0 = none */
    volatile int main_tid;
} report_t;
static report_t *reports;
static report_t *me;
static volatile sig_atomic_t handler_ran;

static void on_alarm (int sig)
{
    (void) sig;
    handler_ran = 1;
    me->handler_tid = (int) syscall (SYS_gettid);
}

static void install_handler (int restart)
{
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset (&sa.sa_mask);
    sa.sa_flags = restart ? SA_RESTART : 0;
    TEST_ASSERT (sigaction (SIGALRM, &sa, NULL) == 0);
}

/* One-shot SIGALRM (process-directed, like alarm()) after ms. */
static void arm_timer (int ms)
{
    struct itimerval it;
    memset (&it, 0, sizeof it);
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    TEST_ASSERT (setitimer (ITIMER_REAL, &it, NULL) == 0);
}

enum
{
    C_RECV,
    C_MSG_RECV,
    C_SEND,
    C_MSG_SEND,
    C_POLL,
    C_CTX_TERM,
    C_COUNT
};
static const char *case_names[C_COUNT] = {"zmq_recv",     "zmq_msg_recv",
                                          "zmq_send",     "zmq_msg_send",
                                          "zmq_poll",     "zmq_ctx_term"};

/* PUSH connected to an endpoint nobody listens on, SNDHWM 1, one message
 * queued: the next blocking send waits forever. The port is held by a bound,
 * non-listening TCP socket so that no other case (they run in parallel) can
 * bind it and accept the connection. */
static void *full_push (void *ctx)
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
    char dead[64];
    snprintf (dead, sizeof dead, "tcp://127.0.0.1:%d", ntohs (sa.sin_port));
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PUSH));
    set_int_opt (s, ZMQ_LINGER, 0);
    set_int_opt (s, ZMQ_SNDHWM, 1);
    TEST_ZMQ_OK (zmq_connect (s, dead));
    TEST_ZMQ_OK (zmq_send (s, "a", 1, ZMQ_DONTWAIT));
    TEST_ZMQ_ERR (EAGAIN, zmq_send (s, "b", 1, ZMQ_DONTWAIT));
    TEST_ASSERT_EQ_INT (-1, get_int_opt (s, ZMQ_SNDTIMEO));
    return s; /* fd stays open (the child exits) */
}

/* PULL bound, with a connected idle PUSH, nothing to read. */
static void *idle_pull (void *ctx, void **push_out)
{
    char ep[256];
    void *s = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PULL));
    set_int_opt (s, ZMQ_LINGER, 0);
    bind_ephemeral (s, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    settle ();
    TEST_ASSERT_EQ_INT (-1, get_int_opt (s, ZMQ_RCVTIMEO));
    *push_out = push;
    return s;
}

/* Child: run one case, exit 0 on pass, 1 on failure (message on stderr). */
static void run_case (int c, int restart)
{
    me->main_tid = (int) syscall (SYS_gettid);
    install_handler (restart);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *push = NULL;
    void *s = NULL;
    if (c == C_SEND || c == C_MSG_SEND)
        s = full_push (ctx);
    else if (c == C_CTX_TERM)
        s = test_socket (ctx, ZMQ_PAIR);
    else
        s = idle_pull (ctx, &push);

    handler_ran = 0;
    arm_timer (300);
    int64_t start = now_ms ();
    errno = 0;
    int rc = -2;
    char buf[16];
    zmq_msg_t msg;
    switch (c) {
        case C_RECV:
            rc = zmq_recv (s, buf, sizeof buf, 0);
            break;
        case C_MSG_RECV:
            TEST_ZMQ_OK (zmq_msg_init (&msg));
            rc = zmq_msg_recv (&msg, s, 0);
            break;
        case C_SEND:
            rc = zmq_send (s, "c", 1, 0);
            break;
        case C_MSG_SEND:
            TEST_ZMQ_OK (zmq_msg_init_size (&msg, 1));
            rc = zmq_msg_send (&msg, s, 0);
            break;
        case C_POLL: {
            zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
            rc = zmq_poll (&item, 1, -1);
            break;
        }
        case C_CTX_TERM:
            rc = zmq_ctx_term (ctx);
            break;
    }
    int en = zmq_errno ();
    int64_t elapsed = now_ms () - start;
    TEST_ASSERT_MSG (handler_ran, "%s returned %d (errno %d) after %lld ms "
                     "before the signal", case_names[c], rc, en,
                     (long long) elapsed);
    TEST_ASSERT_MSG (rc == -1 && en == EINTR,
                     "%s: expected -1/EINTR, got %d errno %d (%s)",
                     case_names[c], rc, en, zmq_strerror (en));
    TEST_ASSERT_MSG (elapsed < 2000, "%s: EINTR only after %lld ms",
                     case_names[c], (long long) elapsed);

    if (c == C_MSG_RECV || c == C_MSG_SEND)
        TEST_ZMQ_OK (zmq_msg_close (&msg));
    /* After the interruption: close the socket(s), then zmq_ctx_term
     * returns 0 (for C_CTX_TERM this is the second, uninterrupted call). */
    TEST_ZMQ_OK (zmq_close (s));
    if (push)
        TEST_ZMQ_OK (zmq_close (push));
    /* Bound the final term too: SIGALRM would interrupt it (and fail). */
    alarm (5);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    alarm (0);
    _exit (0);
}

int main (void)
{
    enum
    {
        N = 2 * C_COUNT
    };
    reports = (report_t *) mmap (NULL, sizeof (report_t) * N,
                                 PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    TEST_ASSERT (reports != MAP_FAILED);
    memset (reports, 0, sizeof (report_t) * N);
    pid_t pids[N];
    int status[N];
    int done[N];
    fflush (stdout);
    fflush (stderr);
    for (int i = 0; i < N; i++) {
        pids[i] = fork ();
        TEST_ASSERT (pids[i] >= 0);
        if (pids[i] == 0) {
            me = &reports[i];
            run_case (i / 2, i % 2);
        }
        done[i] = 0;
        status[i] = 0;
    }
    /* Safety net: each signal fires 300 ms after its child's setup (well
     * under 1 s); 3 s after the fork everything must be over. */
    int64_t deadline = now_ms () + 3000;
    int left = N;
    while (left > 0 && now_ms () < deadline) {
        for (int i = 0; i < N; i++)
            if (!done[i] && waitpid (pids[i], &status[i], WNOHANG) == pids[i]) {
                done[i] = 1;
                left--;
            }
        sleep_ms (20);
    }
    int failures = 0;
    for (int i = 0; i < N; i++) {
        const char *what;
        int ok = 0;
        if (!done[i]) {
            kill (pids[i], SIGKILL);
            waitpid (pids[i], &status[i], 0);
            what = "FAIL (still blocked >2.5 s after the signal: killed)";
        } else if (WIFEXITED (status[i]) && WEXITSTATUS (status[i]) == 0) {
            what = "ok";
            ok = 1;
        } else if (WIFSIGNALED (status[i])) {
            what = "FAIL (child died by a signal)";
        } else {
            what = "FAIL (see message above)";
        }
        const report_t *r = &reports[i];
        char where[96];
        if (r->handler_tid == 0)
            snprintf (where, sizeof where, "handler did not run");
        else if (r->handler_tid == r->main_tid)
            snprintf (where, sizeof where, "handler ran on the blocked thread");
        else
            snprintf (where, sizeof where,
                      "handler ran on thread %d, not the blocked thread %d",
                      r->handler_tid, r->main_tid);
        printf ("%-13s %-11s %s [%s]\n", case_names[i / 2],
                i % 2 ? "SA_RESTART" : "no-restart", what, where);
        if (!ok)
            failures++;
    }
    fflush (stdout);
    if (failures)
        TEST_FAIL ("%d of %d cases did not return EINTR", failures, N);
    return 0;
}
