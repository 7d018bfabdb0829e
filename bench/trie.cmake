# bench/trie.cmake — the trie layer's benchmarks; include()d by bench/CMakeLists.txt.
add_executable(bench_trie ${CMAKE_CURRENT_LIST_DIR}/trie_bench.cpp)
target_link_libraries(bench_trie PRIVATE gcm_trie benchmark::benchmark)
