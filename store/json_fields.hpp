#pragma once

// Typed reads of JSON object fields for the store's row codecs: a missing or mistyped field is
// a decode failure, never a silent default, so a corrupt row is noticed rather than half-read.

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::store::json_fields {

inline bool read(const boost::json::object& obj, std::string_view name, std::string& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || !v->is_string()) return false;
  out.assign(v->get_string().data(), v->get_string().size());
  return true;
}

inline bool read(const boost::json::object& obj, std::string_view name, int64_t& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || !v->is_int64()) return false;
  out = v->get_int64();
  return true;
}

inline bool read(const boost::json::object& obj, std::string_view name, int& out) {
  int64_t wide = 0;
  if (!read(obj, name, wide)) return false;
  out = static_cast<int>(wide);
  return true;
}

inline bool read(const boost::json::object& obj, std::string_view name, uint64_t& out) {
  int64_t wide = 0;
  if (!read(obj, name, wide) || wide < 0) return false;
  out = static_cast<uint64_t>(wide);
  return true;
}

inline bool read(const boost::json::object& obj, std::string_view name,
                 std::vector<std::string>& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || !v->is_array()) return false;
  out.clear();
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return false;
    out.emplace_back(item.get_string().data(), item.get_string().size());
  }
  return true;
}

inline boost::json::array to_array(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& item : items)
    out.emplace_back(item);
  return out;
}

/// Parses a row's bytes into `holder`; false when they are not a JSON object.
inline bool parse_object(std::string_view bytes, boost::json::value& holder) {
  boost::json::error_code ec;
  holder = boost::json::parse(bytes, ec);
  return !ec && holder.is_object();
}

} // namespace crm::store::json_fields
