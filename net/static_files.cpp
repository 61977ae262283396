#include "net/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace crm::net {

namespace {

namespace fs = std::filesystem;

/// Largest file served: the console's bundles are far below this.
constexpr std::uintmax_t max_file_bytes = 16 * 1024 * 1024;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool has_extension(std::string_view path) {
  auto slash = path.rfind('/');
  auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

} // namespace

std::string_view content_type_for(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  for (auto& [ext, type] : types)
    if (ends_with(name, ext)) return type;
  return "application/octet-stream";
}

static_files::static_files(std::string root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) return;
  auto canonical = fs::canonical(root, ec);
  if (!ec) root_ = canonical.string();
}

std::optional<http_response> static_files::file(const std::string& relative, bool immutable) const {
  std::error_code ec;
  auto candidate = fs::weakly_canonical(fs::path{root_} / relative, ec);
  if (ec) return std::nullopt;
  auto text = candidate.string();
  // Symlinks and `..` are resolved above: what is left must still be inside the root.
  if (text.size() <= root_.size() || text.compare(0, root_.size(), root_) != 0 ||
      text[root_.size()] != '/')
    return std::nullopt;
  if (!fs::is_regular_file(candidate, ec) || fs::file_size(candidate, ec) > max_file_bytes)
    return std::nullopt;
  std::ifstream in{candidate, std::ios::binary};
  if (!in) return std::nullopt;
  http_response response;
  response.body.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
  response.content_type = std::string{content_type_for(text)};
  response.headers.emplace_back("Cache-Control",
                                immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

std::optional<http_response> static_files::get(std::string_view path) const {
  if (!enabled() || path.empty() || path.front() != '/' ||
      path.find('\0') != std::string_view::npos)
    return std::nullopt;
  auto relative = std::string{path.substr(1)};
  for (const auto& part : fs::path{relative})
    if (part == "..") return std::nullopt;
  if (!relative.empty() && has_extension(relative)) {
    // Vite names bundles by content hash: they never change under one name.
    bool immutable = relative.rfind("assets/", 0) == 0;
    return file(relative, immutable);
  }
  return file("index.html", false); // `/`, `/admin`, `/admin/audit`: the console's own routes
}

} // namespace crm::net
