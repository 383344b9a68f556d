/* Compiled (not run) by the header_c89 test with -std=c89 -pedantic-errors:
 * libzmq's zmq.h is C89, so programs built that way must keep building. */
#include <zmq.h>

int main (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    return major == ZMQ_VERSION_MAJOR ? 0 : 1;
}
