/* ZMQ_IPC_FILTER_PID (58) and ZMQ_IPC_FILTER_GID (60) on an ipc://
 * listener (peer credentials from SO_PEERCRED; the uid, gid and pid sets
 * are alternatives: matching any one keeps the connection).
 * - PID: a filter on getpid () (the connecting socket lives in this
 *   process) accepts; one on another pid only refuses (nothing arrives
 *   within 500 ms).
 * - GID: a filter on getgid () (the peer's primary gid) accepts; one on a
 *   gid no group has refuses; a filter on another uid plus our gid
 *   accepts (any set matching is enough); and, where this host lists our
 *   user as a member of a supplementary group, a filter on that group
 *   accepts (libzmq checks the group's member names too).
 * Options refused with EINVAL (a libzmq without them) skip the test. */
#include "ipcutil.h"

#include <grp.h>
#include <pwd.h>

typedef struct
{
    int opt;
    int value;
} filt_t;

static int try_filters (void *ctx, const char *ep, const filt_t *f, int n)
{
    void *pull = test_socket (ctx, ZMQ_PULL);
    for (int i = 0; i < n; i++) {
        int rc = zmq_setsockopt (pull, f[i].opt, &f[i].value, sizeof (int));
        if (rc == -1 && zmq_errno () == EINVAL) {
            fprintf (stderr, "option %d not supported: skipped\n", f[i].opt);
            exit (77);
        }
        TEST_ZMQ_OK (rc);
    }
    TEST_ZMQ_OK (zmq_bind (pull, ep));
    void *push = test_socket (ctx, ZMQ_PUSH);
    TEST_ZMQ_OK (zmq_connect (push, ep));
    send_str (push, "hello", 0);
    set_int_opt (pull, ZMQ_RCVTIMEO, 500);
    char buf[16];
    int got = zmq_recv (pull, buf, sizeof buf, 0);
    if (got == -1)
        TEST_ASSERT_EQ_INT (EAGAIN, zmq_errno ());
    else
        TEST_ASSERT (got == 5 && memcmp (buf, "hello", 5) == 0);
    TEST_ZMQ_OK (zmq_close (push));
    TEST_ZMQ_OK (zmq_close (pull));
    return got == 5;
}

/* A supplementary group listing our user by name, other than our primary
 * gid; -1 if none. */
static int member_group (void)
{
    struct passwd *pw = getpwuid (getuid ());
    if (!pw)
        return -1;
    char name[256];
    snprintf (name, sizeof name, "%s", pw->pw_name);
    int found = -1;
    setgrent ();
    struct group *gr;
    while (found < 0 && (gr = getgrent ()) != NULL) {
        if (gr->gr_gid == getgid ())
            continue;
        for (char **m = gr->gr_mem; m && *m; m++)
            if (strcmp (*m, name) == 0) {
                found = (int) gr->gr_gid;
                break;
            }
    }
    endgrent ();
    return found;
}

int main (void)
{
    char dir[128], ep[300];
    ipc_tmpdir (dir, sizeof dir, "fpidgid");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    int n = 0;
#define EP() (snprintf (ep, sizeof ep, "ipc://%s/%d.sock", dir, n++), ep)

    filt_t pid_own[] = {{ZMQ_IPC_FILTER_PID, (int) getpid ()}};
    TEST_ASSERT_MSG (try_filters (ctx, EP (), pid_own, 1), "own pid refused");
    filt_t pid_other[] = {{ZMQ_IPC_FILTER_PID, (int) getpid () + 1}};
    TEST_ASSERT_MSG (!try_filters (ctx, EP (), pid_other, 1),
                     "other pid accepted");

    int nogroup = 54321;
    while (nogroup == (int) getgid () || getgrgid ((gid_t) nogroup) != NULL)
        nogroup++;
    filt_t gid_own[] = {{ZMQ_IPC_FILTER_GID, (int) getgid ()}};
    TEST_ASSERT_MSG (try_filters (ctx, EP (), gid_own, 1), "own gid refused");
    filt_t gid_other[] = {{ZMQ_IPC_FILTER_GID, nogroup}};
    TEST_ASSERT_MSG (!try_filters (ctx, EP (), gid_other, 1),
                     "gid %d accepted", nogroup);
    filt_t mixed[] = {{ZMQ_IPC_FILTER_UID, (int) getuid () + 1},
                      {ZMQ_IPC_FILTER_PID, (int) getpid () + 1},
                      {ZMQ_IPC_FILTER_GID, (int) getgid ()}};
    TEST_ASSERT_MSG (try_filters (ctx, EP (), mixed, 3),
                     "own gid among other uid/pid refused");

    int g = member_group ();
    if (g >= 0) {
        filt_t member[] = {{ZMQ_IPC_FILTER_GID, g}};
        TEST_ASSERT_MSG (try_filters (ctx, EP (), member, 1),
                         "supplementary group %d refused", g);
    } else
        fprintf (stderr, "no supplementary group lists us: not checked\n");

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
