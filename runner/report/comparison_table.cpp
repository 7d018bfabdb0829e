// comparison_table.cpp — builds the Table model from a RunResult: column
// order, cells, the differs marks and their footnotes.
#include "report/comparison_table.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "report/sweep.hpp"
#include "report/units.hpp"

namespace gcm::report {
namespace {

int family_rank(std::string_view family) {
  if (family == kFamilyDocumented) return 0;
  if (family == kFamilyObserved) return 1;
  return 2;
}

// Column order, as documented in the header: (no version last, minor, family, name).
std::vector<TableColumn> order_columns(const std::vector<ProfileInfo>& profiles) {
  auto key = [&](const TableColumn& c) {
    return std::make_tuple(c.go_minor ? 0 : 1, c.go_minor.value_or(0), family_rank(c.profile.family), c.profile.name);
  };
  std::vector<TableColumn> columns;
  for (const ProfileInfo& p : profiles) columns.push_back({p, go_minor_of(p.go), -1});
  std::stable_sort(columns.begin(), columns.end(),
                   [&](const TableColumn& a, const TableColumn& b) { return key(a) < key(b); });
  // Partner: the first column of the other family with the same Go version.
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const int rank = family_rank(columns[i].profile.family);
    for (std::size_t j = 0; j < columns.size() && rank < 2 && columns[i].partner < 0; ++j)
      if (columns[j].go_minor && columns[j].go_minor == columns[i].go_minor &&
          family_rank(columns[j].profile.family) == 1 - rank)
        columns[i].partner = static_cast<int>(j);
  }
  return columns;
}

using CaseIndex = std::map<std::pair<std::string, std::string>, const CaseResult*>;

const CaseResult* find_case(const CaseIndex& index, const TableColumn& col,
                            const std::string& workload) {
  auto it = index.find({col.profile.name, workload});
  return it == index.end() ? nullptr : it->second;
}

std::string check_text(const CheckOutcome& o) {
  const std::string outcome = o.passed ? "pass" : "FAIL";
  switch (o.deviation()) {
    case Deviation::none:
      if (!o.gated) return outcome + " (not gated)";
      return o.passed ? outcome : outcome + " (exp)";
    case Deviation::no_expectation: return outcome + " (?)";
    case Deviation::unexpected_pass:
    case Deviation::unexpected_fail: return outcome + " (!)";
  }
  return outcome;
}

TableCell check_cell(const CaseResult* c, const std::string& name) {
  TableCell cell{false, "-", false, {}, {}, {}};
  if (!c) return cell;
  for (std::size_t i = 0; i < c->outcomes.size(); ++i) {
    if (c->outcomes[i].check != name) continue;
    cell = {true, check_text(c->outcomes[i]), false, c->outcomes[i].passed,
            c->outcomes[i].expected, {}};
    break;
  }
  return cell;
}

TableCell metric_cell(const CaseResult* c, const std::string& name) {
  TableCell cell{false, "-", false, {}, {}, {}};
  if (!c) return cell;
  for (const workloads::Metric& m : c->obs.metrics)
    if (m.name == name) return {true, human_value(m.value, m.unit), false, {}, {}, m.value};
  return cell;
}

// Under --seeds: a check's pass rate over the seeds ("pass 99.3 %"), with the
// same expectation marks as one seed's outcome.
TableCell sweep_check_cell(const CaseResult* c, const Sweep& sweep, const std::string& name) {
  TableCell cell = check_cell(c, name);
  const CheckTally* tally = sweep.find(name);
  if (!cell.present || tally == nullptr) return cell;
  const CheckOutcome* o = nullptr;
  for (const CheckOutcome& k : c->outcomes) o = k.check == name ? &k : o;
  std::string mark;
  switch (o->deviation()) {
    case Deviation::none: mark = !o->gated ? " (not gated)" : o->expected == Expected::fail ? " (exp)" : ""; break;
    case Deviation::no_expectation: mark = " (?)"; break;
    default: mark = " (!)";
  }
  if (!o->as_expected && o->deviation() == Deviation::none) mark = " (!)";  // as expected in this seed, not in all
  cell.text = rate_text(*tally) + mark;
  cell.passed = tally->passed * 2 >= tally->runs;
  cell.value = static_cast<std::int64_t>(tally->passed * 10'000 / std::max<std::uint64_t>(tally->runs, 1));
  return cell;
}

// Under --seeds: the most frequent value, with its share when not every seed
// gave it ("3 (97 %)"); the full histogram is in results.json.
TableCell sweep_metric_cell(const CaseResult* c, const Sweep& sweep, const std::string& name, const std::string& unit) {
  TableCell cell = metric_cell(c, name);
  if (!cell.present) return cell;
  for (const auto& [metric, h] : sweep.values()) {
    if (metric != name || h.empty()) continue;
    std::uint64_t total = 0;
    auto top = h.begin();
    for (auto it = h.begin(); it != h.end(); ++it) total += it->second, top = it->second > top->second ? it : top;
    const std::int64_t v = std::stoll(top->first);
    cell.value = v;
    cell.text = human_value(v, unit);
    if (top->second != total) {
      const std::uint64_t tenths = (top->second * 1000 + total / 2) / total;
      cell.text += " (" + std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " %)";
    }
  }
  return cell;
}

void append_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// Rows of one workload: checks first, then metrics, each in first-seen order.
void add_workload_rows(Table& t, const CaseIndex& index, const std::string& workload) {
  auto sweep_of = [&](const TableColumn& col) -> const Sweep* {
    const CaseResult* c = find_case(index, col, workload);
    return c ? c->sweep.get() : nullptr;
  };
  std::vector<std::string> checks, metrics;
  std::map<std::string, std::string> units;
  for (const TableColumn& col : t.columns) {
    const CaseResult* c = find_case(index, col, workload);
    if (!c) continue;
    for (const workloads::Check& k : c->obs.checks) append_unique(checks, k.name);
    for (const workloads::Metric& m : c->obs.metrics) {
      append_unique(metrics, m.name);
      units.emplace(m.name, m.unit);
    }
  }
  for (const std::string& name : checks) {
    TableRow row{workload, RowKind::check, name, "", {}, 0};
    for (const TableColumn& col : t.columns) {
      const CaseResult* c = find_case(index, col, workload);
      row.cells.push_back(sweep_of(col) ? sweep_check_cell(c, *sweep_of(col), name) : check_cell(c, name));
    }
    t.rows.push_back(std::move(row));
  }
  for (const std::string& name : metrics) {
    TableRow row{workload, RowKind::metric, name, units[name], {}, 0};
    for (const TableColumn& col : t.columns) {
      const CaseResult* c = find_case(index, col, workload);
      row.cells.push_back(sweep_of(col) ? sweep_metric_cell(c, *sweep_of(col), name, units[name]) : metric_cell(c, name));
    }
    t.rows.push_back(std::move(row));
  }
}

bool same_outcome(const TableCell& a, const TableCell& b) {
  return a.passed == b.passed && a.value == b.value;
}

// "A2" < "A11" < "O2": letters, then the number numerically.
bool claim_less(const std::string& a, const std::string& b) {
  auto split = [](const std::string& s) {
    std::size_t digits = s.find_first_of("0123456789");
    std::string prefix = s.substr(0, digits);
    std::size_t number = 0;
    std::string rest;
    if (digits != std::string::npos) {
      std::size_t end = s.find_first_not_of("0123456789", digits);
      std::string num = s.substr(digits, end == std::string::npos ? std::string::npos : end - digits);
      number = num.size() < 10 ? std::stoul(num) : SIZE_MAX;
      rest = end == std::string::npos ? "" : s.substr(end);
    }
    return std::make_tuple(prefix, number, rest);
  };
  return split(a) < split(b);
}

std::vector<std::string> row_claims(const TableRow& row, const Table& t, const CaseIndex& index) {
  std::vector<std::string> claims;
  for (const TableColumn& col : t.columns) {
    const CaseResult* c = find_case(index, col, row.workload);
    if (!c) continue;
    if (row.kind == RowKind::metric)
      for (const std::string& id : c->obs.claims) append_unique(claims, id);
    for (const workloads::Check& k : c->obs.checks)
      if (row.kind == RowKind::check && k.name == row.name)
        for (const std::string& id : k.claims) append_unique(claims, id);
  }
  std::sort(claims.begin(), claims.end(), claim_less);
  return claims;
}

// Marks differing cells and numbers a footnote for every row that has one.
void mark_differences(Table& t, const CaseIndex& index) {
  for (TableRow& row : t.rows) {
    std::vector<std::string> versions;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const int p = t.columns[i].partner;
      if (p < 0 || !row.cells[i].present || !row.cells[p].present) continue;
      if (same_outcome(row.cells[i], row.cells[p])) continue;
      row.cells[i].differs = true;
      append_unique(versions, t.columns[i].profile.go);
    }
    if (versions.empty()) continue;
    row.footnote = static_cast<int>(t.footnotes.size()) + 1;
    t.footnotes.push_back({row.footnote, row.workload, row.name, versions, row_claims(row, t, index)});
  }
}

}  // namespace

