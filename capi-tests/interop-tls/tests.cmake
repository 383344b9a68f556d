# TLS interop through socat: real libzmq (tcp) <-> socat TLS <-> our tls://.
# Included from capi-tests/CMakeLists.txt; skipped when the header under test
# is real libzmq's (no tls:// there).
if(NOT HEADER_IS_REAL)
  zmq_test_program(tls_peer_ours "${CMAKE_SOURCE_DIR}/interop-tls/tls_peer.c"
                   "${ZMQ_INCLUDE_DIR}" zmq_under_test "${ZMQ_LIB_DIR}"
                   "${ZMQ_UNDER_TEST}")
  target_compile_definitions(tls_peer_ours PRIVATE WITH_TLS=1)
  zmq_test_program(tls_peer_real "${CMAKE_SOURCE_DIR}/interop-tls/tls_peer.c"
                   "${REAL_ZMQ_INCLUDE_DIR}" zmq_real "${REAL_ZMQ_LIB_DIR}"
                   "${REAL_ZMQ_LIB}")
  add_test(NAME interop_tls_socat
    COMMAND bash "${CMAKE_SOURCE_DIR}/interop-tls/socat_bridge.sh"
            $<TARGET_FILE:tls_peer_ours> $<TARGET_FILE:tls_peer_real>
            "${CMAKE_BINARY_DIR}/socat-bridge")
  set_tests_properties(interop_tls_socat PROPERTIES TIMEOUT 150)
endif()

# The C examples of zmq_tls(7) compile verbatim against our header: the
# spec we implement (when shared/ is beside the checkout) and our man page.
if(NOT HEADER_IS_REAL)
  add_test(NAME tls_spec_examples
    COMMAND bash "${CMAKE_SOURCE_DIR}/spec/check_spec_examples.sh"
            "${CMAKE_C_COMPILER}" "${ZMQ_INCLUDE_DIR}"
            "${CMAKE_SOURCE_DIR}/../docs/zmq_tls.7.adoc"
            "${CMAKE_SOURCE_DIR}/../../shared/spec/zmq_tls.7.txt")
  set_tests_properties(tls_spec_examples PROPERTIES TIMEOUT 60)
endif()
