#include "net/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace crm::net {

namespace {

using std::chrono::milliseconds;

/// Delta-seconds longer than this many digits are clamped: retry_delay caps them anyway, and
/// the clamp keeps the arithmetic far from overflow.
constexpr size_t max_delta_digits = 9;

constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 14> day_names = {
    "Mon",    "Tue",     "Wed",       "Thu",      "Fri",    "Sat",      "Sun",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// A cursor over an HTTP-date; every method consumes only on success.
struct scanner {
  std::string_view rest;

  bool literal(std::string_view text) {
    if (rest.substr(0, text.size()) != text) return false;
    rest.remove_prefix(text.size());
    return true;
  }
  bool number(size_t width, int& out) {
    if (rest.size() < width || !std::all_of(rest.begin(), rest.begin() + width, is_digit))
      return false;
    out = 0;
    for (size_t i = 0; i < width; ++i)
      out = out * 10 + (rest[i] - '0');
    rest.remove_prefix(width);
    return true;
  }
  bool month(int& out) {
    for (size_t i = 0; i < month_names.size(); ++i)
      if (literal(month_names[i])) {
        out = static_cast<int>(i) + 1;
        return true;
      }
    return false;
  }
  bool day_name() {
    size_t letters = 0;
    while (letters < rest.size() && rest[letters] >= 'A' && rest[letters] <= 'z')
      ++letters;
    auto word = rest.substr(0, letters);
    if (std::find(day_names.begin(), day_names.end(), word) == day_names.end()) return false;
    rest.remove_prefix(letters);
    return true;
  }
  bool time_of_day(int& h, int& m, int& s) {
    return number(2, h) && literal(":") && number(2, m) && literal(":") && number(2, s);
  }
};

struct civil_time {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` or
/// asctime `Sun Nov  6 08:49:37 1994`.
std::optional<civil_time> parse_http_date(std::string_view text) {
  scanner in{text};
  civil_time t;
  if (!in.day_name()) return std::nullopt;
  if (in.literal(", ")) {
    if (!in.number(2, t.day)) return std::nullopt;
    if (in.literal(" ")) { // IMF-fixdate
      if (!in.month(t.month) || !in.literal(" ") || !in.number(4, t.year)) return std::nullopt;
    } else { // RFC 850, two-digit year
      int yy = 0;
      if (!in.literal("-") || !in.month(t.month) || !in.literal("-") || !in.number(2, yy))
        return std::nullopt;
      t.year = yy < 70 ? 2000 + yy : 1900 + yy;
    }
    if (!in.literal(" ") || !in.time_of_day(t.hour, t.minute, t.second) || !in.literal(" GMT"))
      return std::nullopt;
  } else { // asctime: the day is space-padded
    if (!in.literal(" ") || !in.month(t.month) || !in.literal(" ")) return std::nullopt;
    if (in.literal(" ") ? !in.number(1, t.day) : !in.number(2, t.day)) return std::nullopt;
    if (!in.literal(" ") || !in.time_of_day(t.hour, t.minute, t.second) || !in.literal(" ") ||
        !in.number(4, t.year))
      return std::nullopt;
  }
  if (!in.rest.empty() || t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
  return t;
}

} // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), is_digit)) {
    int64_t seconds = 0;
    if (value.size() > max_delta_digits)
      seconds = 999'999'999;
    else
      for (char c : value)
        seconds = seconds * 10 + (c - '0');
    return std::chrono::seconds{seconds};
  }
  auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year{date->year}, month{static_cast<unsigned>(date->month)},
                     day{static_cast<unsigned>(date->day)}};
  if (!ymd.ok()) return std::nullopt;
  auto at = sys_days{ymd} + hours{date->hour} + minutes{date->minute} + seconds{date->second};
  if (at <= now) return milliseconds{0};
  return ceil<milliseconds>(at - now); // rounding up: never earlier than asked
}

milliseconds retry_delay(uint32_t attempt, std::optional<milliseconds> retry_after,
                         const retry_options& options, std::mt19937_64& rng) {
  attempt = std::max<uint32_t>(attempt, 1);
  int64_t cap = std::max<int64_t>(options.cap.count(), 0);
  int64_t ceiling = std::clamp<int64_t>(options.base.count(), 0, cap);
  for (uint32_t i = 1; i < attempt && ceiling > 0 && ceiling < cap; ++i) // at most 63 rounds
    ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
  // Full jitter (uniform over [0, ceiling]) spreads out clients that failed together. The
  // modulo keeps results identical across standard libraries; its bias is < 2^-40 here.
  auto span = static_cast<uint64_t>(ceiling) + 1;
  auto delay = milliseconds{static_cast<int64_t>(rng() % span)};
  if (retry_after)
    delay = std::max(delay, std::clamp(*retry_after, milliseconds{0}, max_retry_after));
  return delay;
}

bool retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

} // namespace crm::net
