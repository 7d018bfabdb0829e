// merge.hpp — `gcmatrix merge`: combines the results.json of matrix legs.
#pragma once

namespace gcm::cli {
int merge_main(int argc, char** argv);  // argv[0] == "merge"
}  // namespace gcm::cli
