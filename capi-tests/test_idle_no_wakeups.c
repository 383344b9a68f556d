/* An idle process makes no periodic wake-ups: with a thread blocked in
 * zmq_recv (no timeout) on a PULL that has a connected but idle PUSH, and
 * one more idle connected pair (so the I/O thread has connections to
 * watch), no thread of the process other than the measuring one is
 * scheduled at all for 2 s: the sum of voluntary_ctxt_switches and
 * nonvoluntary_ctxt_switches in /proc/self/task/<tid>/status does not change
 * for any of them (libzmq 4.3 sleeps in poll()/epoll_wait() with no timeout
 * when no timer is due; heartbeats are off, the handshakes are over, nothing
 * reconnects). A library that re-checks every N ms shows up as switches on
 * its blocked application thread and on its I/O thread(s); the failure
 * message names every thread that woke and how often.
 *
 * The measuring thread is created before the context, then waits until the
 * main thread is blocked; afterwards it sends a message on the idle PUSH to
 * end the main thread's zmq_recv. alarm() is the last-resort bound. */
#include "testutil.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/syscall.h>

#define MAX_TASKS 64

typedef struct
{
    int tid;
    char name[32];
    long long switches;
} task_t;

static int read_tasks (task_t *t, int self)
{
    DIR *d = opendir ("/proc/self/task");
    TEST_ASSERT (d != NULL);
    int n = 0;
    struct dirent *e;
    while ((e = readdir (d)) != NULL && n < MAX_TASKS) {
        if (e->d_name[0] == '.')
            continue;
        int tid = atoi (e->d_name);
        if (tid == self)
            continue;
        char path[64], line[256];
        snprintf (path, sizeof path, "/proc/self/task/%d/status", tid);
        FILE *f = fopen (path, "r");
        if (!f)
            continue;
        t[n].tid = tid;
        t[n].name[0] = 0;
        t[n].switches = 0;
        while (fgets (line, sizeof line, f)) {
            long long v;
            if (strncmp (line, "Name:", 5) == 0) {
                const char *p = line + 5;
                while (*p == ' ' || *p == '\t')
                    p++;
                snprintf (t[n].name, sizeof t[n].name, "%s", p);
                t[n].name[strcspn (t[n].name, "\n")] = 0;
            } else if (sscanf (line, "voluntary_ctxt_switches: %lld", &v) == 1
                       || sscanf (line, "nonvoluntary_ctxt_switches: %lld",
                                  &v)
                            == 1)
                t[n].switches += v;
        }
        fclose (f);
        n++;
    }
    closedir (d);
    return n;
}

typedef struct
{
    void *push; /* used only by the watcher once it runs */
    volatile int go;
    int main_tid;
    char report[2048];
    int woke;
    int threads;
} watch_t;

static void *watcher (void *arg)
{
    watch_t *w = (watch_t *) arg;
    while (!__atomic_load_n (&w->go, __ATOMIC_SEQ_CST))
        sleep_ms (10);
    sleep_ms (500); /* the main thread is in zmq_recv by now */
    int self = (int) syscall (SYS_gettid);
    task_t a[MAX_TASKS], b[MAX_TASKS];
    int na = read_tasks (a, self);
    sleep_ms (2000);
    int nb = read_tasks (b, self);
    w->threads = na;
    size_t len = 0;
    for (int i = 0; i < na; i++) {
        long long delta = -1;
        for (int j = 0; j < nb; j++)
            if (b[j].tid == a[i].tid)
                delta = b[j].switches - a[i].switches;
        if (delta != 0) {
            w->woke++;
            len += snprintf (w->report + len, sizeof w->report - len,
                             "\n  thread %d \"%s\"%s: %lld context switches "
                             "in 2 s",
                             a[i].tid, a[i].name,
                             a[i].tid == w->main_tid
                               ? " (blocked in zmq_recv)"
                               : "",
                             delta);
            if (len >= sizeof w->report)
                len = sizeof w->report - 1;
        }
    }
    /* Unblock the main thread. */
    TEST_ZMQ_OK (zmq_send (w->push, "done", 4, 0));
    return NULL;
}

int main (void)
{
    alarm (20); /* last resort */
    watch_t w;
    memset (&w, 0, sizeof w);
    w.main_tid = (int) syscall (SYS_gettid);
    pthread_t t;
    TEST_ASSERT (pthread_create (&t, NULL, watcher, &w) == 0);

    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    char ep[256], ep2[256];
    /* The pair the main thread blocks on. */
    void *pull = TEST_ZMQ_PTR (zmq_socket (ctx, ZMQ_PULL));
    set_int_opt (pull, ZMQ_LINGER, 0);
    bind_ephemeral (pull, ep, sizeof ep);
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "warm-up", 0);
    RECV_STR (pull, "warm-up");
    /* Another idle, connected pair. */
    void *a = test_socket (ctx, ZMQ_DEALER);
    bind_ephemeral (a, ep2, sizeof ep2);
    void *b = test_socket (ctx, ZMQ_DEALER);
    TEST_ZMQ_OK (zmq_connect (b, ep2));
    bounce (a, b);
    TEST_ASSERT_EQ_INT (0, get_int_opt (pull, ZMQ_HEARTBEAT_IVL));
    TEST_ASSERT_EQ_INT (-1, get_int_opt (pull, ZMQ_RCVTIMEO));

    w.push = push;
    __atomic_store_n (&w.go, 1, __ATOMIC_SEQ_CST);
    char buf[16];
    int n = zmq_recv (pull, buf, sizeof buf, 0); /* no timeout */
    TEST_ASSERT_EQ_INT (4, n);
    TEST_ASSERT (pthread_join (t, NULL) == 0);
    printf ("%d other thread(s) watched, %d woke%s\n", w.threads, w.woke,
            w.report);
    fflush (stdout);
    TEST_ASSERT_MSG (w.threads >= 2, "expected the main thread and at least "
                                     "one library thread");
    TEST_ASSERT_MSG (w.woke == 0, "%d thread(s) woke while idle:%s", w.woke,
                     w.report);

    TEST_ZMQ_OK (zmq_close (a));
    TEST_ZMQ_OK (zmq_close (b));
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
