#include "mock_server.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>

namespace crm::mock {

namespace {

net::http_server_options options_of(const server_settings& settings) {
  net::http_server_options options;
  options.address = settings.address;
  options.port = settings.port;
  options.io_threads = settings.io_threads;
  // Benchmarks hold one keep-alive connection per simulated customer and pause between turns.
  options.idle_timeout = std::chrono::milliseconds{300'000};
  return options;
}

net::http_response json_ok(const boost::json::object& body) {
  net::http_response response;
  response.body = boost::json::serialize(body);
  return response;
}

} // namespace

mock_server::mock_server(server_settings settings, llm::chat_settings chat,
                         graph::graph_settings graph)
    : server_(options_of(settings), [this](net::http_request&& request, net::responder reply) {
        handle(std::move(request), std::move(reply));
      }) {
  modules_.push_back(std::make_unique<llm::chat_module>(std::move(chat), delays_, log_, port_));
  modules_.push_back(std::make_unique<graph::graph_module>(std::move(graph), delays_, log_, port_));
}

mock_server::~mock_server() {
  stop();
}

std::error_code mock_server::start() {
  delays_.start();
  if (auto ec = server_.start()) return ec;
  port_.store(server_.port());
  return {};
}

void mock_server::stop() {
  server_.stop();
  delays_.stop();
}

void mock_server::handle(net::http_request&& request, net::responder reply) {
  if (request.path.rfind("/mock/", 0) == 0) {
    if (shared_control(request, reply)) return;
    for (auto& module : modules_)
      if (module->control(request, reply)) return;
    return reply(net::json_error(404, "not_found", "no such control path"));
  }
  for (auto& module : modules_)
    if (module->serve(request, reply)) return;
  reply(net::json_error(
      404, "not_found",
      "crm-mock serves POST .../chat/completions and POST /vNN.N/{phone_number_id}/messages"));
}

bool mock_server::shared_control(net::http_request& request, net::responder& reply) {
  const auto& path = request.path;
  const auto& method = request.method;
  if (path == "/mock/requests" && method == "GET") {
    uint64_t since = 0;
    auto text = request.query_param("since");
    if (!text.empty() &&
        std::from_chars(text.data(), text.data() + text.size(), since).ec != std::errc{}) {
      reply(net::json_error(400, "invalid_query", "'since' must be a sequence number"));
      return true;
    }
    reply(json_ok(log_.to_json(since, request.query_param("module"))));
  } else if (path == "/mock/requests" && method == "DELETE") {
    log_.clear();
    reply(json_ok({{"requests", boost::json::array{}}}));
  } else if (path == "/mock/stats" && method == "GET") {
    reply(json_ok(stats()));
  } else if (path == "/mock/reset" && method == "POST") {
    for (auto& module : modules_)
      module->reset();
    log_.clear();
    reply(json_ok(stats()));
  } else {
    return false;
  }
  return true;
}

boost::json::object mock_server::stats() const {
  uint64_t total = 0;
  int64_t in_flight = 0;
  boost::json::object outcomes;
  boost::json::object modules;
  for (const auto& module : modules_) {
    auto own = module->stats();
    total += own.at("total").to_number<uint64_t>();
    in_flight += own.at("in_flight").to_number<int64_t>();
    for (const auto& [name, n] : own.at("outcomes").get_object()) {
      auto& sum = outcomes[name];
      sum = (sum.is_null() ? 0 : sum.to_number<uint64_t>()) + n.to_number<uint64_t>();
    }
    modules[module->name()] = std::move(own);
  }
  return {
      {"total", total},          {"in_flight", in_flight},       {"outcomes", std::move(outcomes)},
      {"recorded", log_.size()}, {"delayed", delays_.pending()}, {"modules", std::move(modules)}};
}

std::vector<std::string> mock_server::module_names() const {
  std::vector<std::string> names;
  for (const auto& module : modules_)
    names.emplace_back(module->name());
  return names;
}

} // namespace crm::mock
