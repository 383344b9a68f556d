/* ZMQ_STREAM with programs that know nothing of ZeroMQ, in other
 * processes: Python's http.client fetches a page from a STREAM server (the
 * server answers and closes with an empty frame, so the client sees the
 * end of the response); a STREAM client fetches a page from Python's
 * http.server. Skipped (77) without python3. */
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>

static int have_python (void)
{
    return system ("python3 -c 'import http.client' >/dev/null 2>&1") == 0;
}

/* Read one request (up to its blank line) from a STREAM; returns its id. */
static size_t read_request (void *st, unsigned char *id, char *req,
                            size_t cap)
{
    size_t id_len = 0, len = 0;
    req[0] = 0;
    while (!strstr (req, "\r\n\r\n")) {
        int n = TEST_ZMQ_OK (zmq_recv (st, id, 256, 0));
        id_len = (size_t) n;
        TEST_ASSERT_EQ_INT (1, rcvmore (st));
        n = TEST_ZMQ_OK (zmq_recv (st, req + len, cap - len - 1, 0));
        len += (size_t) n;
        req[len] = 0;
    }
    return id_len;
}

static void serve_python_client (void *ctx)
{
    void *st = test_socket (ctx, ZMQ_STREAM);
    int off = 0;
    TEST_ZMQ_OK (zmq_setsockopt (st, ZMQ_STREAM_NOTIFY, &off, sizeof off));
    char ep[64];
    bind_ephemeral (st, ep, sizeof ep);
    char cmd[512];
    snprintf (cmd, sizeof cmd,
              "python3 -c \"import http.client,sys\n"
              "c=http.client.HTTPConnection('127.0.0.1',%d,timeout=5)\n"
              "c.request('GET','/hello')\n"
              "r=c.getresponse()\n"
              "b=r.read()\n"
              "sys.exit(0 if r.status==200 and b==b'hello from zmq' else 3)\"",
              endpoint_port (ep));
    pid_t pid = fork ();
    TEST_ASSERT (pid >= 0);
    if (pid == 0) {
        execl ("/bin/sh", "sh", "-c", cmd, (char *) NULL);
        _exit (127);
    }
    unsigned char id[256];
    char req[4096];
    size_t id_len = read_request (st, id, req, sizeof req);
    TEST_ASSERT (strncmp (req, "GET /hello HTTP/1.1\r\n", 21) == 0);
    const char *resp = "HTTP/1.1 200 OK\r\nContent-Length: 14\r\n"
                       "Connection: close\r\n\r\nhello from zmq";
    TEST_ZMQ_OK (zmq_send (st, id, id_len, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (st, resp, strlen (resp), 0));
    /* The client may have read its answer and closed already: then the
     * connection is gone (EHOSTUNREACH) and there is nothing to close. */
    if (zmq_send (st, id, id_len, ZMQ_SNDMORE) == (int) id_len)
        TEST_ZMQ_OK (zmq_send (st, "", 0, 0));
    else
        TEST_ASSERT_EQ_INT (EHOSTUNREACH, zmq_errno ());
    int status;
    /* The client exits on its own (5 s timeout at most). */
    for (int i = 0; i < 100; i++) {
        if (waitpid (pid, &status, WNOHANG) == pid)
            break;
        /* libzmq closes only once its socket processes the request. */
        int ev;
        size_t l = sizeof ev;
        zmq_getsockopt (st, ZMQ_EVENTS, &ev, &l);
        sleep_ms (50);
        if (i == 99) {
            kill (pid, SIGKILL);
            waitpid (pid, &status, 0);
            TEST_FAIL ("python client did not finish");
        }
    }
    TEST_ASSERT_MSG (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                     "python client status %d", status);
    TEST_ZMQ_OK (zmq_close (st));
}

static void fetch_from_python_server (void *ctx)
{
    /* The server prints its port, then serves one request. */
    int fds[2];
    TEST_ASSERT (pipe (fds) == 0);
    pid_t pid = fork ();
    TEST_ASSERT (pid >= 0);
    if (pid == 0) {
        dup2 (fds[1], 1);
        close (fds[0]);
        execlp ("python3", "python3", "-c",
                "import http.server,sys\n"
                "class H(http.server.BaseHTTPRequestHandler):\n"
                "  def do_GET(s):\n"
                "    b=('you asked for '+s.path).encode()\n"
                "    s.send_response(200)\n"
                "    s.send_header('Content-Length',str(len(b)))\n"
                "    s.end_headers()\n"
                "    s.wfile.write(b)\n"
                "  def log_message(s,*a): pass\n"
                "srv=http.server.HTTPServer(('127.0.0.1',0),H)\n"
                "srv.timeout=10\n"
                "print(srv.server_address[1],flush=True)\n"
                "srv.handle_request()\n",
                (char *) NULL);
        _exit(127);
    }
    close (fds[1]);
    /* Up to the newline; the pipe stays open while the child lives (a
     * write after we closed it would kill the server with EPIPE). */
    char portbuf[16] = {0};
    size_t got = 0;
    while (got < sizeof portbuf - 1 && !strchr (portbuf, '\n')) {
        ssize_t n = read (fds[0], portbuf + got, sizeof portbuf - 1 - got);
        TEST_ASSERT_MSG (n > 0, "no port from the python server");
        got += (size_t) n;
    }
    void *st = test_socket (ctx, ZMQ_STREAM);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", atoi (portbuf));
    TEST_ZMQ_OK (zmq_connect (st, ep));
    unsigned char id[256];
    size_t id_len = sizeof id;
    TEST_ZMQ_OK (zmq_getsockopt (st, ZMQ_ROUTING_ID, id, &id_len));
    const char *req = "GET /abc HTTP/1.0\r\nHost: x\r\n\r\n";
    TEST_ZMQ_OK (zmq_send (st, id, id_len, ZMQ_SNDMORE));
    TEST_ZMQ_OK (zmq_send (st, req, strlen (req), 0));
    /* Connected, then the answer, then the server closes (HTTP/1.0). */
    char resp[4096];
    size_t len = 0;
    int notes = 0;
    for (;;) {
        unsigned char rid[256];
        TEST_ZMQ_OK (zmq_recv (st, rid, sizeof rid, 0));
        int n = TEST_ZMQ_OK (zmq_recv (st, resp + len, sizeof resp - len - 1, 0));
        if (n == 0 && ++notes == 2)
            break;
        len += (size_t) n;
    }
    resp[len] = 0;
    TEST_ASSERT_MSG (strncmp (resp, "HTTP/1.0 200", 12) == 0, "got %s", resp);
    TEST_ASSERT_MSG (strstr (resp, "\r\n\r\nyou asked for /abc") != NULL,
                     "got %s", resp);
    int status;
    waitpid (pid, &status, 0);
    close (fds[0]);
    TEST_ASSERT (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    TEST_ZMQ_OK (zmq_close (st));
}

int main (void)
{
    if (!have_python ()) {
        printf ("python3 not found: skipped\n");
        return 77;
    }
    signal (SIGPIPE, SIG_IGN);
    void *ctx = TEST_ZMQ_PTR (zmq_ctx_new ());
    serve_python_client (ctx);
    fetch_from_python_server (ctx);
    TEST_ZMQ_OK (zmq_ctx_term (ctx));
    return 0;
}
