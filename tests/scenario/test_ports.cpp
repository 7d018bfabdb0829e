// test_ports.cpp — each port in scenarios/ gives the same checks (names and
// outcomes) and the same values of every metric of its C++ workload, under
// all eleven shipped profiles, at the default parameters and seed 1.
#define BOOST_TEST_MODULE scenario_ports
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>

#include "policy/loader.hpp"
#include "scenario/loader.hpp"
#include "workloads/scenario_workload.hpp"
#include "workloads/workload.hpp"

using namespace gcm;

namespace {

const policy::ProfileCatalog& catalog() {
  static const policy::ProfileCatalog c(GCM_POLICIES_DIR);
  return c;
}

workloads::Observation run(const workloads::Workload& w, const policy::Profile& p) {
  const workloads::Params params = workloads::resolve_params(w.name, w.params, {});
  return w.run(workloads::RunInput{p, params, 1});
}

void compare(const std::string& builtin, const std::string& port_file) {
  const workloads::Workload* original = workloads::find_workload(builtin);
  BOOST_REQUIRE(original != nullptr);
  auto s = std::make_shared<const scenario::Scenario>(
      scenario::load_scenario_file(std::string(GCM_SCENARIOS_DIR) + "/" + port_file));
  const workloads::Workload port = workloads::scenario_workload(s);
  BOOST_TEST_REQUIRE(catalog().profiles().size() == 11u);
  for (const policy::Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(builtin << " under " << p.name) {
      const workloads::Observation a = run(*original, p);
      const workloads::Observation b = run(port, p);
      BOOST_TEST_REQUIRE(a.checks.size() == b.checks.size());
      for (std::size_t i = 0; i < a.checks.size(); ++i) {
        BOOST_TEST(a.checks[i].name == b.checks[i].name);
        BOOST_TEST(a.checks[i].passed == b.checks[i].passed, a.checks[i].name << ": " << a.checks[i].message << " | port: " << b.checks[i].message);
      }
      std::map<std::string, std::int64_t> port_metrics;
      for (const workloads::Metric& m : b.metrics) port_metrics[m.name] = m.value;
      BOOST_TEST(!a.metrics.empty());
      for (const workloads::Metric& m : a.metrics) {
        BOOST_TEST_REQUIRE(port_metrics.count(m.name) == 1u, "the port has no metric " << m.name);
        BOOST_TEST(port_metrics.at(m.name) == m.value, m.name);
      }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(cleanup_capture) { compare("cleanup-capture", "cleanup-capture-port.yaml"); }
BOOST_AUTO_TEST_CASE(loopvar_capture) { compare("loopvar-capture", "loopvar-capture-port.yaml"); }
BOOST_AUTO_TEST_CASE(foreign_goroutine_cleanup) { compare("foreign-goroutine-cleanup", "foreign-goroutine-cleanup-port.yaml"); }
BOOST_AUTO_TEST_CASE(suite_cleanup) { compare("suite-cleanup", "suite-cleanup-port.yaml"); }
