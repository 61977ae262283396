#include "actors/api/router.hpp"

#include "net/metrics.hpp"

#include <array>
#include <chrono>
#include <optional>

namespace crm::api {

namespace {

/// A route with its metric children looked up once, so the hot path never takes a lock.
struct measured_route {
  route spec;
  std::vector<std::string> segments;
  net::histogram* latency = nullptr;
  std::array<net::counter*, 5> responses{}; // 1xx..5xx
};

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           path_params& params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      params.emplace(p.substr(1, p.size() - 2), path[i]);
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

measured_route measure(route spec) {
  auto& registry = net::default_registry();
  measured_route r;
  r.segments = split_path(spec.pattern);
  r.latency = &registry.get_histogram(
      "request_latency_ms", "HTTP request latency from parsed request to response",
      net::exponential_buckets(0.05, 2, 16), {{"route", spec.pattern}});
  static constexpr const char* classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  for (size_t i = 0; i < 5; ++i)
    r.responses[i] = &registry.get_counter("crmd_http_responses_total",
                                           "HTTP responses by route and status class",
                                           {{"route", spec.pattern}, {"class", classes[i]}});
  r.spec = std::move(spec);
  return r;
}

bool accepts_html(const net::http_request& request) {
  return request.header("accept").find("text/html") != std::string_view::npos;
}

/// A request the console answers before any API route: its page, its assets, and browser
/// navigations to its `/admin` pages (API clients reach the admin API at the same paths).
bool is_console_request(const net::http_request& request) {
  if (request.method != "GET") return false;
  const auto& path = request.path;
  if (path == "/" || path.rfind("/assets/", 0) == 0) return true;
  return accepts_html(request) && (path == "/admin" || path.rfind("/admin/", 0) == 0);
}

std::optional<net::http_response> console_page(const api_context& context,
                                               const net::http_request& request) {
  if (!context.console || request.method != "GET") return std::nullopt;
  return context.console->get(request.path);
}

} // namespace

net::request_handler make_router(std::shared_ptr<api_context> context) {
  std::vector<route> specs;
  add_health_routes(specs);
  add_webhook_routes(specs);
  add_message_routes(specs);
  add_screen_routes(specs);
  add_admin_routes(specs);
  add_review_routes(specs);
  add_conversation_routes(specs);
  auto routes = std::make_shared<std::vector<measured_route>>();
  for (auto& spec : specs)
    routes->push_back(measure(std::move(spec)));

  return [context, routes](net::http_request&& request, net::responder respond) {
    if (is_console_request(request))
      if (auto page = console_page(*context, request)) return respond(std::move(*page));
    auto segments = split_path(request.path);
    bool path_known = false;
    for (auto& r : *routes) {
      path_params params;
      if (!match(r.segments, segments, params)) continue;
      path_known = true;
      if (r.spec.method != request.method) continue;
      auto started = std::chrono::steady_clock::now();
      auto measured = [&r, started, respond = std::move(respond)](net::http_response response) {
        auto elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
        r.latency->observe(elapsed.count());
        auto cls = response.status / 100 - 1;
        if (cls >= 0 && cls < 5) r.responses[static_cast<size_t>(cls)]->inc();
        respond(std::move(response));
      };
      r.spec.handler(*context, request, params, std::move(measured));
      return;
    }
    // Other unknown paths are console routes only for a browser; API clients get JSON errors.
    if (!path_known && accepts_html(request))
      if (auto page = console_page(*context, request)) return respond(std::move(*page));
    if (path_known)
      respond(net::json_error(405, "method_not_allowed",
                              "This path does not take " + request.method + "."));
    else
      respond(net::json_error(404, "not_found", "No such endpoint."));
  };
}

} // namespace crm::api
