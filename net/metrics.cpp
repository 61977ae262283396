#include "net/metrics.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>

namespace crm::net {

// -- values ---------------------------------------------------------------------------------------

namespace {

/// `fetch_add` on atomic<double> is a CAS loop in libstdc++; this spells the same thing for
/// toolchains that lack it, and keeps the memory order explicit: counters need atomicity, not
/// ordering with other memory.
void add(std::atomic<double>& target, double v) noexcept {
  auto current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + v, std::memory_order_relaxed))
    ;
}

} // namespace

void counter::inc(double v) noexcept {
  // Counters only go up; a negative increment is a caller bug that would break rate().
  assert(v >= 0.0);
  if (v > 0.0) add(value_, v);
}

double counter::value() const noexcept {
  return value_.load(std::memory_order_relaxed);
}

void gauge::set(double v) noexcept {
  value_.store(v, std::memory_order_relaxed);
}
void gauge::inc(double v) noexcept {
  add(value_, v);
}
void gauge::dec(double v) noexcept {
  add(value_, -v);
}
double gauge::value() const noexcept {
  return value_.load(std::memory_order_relaxed);
}

namespace {

/// Bounds as Prometheus needs them: finite, strictly increasing; `+Inf` is implicit.
std::vector<double> normalized(std::vector<double> bounds) {
  std::erase_if(bounds, [](double b) { return !std::isfinite(b); });
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

} // namespace

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(normalized(upper_bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  assert(bounds_ == upper_bounds && "bucket bounds must be finite and strictly increasing");
}

void histogram::observe(double v) noexcept {
  // A NaN would poison `_sum` forever; it carries no information about latency either.
  if (std::isnan(v)) return;
  // First bucket whose bound is >= v: Prometheus buckets are `le` (less or equal).
  auto index = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  add(sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint64_t> histogram::cumulative_counts() const {
  std::vector<uint64_t> counts(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i < counts.size(); ++i)
    counts[i] = running += buckets_[i].load(std::memory_order_relaxed);
  return counts;
}

double histogram::sum() const noexcept {
  return sum_.load(std::memory_order_relaxed);
}
uint64_t histogram::count() const noexcept {
  return count_.load(std::memory_order_relaxed);
}

// -- registry -------------------------------------------------------------------------------------

namespace {

enum class metric_type { counter, gauge, histogram };

std::string_view type_name(metric_type type) {
  switch (type) {
  case metric_type::counter:
    return "counter";
  case metric_type::gauge:
    return "gauge";
  case metric_type::histogram:
    return "histogram";
  }
  return "untyped";
}

/// Label values, in the order of the family's label names.
using label_values = std::vector<std::string>;

/// One child per label value combination; children of one family share its type.
struct child {
  std::unique_ptr<counter> as_counter;
  std::unique_ptr<gauge> as_gauge;
  std::unique_ptr<histogram> as_histogram;
};

struct family {
  std::string help;
  metric_type type;
  std::vector<std::string> label_names;
  std::vector<double> bounds; ///< Histograms only.
  /// std::map: the exposition lists children in label-value order, stable across scrapes.
  std::map<label_values, child> children;
};

/// Label cardinality is the classic way to run a Prometheus server (and this process) out of
/// memory: past this many children a family hands out detached metrics.
constexpr size_t max_children_per_family = 10'000;

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

/// Label names may not contain `:`, and `__` is reserved for Prometheus itself.
bool valid_label_name(std::string_view name) {
  return valid_metric_name(name) && name.find(':') == std::string_view::npos &&
         !name.starts_with("__");
}

void append_escaped(std::string& out, std::string_view text, bool quote_too) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote_too && c == '"')
      out += "\\\"";
    else
      out += c;
  }
}

} // namespace

/// Numbers as promtool (Go's ParseFloat) reads them: `+Inf`, `-Inf`, `NaN`, whole numbers
/// without an exponent or fraction, anything else in the shortest form that round-trips.
std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Below 2^53 every whole double is an exact int64; `-0` prints as `0`.
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0)
    return std::to_string(static_cast<int64_t>(v));
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  (void)ec; // 64 chars hold any double's shortest form.
  return std::string(buffer, end);
}

struct registry::impl {
  mutable std::mutex mutex;
  std::map<std::string, family> families; ///< Sorted by name, as the exposition lists them.
  /// One per metric type, handed out for misuse and overflow (see `misuse`): alive as long as
  /// the registry, never exposed, shared so that repeated misuse costs no memory.
  std::array<std::unique_ptr<child>, 3> detached;

  /// Misuse is a programming error: loud in debug builds; in release the caller gets a metric
  /// that works but is not exposed, so a typo in one call site cannot take the node down.
  child& misuse(const char* why, const std::string& name, metric_type type) {
#ifndef NDEBUG
    std::fprintf(stderr, "metrics registry misuse: %s: %s\n", why, name.c_str());
    std::abort();
#else
    (void)why;
    (void)name;
#endif
    return detach(type);
  }

  child& detach(metric_type type) {
    auto& slot = detached[static_cast<size_t>(type)];
    if (!slot) slot = std::make_unique<child>(make_child(type, {}));
    return *slot;
  }

  static child make_child(metric_type type, const std::vector<double>& bounds) {
    child c;
    switch (type) {
    case metric_type::counter:
      c.as_counter = std::make_unique<counter>();
      break;
    case metric_type::gauge:
      c.as_gauge = std::make_unique<gauge>();
      break;
    case metric_type::histogram:
      c.as_histogram = std::make_unique<histogram>(bounds);
      break;
    }
    return c;
  }

