#include "render.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace crm::op {

namespace {

std::string label(uint64_t number) {
  return number == 0 ? std::string{"#?"} : "#" + std::to_string(number);
}

/// Pads or cuts to `width` code points, so the columns line up.
std::string column(std::string_view text, size_t width) {
  auto cut = excerpt(text, width);
  size_t points = 0;
  for (unsigned char c : cut)
    if ((c & 0xC0) != 0x80) ++points;
  if (points < width) cut.append(width - points, ' ');
  return cut;
}

/// Server text with terminal control codes removed (a draft must not recolour or move the
/// cursor); newlines are kept and indented by `indent`.
std::string printable(std::string_view text, std::string_view indent = "") {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n')
      out += "\n" + std::string{indent};
    else if (c == '\t')
      out += ' ';
    else if (c >= 0x20 && c != 0x7F)
      out += ch;
  }
  return out;
}

bool read_int(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) return false;
  auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return ec == std::errc{} && ptr == text.data() + pos + len;
}

std::string duration_text(int64_t ms) {
  auto s = ms / 1000;
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + std::to_string(s % 3600 / 60) + "m";
}

} // namespace

std::optional<int64_t> parse_timestamp_ms(std::string_view text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t ms = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec == std::errc{} && ptr == text.data() + text.size()) return ms;
    return std::nullopt;
  }
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_int(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !read_int(text, 5, 2, month) || text[7] != '-' || !read_int(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_int(text, 11, 2, hour) ||
      text[13] != ':' || !read_int(text, 14, 2, minute) || text[16] != ':' ||
      !read_int(text, 17, 2, second))
    return std::nullopt;
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    int64_t scale = 100;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
      millis += (text[pos] - '0') * scale;
  }
  int64_t offset_min = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_int(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_int(text, pos + 4, 2, om))
      return std::nullopt;
    offset_min = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt; // No zone: ambiguous, so not guessed.
  }
  if (pos != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  auto seconds = static_cast<int64_t>(timegm(&tm)) - offset_min * 60;
  return seconds * 1000 + millis;
}

std::string confidence_bar(double confidence) {
  auto value = std::clamp(std::isfinite(confidence) ? confidence : 0.0, 0.0, 100.0);
  auto filled = static_cast<size_t>(std::lround(value / 10));
  std::string bar = "[" + std::string(filled, '#') + std::string(10 - filled, '-') + "] ";
  auto shown = std::to_string(std::lround(value));
  return bar + std::string(3 - std::min<size_t>(3, shown.size()), ' ') + shown;
}

std::string expiry_text(std::string_view expires_at, int64_t now_ms) {
  auto at = parse_timestamp_ms(expires_at);
  if (!at) return {};
  if (*at <= now_ms) return "expired";
  return "expires in " + duration_text(*at - now_ms);
}

std::string excerpt(std::string_view text, size_t max_chars) {
  std::string out;
  size_t points = 0;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue; // No terminal control codes from a draft.
    bool starts_point = (c & 0xC0) != 0x80;
    if (starts_point) {
      if (points + (space ? 1 : 0) >= max_chars) {
        out += "…";
        return out;
      }
      if (space) {
        out += ' ';
        ++points;
        space = false;
      }
      ++points;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string render_row(const review_queue::entry& e, int64_t now_ms) {
  const auto& r = e.item;
  std::string row = column(label(e.number), 5) + " " + column(r.customer_id, 16) + " " +
                    column(r.intent.empty() ? "-" : r.intent, 14) + " " +
                    confidence_bar(r.confidence) + "  " + column(r.reason, 15) + " \"" +
                    excerpt(r.draft, 40) + "\"";
  if (auto expiry = expiry_text(r.expires_at, now_ms); !expiry.empty()) row += "  " + expiry;
  if (r.claim) row += "  [claimed by " + excerpt(r.claim->by, 24) + "]";
  return row;
}

std::string render_list(const review_queue& queue, int64_t now_ms) {
  auto entries = queue.entries();
  if (entries.empty()) return "no pending reviews\n";
  std::string out =
      std::to_string(entries.size()) + " pending review" + (entries.size() == 1 ? "" : "s") + ":\n";
  for (const auto* e : entries)
    out += render_row(*e, now_ms) + "\n";
  if (queue.dropped() > 0)
    out += "(" + std::to_string(queue.dropped()) + " more not shown: display limit reached)\n";
  return out;
}

std::string render_review(const review_queue::entry& e, int64_t now_ms) {
  const auto& r = e.item;
  auto field = [](std::string_view name, std::string_view value) {
    return "  " + column(name, 15) + printable(value, "                 ") + "\n";
  };
  std::string out = "review " + label(e.number) + "\n";
  out += field("event_token", r.event_token);
  out += field("customer", r.customer_id);
  out += field("intent", r.intent);
  out += field("class", r.classification);
  out += field("confidence", confidence_bar(r.confidence));
  out += field("reason", r.reason);
  out += field("created", r.created_at);
  auto expiry = expiry_text(r.expires_at, now_ms);
  out += field("expires", r.expires_at + (expiry.empty() ? "" : " (" + expiry + ")"));
  out += field("version", std::to_string(r.version));
  if (r.claim) out += field("claimed by", r.claim->by + " until " + r.claim->until);
  out += "  message:\n    " + printable(r.input_message, "    ") + "\n";
  out += "  draft:\n    " + printable(r.draft, "    ") + "\n";
  if (!r.reasoning.empty()) out += "  reasoning:\n    " + printable(r.reasoning, "    ") + "\n";
  return out;
}

std::string render_ack(const ack_frame& ack, action_kind kind, uint64_t number,
                       std::string_view customer) {
  std::string out = std::string{to_string(kind)} + " " + label(number);
  if (!customer.empty()) out += " (" + printable(customer) + ")";
  out += ": ";
  auto shown = [](const std::string& text) { return printable(text); };
  if (ack.result == "ok") {
    out += "ok";
  } else if (ack.result == "duplicate") {
    out += "already done (duplicate)";
  } else if (ack.result == "conflict") {
    out += "conflict";
    if (!ack.outcome.empty() || !ack.by.empty()) {
      out += ": " + (ack.outcome.empty() ? std::string{"claimed"} : shown(ack.outcome));
      if (!ack.by.empty()) out += " by " + shown(ack.by);
      if (!ack.until.empty()) out += " until " + shown(ack.until);
    }
  } else if (ack.result == "not_found") {
    out += "not found (expired or removed)";
  } else if (ack.result == "invalid") {
    out += "invalid" + (ack.detail.empty() ? std::string{} : ": " + shown(ack.detail));
  } else {
    out += shown(ack.result);
  }
  if (!ack.state.empty() && ack.result != "ok") out += " [state " + shown(ack.state) + "]";
  return out;
}

std::string render_added(const review_queue::entry& e, int64_t now_ms) {
  return "+ new " + render_row(e, now_ms);
}

std::string render_resolved(const resolved_frame& f, uint64_t number) {
  std::string out =
      "- " + label(number) + " " + (f.outcome.empty() ? "resolved" : printable(f.outcome));
  if (!f.by.empty()) out += " by " + printable(f.by);
  return out;
}

std::string render_claimed(const claimed_frame& f, uint64_t number) {
  return "* " + label(number) + " claimed by " + printable(f.by) +
         (f.until.empty() ? "" : " until " + printable(f.until));
}

std::string render_released(const released_frame& /*f*/, uint64_t number) {
  return "* " + label(number) + " released";
}

} // namespace crm::op
