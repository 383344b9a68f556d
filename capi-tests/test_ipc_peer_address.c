/* The "Peer-Address" message property over ipc:// carries the peer's
 * credentials: libzmq 4.3.4's engine asks getnameinfo (NI_NUMERICHOST)
 * for the peer's address, which glibc answers "localhost" for an AF_UNIX
 * socket, then appends ":<uid>:<gid>:<pid>" from SO_PEERCRED. Both ends
 * here are in this process, so messages received on either side of a
 * path connection and of an abstract-name connection carry
 * "localhost:<getuid ()>:<getgid ()>:<getpid ()>" (for the connecting
 * side, the credentials the listener's process had at bind/listen). */
#include "ipcutil.h"

static void expect_peer (void *s, const char *want)
{
    zmq_msg_t m;
    zmq_msg_init (&m);
    TEST_ZMQ_OK (zmq_msg_recv (&m, s, 0));
    const char *got = zmq_msg_gets (&m, "Peer-Address");
    TEST_ASSERT_MSG (got != NULL, "no Peer-Address: errno %d (%s)",
                     zmq_errno (), zmq_strerror (zmq_errno ()));
    TEST_ASSERT_EQ_STR (want, got);
    zmq_msg_close (&m);
}

int main (void)
{
    char dir[128], ep[300], want[128];
    ipc_tmpdir (dir, sizeof dir, "peer");
    snprintf (want, sizeof want, "localhost:%d:%d:%d", (int) getuid (),
              (int) getgid (), (int) getpid ());
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());

    for (int k = 0; k < 2; k++) {
        if (k == 0)
            snprintf (ep, sizeof ep, "ipc://%s/p.sock", dir);
        else
            snprintf (ep, sizeof ep, "ipc://@zmq-capi-peer-%d",
                      (int) getpid ());
        void *s = test_socket (ctx, ZMQ_PAIR);
        void *c = test_socket (ctx, ZMQ_PAIR);
        TEST_ZMQ_OK (zmq_bind (s, ep));
        TEST_ZMQ_OK (zmq_connect (c, ep));
        send_str (c, "up", 0);
        expect_peer (s, want);
        send_str (s, "down", 0);
        expect_peer (c, want);
        TEST_ZMQ_OK (zmq_close (c));
        TEST_ZMQ_OK (zmq_close (s));
    }

    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    ipc_rmtree (dir);
    return 0;
}
