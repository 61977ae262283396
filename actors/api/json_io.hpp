#pragma once

// JSON in and out for the routes, and the one place that maps errors to HTTP answers.

#include "net/http_types.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace crm::api {

/// A JSON response with the given status.
net::http_response json_response(int status, const boost::json::value& body);

/// Parses a request body that must be a JSON object; on failure fills `error` (400).
std::optional<boost::json::object> parse_object(const std::string& body, net::http_response& error);

/// A required non-empty string member; on failure fills `error` (400 missing_field /
/// invalid_field).
std::optional<std::string> required_string(const boost::json::object& object, std::string_view key,
                                           net::http_response& error);

/// Maps a store error to the API's JSON error.
net::http_response store_error(std::error_code ec);

/// Number of Unicode code points in UTF-8 text (limits are in characters, not bytes).
size_t utf8_length(std::string_view text);

} // namespace crm::api
