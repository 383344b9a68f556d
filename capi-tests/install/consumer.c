/* A program using an installed zmq-rs-compat the way programs use an
 * installed libzmq: built by scripts/install-test.sh once with
 * `pkg-config --cflags --libs libzmq` and once with CMake's
 * find_package(ZeroMQ) + target_link_libraries(... libzmq).
 *
 *   consumer PREFIX
 *
 * Fails (exit 1, one line per failed check) unless the libzmq it runs with
 * is PREFIX/lib/libzmq.so.5.2.5 and is ours (tls:// built in, version
 * 4.3.5), and REQ/REP round trips over inproc:// and tcp:// work. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

static int failures = 0;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf (stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);   \
            fprintf (stderr, __VA_ARGS__);                                     \
            fputc ('\n', stderr);                                              \
            failures++;                                                        \
        }                                                                      \
    } while (0)

/* One REQ/REP exchange on a fresh pair; returns 0 on success. */
static int round_trip (void *ctx, const char *bind_ep)
{
    char endpoint[256];
    size_t len = sizeof endpoint;
    char buf[64];
    int rc, ok = 0;
    int timeout = 5000;
    void *rep = zmq_socket (ctx, ZMQ_REP);
    void *req = zmq_socket (ctx, ZMQ_REQ);
    if (!rep || !req)
        goto out;
    zmq_setsockopt (rep, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (req, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    if (zmq_bind (rep, bind_ep) != 0)
        goto out;
    if (zmq_getsockopt (rep, ZMQ_LAST_ENDPOINT, endpoint, &len) != 0)
        goto out;
    if (zmq_connect (req, endpoint) != 0)
        goto out;
    if (zmq_send (req, "ping", 4, 0) != 4)
        goto out;
    rc = zmq_recv (rep, buf, sizeof buf, 0);
    if (rc != 4 || memcmp (buf, "ping", 4) != 0)
        goto out;
    if (zmq_send (rep, "pong", 4, 0) != 4)
        goto out;
    rc = zmq_recv (req, buf, sizeof buf, 0);
    if (rc != 4 || memcmp (buf, "pong", 4) != 0)
        goto out;
    ok = 1;
out:
    if (!ok)
        fprintf (stderr, "round trip on %s failed: %s\n", bind_ep,
                 zmq_strerror (zmq_errno ()));
    if (req)
        zmq_close (req);
    if (rep)
        zmq_close (rep);
    return ok ? 0 : -1;
}

int main (int argc, char **argv)
{
    char expected[PATH_MAX], want_real[PATH_MAX], got_real[PATH_MAX];
    char line[PATH_MAX + 256], last[PATH_MAX + 256] = "";
    int major = 0, minor = 0, patch = 0, mapped = 0;
    Dl_info info;
    union { /* ISO C has no function pointer -> void * cast */
        void (*fn) (int *, int *, int *);
        void *obj;
    } sym;
    FILE *maps;
    void *ctx;

    if (argc != 2) {
        fprintf (stderr, "usage: %s PREFIX\n", argv[0]);
        return 2;
    }
    snprintf (expected, sizeof expected, "%s/lib/libzmq.so.5.2.5", argv[1]);
    CHECK (realpath (expected, want_real) != NULL, "no %s", expected);

    /* The header is the installed one... */
    CHECK (ZMQ_VERSION == ZMQ_MAKE_VERSION (4, 3, 5), "zmq.h says %d",
           ZMQ_VERSION);
    /* ...and so is the library. */
    zmq_version (&major, &minor, &patch);
    CHECK (major == 4 && minor == 3 && patch == 5, "zmq_version %d.%d.%d",
           major, minor, patch);
    CHECK (zmq_has ("tls") == 1, "zmq_has(\"tls\") = %d (not our library?)",
           zmq_has ("tls"));
    CHECK (zmq_has ("curve") == 1, "zmq_has(\"curve\") = %d",
           zmq_has ("curve"));

    /* The zmq_version the program calls lives in PREFIX's file. */
    memset (&info, 0, sizeof info);
    sym.fn = zmq_version;
    CHECK (dladdr (sym.obj, &info) != 0 && info.dli_fname,
           "dladdr(zmq_version) failed");
    if (info.dli_fname) {
        CHECK (realpath (info.dli_fname, got_real) != NULL
                 && strcmp (got_real, want_real) == 0,
               "zmq_version is in %s, expected %s", info.dli_fname,
               want_real);
    }

    /* Every libzmq mapped into the process is PREFIX's (none from /usr). */
    maps = fopen ("/proc/self/maps", "r");
    CHECK (maps != NULL, "cannot open /proc/self/maps");
    while (maps && fgets (line, sizeof line, maps)) {
        char *path = strchr (line, '/');
        const char *base;
        if (!path)
            continue;
        path[strcspn (path, "\n")] = '\0';
        base = strrchr (path, '/') + 1;
        if (strncmp (base, "libzmq", 6) != 0)
            continue;
        mapped++;
        if (strcmp (path, last) == 0)
            continue; /* one report per file, not per mapping */
        snprintf (last, sizeof last, "%s", path);
        CHECK (strcmp (path, want_real) == 0, "mapped: %s", path);
    }
    if (maps)
        fclose (maps);
    CHECK (mapped > 0, "no libzmq in /proc/self/maps");

    ctx = zmq_ctx_new ();
    CHECK (ctx != NULL, "zmq_ctx_new");
    if (ctx) {
        CHECK (round_trip (ctx, "inproc://install-test") == 0, "inproc");
        CHECK (round_trip (ctx, "tcp://127.0.0.1:*") == 0, "tcp");
        CHECK (zmq_ctx_term (ctx) == 0, "zmq_ctx_term");
    }

    if (failures) {
        fprintf (stderr, "consumer: %d check(s) failed\n", failures);
        return 1;
    }
    printf ("consumer: libzmq %d.%d.%d from %s, tls built in, inproc and "
            "tcp REQ/REP ok\n",
            major, minor, patch, want_real);
    return 0;
}
