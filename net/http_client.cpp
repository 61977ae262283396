#include "net/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace crm::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

/// Connecting gets at most this much of the overall timeout: a dead host fails fast.
constexpr std::chrono::milliseconds max_connect_timeout{5'000};
/// Largest response body accepted (an audit export is the biggest thing a tool fetches).
constexpr uint64_t response_body_limit = 64ull * 1024 * 1024;

std::string to_lower(std::string_view in) {
  std::string out{in};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// One exchange on its own io_context, driven to completion by run(): async operations are
/// used only because beast::tcp_stream enforces deadlines on them, not on blocking calls.
class exchange {
public:
  exchange(const std::string& host, uint16_t port, const client_request& request,
           std::chrono::milliseconds timeout)
      : host_(host), port_(port), timeout_(timeout), resolver_(ioc_), stream_(ioc_) {
    request_.method_string(request.method);
    request_.target(request.target);
    request_.version(11);
    request_.set(http::field::host, host + ":" + std::to_string(port));
    request_.set(http::field::user_agent, "crm-client");
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
      request_.set(http::field::content_type, request.content_type);
      request_.body() = request.body;
    }
    // The caller's headers win over the defaults above (a custom Host, User-Agent, ...).
    for (const auto& [name, value] : request.headers)
      request_.set(name, value);
    request_.keep_alive(false);
    request_.prepare_payload();
    parser_.body_limit(response_body_limit);
  }

  client_response run(std::error_code& ec) {
    deadline_ = std::chrono::steady_clock::now() + timeout_;
    resolver_.async_resolve(host_, std::to_string(port_),
                            [this](error_code resolve_ec, tcp::resolver::results_type results) {
                              if (resolve_ec) return fail(resolve_ec);
                              connect(results);
                            });
    // Resolution has no cancellation hook in tcp_stream: bound the whole run instead.
    ioc_.run_for(timeout_ + std::chrono::milliseconds{100});
    if (!done_ && !error_) error_ = beast::error::timeout;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (error_) {
      ec = error_;
      return {};
    }
    ec.clear();
    client_response out;
    auto& message = parser_.get();
    out.status = static_cast<int>(message.result_int());
    for (const auto& field : message)
      out.headers.emplace_back(to_lower(field.name_string()), std::string{field.value()});
    out.body = std::move(message.body());
    return out;
  }

private:
  void connect(const tcp::resolver::results_type& results) {
    stream_.expires_after(std::min(timeout_, max_connect_timeout));
    stream_.async_connect(results, [this](error_code connect_ec, const tcp::endpoint&) {
      if (connect_ec) return fail(connect_ec);
      stream_.expires_at(deadline_);
      http::async_write(stream_, request_, [this](error_code write_ec, size_t) {
        if (write_ec) return fail(write_ec);
        http::async_read(stream_, buffer_, parser_, [this](error_code read_ec, size_t) {
          if (read_ec) return fail(read_ec);
          done_ = true;
        });
      });
    });
  }

  void fail(error_code ec) { error_ = ec; }

  std::string host_;
  uint16_t port_;
  std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point deadline_;
  asio::io_context ioc_{1};
  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response_parser<http::string_body> parser_;
  error_code error_;
  bool done_ = false;
};

} // namespace

std::string client_response::header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

client_response http_call(const std::string& host, uint16_t port, const client_request& request,
                          std::error_code& ec, std::chrono::milliseconds timeout) {
  exchange call{host, port, request, timeout};
  return call.run(ec);
}

bool split_http_url(const std::string& url, std::string& host, uint16_t& port,
                    std::string& prefix) {
  constexpr std::string_view scheme = "http://";
  std::string_view rest{url};
  if (rest.size() < scheme.size() || to_lower(rest.substr(0, scheme.size())) != scheme)
    return false;
  rest.remove_prefix(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;

  std::string_view host_part;
  std::string_view port_part;
  bool has_port = false;
  if (authority.front() == '[') { // [v6]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host_part = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port_part = after.substr(1);
      has_port = true;
    }
  } else {
    auto colon = authority.find(':');
    host_part = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_part = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (host_part.empty()) return false;

  uint16_t parsed_port = 80;
  if (has_port) {
    auto [end, err] =
        std::from_chars(port_part.data(), port_part.data() + port_part.size(), parsed_port);
    if (port_part.empty() || err != std::errc{} || end != port_part.data() + port_part.size() ||
        parsed_port == 0)
      return false;
  }
  // Drop a query/fragment and the trailing slash so `prefix + "/v1/..."` composes.
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  host.assign(host_part);
  port = parsed_port;
  prefix.assign(path);
  return true;
}

} // namespace crm::net
