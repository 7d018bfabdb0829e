# bench/trie.cmake — the trie layer's benchmarks; include()d by bench/CMakeLists.txt.
add_executable(bench_trie ${CMAKE_CURRENT_LIST_DIR}/trie_bench.cpp)
target_link_libraries(bench_trie PRIVATE gcm_trie benchmark::benchmark)

# Optional: immer's map::find, issue 16's target for BM_GetHit. immer is a
# header-only library with no Debian package, so it is never required and
# never vendored: give the folder that holds immer/map.hpp, e.g.
#   cmake -B build -DGCM_IMMER_INCLUDE_DIR=<dir with immer/map.hpp>
# Found: bench_trie gains BM_Immer_MapFind (GCM_HAVE_IMMER=1). Not found:
# bench_trie builds exactly as without this block.
set(GCM_IMMER_INCLUDE_DIR "" CACHE PATH "Folder holding immer/map.hpp (optional: adds BM_Immer_MapFind to bench_trie)")
# find_path caches what it found: a changed GCM_IMMER_INCLUDE_DIR searches again.
if(NOT "${GCM_IMMER_INCLUDE_DIR}" STREQUAL "${GCM_IMMER_INCLUDE_DIR_SEARCHED}")
  unset(GCM_IMMER_MAP_DIR CACHE)
  set(GCM_IMMER_INCLUDE_DIR_SEARCHED "${GCM_IMMER_INCLUDE_DIR}" CACHE INTERNAL "")
endif()
find_path(GCM_IMMER_MAP_DIR NAMES immer/map.hpp HINTS "${GCM_IMMER_INCLUDE_DIR}"
          DOC "Where immer/map.hpp was found for bench_trie")
if(GCM_IMMER_MAP_DIR)
  message(STATUS "bench_trie: immer found in ${GCM_IMMER_MAP_DIR}: BM_Immer_MapFind enabled")
  # SYSTEM: immer's own headers are not held to our -Wall -Wextra.
  target_include_directories(bench_trie SYSTEM PRIVATE ${GCM_IMMER_MAP_DIR})
  target_compile_definitions(bench_trie PRIVATE GCM_HAVE_IMMER=1)
  # GCC reports -Warray-bounds at immer's node.hpp after inlining, which
  # SYSTEM does not silence: immer places a full node header on an
  # allocation sized for its used prefix (make_inner_n(0)), by design.
  target_compile_options(bench_trie PRIVATE -Wno-array-bounds)
else()
  message(STATUS "bench_trie: immer not found (set GCM_IMMER_INCLUDE_DIR): BM_Immer_MapFind not built")
endif()
