#include "bench/operator-bench/frame_scan.hpp"

namespace crm::bench {

namespace {

/// The text right after `"key":` (spaces skipped), or an empty view.
std::string_view after_key(std::string_view frame, std::string_view quoted_key) {
  const auto at = frame.find(quoted_key);
  if (at == std::string_view::npos) return {};
  auto rest = frame.substr(at + quoted_key.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':'))
    rest.remove_prefix(1);
  return rest;
}

/// A JSON string value without escapes (all the bench reads): the text between the quotes.
std::string_view string_value(std::string_view rest) {
  if (rest.empty() || rest.front() != '"') return {};
  rest.remove_prefix(1);
  const auto end = rest.find('"');
  return end == std::string_view::npos ? std::string_view{} : rest.substr(0, end);
}

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return std::int64_t{era} * 146097 + doe - 719468;
}

} // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view t) {
  int y, mo, d, h, mi, s, ms = 0;
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':')
    return std::nullopt;
  if (!digits(t, 0, 4, y) || !digits(t, 5, 2, mo) || !digits(t, 8, 2, d) || !digits(t, 11, 2, h) ||
      !digits(t, 14, 2, mi) || !digits(t, 17, 2, s))
    return std::nullopt;
  std::size_t at = 19;
  if (t[at] == '.') {
    if (!digits(t, at + 1, 3, ms)) return std::nullopt;
    at += 4;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9') // finer digits: truncated
      ++at;
  }
  if (at + 1 != t.size() || t[at] != 'Z') return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60'000 + std::int64_t{s} * 1000 + ms;
}

frame_fields scan_frame(std::string_view frame) {
  frame_fields out;
  out.type = string_value(after_key(frame, "\"type\""));
  if (auto rest = after_key(frame, "\"seq\"");
      !rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
    std::uint64_t seq = 0;
    for (std::size_t i = 0; i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && i < 20; ++i)
      seq = seq * 10 + static_cast<std::uint64_t>(rest[i] - '0');
    out.seq = seq;
  }
  if (auto created = string_value(after_key(frame, "\"created_at\"")); !created.empty())
    out.created = parse_iso8601_ms(created);
  return out;
}

} // namespace crm::bench
