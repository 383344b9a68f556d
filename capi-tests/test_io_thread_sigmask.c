/* The library's background threads block all signals: every thread that
 * appears in /proc/self/task once a context has sockets (libzmq 4.3 names
 * them "ZMQbg/Reaper" and "ZMQbg/IO/0") has every standard signal (1..31,
 * except SIGKILL and SIGSTOP which cannot be blocked) in its SigBlk mask.
 * libzmq's thread_t blocks everything with sigfillset + pthread_sigmask
 * before running the thread, so a process-directed signal (alarm(), kill)
 * always reaches an application thread, never the library's. The main
 * thread keeps an empty mask throughout. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>

#define MAX_TASKS 256

static int list_tasks (int *tids)
{
    DIR *d = opendir ("/proc/self/task");
    TEST_ASSERT (d != NULL);
    int n = 0;
    struct dirent *e;
    while ((e = readdir (d)) != NULL)
        if (e->d_name[0] != '.' && n < MAX_TASKS)
            tids[n++] = atoi (e->d_name);
    closedir (d);
    return n;
}

/* Name and SigBlk of a task; 0 if it has gone. */
static int task_info (int tid, char *name, size_t cap, unsigned long long *blk)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/self/task/%d/status", tid);
    FILE *f = fopen (path, "r");
    if (!f)
        return 0;
    char line[256];
    int got = 0;
    name[0] = 0;
    while (fgets (line, sizeof line, f)) {
        if (strncmp (line, "Name:", 5) == 0) {
            const char *p = line + 5;
            while (*p == ' ' || *p == '\t')
                p++;
            snprintf (name, cap, "%s", p);
            name[strcspn (name, "\n")] = 0;
        } else if (strncmp (line, "SigBlk:", 7) == 0) {
            *blk = strtoull (line + 7, NULL, 16);
            got = 1;
        }
    }
    fclose (f);
    return got;
}

static int contains (const int *v, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

int main (void)
{
    int before[MAX_TASKS];
    int nbefore = list_tasks (before);

    /* A context with sockets, a bind and a live connection, so whatever
     * threads the library starts lazily exist by now. */
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    void *pull = test_socket (ctx, ZMQ_PULL);
    char ep[256];
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "hello", 0);
    RECV_STR (pull, "hello");

    int after[MAX_TASKS];
    int nafter = list_tasks (after);
    int lib_threads = 0;
    int bad = 0;
    for (int i = 0; i < nafter; i++) {
        char name[64];
        unsigned long long blk = 0;
        if (!task_info (after[i], name, sizeof name, &blk))
            continue;
        if (contains (before, nbefore, after[i])) {
            printf ("application thread %d \"%s\" SigBlk %016llx\n", after[i],
                    name, blk);
            continue;
        }
        lib_threads++;
        char missing[256] = "";
        for (int sig = 1; sig <= 31; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP)
                continue;
            if (!(blk & (1ULL << (sig - 1)))) {
                size_t len = strlen (missing);
                snprintf (missing + len, sizeof missing - len, " %d(%s)", sig,
                          sigabbrev_np (sig));
            }
        }
        printf ("library thread %d \"%s\" SigBlk %016llx%s%s\n", after[i],
                name, blk, missing[0] ? " NOT blocked:" : " (all blocked)",
                missing);
        if (missing[0])
            bad++;
    }
    fflush (stdout);
    TEST_ASSERT_MSG (lib_threads >= 1, "no library thread found");
    TEST_ASSERT_MSG (bad == 0,
                     "%d of %d library threads leave signals unblocked (a "
                     "process-directed signal can land there instead of on "
                     "the application's blocked thread)",
                     bad, lib_threads);

    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
