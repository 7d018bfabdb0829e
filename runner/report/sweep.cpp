// sweep.cpp — see sweep.hpp.
#include "report/sweep.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <stdexcept>

namespace gcm::report {

namespace {

template <typename T>
T& find_or_add(std::vector<std::pair<std::string, T>>& v, const std::string& name) {
  auto it = std::find_if(v.begin(), v.end(), [&](const auto& e) { return e.first == name; });
  if (it == v.end()) it = v.insert(v.end(), {name, T{}});
  return it->second;
}

// "10,000": thousands separated, as a reader counts schedules.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// share of `part` in `whole` as "99.3 %" / "100 %" / "0.01 %": integer
// arithmetic in 1/100 %, so the text is the same on every platform.
std::string percent(std::uint64_t part, std::uint64_t whole) {
  const std::uint64_t hundredths = whole == 0 ? 0 : (part * 10'000 + whole / 2) / whole;
  char buf[32];
  if (hundredths % 100 == 0) std::snprintf(buf, sizeof buf, "%" PRIu64 " %%", hundredths / 100);
  else if (hundredths % 10 == 0) std::snprintf(buf, sizeof buf, "%" PRIu64 ".%" PRIu64 " %%", hundredths / 100, hundredths / 10 % 10);
  else std::snprintf(buf, sizeof buf, "%" PRIu64 ".%02" PRIu64 " %%", hundredths / 100, hundredths % 100);
  return buf;
}

}  // namespace

Sweep Sweep::restored(std::uint64_t seeds, std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges,
                      std::vector<std::pair<std::string, CheckTally>> checks,
                      std::vector<std::pair<std::string, Histogram>> values, std::uint64_t digest_sum) {
  Sweep s;
  s.seeds_ = seeds;
  s.ranges_ = std::move(ranges);
  s.checks_ = std::move(checks);
  s.values_ = std::move(values);
  s.digest_sum_ = digest_sum;
  return s;
}

CheckTally& Sweep::tally(const std::string& name) { return find_or_add(checks_, name); }
Histogram& Sweep::histogram(const std::string& name) { return find_or_add(values_, name); }

void Sweep::add_seed_to_ranges(std::uint64_t seed) {
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), std::make_pair(seed, seed));
  const bool in_next = it != ranges_.end() && it->first == seed;
  const bool in_prev = it != ranges_.begin() && std::prev(it)->second >= seed;
  if (in_next || in_prev) throw std::invalid_argument("seed " + std::to_string(seed) + " is in the sweep twice");
  const bool joins_prev = it != ranges_.begin() && std::prev(it)->second + 1 == seed;
  const bool joins_next = it != ranges_.end() && it->first == seed + 1;
  if (joins_prev && joins_next) {
    std::prev(it)->second = it->second;
    ranges_.erase(it);
  } else if (joins_prev) {
    std::prev(it)->second = seed;
  } else if (joins_next) {
    it->first = seed;
  } else {
    ranges_.insert(it, {seed, seed});
  }
}

void Sweep::add(const CaseResult& c) {
  add_seed_to_ranges(c.obs.seed);
  ++seeds_;
  digest_sum_ += c.obs.events_digest;
  for (const CheckOutcome& o : c.outcomes) {
    CheckTally& t = tally(o.check);
    ++t.runs;
    t.passed += o.passed ? 1 : 0;
    t.unexpected += o.as_expected ? 0 : 1;
  }
  for (const auto& [name, value] : c.obs.observations) ++histogram(name)[value];
  // A scenario's numeric observations are metrics too: count each name once.
  for (const workloads::Metric& m : c.obs.metrics) {
    const bool observed = std::any_of(c.obs.observations.begin(), c.obs.observations.end(),
                                      [&](const auto& o) { return o.first == m.name; });
    if (!observed) ++histogram(m.name)[std::to_string(m.value)];
  }
}

void Sweep::merge(const Sweep& other) {
  for (const auto& [first, last] : other.ranges_) {
    // Overlap check first, so a refused merge leaves this sweep unchanged.
    for (const auto& [a, b] : ranges_)
      if (first <= b && a <= last)
        throw std::invalid_argument("seed " + std::to_string(std::max(first, a)) + " is in two sweeps");
  }
  // Range by range, never seed by seed: a leg read back from a file may
  // claim any range, and the union costs only the ranges it lists.
  ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
  std::sort(ranges_.begin(), ranges_.end());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> joined;
  for (const auto& r : ranges_) {
    if (!joined.empty() && joined.back().second != UINT64_MAX && joined.back().second + 1 == r.first) joined.back().second = r.second;
    else joined.push_back(r);
  }
  ranges_ = std::move(joined);
  seeds_ += other.seeds_;
  digest_sum_ += other.digest_sum_;
  for (const auto& [name, t] : other.checks_) {
    CheckTally& mine = tally(name);
    mine.runs += t.runs, mine.passed += t.passed, mine.unexpected += t.unexpected;
  }
  for (const auto& [name, h] : other.values_) {
    Histogram& mine = histogram(name);
    for (const auto& [value, n] : h) mine[value] += n;
  }
}

