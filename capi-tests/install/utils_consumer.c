/* Old code that includes the deprecated zmq_utils.h (and not zmq.h) still
 * compiles, with -Wall -Wextra -Wpedantic -Werror, as C and as C++, and
 * gets what it used from zmq_utils.h through zmq.h. The header prints a
 * deprecation note; scripts/install-test.sh checks that it does. */
#include <zmq_utils.h>

#include <stdio.h>
#include <string.h>

int main (void)
{
    unsigned char key[4] = {0x86, 0x4f, 0xd2, 0x6f};
    char z85[6];
    void *watch = zmq_stopwatch_start ();
    if (!zmq_z85_encode (z85, key, sizeof key) || strcmp (z85, "Hello") != 0) {
        fprintf (stderr, "zmq_z85_encode: wrong result\n");
        return 1;
    }
    (void) zmq_stopwatch_stop (watch);
    printf ("zmq_utils.h consumer: z85 %s\n", z85);
    return 0;
}