const char* to_string(RowKind k) noexcept { return k == RowKind::check ? "check" : "metric"; }

Table build_comparison_table(const RunResult& run) {
  Table t;
  t.title = "gcmatrix " + run.gcmatrix_version + ", seed " + std::to_string(run.seed);
  if (!run.cases.empty() && run.cases.front().sweep && !run.cases.front().sweep->seed_ranges().empty()) {
    const Sweep& sweep = *run.cases.front().sweep;
    t.title = "gcmatrix " + run.gcmatrix_version + ", seeds " + std::to_string(sweep.seed_ranges().front().first) + ".." +
              std::to_string(sweep.seed_ranges().back().second) + " (" + std::to_string(sweep.seeds()) +
              " schedules per cell: pass rates, most frequent values)";
  }
  t.columns = order_columns(run.profiles);
  CaseIndex index;
  std::vector<std::string> workloads = run.workloads;
  for (const CaseResult& c : run.cases) {
    index.emplace(std::make_pair(c.profile.name, c.obs.workload), &c);
    append_unique(workloads, c.obs.workload);  // a case of an unlisted workload still shows
  }
  for (const std::string& w : workloads) add_workload_rows(t, index, w);
  mark_differences(t, index);
  for (const CaseResult& c : run.cases)
    if (std::any_of(c.outcomes.begin(), c.outcomes.end(), [](const CheckOutcome& o) { return !o.gated; })) {
      t.legend += kTableLegendNotGated;
      break;
    }
  return t;
}

}  // namespace gcm::report
