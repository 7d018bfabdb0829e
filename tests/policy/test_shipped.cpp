// test_shipped.cpp — the profiles in policies/: they load through
// ProfileCatalog, pass check(), name a basis for every behaviour key, and
// encode BEHAVIOUR.md (the documented family the article's A-claims, the
// observed family real Go's O-facts), including its table of disagreements.
#define BOOST_TEST_MODULE policy_shipped
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "policy/claims.hpp"
#include "policy/loader.hpp"
#include "policy/schema.hpp"
#include "runtime/prng.hpp"

namespace fs = std::filesystem;
namespace gp = gcm::policy;
namespace gt = gcm::gotest;
using gp::Family;
using gp::Profile;

namespace {

const gp::ProfileCatalog& catalog() {
  static const gp::ProfileCatalog loaded{fs::path(GCM_POLICIES_DIR)};
  return loaded;
}

const Profile& profile(const std::string& name) {
  const Profile* found = catalog().find(name);
  BOOST_REQUIRE_MESSAGE(found != nullptr, "no profile " << name);
  return *found;
}

int minor(const Profile& p) { return gp::go_minor(p.go).value_or(-1); }

bool basis_cites(const Profile& p, const std::string& key, const std::string& id) {
  const auto entry = p.basis.find(key);
  if (entry == p.basis.end()) return false;
  return std::find(entry->second.begin(), entry->second.end(), id) != entry->second.end();
}

// Every value a profile sets, one "key=value" per line: inheritance checks
// compare these texts.
std::string values_text(const Profile& p) {
  std::ostringstream out;
  const auto& gc = p.gc;
  out << "gogc=" << gc.gogc_percent << " off=" << gc.gogc_off << " min_heap=" << gc.min_heap_bytes
      << " roots=" << gc.roots_in_goal << " memlimit=" << gc.memory_limit_bytes
      << " cpu=" << gc.cpu_limiter_percent << " tiny=" << gc.tiny_alloc_batching << "/"
      << gc.tiny_block_bytes << " addcleanup_concurrent=" << gc.addcleanup_concurrent << "\n";
  const auto& c = p.cost;
  out << "cost=" << c.alloc_ns << "," << c.alloc_kib_ns << "," << c.mark_object_ns << ","
      << c.mark_kib_ns << "," << c.sweep_object_ns << "," << c.stw_pause_ns << "," << c.switch_ns
      << "," << c.op_ns << "\n";
  const auto& t = p.testing;
  out << "frame=" << gp::to_string(t.frame_release) << " wait=" << t.cleanups_wait_for_subtests
      << " panic=" << t.cleanups_run_on_panic << " foreign=" << gp::to_string(t.foreign_goroutine_cleanup)
      << " late=" << gp::to_string(t.late_cleanup) << " run=" << gp::to_string(t.run_in_cleanup)
      << " ctx=" << t.context_cancel_before_cleanup
      << " fin=" << gp::to_string(t.finalizer_eligibility) << "/" << t.finalizer_window_ppm
      << " discard=" << t.discard_pending_finalizers_at_test_end << " loopvar=" << gp::to_string(t.loopvar)
      << " timeout=" << gp::to_string(t.timeout_mode) << "/" << t.timeout_ns << "\n";
  const auto& h = t.gc_hooks;
  out << "hooks=" << h.after_cleanup_register << h.before_body_return << h.after_body_return
      << h.before_each_cleanup << h.after_each_cleanup << h.at_test_complete << "/"
      << h.every_n_allocations << "\n";
  for (const auto& [key, ids] : p.basis) {
    out << "basis " << key << "=";
    for (const auto& id : ids) out << id << ",";
    out << "\n";
  }
  return out.str();
}

std::vector<const Profile*> family(Family f) {
  std::vector<const Profile*> out;
  for (const Profile& p : catalog().profiles()) {
    if (p.family == f) out.push_back(&p);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog_of_policies)

BOOST_AUTO_TEST_CASE(names_in_catalog_order) {
  const std::vector<std::string> expected{
      "go1.20", "go1.21", "go1.22", "go1.23",
      "go1.19-observed", "go1.20-observed", "go1.21-observed", "go1.22-observed",
      "go1.23-observed", "go1.24-observed", "go1.25-observed"};
  BOOST_TEST(catalog().names() == expected, boost::test_tools::per_element());
  const auto names = catalog().names();
  BOOST_TEST(std::set<std::string>(names.begin(), names.end()).size() == names.size());
}

BOOST_AUTO_TEST_CASE(every_profile_is_valid_and_lives_in_its_family_folder) {
  for (const Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      const auto problems = gp::check(p);
      BOOST_TEST(problems.empty(), (problems.empty() ? "" : problems.front()));
      const std::string folder = fs::path(p.source_path).parent_path().filename().string();
      BOOST_TEST(folder == std::string(gp::to_string(p.family)));
      BOOST_TEST(fs::path(p.source_path).filename().string() == p.name + ".yaml");
      BOOST_TEST(p.go == p.name.substr(2, p.go.size()));  // "go1.22…" models Go 1.22
      BOOST_TEST(!p.description.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_behaviour_key_has_a_basis_of_known_claims) {
  for (const Profile& p : catalog().profiles()) {
    for (const std::string& key : gp::behaviour_key_paths()) {
      BOOST_TEST_CONTEXT(p.name << " " << key) {
        const auto entry = p.basis.find(key);
        BOOST_TEST_REQUIRE((entry != p.basis.end()));
        BOOST_TEST(!entry->second.empty());
        for (const auto& id : entry->second) BOOST_TEST(gp::is_known_claim_id(id), id);
      }
    }
  }
}

// The observed family rests on real Go only: no article claim in its bases.
BOOST_AUTO_TEST_CASE(observed_profiles_cite_only_observed_facts) {
  for (const Profile* p : family(Family::observed)) {
    for (const auto& [key, ids] : p->basis) {
      for (const auto& id : ids) BOOST_TEST(id.front() == 'O', p->name << " " << key << " cites " << id);
    }
  }
}

namespace {
// The claim IDs a catalogue's table rows define ("| A7 |" at a line start), as
// the highest number per letter.
std::pair<int, int> claim_maxima(const std::string& text) {
  const std::regex row(R"(\n\| ([AO])(\d+) \|)");
  int article_max = 0, observed_max = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it) {
    const int number = std::stoi((*it)[2]);
    int& max = (*it)[1] == "A" ? article_max : observed_max;
    max = std::max(max, number);
  }
  return {article_max, observed_max};
}
std::string read_text(const char* path) {
  std::ifstream file(path);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}
}  // namespace

// docs/claims.md (the project's own catalogue, always in the repository)
// defines exactly the IDs claims.hpp accepts. The design file BEHAVIOUR.md,
// which only developers have beside the repository, must agree with it when
// present; its absence never makes this test pass on its own.
BOOST_AUTO_TEST_CASE(claim_counts_match_behaviour_md) {
  const std::string catalogue = read_text(GCM_CLAIMS_MD);
  BOOST_TEST_REQUIRE(!catalogue.empty(), "docs/claims.md missing or empty at " GCM_CLAIMS_MD);
  const auto [article_max, observed_max] = claim_maxima(catalogue);
  BOOST_TEST(article_max == gp::kArticleClaimsCount);
  BOOST_TEST(observed_max == gp::kObservedClaimsCount);
  // Every ID up to the maximum has its own row.
  for (int n = 1; n <= gp::kArticleClaimsCount; ++n)
    BOOST_TEST(catalogue.find("\n| A" + std::to_string(n) + " |") != std::string::npos, "A" << n);
  for (int n = 1; n <= gp::kObservedClaimsCount; ++n)
    BOOST_TEST(catalogue.find("\n| O" + std::to_string(n) + " |") != std::string::npos, "O" << n);
  const std::string design = read_text(GCM_BEHAVIOUR_MD);
  if (!design.empty()) {
    const auto [design_article, design_observed] = claim_maxima(design);
    BOOST_TEST(design_article == article_max);
    BOOST_TEST(design_observed == observed_max);
  }
}

BOOST_AUTO_TEST_CASE(explicit_file_loads_like_its_catalog_entry) {
  const fs::path file = fs::path(GCM_POLICIES_DIR) / "documented" / "go1.22.yaml";
  const Profile loaded = gp::load_profile_file(file, &catalog());
  BOOST_TEST(values_text(loaded) == values_text(profile("go1.22")));
  BOOST_TEST(loaded.notes == profile("go1.22").notes, boost::test_tools::per_element());
  BOOST_CHECK_THROW(gp::load_profile_file(file, nullptr), gp::ProfileError);  // extends needs a catalog
}

// A user profile outside the catalog: extends resolves against it, the keys it
// sets override, their basis replaces the parent's, notes are appended.
BOOST_AUTO_TEST_CASE(user_profile_extends_a_shipped_one) {
  const std::string text =
      "name: my-go1.22\nfamily: documented\ngo: \"1.22\"\nextends: go1.22\n"
      "description: go1.22 with per-iteration loop variables\nnotes: [mine]\n"
      "testing:\n  loopvar: {value: per_iteration, basis: [O5]}\n"
      "cost:\n  stw_pause_ns: 50000\n";
  const Profile mine = gp::load_profile_text(text, "my.yaml", &catalog());
  const Profile& parent = profile("go1.22");
  BOOST_TEST((mine.testing.loopvar == gt::LoopVar::per_iteration));
  BOOST_TEST(mine.basis.at("testing.loopvar") == std::vector<std::string>{"O5"},
             boost::test_tools::per_element());
  BOOST_TEST(mine.cost.stw_pause_ns == 50'000);
  BOOST_TEST(mine.testing.finalizer_window_ppm == parent.testing.finalizer_window_ppm);
  BOOST_TEST(mine.notes.size() == parent.notes.size() + 1);
  BOOST_TEST(mine.notes.back() == "mine");
  BOOST_TEST(mine.extends == "go1.22");
  BOOST_TEST(mine.source_path == "my.yaml");
}

// A user's own profile needs no claim IDs: a behaviour key set without a
// basis has none, and IDs of the user's own are accepted. gcmatrix's own
// namespace stays checked (A99 does not exist), and a shipped profile must
// still cite a basis for every behaviour key.
BOOST_AUTO_TEST_CASE(user_profile_needs_no_basis_and_may_cite_its_own_ids) {
  const std::string text =
      "name: my-go1.22\nfamily: observed\ngo: \"1.22\"\nextends: go1.22-observed\n"
      "description: our CI with GOGC=50\n"
      "gc:\n  gogc: 50\ntesting:\n  loopvar: {value: shared, basis: [TEAM-12, O5]}\n";
  const Profile mine = gp::load_profile_text(text, "my.yaml", &catalog(), gp::ProfileOrigin::user);
  BOOST_TEST(mine.gc.gogc_percent == 50);
  BOOST_TEST(mine.basis.count("gc.gogc") == 0u);
  BOOST_TEST((mine.basis.at("testing.loopvar") == std::vector<std::string>{"TEAM-12", "O5"}));
  BOOST_TEST(gp::check(mine).empty());
  // The same file read as a shipped profile is refused where it cites no basis.
  BOOST_CHECK_THROW(gp::load_profile_text(text, "my.yaml", &catalog(), gp::ProfileOrigin::shipped), gp::ProfileError);
  const std::string unknown_ours = "name: x\nfamily: observed\ngo: \"1.22\"\nextends: go1.22-observed\n"
                                   "description: d\ntesting:\n  loopvar: {value: shared, basis: [A99]}\n";
  try {
    (void)gp::load_profile_text(unknown_ours, "x.yaml", &catalog(), gp::ProfileOrigin::user);
    BOOST_ERROR("A99 accepted");
  } catch (const gp::ProfileError& e) {
    BOOST_TEST(std::string(e.what()).find("'A99' is not in docs/claims.md") != std::string::npos, e.what());
  }
  BOOST_TEST(gp::user_claim_id_problem("TEAM-12").empty());
  BOOST_TEST(!gp::user_claim_id_problem("1abc").empty());
  BOOST_TEST(!gp::user_claim_id_problem("").empty());
  BOOST_TEST(!gp::user_claim_id_problem("O16").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documented_family)

BOOST_AUTO_TEST_CASE(go1_20_explains_its_reading_of_a11_versus_a14) {
  const Profile& p = profile("go1.20");
  bool explained = false;
  for (const auto& note : p.notes) {
    explained = explained || (note.find("A11") != std::string::npos &&
                              note.find("A14") != std::string::npos &&
                              note.find("suppressed") != std::string::npos);
  }
  BOOST_TEST(explained);
  BOOST_TEST((p.testing.finalizer_eligibility == gt::FinalizerEligibility::suppressed));
  BOOST_TEST(basis_cites(p, "testing.finalizer_eligibility", "A11"));
}

BOOST_AUTO_TEST_CASE(go1_21_inherits_go1_20_and_says_the_article_is_silent) {
  const Profile& p = profile("go1.21");
  BOOST_TEST(p.extends == "go1.20");
  BOOST_TEST(values_text(p) == values_text(profile("go1.20")));
  BOOST_TEST(p.description.find("silent") != std::string::npos);
  BOOST_TEST(p.go == "1.21");
}

BOOST_AUTO_TEST_CASE(claims_of_every_documented_profile) {
  for (const Profile* p : family(Family::documented)) {
    BOOST_TEST_CONTEXT(p->name) {
      const auto& t = p->testing;
      BOOST_TEST((t.frame_release == gt::FrameRelease::after_cleanups));           // A2
      BOOST_TEST(basis_cites(*p, "testing.frame_release", "A2"));
      BOOST_TEST((t.foreign_goroutine_cleanup == gt::ForeignCleanup::panic));      // A8
      BOOST_TEST(basis_cites(*p, "testing.foreign_goroutine_cleanup", "A8"));
      BOOST_TEST((t.late_cleanup == gt::LateCleanup::panic));                      // A8
      BOOST_TEST((t.loopvar == gt::LoopVar::shared));                              // A9
      BOOST_TEST(basis_cites(*p, "testing.loopvar", "A9"));
      BOOST_TEST(t.discard_pending_finalizers_at_test_end);                       // A15
      BOOST_TEST(basis_cites(*p, "testing.discard_pending_finalizers_at_test_end", "A15"));
      BOOST_TEST(t.cleanups_wait_for_subtests);
      BOOST_TEST(t.cleanups_run_on_panic);                                         // A6
      BOOST_TEST((t.run_in_cleanup == gt::RunInCleanup::panic));                   // real value, O6
      BOOST_TEST(!t.context_cancel_before_cleanup);
      BOOST_TEST((t.timeout_mode == gt::TimeoutMode::per_test));                   // A22
      BOOST_TEST(t.timeout_ns == 60'000'000'000);
      BOOST_TEST(basis_cites(*p, "testing.timeout.seconds", "A22"));
    }
  }
}

// A11 (go1.20, inherited by go1.21), A12 (go1.22), A13 (go1.23).
BOOST_AUTO_TEST_CASE(finalizer_eligibility_by_version) {
  using E = gt::FinalizerEligibility;
  BOOST_TEST((profile("go1.20").testing.finalizer_eligibility == E::suppressed));
  BOOST_TEST((profile("go1.21").testing.finalizer_eligibility == E::suppressed));
  BOOST_TEST((profile("go1.22").testing.finalizer_eligibility == E::window));
  BOOST_TEST(basis_cites(profile("go1.22"), "testing.finalizer_eligibility", "A12"));
  BOOST_TEST((profile("go1.23").testing.finalizer_eligibility == E::never));
  BOOST_TEST(basis_cites(profile("go1.23"), "testing.finalizer_eligibility", "A13"));
  BOOST_TEST(profile("go1.23").testing.finalizer_window_ppm == 0u);
}

// A12's "extremely low probability": over 10,000 seeds with a handful of
// opportunities per run (here 4), the finalizer runs in about 1-3 % of runs.
BOOST_AUTO_TEST_CASE(go1_22_window_is_rare_but_visible) {
  const std::uint32_t ppm = profile("go1.22").testing.finalizer_window_ppm;
  constexpr int kSeeds = 10'000;
  constexpr int kOpportunitiesPerRun = 4;
  int runs_with_finalizer = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    gcm::rt::Prng prng(static_cast<std::uint64_t>(seed));
    bool ran = false;
    for (int i = 0; i < kOpportunitiesPerRun; ++i) ran = prng.below(1'000'000) < ppm || ran;
    runs_with_finalizer += ran ? 1 : 0;
  }
  BOOST_TEST(runs_with_finalizer >= kSeeds / 100);      // at least 1 %
  BOOST_TEST(runs_with_finalizer <= 3 * kSeeds / 100);  // at most 3 %
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(observed_family)

BOOST_AUTO_TEST_CASE(facts_of_every_observed_profile) {
  for (const Profile* p : family(Family::observed)) {
    BOOST_TEST_CONTEXT(p->name) {
      const auto& t = p->testing;
      BOOST_TEST((t.frame_release == gt::FrameRelease::before_cleanups));      // O2
      BOOST_TEST((t.foreign_goroutine_cleanup == gt::ForeignCleanup::allow));  // O3
      BOOST_TEST((t.late_cleanup == gt::LateCleanup::drop));                   // O3
      BOOST_TEST((t.finalizer_eligibility == gt::FinalizerEligibility::free)); // O4
      BOOST_TEST(!t.discard_pending_finalizers_at_test_end);                  // O4
      BOOST_TEST((t.timeout_mode == gt::TimeoutMode::binary));                 // O7
      BOOST_TEST(t.timeout_ns == 600'000'000'000);
      BOOST_TEST((t.loopvar == (minor(*p) >= 22 ? gt::LoopVar::per_iteration : gt::LoopVar::shared)));  // O5
      BOOST_TEST((t.run_in_cleanup == (minor(*p) >= 20 ? gt::RunInCleanup::panic : gt::RunInCleanup::allow)));  // O6
      BOOST_TEST(t.context_cancel_before_cleanup == (minor(*p) >= 24));        // O9
      BOOST_TEST(p->gc.addcleanup_concurrent == (minor(*p) >= 25));            // O9
    }
  }
}

BOOST_AUTO_TEST_CASE(go1_20_observed_says_what_it_rests_on) {
  const Profile& p = profile("go1.20-observed");
  BOOST_TEST(p.description.find("1.19") != std::string::npos);
  BOOST_TEST(p.description.find("1.21") != std::string::npos);
  BOOST_TEST(p.description.find("runtime/mfinal.go") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(both_families)

// BEHAVIOUR.md, "Where the families disagree": each row, per Go version.
BOOST_AUTO_TEST_CASE(the_disagreement_table_holds) {
  for (const Profile* doc : family(Family::documented)) {
    for (const Profile* obs : family(Family::observed)) {
      if (obs->go != doc->go) continue;
      BOOST_TEST_CONTEXT(doc->name << " vs " << obs->name) {
        BOOST_TEST((doc->testing.frame_release != obs->testing.frame_release));
        BOOST_TEST((doc->testing.finalizer_eligibility != obs->testing.finalizer_eligibility));
        BOOST_TEST(doc->testing.discard_pending_finalizers_at_test_end !=
                   obs->testing.discard_pending_finalizers_at_test_end);
        BOOST_TEST((doc->testing.foreign_goroutine_cleanup != obs->testing.foreign_goroutine_cleanup));
        BOOST_TEST((doc->testing.loopvar == gt::LoopVar::shared));
        BOOST_TEST((doc->testing.timeout_mode != obs->testing.timeout_mode));
      }
    }
  }
  // Loop variables differ from Go 1.22 on only (A9 vs O5).
  BOOST_TEST((profile("go1.21").testing.loopvar == profile("go1.21-observed").testing.loopvar));
  BOOST_TEST((profile("go1.22").testing.loopvar != profile("go1.22-observed").testing.loopvar));
  BOOST_TEST((profile("go1.23").testing.loopvar != profile("go1.23-observed").testing.loopvar));
}

// O10 pacer in every profile; GC hook points stay off (workloads arm them).
BOOST_AUTO_TEST_CASE(pacer_and_hooks) {
  for (const Profile& p : catalog().profiles()) {
    BOOST_TEST_CONTEXT(p.name) {
      BOOST_TEST(p.gc.gogc_percent == 100);
      BOOST_TEST(!p.gc.gogc_off);
      BOOST_TEST(p.gc.min_heap_bytes == 4 * gcm::rt::kMiB);
      BOOST_TEST(p.gc.roots_in_goal);
      BOOST_TEST(p.gc.memory_limit_bytes == 0u);
      const auto& h = p.testing.gc_hooks;
      BOOST_TEST(!(h.after_cleanup_register || h.before_body_return || h.after_body_return ||
                   h.before_each_cleanup || h.after_each_cleanup || h.at_test_complete));
      BOOST_TEST(h.every_n_allocations == 0u);
    }
  }
}

// A user's profile that extends another needs only its name: family, go
// and description are the parent's (the description says whose). A shipped
// profile, and any profile without extends, still writes all of them.
BOOST_AUTO_TEST_CASE(user_profile_inherits_family_go_and_description) {
  const Profile& parent = *catalog().find("go1.22-observed");
  const Profile mine =
      gp::load_profile_text("name: my-ci\nextends: go1.22-observed\ngc: {gogc: 50}\n", "my.yaml", &catalog(),
                            gp::ProfileOrigin::user);
  BOOST_TEST(mine.name == "my-ci");
  BOOST_TEST((mine.family == parent.family));
  BOOST_TEST(mine.go == parent.go);
  BOOST_TEST(mine.description == "extends go1.22-observed: " + parent.description);
  BOOST_TEST(mine.gc.gogc_percent == 50);
  // What it writes wins over what it would inherit.
  const Profile own = gp::load_profile_text("name: mine\nextends: go1.22\nfamily: observed\ngo: \"1.23\"\ndescription: d\n",
                                            "mine.yaml", &catalog(), gp::ProfileOrigin::user);
  BOOST_TEST((own.family == gp::Family::observed));
  BOOST_TEST(own.go == "1.23");
  BOOST_TEST(own.description == "d");
  const auto message = [](const std::string& text, gp::ProfileOrigin origin) {
    try {
      (void)gp::load_profile_text(text, "x.yaml", &catalog(), origin);
    } catch (const gp::ProfileError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  BOOST_TEST(message("name: x\nextends: go1.22\n", gp::ProfileOrigin::shipped) ==
             "x.yaml:1:1: family: missing required key (expected one of: documented, observed)");
  BOOST_TEST(message("name: x\nextends: go1.22\nfamily: documented\ngo: \"1.22\"\n", gp::ProfileOrigin::shipped) ==
             "x.yaml:1:1: description: missing required key (expected a description of what the profile models)");
  BOOST_TEST(message("name: x\ngo: \"1.22\"\n", gp::ProfileOrigin::user) ==
             "x.yaml:1:1: family: missing required key (expected one of: documented, observed)");
}

BOOST_AUTO_TEST_SUITE_END()
