/* Whatever is left at an ipc:// path does not stop a bind there: libzmq
 * unlink()s the path before bind(2) (a previous run's socket file would
 * otherwise make it fail with EADDRINUSE). Checked for a regular file with
 * contents (it is replaced: the path becomes a socket), for a stale socket
 * file a plain AF_UNIX listener left behind when it closed, and for a
 * socket file whose listener is still open in this process (its listener
 * loses the path). After each bind a peer connects by the path and
 * messages flow. A directory at the path is different: unlink(2) cannot
 * remove it, so bind fails with EADDRINUSE and the directory stays. */
#include "ipcutil.h"

#include <sys/socket.h>
#include <sys/un.h>

static int raw_listener (const char *path)
{
    int fd = socket (AF_UNIX, SOCK_STREAM, 0);
    TEST_ASSERT (fd >= 0);
    struct sockaddr_un sa;
    memset (&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    TEST_ASSERT (strlen (path) < sizeof sa.sun_path);
    strcpy (sa.sun_path, path);
    TEST_ASSERT_MSG (bind (fd, (struct sockaddr *) &sa, sizeof sa) == 0,
                     "bind %s: %s", path, strerror (errno));
    TEST_ASSERT (listen (fd, 4) == 0);
    return fd;
}

static void bind_and_use (void *ctx, const char *path)
{
    char ep[300];
    snprintf (ep, sizeof ep, "ipc://%s", path);
    void *s = test_socket (ctx, ZMQ_PAIR);
    void *c = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_OK (zmq_bind (s, ep));
    TEST_ASSERT_MSG (path_is_socket (path), "%s is not a socket", path);
    TEST_ZMQ_OK (zmq_connect (c, ep));
    bounce (c, s);
    TEST_ZMQ_OK (zmq_close (c));
    TEST_ZMQ_OK (zmq_close (s));
}

int main (void)
{
    char dir[128], path[256];
    ipc_tmpdir (dir, sizeof dir, "stale");
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    /* A regular file. */
    snprintf (path, sizeof path, "%s/regular.sock", dir);
    FILE *f = fopen (path, "w");
    TEST_ASSERT (f != NULL);
    fputs ("not a socket\n", f);
    fclose (f);
    bind_and_use (ctx, path);

    /* A socket file whose listener has gone. */
    snprintf (path, sizeof path, "%s/stale.sock", dir);
    close (raw_listener (path));
    TEST_ASSERT (path_is_socket (path));
    bind_and_use (ctx, path);

    /* A socket file whose (non-zmq) listener is still open. */
    snprintf (path, sizeof path, "%s/live.sock", dir);
    int fd = raw_listener (path);
    bind_and_use (ctx, path);
    close (fd);

    /* A directory. */
    snprintf (path, sizeof path, "%s/dir.sock", dir);
    TEST_ASSERT (mkdir (path, 0700) == 0);
    char ep[300];
    snprintf (ep, sizeof ep, "ipc://%s", path);
    void *s = test_socket (ctx, ZMQ_PAIR);
    TEST_ZMQ_ERR (EADDRINUSE, zmq_bind (s, ep));
    struct stat st;
    TEST_ASSERT (stat (path, &st) == 0 && S_ISDIR (st.st_mode));
    TEST_ZMQ_OK (zmq_close (s));

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
