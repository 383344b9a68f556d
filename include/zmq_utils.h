/* zmq_utils.h -- part of zmq-rs-compat (MPL-2.0), see zmq.h. */
/*
 * zmq_utils.h - deprecated, kept so that old code that includes it still
 * builds. Everything it used to declare (zmq_stopwatch_*, zmq_sleep,
 * zmq_threadstart/zmq_threadclose, zmq_z85_*) is declared by zmq.h, which
 * this header simply includes. Include <zmq.h> instead.
 *
 * Including it prints one deprecation message per translation unit. The
 * message must not fail -Werror / -Wpedantic / -pedantic-errors builds, so:
 *  - no #warning: it is a GNU extension in C before C23 and C++ before C++23
 *    (pedantic builds complain) and -Werror turns it into an error;
 *  - `#pragma message` instead: GCC reports it as a note, which -Werror
 *    leaves alone; MSVC just prints it;
 *  - clang reports `#pragma message` as a warning (-W#pragma-messages) that
 *    -Werror would make an error; a diagnostic re-mapped to "warning" by a
 *    pragma is exempt from -Werror in clang, so it is re-mapped around the
 *    message (push/pop keeps the includer's own settings);
 *  - other compilers get no message (the header still works).
 * Define ZMQ_NO_DEPRECATION_MESSAGE to silence it.
 */

#ifndef ZMQ_UTILS_H_INCLUDED
#define ZMQ_UTILS_H_INCLUDED

#include "zmq.h"

#if !defined(ZMQ_NO_DEPRECATION_MESSAGE)
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic warning "-W#pragma-messages"
#pragma message(                                                               \
  "zmq_utils.h is deprecated: all its functionality is provided by zmq.h")
#pragma clang diagnostic pop
#elif defined(__GNUC__) || defined(_MSC_VER)
#pragma message(                                                               \
  "zmq_utils.h is deprecated: all its functionality is provided by zmq.h")
#endif
#endif

#endif /* ZMQ_UTILS_H_INCLUDED */
