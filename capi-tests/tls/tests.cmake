# tls:// transport tests, included by capi-tests/CMakeLists.txt with
#   include(tls/tests.cmake)
# after zmq_test_program() is defined and enable_testing() was called.
#
# Uses from the including file (all optional except ZMQ_INCLUDE_DIR etc.):
#   zmq_test_program(name src include_dir lib_target lib_dir lib_path)
#   zmq_under_test (imported library), ZMQ_INCLUDE_DIR, ZMQ_LIB_DIR,
#   ZMQ_UNDER_TEST, HEADER_IS_REAL
#
# A fixture test, tls_certs, runs mkcerts.sh once into
# ${CMAKE_BINARY_DIR}/tls-certs (FIXTURES_SETUP tls_certs); every tls test
# requires it (FIXTURES_REQUIRED tls_certs) and gets the directory as argv[1]
# (and as $ZMQ_TLS_TEST_CERTS). `ctest -R tls_pair` runs the fixture first.

if(HEADER_IS_REAL)
  # Real libzmq's header has no ZMQ_TLS_* / ETLS*: nothing to build.
  message(STATUS "tls tests skipped: header under test is real libzmq's")
  return()
endif()

set(TLS_TEST_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(TLS_CERT_DIR "${CMAKE_BINARY_DIR}/tls-certs")

find_program(TLS_SH_PROGRAM sh REQUIRED)
find_program(TLS_OPENSSL_PROGRAM openssl)
if(NOT TLS_OPENSSL_PROGRAM)
  message(WARNING "openssl CLI not found: the tls_certs fixture will fail")
  set(TLS_OPENSSL_PROGRAM openssl)
endif()

add_test(NAME tls_certs
  COMMAND ${TLS_SH_PROGRAM} "${TLS_TEST_DIR}/mkcerts.sh" "${TLS_CERT_DIR}")
set_tests_properties(tls_certs PROPERTIES
  FIXTURES_SETUP tls_certs
  TIMEOUT 30
  LABELS tls
  ENVIRONMENT "OPENSSL=${TLS_OPENSSL_PROGRAM}")

# Tests needing more than the default 20 s (all <= 30 s).
set(TLS_TIMEOUT_tls_many_messages 30)
set(TLS_TIMEOUT_tls_large_message 30)
set(TLS_TIMEOUT_tls_server_restart 30)
set(TLS_TIMEOUT_tls_unbind_rebind 30)
set(TLS_TIMEOUT_tls_disconnect_reconnect 30)
set(TLS_TIMEOUT_tls_keyupdate_flood 30)

file(GLOB TLS_TEST_SOURCES CONFIGURE_DEPENDS "${TLS_TEST_DIR}/tls_*.c")
list(SORT TLS_TEST_SOURCES)

foreach(src ${TLS_TEST_SOURCES})
  get_filename_component(name "${src}" NAME_WE)
  if(COMMAND zmq_test_program)
    zmq_test_program(${name} "${src}" "${ZMQ_INCLUDE_DIR}" zmq_under_test
                     "${ZMQ_LIB_DIR}" "${ZMQ_UNDER_TEST}")
  else()
    add_executable(${name} "${src}")
    target_include_directories(${name} BEFORE PRIVATE "${ZMQ_INCLUDE_DIR}")
    target_compile_options(${name} PRIVATE -Wall -Wextra -Werror)
    target_compile_definitions(${name} PRIVATE _GNU_SOURCE)
    target_link_libraries(${name} PRIVATE "${ZMQ_UNDER_TEST}" pthread)
    target_link_options(${name} PRIVATE
      "LINKER:--disable-new-dtags" "LINKER:-rpath,${ZMQ_LIB_DIR}")
  endif()
  target_include_directories(${name} PRIVATE "${TLS_TEST_DIR}")
  file(STRINGS "${src}" _tls_uses_openssl REGEX "#include [\"<](tlsraw.h|openssl/)")
  if(_tls_uses_openssl)
    # Its raw peer (tlsraw.h) or its certificates are made with OpenSSL.
    target_link_libraries(${name} PRIVATE ssl crypto)
  endif()
  add_test(NAME ${name} COMMAND ${name} "${TLS_CERT_DIR}")
  if(DEFINED TLS_TIMEOUT_${name})
    set(_tls_timeout ${TLS_TIMEOUT_${name}})
  else()
    set(_tls_timeout 20)
  endif()
  set_tests_properties(${name} PROPERTIES
    FIXTURES_REQUIRED tls_certs
    TIMEOUT ${_tls_timeout}
    SKIP_RETURN_CODE 77
    ENVIRONMENT "ZMQ_TLS_TEST_CERTS=${TLS_CERT_DIR};OPENSSL=${TLS_OPENSSL_PROGRAM}"
    LABELS tls)
endforeach()