const CheckTally* Sweep::find(std::string_view check) const noexcept {
  auto it = std::find_if(checks_.begin(), checks_.end(), [&](const auto& e) { return e.first == check; });
  return it == checks_.end() ? nullptr : &it->second;
}

std::uint64_t Sweep::unexpected() const noexcept {
  std::uint64_t n = 0;
  for (const auto& [name, t] : checks_) n += t.unexpected;
  return n;
}

std::vector<std::string> Sweep::check() const {
  std::vector<std::string> problems;
  std::uint64_t covered = 0;
  bool wrapped = false;  // a file's counts may be anything: never let a sum wrap silently
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    if (ranges_[i].first > ranges_[i].second) {
      problems.push_back("seed range reversed");
      continue;
    }
    if (i > 0 && ranges_[i - 1].second >= ranges_[i].first - (ranges_[i].first == 0 ? 0 : 1))
      problems.push_back("seed ranges overlap or touch");
    const std::uint64_t n = ranges_[i].second - ranges_[i].first + 1;  // 0 only for the whole 2^64
    wrapped = wrapped || n == 0 || covered + n < covered;
    covered += n;
  }
  if (wrapped || covered != seeds_)
    problems.push_back("seed ranges cover " + (wrapped ? std::string("more than 2^64") : std::to_string(covered)) +
                       " seeds, not " + std::to_string(seeds_));
  for (std::size_t i = 0; i < checks_.size(); ++i) {
    const auto& [name, t] = checks_[i];
    if (t.runs > seeds_ || t.passed > t.runs || t.unexpected > t.runs) problems.push_back("check " + name + ": counts exceed its runs");
    for (std::size_t j = 0; j < i; ++j)
      if (checks_[j].first == name) problems.push_back("check " + name + " counted twice");
  }
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const auto& [name, h] = values_[i];
    std::uint64_t n = 0;
    bool sum_wrapped = false;
    for (const auto& [value, count] : h) {
      if (count == 0) problems.push_back("histogram " + name + ": value " + value + " with 0 seeds");
      sum_wrapped = sum_wrapped || n + count < n;
      n += count;
    }
    if (sum_wrapped || n > seeds_)
      problems.push_back("histogram " + name + ": " + (sum_wrapped ? std::string("more than 2^64") : std::to_string(n)) +
                         " values for " + std::to_string(seeds_) + " seeds");
    for (std::size_t j = 0; j < i; ++j)
      if (values_[j].first == name) problems.push_back("histogram " + name + " listed twice");
  }
  return problems;
}

bool as_expected_over_seeds(const CheckTally& t) noexcept { return t.unexpected == 0; }

void apply_sweep_verdict(CaseResult& c) {
  if (!c.sweep) return;
  for (CheckOutcome& o : c.outcomes)
    if (const CheckTally* t = c.sweep->find(o.check)) o.as_expected = as_expected_over_seeds(*t);
}

const CheckTally* flaky_tally(const CaseResult& c, const CheckOutcome& o) noexcept {
  const CheckTally* t = c.sweep ? c.sweep->find(o.check) : nullptr;
  if (t == nullptr || o.as_expected || !o.gated) return nullptr;
  return t->unexpected > 0 && t->unexpected < t->runs ? t : nullptr;
}

std::string rate_text(const CheckTally& t) {
  if (t.runs == 0) return "-";
  const bool mostly_pass = t.passed * 2 >= t.runs;
  return std::string(mostly_pass ? "pass " : "FAIL ") + percent(mostly_pass ? t.passed : t.runs - t.passed, t.runs);
}

std::string rate_sentence(const CheckTally& t) {
  const std::uint64_t failed = t.runs - t.passed;
  if (failed == 0) return "passes in every one of " + grouped(t.runs) + " schedules";
  if (t.passed == 0) return "fails in every one of " + grouped(t.runs) + " schedules";
  return "fails in " + grouped(failed) + " of " + grouped(t.runs) + " schedules (" + percent(failed, t.runs) + ")";
}

std::string histogram_text(const Histogram& h, std::size_t values_max) {
  std::vector<std::pair<std::string, std::uint64_t>> by_count(h.begin(), h.end());
  std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (std::size_t i = 0; i < by_count.size() && i < values_max; ++i)
    out += (out.empty() ? "" : ", ") + (by_count[i].first.empty() ? std::string("\"\"") : by_count[i].first) + " ×" +
           grouped(by_count[i].second);
  if (by_count.size() > values_max) out += ", … (" + std::to_string(by_count.size() - values_max) + " more values)";
  return out;
}

}  // namespace gcm::report
