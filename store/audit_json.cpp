#include "store/audit_json.hpp"

#include "store/errc.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>

namespace crm::store {

namespace {

// -- writing ------------------------------------------------------------------

/// Length of the valid UTF-8 sequence at `s[i]`, or 0 when it is not one (Unicode table 3-7).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
  unsigned char c = byte(i);
  size_t left = s.size() - i;
  if (c < 0x80) return 1;
  if (in(c, 0xc2, 0xdf)) return left >= 2 && in(byte(i + 1), 0x80, 0xbf) ? 2 : 0;
  if (in(c, 0xe0, 0xef)) {
    if (left < 3) return 0;
    unsigned char lo = c == 0xe0 ? 0xa0 : 0x80;
    unsigned char hi = c == 0xed ? 0x9f : 0xbf; // 0xed: no UTF-16 surrogates
    return in(byte(i + 1), lo, hi) && in(byte(i + 2), 0x80, 0xbf) ? 3 : 0;
  }
  if (in(c, 0xf0, 0xf4)) {
    if (left < 4) return 0;
    unsigned char lo = c == 0xf0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    return in(byte(i + 1), lo, hi) && in(byte(i + 2), 0x80, 0xbf) && in(byte(i + 3), 0x80, 0xbf)
               ? 4
               : 0;
  }
  return 0;
}

void append_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        out.append("\xef\xbf\xbd"); // U+FFFD keeps the output valid JSON and re-renders stably
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
    case '"':
      out.append("\\\"");
      break;
    case '\\':
      out.append("\\\\");
      break;
    case '\b':
      out.append("\\b");
      break;
    case '\f':
      out.append("\\f");
      break;
    case '\n':
      out.append("\\n");
      break;
    case '\r':
      out.append("\\r");
      break;
    case '\t':
      out.append("\\t");
      break;
    default:
      if (c < 0x20) {
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0x0f]);
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    ++i;
  }
  out.push_back('"');
}

template <class Integer>
void append_integer(std::string& out, Integer v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  (void)ec; // 24 chars hold any 64-bit integer
  out.append(buf, end);
}

/// Writes `{"a":1,"b":"x"}` one member at a time, in call order.
class canonical_writer {
public:
  explicit canonical_writer(std::string& out) : out_(out) { out_.push_back('{'); }

  void member(std::string_view name, std::string_view value) {
    key(name);
    append_string(out_, value);
  }
  void member(std::string_view name, const std::string& value) {
    member(name, std::string_view{value});
  }
  void member(std::string_view name, int64_t value) {
    key(name);
    append_integer(out_, value);
  }
  void member(std::string_view name, uint64_t value) {
    key(name);
    append_integer(out_, value);
  }
  void member(std::string_view name, int value) { member(name, static_cast<int64_t>(value)); }
  void member(std::string_view name, const std::vector<std::string>& values) {
    key(name);
    out_.push_back('[');
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_.push_back(',');
      append_string(out_, values[i]);
    }
    out_.push_back(']');
  }
  void finish() { out_.push_back('}'); }

private:
  void key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    append_string(out_, name);
    out_.push_back(':');
  }

  std::string& out_;
  bool first_ = true;
};

std::string render(const audit_record& r, bool with_hash) {
  std::string out;
  out.reserve(512 + r.input_message.size() + r.output_message.size() + r.reasoning.size());
  canonical_writer w{out};
  // The order is part of the chain's format: changing it breaks every stored hash.
  w.member("seq", r.seq);
  w.member("at_ms", r.at_ms);
  w.member("at", iso8601_utc(r.at_ms));
  w.member("tenant", r.tenant);
  w.member("client_id", r.client_id);
  w.member("event_token", r.event_token);
  w.member("state", r.state);
  w.member("input_message", r.input_message);
  w.member("output_message", r.output_message);
  w.member("intent", r.intent);
  w.member("classification", r.classification);
  w.member("confidence", r.confidence);
  w.member("latency_ms", r.latency_ms);
  w.member("tokens_used", r.tokens_used);
  w.member("status", r.status);
  w.member("reasoning", r.reasoning);
  w.member("triggered_keywords", r.triggered_keywords);
  w.member("config_version", r.config_version);
  w.member("channel", r.channel);
  w.member("message_id", r.message_id);
  w.member("reason", r.reason);
  w.member("actor", r.actor);
  w.member("prev_hash", r.prev_hash);
  if (with_hash) w.member("hash", r.hash);
  w.finish();
  return out;
}

