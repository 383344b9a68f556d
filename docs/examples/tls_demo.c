/* The README demo: a REQ/REP exchange over tls:// with mutual
 * verification, using certificates from the directory given as argv[1]
 * (ca.crt, server.crt/.key with CN=server, client.crt/.key with CN=client).
 */
#include <zmq.h>
#include <stdio.h>
#include <string.h>

static int set_file (void *s, int opt, const char *dir, const char *name)
{
    char path[1024];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    return zmq_setsockopt (s, opt, path, strlen (path));
}

#define CHECK(expr)                                                            \
    do {                                                                       \
        if ((expr) != 0) {                                                     \
            fprintf (stderr, "%s failed: %s\n", #expr,                         \
                     zmq_strerror (zmq_errno ()));                             \
            return 1;                                                          \
        }                                                                      \
    } while (0)

int main (int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "certs";
    void *ctx = zmq_ctx_new ();
    void *server = zmq_socket (ctx, ZMQ_REP);
    void *client = zmq_socket (ctx, ZMQ_REQ);
    int timeout = 5000;
    zmq_setsockopt (server, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (client, ZMQ_RCVTIMEO, &timeout, sizeof timeout);

    /* Server: its certificate, and the CA its clients must be signed by
     * (a CA on the bind side turns on mutual TLS). */
    CHECK (set_file (server, ZMQ_TLS_CERT_FILE, dir, "server.crt"));
    CHECK (set_file (server, ZMQ_TLS_KEY_FILE, dir, "server.key"));
    CHECK (set_file (server, ZMQ_TLS_CA_FILE, dir, "ca.crt"));
    CHECK (zmq_bind (server, "tls://127.0.0.1:*"));
    char endpoint[256];
    size_t len = sizeof endpoint;
    CHECK (zmq_getsockopt (server, ZMQ_LAST_ENDPOINT, endpoint, &len));

    /* Client: its certificate, the CA to check the server against, and the
     * name the server's certificate must carry. */
    CHECK (set_file (client, ZMQ_TLS_CERT_FILE, dir, "client.crt"));
    CHECK (set_file (client, ZMQ_TLS_KEY_FILE, dir, "client.key"));
    CHECK (set_file (client, ZMQ_TLS_CA_FILE, dir, "ca.crt"));
    CHECK (zmq_setsockopt (client, ZMQ_TLS_CERT_COMMON_NAME, "server", 6));
    CHECK (zmq_connect (client, endpoint));
    printf ("server listening on %s\n", endpoint);

    if (zmq_send (client, "Hello", 5, 0) != 5)
        return 1;
    zmq_msg_t request;
    zmq_msg_init (&request);
    if (zmq_msg_recv (&request, server, 0) < 0) {
        fprintf (stderr, "no request: %s\n", zmq_strerror (zmq_errno ()));
        return 1;
    }
    const char *who = zmq_msg_gets (&request, "User-Id");
    printf ("server received \"%.*s\" over TLS from a client whose certificate "
            "verified against ca.crt, User-Id=%s\n",
            (int) zmq_msg_size (&request), (char *) zmq_msg_data (&request),
            who ? who : "(none)");
    zmq_msg_close (&request);
    if (zmq_send (server, "World", 5, 0) != 5)
        return 1;

    zmq_msg_t reply;
    zmq_msg_init (&reply);
    if (zmq_msg_recv (&reply, client, 0) < 0) {
        fprintf (stderr, "no reply: %s\n", zmq_strerror (zmq_errno ()));
        return 1;
    }
    who = zmq_msg_gets (&reply, "User-Id");
    printf ("client received \"%.*s\" from a server whose certificate verified "
            "against ca.crt and carries the name \"server\", User-Id=%s\n",
            (int) zmq_msg_size (&reply), (char *) zmq_msg_data (&reply),
            who ? who : "(none)");
    zmq_msg_close (&reply);

    zmq_close (client);
    zmq_close (server);
    zmq_ctx_term (ctx);
    printf ("TLS demo OK\n");
    return 0;
}
