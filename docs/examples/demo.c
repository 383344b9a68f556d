/* A REQ/REP exchange through our libzmq.so.5 over tcp. */
#include <zmq.h>
#include <stdio.h>
#include <string.h>

int main (void)
{
    void *ctx = zmq_ctx_new ();
    void *rep = zmq_socket (ctx, ZMQ_REP);
    void *req = zmq_socket (ctx, ZMQ_REQ);
    char ep[256];
    size_t len = sizeof ep;
    if (zmq_bind (rep, "tcp://127.0.0.1:*") || zmq_getsockopt (rep, ZMQ_LAST_ENDPOINT, ep, &len)
        || zmq_connect (req, ep)) {
        fprintf (stderr, "setup failed: %s\n", zmq_strerror (zmq_errno ()));
        return 1;
    }
    char buf[64];
    zmq_send (req, "Hello", 5, 0);
    int n = zmq_recv (rep, buf, sizeof buf, 0);
    printf ("server got: %.*s\n", n, buf);
    zmq_send (rep, "World", 5, 0);
    n = zmq_recv (req, buf, sizeof buf, 0);
    printf ("client got: %.*s\n", n, buf);
    zmq_close (req);
    zmq_close (rep);
    zmq_ctx_term (ctx);
    return 0;
}
