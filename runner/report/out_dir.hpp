// out_dir.hpp — a run owns its --out folder: a lock, a manifest naming every
// file the run writes there, and the previous run's files removed before the
// new ones are written. Main entry: OutDir.
//
// Why: without ownership a folder mixes runs. After a kill -9 a partial
// run's junit.xml sat beside an older run's results.json; `--out D` then
// `-p go1.22 --out D` left 121 traces for 11 cases; a kill while traces were
// written left a temporary file; two runs into one folder mixed top-level
// files in 2 of 30 trials (issue 16, item 7).
//
// What the folder holds (README, "The --out folder"):
//   - gcmatrix-run.json, the manifest: run id, gcmatrix version, command
//     line, pid, start time, state ("in-progress" until every output is
//     written, then "complete"), and `files`, the paths (relative to the
//     folder) this run writes there. A file is listed before it is written,
//     so whatever a killed run leaves is listed and the next run removes it.
//     Written atomically (atomic_write.hpp), like every output.
//   - .gcmatrix.lock: held with flock(2) for the whole run; it holds the
//     holder's pid. Never removed (removing a lock file races with a run
//     that just opened it); the kernel releases the lock when the process
//     dies, kill -9 included.
//   - the outputs. Files no manifest lists (the user's own, or a folder
//     written by a gcmatrix without manifests) are left alone: gcmatrix
//     removes only what it can prove it wrote.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::report {

inline constexpr std::string_view kManifestFileName = "gcmatrix-run.json";
inline constexpr std::string_view kLockFileName = ".gcmatrix.lock";

// Who writes the folder; recorded in the manifest for whoever reads it later.
struct RunIdentity {
  std::string gcmatrix_version;
  std::string command;  // the command line, shell-quoted
};

// True for the name of a temporary file of write_file_atomically
// (".<target>.tmp.<pid>.<n>"): a leftover of a process that died mid-write.
bool is_atomic_write_temp_name(std::string_view file_name);

class OutDir {
 public:
  // Takes the folder's lock without waiting. `dir` exists. Throws
  // OutputError "--out DIR: in use by another gcmatrix run (pid N) ..."
  // when another run holds it (exit 2), or naming the lock file when it
  // cannot be opened.
  static OutDir lock(const std::filesystem::path& dir);

  OutDir(OutDir&& other) noexcept;
  OutDir& operator=(OutDir&&) = delete;
  OutDir(const OutDir&) = delete;
  ~OutDir();  // the lock is released when the process exits, or here

  // The path of `path` relative to the folder when it lies inside it
  // (lexically, after making both absolute), else nullopt.
  std::optional<std::string> inside(const std::filesystem::path& path) const;

  // True for the manifest's and the lock's own paths: no output may take them.
  bool is_reserved(const std::filesystem::path& path) const;

  // Before this run writes anything there: removes the files the previous
  // run's manifest lists and the temporary files left in the folder, in
  // `planned_folders` (relative; the traces folder, whose files are named
  // later) and in the sub-folders of the old manifest's files, then writes
  // the manifest "in-progress" listing `planned` (relative paths). Throws
  // OutputError when the old manifest is not one gcmatrix wrote (the folder
  // is then refused, untouched) or a file cannot be removed.
  void claim(const RunIdentity& who, const std::vector<std::string>& planned,
             const std::vector<std::string>& planned_folders);

  // Throws what claim() would throw for the previous manifest, and touches
  // nothing: `gcmatrix merge` refuses a foreign folder before reading its
  // inputs, and claims it only once they are read (a leg may be a file the
  // previous run wrote there).
  void check_claimable() const;

  // Adds `files` (relative) to the manifest before they are written.
  void will_write(const std::vector<std::string>& files);

  // Every output is written: the manifest says "complete" and lists the
  // files of this run that exist.
  void complete();

 private:
  OutDir(std::filesystem::path dir, int lock_fd);
  void write_manifest(std::string_view state) const;

  std::filesystem::path dir_;  // absolute, lexically normal
  int lock_fd_ = -1;
  RunIdentity who_;
  std::string run_id_, started_at_;
  std::vector<std::string> files_;  // relative, in the order first listed
};

}  // namespace gcm::report
