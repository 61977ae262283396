#pragma once

// Serves the built operator console (web/dist) from one directory: files by path with their
// content type, long-lived caching for Vite's content-hashed assets, and `index.html` for the
// console's client-side routes (a path with no file extension).
// Safety: only regular files below the root are served; `..`, NUL bytes and symlinks that leave
// the root are refused.

#include "net/http_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace crm::net {

class static_files {
public:
  /// An empty or missing root serves nothing (every lookup is nullopt).
  explicit static_files(std::string root);

  bool enabled() const { return !root_.empty(); }
  const std::string& root() const { return root_; }

  /// The response for a GET of `path` (already percent-decoded), or nullopt when there is no
  /// such file and the path is not a client route.
  std::optional<http_response> get(std::string_view path) const;

private:
  std::optional<http_response> file(const std::string& relative, bool immutable) const;
  std::string root_; ///< Canonical absolute path, or empty.
};

/// The content type for a file name by its extension (`application/octet-stream` if unknown).
std::string_view content_type_for(std::string_view file_name);

} // namespace crm::net
