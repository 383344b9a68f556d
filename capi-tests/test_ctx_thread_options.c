/* The context's thread options reach its I/O threads:
 * - ZMQ_THREAD_NAME_PREFIX 7 names them "7/ZMQbg/IO/<n>" (as libzmq), and
 *   zmq_ctx_get returns it;
 * - ZMQ_THREAD_AFFINITY_CPU_ADD 0 pins them to CPU 0 (their affinity mask
 *   is exactly {0}); removing a CPU that was not added is EINVAL;
 * - ZMQ_THREAD_SCHED_POLICY / ZMQ_THREAD_PRIORITY are taken (applied where
 *   the process may; not checked here, that needs privileges). */
#include "testutil.h"

#include <dirent.h>
#include <sched.h>

int main (void)
{
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_THREAD_NAME_PREFIX, 7));
    TEST_ASSERT_EQ_INT (7, zmq_ctx_get (ctx, ZMQ_THREAD_NAME_PREFIX));
    TEST_ZMQ_OK (zmq_ctx_set (ctx, ZMQ_THREAD_AFFINITY_CPU_ADD, 0));
    TEST_ZMQ_ERR (EINVAL, zmq_ctx_set (ctx, ZMQ_THREAD_AFFINITY_CPU_REMOVE, 3));
    void *s = test_socket (ctx, ZMQ_PAIR);
    char ep[256];
    bind_ephemeral (s, ep, sizeof ep);
    sleep_ms (50);

    DIR *d = opendir ("/proc/self/task");
    TEST_ASSERT (d != NULL);
    struct dirent *e;
    int found = 0;
    while ((e = readdir (d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[300], comm[64] = "";
        snprintf (path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen (path, "r");
        if (!f)
            continue;
        if (fgets (comm, sizeof comm, f))
            comm[strcspn (comm, "\n")] = 0;
        fclose (f);
        if (strcmp (comm, "7/ZMQbg/IO/0") != 0)
            continue;
        found = 1;
        cpu_set_t set;
        CPU_ZERO (&set);
        TEST_ASSERT (sched_getaffinity ((pid_t) atoi (e->d_name), sizeof set, &set) == 0);
        TEST_ASSERT_MSG (CPU_ISSET (0, &set) && CPU_COUNT (&set) == 1,
                         "I/O thread affinity: %d CPUs", CPU_COUNT (&set));
    }
    closedir (d);
    TEST_ASSERT_MSG (found, "no thread named 7/ZMQbg/IO/0");
    TEST_ZMQ_OK (zmq_close (s));
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