  child& get(const std::string& name, const std::string& help, metric_type type,
             std::vector<std::pair<std::string, std::string>> labels,
             const std::vector<double>& bounds) {
    std::lock_guard guard{mutex};
    if (!valid_metric_name(name)) return misuse("invalid metric name", name, type);
    for (size_t i = 0; i < labels.size(); ++i) {
      if (!valid_label_name(labels[i].first) ||
          (type == metric_type::histogram && labels[i].first == "le"))
        return misuse("invalid label name", name, type);
      for (size_t j = 0; j < i; ++j)
        if (labels[i].first == labels[j].first) return misuse("duplicate label name", name, type);
    }
    if (type == metric_type::histogram && normalized(bounds) != bounds)
      return misuse("bucket bounds must be finite and strictly increasing", name, type);
    auto [it, created] = families.try_emplace(name);
    auto& f = it->second;
    if (created) {
      f.help = help;
      f.type = type;
      for (const auto& label : labels)
        f.label_names.push_back(label.first);
      f.bounds = bounds;
    } else if (f.type != type) {
      return misuse("metric registered again with another type", name, type);
    } else if (bounds != f.bounds) {
      return misuse("histogram registered again with other buckets", name, type);
    }
    // Values in the family's label order, whatever order this call named them in.
    if (labels.size() != f.label_names.size())
      return misuse("metric registered again with other label names", name, type);
    label_values values;
    for (const auto& label_name : f.label_names) {
      auto match = std::find_if(labels.begin(), labels.end(),
                                [&](const auto& label) { return label.first == label_name; });
      if (match == labels.end())
        return misuse("metric registered again with other label names", name, type);
      values.push_back(std::move(match->second));
    }
    if (auto existing = f.children.find(values); existing != f.children.end())
      return existing->second;
    if (f.children.size() >= max_children_per_family)
      return detach(type); // Data-driven, not a bug: never abort for it.
    return f.children.emplace(std::move(values), make_child(type, f.bounds)).first->second;
  }
};

registry::registry() : impl_(std::make_unique<impl>()) {}
registry::~registry() = default;

counter& registry::get_counter(const std::string& name, const std::string& help,
                               std::vector<std::pair<std::string, std::string>> labels) {
  return *impl_->get(name, help, metric_type::counter, std::move(labels), {}).as_counter;
}

gauge& registry::get_gauge(const std::string& name, const std::string& help,
                           std::vector<std::pair<std::string, std::string>> labels) {
  return *impl_->get(name, help, metric_type::gauge, std::move(labels), {}).as_gauge;
}

histogram& registry::get_histogram(const std::string& name, const std::string& help,
                                   const std::vector<double>& upper_bounds,
                                   std::vector<std::pair<std::string, std::string>> labels) {
  return *impl_->get(name, help, metric_type::histogram, std::move(labels), upper_bounds)
              .as_histogram;
}

namespace {

/// `name{a="x",b="y"}` (with an extra `le` label for buckets), or `name` without labels.
void append_series(std::string& out, std::string_view name, const std::vector<std::string>& names,
                   const label_values& values, const std::string* le = nullptr) {
  out += name;
  if (names.empty() && !le) return;
  out += '{';
  for (size_t i = 0; i < names.size(); ++i) {
    out += i ? "," : "";
    out.append(names[i]).append("=\"");
    append_escaped(out, values[i], true);
    out += '"';
  }
  if (le) {
    out += names.empty() ? "" : ",";
    out.append("le=\"").append(*le).append("\"");
  }
  out += '}';
}

/// ` <value>\n` after a series name.
void end_sample(std::string& out, const std::string& value) {
  out.append(" ").append(value).append("\n");
}

} // namespace

std::string registry::expose() const {
  std::lock_guard guard{impl_->mutex};
  std::string out;
  for (const auto& [name, f] : impl_->families) {
    out.append("# HELP ").append(name).append(" ");
    append_escaped(out, f.help, false);
    out.append("\n# TYPE ").append(name).append(" ").append(type_name(f.type)).append("\n");
    for (const auto& [values, c] : f.children) {
      if (c.as_counter || c.as_gauge) {
        append_series(out, name, f.label_names, values);
        end_sample(out, format_value(c.as_counter ? c.as_counter->value() : c.as_gauge->value()));
        continue;
      }
      const auto& h = *c.as_histogram;
      auto counts = h.cumulative_counts();
      for (size_t i = 0; i < counts.size(); ++i) {
        auto le = i < h.upper_bounds().size() ? format_value(h.upper_bounds()[i]) : "+Inf";
        append_series(out, name + "_bucket", f.label_names, values, &le);
        end_sample(out, std::to_string(counts[i]));
      }
      append_series(out, name + "_sum", f.label_names, values);
      end_sample(out, format_value(h.sum()));
      // `_count` from the buckets read above, so it always equals the `+Inf` bucket even while
      // observations race with the scrape.
      append_series(out, name + "_count", f.label_names, values);
      end_sample(out, std::to_string(counts.back()));
    }
  }
  return out;
}

registry& default_registry() {
  static registry instance;
  return instance;
}

std::vector<double> exponential_buckets(double start, double factor, size_t count) {
  assert(start > 0 && factor > 1);
  std::vector<double> bounds;
  for (double bound = start; bounds.size() < count; bound *= factor)
    bounds.push_back(bound);
  return bounds;
}

std::vector<double> linear_buckets(double start, double width, size_t count) {
  assert(width > 0);
  std::vector<double> bounds;
  for (size_t i = 0; i < count; ++i)
    bounds.push_back(start + width * static_cast<double>(i));
  return bounds;
}

} // namespace crm::net
