// listing.cpp — what is there to run, and profile validation.
#include "cli/listing.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <set>

#include "cli/plan.hpp"
#include "input/escape.hpp"
#include "report/claim_catalogue.hpp"

namespace gcm::cli {

int list_profiles(const CliOptions& o) {
  const policy::ProfileCatalog catalog = load_catalog(o.policy_dir.empty() ? default_path("policies") : o.policy_dir);
  if (o.format == "json") {
    // The array a GitHub Actions matrix takes through fromJSON.
    std::cout << nlohmann::json(catalog.names()).dump() << "\n";
    return kExitOk;
  }
  for (const policy::Profile& p : catalog.profiles()) {
    std::printf("%-18s %-10s go%-5s %s\n", p.name.c_str(), std::string(policy::to_string(p.family)).c_str(),
                p.go.c_str(), p.extends.empty() ? "" : ("extends " + p.extends).c_str());
  }
  return kExitOk;
}

int list_workloads(const CliOptions& o) {
  // The built-ins and every scenario of --scenario and the matrix file.
  const workloads::Registry registry = make_plan(o).registry;
  if (o.format == "json") {
    std::cout << nlohmann::json(registry.names()).dump() << "\n";
    return kExitOk;
  }
  for (const workloads::Workload& w : registry.all()) {
    std::string claims;
    for (const std::string& c : w.claims) claims += (claims.empty() ? "" : ",") + c;
    // A scenario's description and its path are the user's bytes: escaped
    // (a raw ESC would repaint the terminal; issue 16, item 8).
    const std::string summary = input::escape_for_terminal(w.summary);
    if (w.section == "scenario")
      std::printf("%-26s %-5s %-28s %s (%s)\n", w.name.c_str(), "yaml", claims.c_str(), summary.c_str(),
                  input::escape_for_terminal(w.where.shown).c_str());
    else
      std::printf("%-26s §%-4s %-28s %s\n", w.name.c_str(), w.section.c_str(), claims.c_str(), summary.c_str());
    for (const workloads::ParamSpec& p : w.params)
      std::printf("    --param %s=%lld  (%lld..%lld %s) %s\n", p.name.c_str(), static_cast<long long>(p.default_value),
                  static_cast<long long>(p.min_value), static_cast<long long>(p.max_value), p.unit.c_str(), p.help.c_str());
  }
  // What the IDs above mean, once each, in catalogue order.
  std::set<std::string> cited;
  for (const workloads::Workload& w : workloads::registry()) cited.insert(w.claims.begin(), w.claims.end());
  std::printf("\nclaims (docs/claims.md):\n");
  for (const report::ClaimLine& c : report::claim_catalogue())
    if (cited.contains(std::string(c.id)))
      std::printf("  %-4s %.*s (%.*s)\n", std::string(c.id).c_str(), static_cast<int>(c.statement.size()), c.statement.data(),
                  static_cast<int>(c.source.size()), c.source.data());
  return kExitOk;
}

int check_profiles(const CliOptions& o) {
  const std::string policy_dir = o.policy_dir.empty() ? default_path("policies") : o.policy_dir;
  const policy::ProfileCatalog catalog = load_catalog(policy_dir);
  int rc = kExitOk;
  for (const std::string& path : o.check_profiles) {
    try {
      const policy::Profile p = catalog.load_file(path, profile_origin(path, policy_dir));
      std::cout << input::escape_for_terminal(path) << ": ok (" << p.name << ", " << policy::to_string(p.family) << ", go" << p.go << ")\n";
    } catch (const policy::ProfileError& e) {
      std::cerr << input::escape_for_terminal(e.what()) << "\n";
      rc = kExitUsage;
    }
  }
  return rc;
}

}  // namespace gcm::cli
