// merge.cpp — placeholder until the matrix-merge issue lands: refuses clearly.
#include "cli/merge.hpp"

#include <iostream>

#include "cli/options.hpp"

namespace gcm::cli {
int merge_main(int, char**) {
  std::cerr << "gcmatrix: merge is not available in this build\n";
  return kExitUsage;
}
}  // namespace gcm::cli
