# python/test_zmq_tls.py (pyzmq + python/zmq_tls.py) as a CTest test,
# included by capi-tests/CMakeLists.txt after tls/tests.cmake, whose
# tls_certs fixture makes the certificates in ${CMAKE_BINARY_DIR}/tls-certs.
#
# pyzmq bundles its own libzmq: LD_PRELOAD puts the library under test
# (ZMQ_UNDER_TEST) in front of it. The test exits 77 (skipped) when pyzmq
# is not importable, and compares zmq_tls's constants with the zmq.h under
# test.

if(HEADER_IS_REAL)
  # Real libzmq has no tls://: nothing to test (as tls/tests.cmake).
  message(STATUS "python tls test skipped: header under test is real libzmq's")
  return()
endif()

# Debian's pyzmq (python3-zmq, built for Debian's libzmq5) with our library
# preloaded in place of Debian's libzmq.so.5: a real program (REQ/REP,
# PUB/SUB, Poller, multipart, options, monitor, tls:// with the tls_certs
# fixture's certificates). Exits 77 when /usr/bin/python3 has no zmq.
if(EXISTS /usr/bin/python3)
  set(_debian_pyzmq_args)
  if(TEST tls_certs)
    set(_debian_pyzmq_args "${CMAKE_BINARY_DIR}/tls-certs")
  endif()
  add_test(NAME python_debian_pyzmq
    COMMAND /usr/bin/python3 "${CMAKE_CURRENT_LIST_DIR}/test_debian_pyzmq.py"
            ${_debian_pyzmq_args})
  set_tests_properties(python_debian_pyzmq PROPERTIES
    TIMEOUT 60
    SKIP_RETURN_CODE 77
    ENVIRONMENT "LD_PRELOAD=${ZMQ_UNDER_TEST};PYTHONDONTWRITEBYTECODE=1"
    LABELS "python;interop")
  if(TEST tls_certs)
    set_tests_properties(python_debian_pyzmq PROPERTIES
      FIXTURES_REQUIRED tls_certs)
  endif()
else()
  message(STATUS "python_debian_pyzmq skipped: no /usr/bin/python3")
endif()

find_program(PY_TLS_PYTHON3 python3)
if(NOT PY_TLS_PYTHON3)
  message(STATUS "python tests skipped: python3 not found")
  return()
endif()

# pyzmq's zmq.auth ThreadAuthenticator on our library against pyzmq's
# bundled libzmq, and the other way round (PLAIN, CURVE, NULL + ZAP).
add_test(NAME python_zmq_auth
  COMMAND ${PY_TLS_PYTHON3} "${CMAKE_CURRENT_LIST_DIR}/test_zmq_auth.py")
set_tests_properties(python_zmq_auth PROPERTIES
  TIMEOUT 120
  SKIP_RETURN_CODE 77
  ENVIRONMENT "ZMQ_UNDER_TEST=${ZMQ_UNDER_TEST};PYTHONDONTWRITEBYTECODE=1"
  LABELS "python;interop")

if(NOT TEST tls_certs)
  message(STATUS "python tls test skipped: no tls_certs fixture")
  return()
endif()

set(PY_TLS_ENV "LD_PRELOAD=${ZMQ_UNDER_TEST}"
    "ZMQ_TLS_TEST_HEADER=${ZMQ_INCLUDE_DIR}/zmq.h"
    PYTHONDONTWRITEBYTECODE=1)
add_test(NAME python_zmq_tls
  COMMAND ${PY_TLS_PYTHON3} "${CMAKE_CURRENT_LIST_DIR}/test_zmq_tls.py"
          "${CMAKE_BINARY_DIR}/tls-certs")
set_tests_properties(python_zmq_tls PROPERTIES
  FIXTURES_REQUIRED tls_certs
  TIMEOUT 60
  SKIP_RETURN_CODE 77
  ENVIRONMENT "${PY_TLS_ENV}"
  LABELS "tls;python")