// -- parsing ------------------------------------------------------------------

bool read_member(const boost::json::object& obj, std::string_view name, std::string& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_string()) return false;
  out.assign(v->get_string().data(), v->get_string().size());
  return true;
}

template <class Integer>
bool read_member(const boost::json::object& obj, std::string_view name, Integer& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_int64() && !v->is_uint64()) return false;
  boost::json::error_code ec;
  auto n = v->to_number<Integer>(ec);
  if (ec) return false;
  out = n;
  return true;
}

bool read_member(const boost::json::object& obj, std::string_view name,
                 std::vector<std::string>& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr) return true;
  if (!v->is_array()) return false;
  std::vector<std::string> values;
  values.reserve(v->get_array().size());
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return false;
    values.emplace_back(item.get_string().data(), item.get_string().size());
  }
  out = std::move(values);
  return true;
}

} // namespace

std::string to_json(const audit_record& record) {
  return render(record, true);
}

std::string to_json_without_hash(const audit_record& record) {
  return render(record, false);
}

std::error_code parse_audit_json(std::string_view json, audit_record& out) {
  boost::json::error_code jec;
  boost::json::value root = boost::json::parse(json, jec);
  if (jec || !root.is_object()) return errc::corrupt_record;
  const auto& obj = root.get_object();
  audit_record r;
  bool ok = read_member(obj, "seq", r.seq) && read_member(obj, "at_ms", r.at_ms) &&
            read_member(obj, "tenant", r.tenant) && read_member(obj, "client_id", r.client_id) &&
            read_member(obj, "event_token", r.event_token) && read_member(obj, "state", r.state) &&
            read_member(obj, "input_message", r.input_message) &&
            read_member(obj, "output_message", r.output_message) &&
            read_member(obj, "intent", r.intent) &&
            read_member(obj, "classification", r.classification) &&
            read_member(obj, "confidence", r.confidence) &&
            read_member(obj, "latency_ms", r.latency_ms) &&
            read_member(obj, "tokens_used", r.tokens_used) &&
            read_member(obj, "status", r.status) && read_member(obj, "reasoning", r.reasoning) &&
            read_member(obj, "triggered_keywords", r.triggered_keywords) &&
            read_member(obj, "config_version", r.config_version) &&
            read_member(obj, "channel", r.channel) &&
            read_member(obj, "message_id", r.message_id) && read_member(obj, "reason", r.reason) &&
            read_member(obj, "actor", r.actor) && read_member(obj, "prev_hash", r.prev_hash) &&
            read_member(obj, "hash", r.hash);
  if (!ok) return errc::corrupt_record;
  out = std::move(r);
  return {};
}

std::string iso8601_utc(int64_t at_ms) {
  using namespace std::chrono;
  // Years 0000-9999 only: the calendar arithmetic would overflow far outside, and a tampered
  // record must still render (deterministically) so that verify can report it.
  constexpr int64_t min_ms = -62'167'219'200'000; // 0000-01-01T00:00:00.000Z
  constexpr int64_t max_ms = 253'402'300'799'999; // 9999-12-31T23:59:59.999Z
  if (at_ms < min_ms || at_ms > max_ms) return {};
  sys_time<milliseconds> t{milliseconds{at_ms}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[48];
  int n = std::snprintf(
      buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

} // namespace crm::store
