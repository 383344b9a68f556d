# Drop-in proof: interop_peer built against Debian's zmq.h and linked to
# Debian's libzmq.so.5 (no rpath), then run with our library swapped in
# through LD_LIBRARY_PATH or LD_PRELOAD, talking to an unmodified peer on
# real libzmq in another process. The peer checks at start-up that the
# library it got is ours. interop_stream (ZMQ_STREAM: raw TCP bytes echoed
# back, see interop_stream.c) is built and swapped the same way and run
# against its build on real libzmq, ours as the server and as the client.
if(NOT HEADER_IS_REAL)
  add_executable(interop_peer_debian "${CMAKE_SOURCE_DIR}/interop_peer.c")
  target_include_directories(interop_peer_debian BEFORE PRIVATE
                             "${REAL_ZMQ_INCLUDE_DIR}" "${CMAKE_SOURCE_DIR}")
  target_compile_options(interop_peer_debian PRIVATE ${COMMON_WARNINGS})
  target_compile_definitions(interop_peer_debian PRIVATE _GNU_SOURCE
    ZMQ_HEADER_IS_REAL=1 "EXPECTED_ZMQ_LIB=\"${ZMQ_UNDER_TEST}\"")
  target_link_libraries(interop_peer_debian PRIVATE zmq_real Threads::Threads
                        ${CMAKE_DL_LIBS})
  set_target_properties(interop_peer_debian PROPERTIES SKIP_BUILD_RPATH ON)

  add_executable(interop_stream_debian "${CMAKE_SOURCE_DIR}/interop_stream.c")
  target_include_directories(interop_stream_debian BEFORE PRIVATE
                             "${REAL_ZMQ_INCLUDE_DIR}" "${CMAKE_SOURCE_DIR}")
  target_compile_options(interop_stream_debian PRIVATE ${COMMON_WARNINGS})
  target_compile_definitions(interop_stream_debian PRIVATE _GNU_SOURCE
    ZMQ_HEADER_IS_REAL=1 "EXPECTED_ZMQ_LIB=\"${ZMQ_UNDER_TEST}\"")
  target_link_libraries(interop_stream_debian PRIVATE zmq_real ${CMAKE_DL_LIBS})
  set_target_properties(interop_stream_debian PROPERTIES SKIP_BUILD_RPATH ON)
  zmq_test_program(interop_stream_real "${CMAKE_SOURCE_DIR}/interop_stream.c"
                   "${REAL_ZMQ_INCLUDE_DIR}" zmq_real "${REAL_ZMQ_LIB_DIR}"
                   "${REAL_ZMQ_LIB}")

  foreach(how path preload)
    if(how STREQUAL "path")
      set(envline "LD_LIBRARY_PATH=${ZMQ_LIB_DIR}")
    else()
      set(envline "LD_PRELOAD=${ZMQ_LIB_DIR}/libzmq.so.5")
    endif()
    file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/interop_peer_swapped_${how}"
      CONTENT "#!/bin/sh\nexec env ${envline} \"$<TARGET_FILE:interop_peer_debian>\" \"$@\"\n"
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/interop_stream_swapped_${how}"
      CONTENT "#!/bin/sh\nexec env ${envline} \"$<TARGET_FILE:interop_stream_debian>\" \"$@\"\n"
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    foreach(role server client)
      set(ours "${CMAKE_BINARY_DIR}/interop_stream_swapped_${how}")
      set(real "$<TARGET_FILE:interop_stream_real>")
      if(role STREQUAL "server")
        set(server "${ours}")
        set(client "${real}")
      else()
        set(server "${real}")
        set(client "${ours}")
      endif()
      set(tname "interop_swap_${how}_STREAM_ours_${role}")
      add_test(NAME ${tname}
        COMMAND ${SH_PROGRAM} "${CMAKE_SOURCE_DIR}/interop_stream_run.sh"
                "${server}" "${client}"
                "${CMAKE_BINARY_DIR}/interop-work/${tname}")
      set_tests_properties(${tname} PROPERTIES TIMEOUT 60)
    endforeach()
    foreach(pair ${INTEROP_PAIRS})
      foreach(binder A B)
        set(tname "interop_swap_${how}_${pair}_binder${binder}")
        add_test(NAME ${tname}
          COMMAND ${SH_PROGRAM} "${CMAKE_SOURCE_DIR}/interop_run.sh"
                  "${CMAKE_BINARY_DIR}/interop_peer_swapped_${how}"
                  "$<TARGET_FILE:interop_peer_real>" ${pair} ${binder} 2000
                  "${CMAKE_BINARY_DIR}/interop-work/${tname}")
        set_tests_properties(${tname} PROPERTIES TIMEOUT 60)
      endforeach()
    endforeach()
  endforeach()
endif()
