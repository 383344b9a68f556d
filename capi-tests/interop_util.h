/* Shared by the interop programs (interop_peer.c, interop_stream.c): the
 * failure exit, the endpoint file one side writes and the other waits for,
 * and the check that the program runs on the library it was built for
 * (EXPECTED_ZMQ_LIB). Each program names itself in interop_who first. */
#ifndef INTEROP_UTIL_H
#define INTEROP_UTIL_H

#include <zmq.h>

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 10000

/* "interop_peer A (REQ-REP)", "interop_stream server": the messages' prefix. */
static char interop_who[128] = "interop";

static void die (const char *fmt, ...)
{
    va_list ap;
    fprintf (stderr, "%s: FAIL: ", interop_who);
    va_start (ap, fmt);
    vfprintf (stderr, fmt, ap);
    va_end (ap);
    fputc ('\n', stderr);
    fflush (stderr);
    _exit (1);
}

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond))                                                           \
            die (__VA_ARGS__);                                                 \
    } while (0)

#define ZCHECK(expr)                                                           \
    do {                                                                       \
        if ((expr) == -1)                                                      \
            die ("%s:%d: %s: %s", __FILE__, __LINE__, #expr,                   \
                 zmq_strerror (zmq_errno ()));                                 \
    } while (0)

static void sleep_ms (int ms)
{
    struct timespec ts = {ms / 1000, (long) (ms % 1000) * 1000000L};
    nanosleep (&ts, NULL);
}

static int64_t now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The endpoint file: written atomically (a rename), waited for (bounded). */
static void write_endpoint (const char *file, const char *ep)
{
    char tmp[PATH_MAX];
    snprintf (tmp, sizeof tmp, "%s.tmp", file);
    FILE *f = fopen (tmp, "w");
    CHECK (f != NULL, "cannot write %s", tmp);
    fprintf (f, "%s\n", ep);
    CHECK (fclose (f) == 0, "cannot write %s", tmp);
    CHECK (rename (tmp, file) == 0, "cannot rename %s", tmp);
}

static void read_endpoint (const char *file, char *ep, size_t cap)
{
    int64_t deadline = now_ms () + TIMEOUT_MS;
    for (;;) {
        FILE *f = fopen (file, "r");
        if (f) {
            char *ok = fgets (ep, (int) cap, f);
            fclose (f);
            if (ok) {
                ep[strcspn (ep, "\r\n")] = 0;
                if (*ep)
                    return;
            }
        }
        CHECK (now_ms () < deadline, "no endpoint in %s after %d ms", file,
               TIMEOUT_MS);
        sleep_ms (20);
    }
}

static void check_library (void)
{
    Dl_info info;
    char loaded[PATH_MAX], expected[PATH_MAX];
    CHECK (dladdr ((void *) zmq_version, &info) != 0 && info.dli_fname,
           "dladdr failed");
    CHECK (realpath (info.dli_fname, loaded) != NULL, "realpath %s",
           info.dli_fname);
    CHECK (realpath (EXPECTED_ZMQ_LIB, expected) != NULL, "realpath %s",
           EXPECTED_ZMQ_LIB);
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    fprintf (stderr, "%s: libzmq %d.%d.%d at %s\n", interop_who, major, minor,
             patch, loaded);
    if (strcmp (loaded, expected) != 0) {
        /* libzmq.so.5 may be a copy next to the expected library. */
        char d1[PATH_MAX], d2[PATH_MAX], r1[PATH_MAX], r2[PATH_MAX];
        snprintf (d1, sizeof d1, "%s", info.dli_fname);
        snprintf (d2, sizeof d2, "%s", EXPECTED_ZMQ_LIB);
        CHECK (realpath (dirname (d1), r1) && realpath (dirname (d2), r2)
                 && strcmp (r1, r2) == 0,
               "loaded %s, built for %s", loaded, expected);
    }
}

#endif
