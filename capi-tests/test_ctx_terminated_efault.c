/* Calls on a context that zmq_ctx_term has already terminated fail with
 * -1/EFAULT (NULL/EFAULT for zmq_socket): a second zmq_ctx_term, and
 * zmq_ctx_destroy, zmq_ctx_shutdown, zmq_ctx_set, zmq_ctx_get, zmq_socket
 * on it. libzmq 4.3 checks the context's tag, which its destructor sets to a
 * bad value, and reports EFAULT instead of touching the context.
 *
 * Note: libzmq itself checks the tag in memory it has already freed (valgrind
 * reports an invalid read there), so a library may pass this test and still
 * read freed memory; the README records what valgrind says. Each call runs
 * in its own forked child (fresh context, terminated with no sockets open,
 * then terminated with a socket that was closed first) so that a crash or
 * heap damage in one case does not hide the others. */
#include "testutil.h"

#include <sys/wait.h>

enum
{
    C_TERM,
    C_DESTROY,
    C_SHUTDOWN,
    C_SET,
    C_GET,
    C_SOCKET,
    C_COUNT
};
static const char *names[C_COUNT] = {
  "zmq_ctx_term",  "zmq_ctx_destroy", "zmq_ctx_shutdown",
  "zmq_ctx_set",   "zmq_ctx_get",     "zmq_socket"};

static void run_case (int c, int with_socket)
{
    alarm (10); /* a hang is a failure, not a stuck test */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    if (with_socket) {
        void *s = test_socket (ctx, ZMQ_PAIR);
        char ep[256];
        bind_ephemeral (s, ep, sizeof ep);
        TEST_ZMQ_OK (zmq_close (s));
    }
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    switch (c) {
        case C_TERM:
            TEST_ZMQ_ERR (EFAULT, zmq_ctx_term (ctx));
            break;
        case C_DESTROY:
            TEST_ZMQ_ERR (EFAULT, zmq_ctx_destroy (ctx));
            break;
        case C_SHUTDOWN:
            TEST_ZMQ_ERR (EFAULT, zmq_ctx_shutdown (ctx));
            break;
        case C_SET:
            TEST_ZMQ_ERR (EFAULT, zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 10));
            break;
        case C_GET:
            TEST_ZMQ_ERR (EFAULT, zmq_ctx_get (ctx, ZMQ_IO_THREADS));
            break;
        case C_SOCKET:
            TEST_ZMQ_PTR_ERR (EFAULT, zmq_socket (ctx, ZMQ_PAIR));
            break;
    }
    _exit (0);
}

int main (void)
{
    int failures = 0;
    for (int c = 0; c < C_COUNT; c++) {
        for (int with_socket = 0; with_socket < 2; with_socket++) {
            fflush (stdout);
            fflush (stderr);
            pid_t pid = fork ();
            TEST_ASSERT (pid >= 0);
            if (pid == 0)
                run_case (c, with_socket);
            int status = 0;
            TEST_ASSERT (waitpid (pid, &status, 0) == pid);
            int ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
            if (ok)
                printf ("ok   %-16s after term%s\n", names[c],
                        with_socket ? " (socket was used)" : "");
            else if (WIFSIGNALED (status))
                printf ("FAIL %-16s after term%s: child killed by signal %d "
                        "(%s)\n",
                        names[c], with_socket ? " (socket was used)" : "",
                        WTERMSIG (status), strsignal (WTERMSIG (status)));
            else
                printf ("FAIL %-16s after term%s: exit %d (message above)\n",
                        names[c], with_socket ? " (socket was used)" : "",
                        WEXITSTATUS (status));
            if (!ok)
                failures++;
        }
    }
    fflush (stdout);
    TEST_ASSERT_MSG (failures == 0, "%d of %d cases failed", failures,
                     2 * C_COUNT);
    return 0;
}
