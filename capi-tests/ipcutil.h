/* Helpers shared by the test_ipc_*.c tests: a private directory per run
 * (mkdtemp under /tmp, pid in its name) for socket files, removed even when
 * the test fails, file checks with bounded polling, socket monitors, and
 * telling our library from real libzmq at run time (for the few ours-only
 * assertions). */
#ifndef CAPI_IPCUTIL_H
#define CAPI_IPCUTIL_H

#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Our library is built with tls://; Debian's libzmq 4.3.4 is not. */
static inline int is_our_library (void)
{
    return zmq_has ("tls") == 1;
}

/* Remove dir, its files and the (empty or flat) directories in it. */
static inline void ipc_rmtree (const char *dir)
{
    DIR *d = opendir (dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir (d)) != NULL) {
            if (!strcmp (e->d_name, ".") || !strcmp (e->d_name, ".."))
                continue;
            char p[512];
            snprintf (p, sizeof p, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat (p, &st) == 0 && S_ISDIR (st.st_mode)) {
                DIR *sd = opendir (p);
                if (sd) {
                    struct dirent *se;
                    while ((se = readdir (sd)) != NULL) {
                        char sp[768];
                        snprintf (sp, sizeof sp, "%s/%s", p, se->d_name);
                        if (strcmp (se->d_name, ".")
                            && strcmp (se->d_name, ".."))
                            unlink (sp);
                    }
                    closedir (sd);
                }
                rmdir (p);
            } else
                unlink (p);
        }
        closedir (d);
    }
    rmdir (dir);
}

/* mkdtemp("/tmp/zmq-ipc-<tag>-<pid>-XXXXXX") into dir. Call it first,
 * before any zmq call: the process forks, the child returns and runs the
 * test, and the parent waits for it, removes dir (the assertions exit
 * with _exit, past any cleanup of the test's own) and exits with the
 * child's status. */
static inline void ipc_tmpdir (char *dir, size_t cap, const char *tag)
{
    int n = snprintf (dir, cap, "/tmp/zmq-ipc-%s-%d-XXXXXX", tag,
                      (int) getpid ());
    TEST_ASSERT (n > 0 && (size_t) n < cap);
    TEST_ASSERT_MSG (mkdtemp (dir) != NULL, "mkdtemp %s: %s", dir,
                     strerror (errno));
    fflush (stdout);
    fflush (stderr);
    pid_t child = fork ();
    TEST_ASSERT_MSG (child >= 0, "fork: %s", strerror (errno));
    if (child == 0)
        return;
    int status;
    while (waitpid (child, &status, 0) == -1) {
        if (errno != EINTR) {
            ipc_rmtree (dir);
            _exit (1);
        }
    }
    ipc_rmtree (dir);
    if (WIFEXITED (status))
        _exit (WEXITSTATUS (status));
    fprintf (stderr, "test process killed by signal %d\n", WTERMSIG (status));
    _exit (128 + WTERMSIG (status));
}

/* 1 if path exists (lstat), 0 if not. */
static inline int path_exists (const char *path)
{
    struct stat st;
    return lstat (path, &st) == 0;
}

static inline int path_is_socket (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

/* Poll (every 10 ms) until path is gone; 1 if it went within ms. */
static inline int wait_gone (const char *path, int ms)
{
    int64_t deadline = now_ms () + ms;
    while (path_exists (path)) {
        if (now_ms () >= deadline)
            return 0;
        sleep_ms (10);
    }
    return 1;
}

/* ---- monitors ------------------------------------------------------------ */

/* Start monitoring s for events; returns the PAIR reading them (RCVTIMEO
 * from test_socket). */
static inline void *monitor_start (void *ctx, void *s, int events)
{
    static int seq = 0;
    char ep[64];
    snprintf (ep, sizeof ep, "inproc://ipc-monitor-%d", ++seq);
    TEST_ZMQ_OK (zmq_socket_monitor (s, ep, events));
    void *m = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_connect (m, ep));
    return m;
}

/* Next event: 0 and event/value/endpoint, or -1 on timeout. */
static inline int monitor_next (void *m, int *event, uint32_t *value,
                                char *ep, size_t cap)
{
    zmq_msg_t a, b;
    zmq_msg_init (&a);
    if (zmq_msg_recv (&a, m, 0) == -1) {
        TEST_ASSERT_MSG (zmq_errno () == EAGAIN, "monitor recv: %s",
                         zmq_strerror (zmq_errno ()));
        zmq_msg_close (&a);
        return -1;
    }
    TEST_ASSERT_EQ_INT (6, zmq_msg_size (&a));
    TEST_ASSERT (zmq_msg_more (&a));
    uint16_t ev;
    uint32_t val;
    memcpy (&ev, zmq_msg_data (&a), 2);
    memcpy (&val, (char *) zmq_msg_data (&a) + 2, 4);
    zmq_msg_close (&a);
    zmq_msg_init (&b);
    TEST_ZMQ_OK (zmq_msg_recv (&b, m, 0));
    TEST_ASSERT (!zmq_msg_more (&b));
    size_t n = zmq_msg_size (&b);
    if (ep) {
        TEST_ASSERT (n < cap);
        memcpy (ep, zmq_msg_data (&b), n);
        ep[n] = 0;
    }
    zmq_msg_close (&b);
    *event = ev;
    if (value)
        *value = val;
    return 0;
}

/* Stop the monitor before closing its reader: libzmq 4.3.4 sends events
 * from its I/O thread with a blocking send, which hangs that thread once
 * the reader is gone. */
static inline void monitor_stop (void *s, void *m)
{
    TEST_ZMQ_OK (zmq_socket_monitor (s, NULL, 0));
    TEST_ZMQ_OK (zmq_close (m));
}

#endif
