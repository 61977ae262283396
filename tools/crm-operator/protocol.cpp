#include "protocol.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace crm::op {

namespace {

namespace json = boost::json;

std::string read_string(const json::object& obj, std::string_view key) {
  auto* value = obj.if_contains(key);
  if (value == nullptr) return {};
  if (auto* s = value->if_string()) return std::string{*s};
  // Timestamps or ids sent as numbers by some server build: keep them readable.
  if (value->is_int64() || value->is_uint64() || value->is_double()) return json::serialize(*value);
  return {};
}

std::optional<double> read_number(const json::object& obj, std::string_view key) {
  auto* value = obj.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  if (value->is_double()) return value->get_double();
  return std::nullopt;
}

/// A `seq` is a non-negative integer; anything else makes the frame unusable.
bool read_seq(const json::object& obj, uint64_t& out, std::string& error) {
  auto* value = obj.if_contains("seq");
  if (value != nullptr && value->is_uint64()) {
    out = value->get_uint64();
    return true;
  }
  if (value != nullptr && value->is_int64() && value->get_int64() >= 0) {
    out = static_cast<uint64_t>(value->get_int64());
    return true;
  }
  error = "missing or bad seq";
  return false;
}

bool read_token(const json::object& obj, std::string& out, std::string& error) {
  out = read_string(obj, "event_token");
  if (out.empty()) error = "missing event_token";
  return !out.empty();
}

bool read_review(const json::value& value, review& out, std::string& error) {
  auto* obj = value.if_object();
  if (obj == nullptr) {
    error = "review is not an object";
    return false;
  }
  if (!read_token(*obj, out.event_token, error)) return false;
  out.customer_id = read_string(*obj, "customer_id");
  out.input_message = read_string(*obj, "input_message");
  out.draft = read_string(*obj, "draft");
  out.intent = read_string(*obj, "intent");
  out.classification = read_string(*obj, "classification");
  out.confidence = read_number(*obj, "confidence").value_or(0);
  out.reasoning = read_string(*obj, "reasoning");
  out.reason = read_string(*obj, "reason");
  out.created_at = read_string(*obj, "created_at");
  out.expires_at = read_string(*obj, "expires_at");
  out.version = static_cast<int64_t>(read_number(*obj, "version").value_or(0));
  if (auto by = read_string(*obj, "claimed_by"); !by.empty())
    out.claim = claim_info{std::move(by), read_string(*obj, "claimed_until")};
  return true;
}

std::optional<server_frame> parse_object(const json::object& obj, std::string& error) {
  auto type = read_string(obj, "type");
  if (type == "snapshot") {
    snapshot_frame f;
    if (!read_seq(obj, f.seq, error)) return std::nullopt;
    auto* pending = obj.if_contains("pending");
    if (pending == nullptr || !pending->is_array()) {
      error = "snapshot without a pending array";
      return std::nullopt;
    }
    for (auto& item : pending->get_array()) {
      review r;
      if (!read_review(item, r, error)) return std::nullopt;
      f.pending.push_back(std::move(r));
    }
    return f;
  }
  if (type == "review.added") {
    added_frame f;
    auto* item = obj.if_contains("review");
    if (!read_seq(obj, f.seq, error)) return std::nullopt;
    if (item == nullptr) {
      error = "review.added without a review";
      return std::nullopt;
    }
    if (!read_review(*item, f.item, error)) return std::nullopt;
    return f;
  }
  if (type == "review.resolved") {
    resolved_frame f;
    if (!read_seq(obj, f.seq, error) || !read_token(obj, f.event_token, error)) return std::nullopt;
    f.outcome = read_string(obj, "outcome");
    f.by = read_string(obj, "by");
    f.text = read_string(obj, "text");
    return f;
  }
  if (type == "review.claimed") {
    claimed_frame f;
    if (!read_seq(obj, f.seq, error) || !read_token(obj, f.event_token, error)) return std::nullopt;
    f.by = read_string(obj, "by");
    f.until = read_string(obj, "until");
    return f;
  }
  if (type == "review.released") {
    released_frame f;
    if (!read_seq(obj, f.seq, error) || !read_token(obj, f.event_token, error)) return std::nullopt;
    return f;
  }
  if (type == "ack") {
    ack_frame f;
    f.action_id = read_string(obj, "action_id");
    f.result = read_string(obj, "result");
    if (f.action_id.empty() || f.result.empty()) {
      error = "ack without action_id or result";
      return std::nullopt;
    }
    f.state = read_string(obj, "state");
    f.by = read_string(obj, "by");
    f.outcome = read_string(obj, "outcome");
    f.until = read_string(obj, "until");
    f.detail = read_string(obj, "detail");
    return f;
  }
  if (type == "error") return error_frame{read_string(obj, "detail")};
  if (type.empty()) {
    error = "frame without a type";
    return std::nullopt;
  }
  return unknown_frame{std::move(type)};
}

} // namespace

std::optional<server_frame> parse_server_frame(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec) {
    error = "not JSON: " + ec.message();
    return std::nullopt;
  }
  auto* obj = value.if_object();
  if (obj == nullptr) {
    error = "not a JSON object";
    return std::nullopt;
  }
  return parse_object(*obj, error);
}

std::optional<uint64_t> event_seq(const server_frame& frame) {
  return std::visit(
      [](const auto& f) -> std::optional<uint64_t> {
        using frame_type = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<frame_type, added_frame> ||
                      std::is_same_v<frame_type, resolved_frame> ||
                      std::is_same_v<frame_type, claimed_frame> ||
                      std::is_same_v<frame_type, released_frame>)
          return f.seq;
        else
          return std::nullopt;
      },
      frame);
}

std::string_view to_string(action_kind kind) {
  switch (kind) {
  case action_kind::approve:
    return "approve";
  case action_kind::edit:
    return "edit";
  case action_kind::reject:
    return "reject";
  case action_kind::claim:
    return "claim";
  case action_kind::release:
    return "release";
  }
  return "approve";
}

std::string build_hello(std::string_view token, uint64_t last_seq) {
  json::object obj{{"type", "hello"}, {"token", token}, {"last_seq", last_seq}};
  return json::serialize(obj);
}

std::string build_action(const action& a) {
  json::object obj{
      {"type", to_string(a.kind)}, {"event_token", a.event_token}, {"action_id", a.action_id}};
  if (a.kind == action_kind::edit) obj["text"] = a.text;
  if (a.kind == action_kind::reject && !a.reason.empty()) obj["reason"] = a.reason;
  if (a.force) obj["force"] = true;
  return json::serialize(obj);
}

} // namespace crm::op
