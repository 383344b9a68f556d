# cppzmq (Debian's cppzmq-dev, header-only C++ binding) on the library
# under test; included by capi-tests/CMakeLists.txt after
# zmq_test_program() is defined and enable_testing() was called.
#
#   test_cppzmq                  test_cppzmq.cpp: cppzmq's API end to end,
#                                and it checks it runs on our library
#   cppzmq_example_<name>        the examples cppzmq-dev ships in
#                                CPPZMQ_EXAMPLES_DIR, run by run_example.sh
#
# Everything is compiled against the zmq.h under test (ZMQ_INCLUDE_DIR
# first on the include path, as cppzmq includes <zmq.h>) and linked to
# ZMQ_UNDER_TEST with an rpath to ZMQ_LIB_DIR. Skipped, with a STATUS
# message, when the header under test is real libzmq's, or zmq.hpp or a C++
# compiler is missing.

if(HEADER_IS_REAL)
  # test_cppzmq asserts it runs on ours (zmq_has("tls") == 1); it is
  # validated against real libzmq by hand (see its first comment).
  message(STATUS "cppzmq tests skipped: header under test is real libzmq's")
  return()
endif()

find_path(CPPZMQ_INCLUDE_DIR NAMES zmq_addon.hpp
          DOC "Directory holding cppzmq's zmq.hpp and zmq_addon.hpp")
if(NOT CPPZMQ_INCLUDE_DIR OR NOT EXISTS "${CPPZMQ_INCLUDE_DIR}/zmq.hpp")
  message(STATUS "cppzmq tests skipped: zmq.hpp not found (apt-get install cppzmq-dev)")
  return()
endif()

include(CheckLanguage)
check_language(CXX)
if(NOT CMAKE_CXX_COMPILER)
  message(STATUS "cppzmq tests skipped: no C++ compiler")
  return()
endif()
enable_language(CXX)
message(STATUS "cppzmq:            ${CPPZMQ_INCLUDE_DIR}/zmq.hpp")

# A C++ program built like zmq_test_program's C ones: the header under test
# BEFORE everything else, DT_RPATH to ZMQ_LIB_DIR.
function(cppzmq_program name src warnings)
  add_executable(${name} "${src}")
  target_include_directories(${name} BEFORE PRIVATE "${ZMQ_INCLUDE_DIR}")
  # /usr/include is a system directory: CMake leaves it off the command
  # line, and the compiler searches it after ZMQ_INCLUDE_DIR anyway.
  target_include_directories(${name} PRIVATE "${CPPZMQ_INCLUDE_DIR}")
  target_compile_options(${name} PRIVATE ${warnings})
  target_compile_definitions(${name} PRIVATE
    "EXPECTED_ZMQ_LIB=\"${ZMQ_UNDER_TEST}\"")
  set_target_properties(${name} PROPERTIES
    CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF
    BUILD_RPATH "${ZMQ_LIB_DIR}")
  target_link_libraries(${name} PRIVATE zmq_under_test Threads::Threads)
  target_link_options(${name} PRIVATE
    "LINKER:--disable-new-dtags" "LINKER:-rpath,${ZMQ_LIB_DIR}")
endfunction()

cppzmq_program(test_cppzmq "${CMAKE_CURRENT_LIST_DIR}/test_cppzmq.cpp"
               "-Wall;-Wextra;-Werror")
# With the tls_certs fixture (tls/tests.cmake, included first) it also
# runs a mutual-TLS REQ/REP set up through cppzmq's option templates.
if(TEST tls_certs)
  add_test(NAME test_cppzmq COMMAND test_cppzmq "${TLS_CERT_DIR}")
  set_tests_properties(test_cppzmq PROPERTIES FIXTURES_REQUIRED tls_certs)
else()
  add_test(NAME test_cppzmq COMMAND test_cppzmq)
endif()
set_tests_properties(test_cppzmq PROPERTIES
  TIMEOUT 60
  SKIP_RETURN_CODE 77
  LABELS "cppzmq;interop")

# The examples of cppzmq-dev (Debian ships three; not our code, so no
# -Werror). pubsub_multithread_inproc never ends: run_example.sh stops it.
set(CPPZMQ_EXAMPLES_DIR "/usr/share/doc/cppzmq-dev/examples" CACHE PATH
    "cppzmq's example programs (cppzmq-dev)")
set(_cppzmq_examples
  hello_world exit0
  multipart_messages multipart
  pubsub_multithread_inproc pubsub)
set(_cppzmq_found 0)
while(_cppzmq_examples)
  list(GET _cppzmq_examples 0 _ex)
  list(GET _cppzmq_examples 1 _mode)
  list(REMOVE_AT _cppzmq_examples 0 1)
  if(NOT EXISTS "${CPPZMQ_EXAMPLES_DIR}/${_ex}.cpp")
    continue()
  endif()
  math(EXPR _cppzmq_found "${_cppzmq_found} + 1")
  cppzmq_program(cppzmq_example_${_ex} "${CPPZMQ_EXAMPLES_DIR}/${_ex}.cpp" "")
  add_test(NAME cppzmq_example_${_ex}
    COMMAND ${SH_PROGRAM} "${CMAKE_CURRENT_LIST_DIR}/run_example.sh"
            $<TARGET_FILE:cppzmq_example_${_ex}> "${ZMQ_UNDER_TEST}" ${_mode})
  set_tests_properties(cppzmq_example_${_ex} PROPERTIES
    TIMEOUT 60
    LABELS "cppzmq;interop")
endwhile()
if(_cppzmq_found EQUAL 0)
  message(STATUS "cppzmq examples skipped: none in ${CPPZMQ_EXAMPLES_DIR}")
endif()
