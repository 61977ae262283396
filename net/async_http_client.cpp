#include "net/async_http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace crm::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost_error = boost::system::error_code;
using strand_type = asio::strand<asio::io_context::executor_type>;
using steady = std::chrono::steady_clock;

/// Response header bytes accepted: LLM servers and the Graph API send a few hundred.
constexpr uint32_t response_header_limit = 64 * 1024;

std::string to_lower(std::string_view in) {
  std::string out{in};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// RFC 9110 token characters (method and header names).
bool is_token(std::string_view s) {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.find(c) != std::string_view::npos;
  });
}

/// A header value must not smuggle a line break (header injection) or other control bytes.
bool is_field_value(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

struct parsed_url {
  bool tls = false;
  std::string host; ///< Without IPv6 brackets (what the resolver and TLS want).
  std::string host_header;
  uint16_t port = 0;
  std::string target; ///< Origin-form: path and query, never empty.
  std::string origin_key() const { return (tls ? "https://" : "http://") + host_header; }
};

std::optional<parsed_url> parse_url(std::string_view url) {
  if (!is_field_value(url) || url.find(' ') != std::string_view::npos) return std::nullopt;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  parsed_url out;
  auto scheme = to_lower(url.substr(0, scheme_end));
  if (scheme == "https")
    out.tls = true;
  else if (scheme != "http")
    return std::nullopt;
  auto rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  auto authority_end = rest.find_first_of("/?");
  auto authority = rest.substr(0, authority_end);
  auto target =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (authority.front() == '[') { // [v6]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    host = authority.substr(1, close - 1);
    auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  out.port = out.tls ? 443 : 80;
  if (has_port) {
    auto [end, err] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), out.port);
    if (port_text.empty() || err != std::errc{} || end != port_text.data() + port_text.size() ||
        out.port == 0)
      return std::nullopt;
  }
  out.host.assign(host);
  bool v6 = authority.front() == '[';
  out.host_header = v6 ? "[" + out.host + "]" : out.host;
  if (has_port) out.host_header += ":" + std::to_string(out.port);
  out.target =
      target.empty() || target.front() == '?' ? "/" + std::string{target} : std::string{target};
  return out;
}

/// One keep-alive connection. Its strand is the executor of everything touching it; the
/// exchange using it runs on that strand too, so handing it over through the pool is safe.
struct connection {
  connection(strand_type on, ssl::context* tls_context) : strand(on) {
    if (tls_context)
      tls.emplace(strand, *tls_context);
    else
      plain.emplace(strand);
  }
  tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }
  void close() {
    boost_error ignored;
    socket().close(ignored);
  }
  /// Calls `f` with the stream to read and write (TLS or plain).
  template <class F>
  void with_stream(F&& f) {
    if (tls)
      f(*tls);
    else
      f(*plain);
  }

  strand_type strand;
  std::optional<tcp::socket> plain;
  std::optional<ssl::stream<tcp::socket>> tls;
  beast::flat_buffer buffer;
  steady::time_point idle_since;
};

class exchange;

/// State shared by the client and its exchanges; outlives every exchange (the destructor joins
/// the io threads only after every exchange finished).
struct client_core {
  explicit client_core(async_client_options opts) : options(std::move(opts)) {
    options.io_threads = std::max(1u, options.io_threads);
    tls_context.set_verify_mode(options.verify_peer ? ssl::verify_peer : ssl::verify_none);
    boost_error ec;
    tls_context.set_default_verify_paths(ec);
    if (!ec && !options.ca_file.empty()) tls_context.load_verify_file(options.ca_file, ec);
    tls_setup_error = ec; // reported by every https request: errors are values
  }

  /// An idle connection to `key` younger than idle_timeout, or null.
  std::unique_ptr<connection> take_idle(const std::string& key) {
    std::lock_guard guard{pool_mutex};
    prune_locked();
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) return nullptr;
    auto conn = std::move(it->second.back()); // most recent first: least likely to be stale
    it->second.pop_back();
    --idle_count;
    return conn;
  }

  /// Keeps `conn` for reuse unless the origin's pool is full or the client is stopping.
  void put_idle(const std::string& key, std::unique_ptr<connection> conn) {
    std::lock_guard guard{pool_mutex};
    prune_locked();
    auto& list = idle[key];
    if (stopping.load() || list.size() >= options.max_idle_per_host) return; // closes it
    conn->idle_since = steady::now();
    list.push_back(std::move(conn));
    ++idle_count;
  }

  void prune_locked() {
    auto oldest = steady::now() - options.idle_timeout;
    for (auto& [key, list] : idle) {
      auto stale = std::remove_if(list.begin(), list.end(),
                                  [&](const auto& conn) { return conn->idle_since <= oldest; });
      idle_count -= static_cast<size_t>(list.end() - stale);
      list.erase(stale, list.end());
    }
  }

  async_client_options options;
  asio::io_context io;
  ssl::context tls_context{ssl::context::tlsv12_client};
  boost_error tls_setup_error;
  std::atomic<uint64_t> opened{0};
  std::atomic<bool> stopping{false};

  mutable std::mutex pool_mutex;
  std::unordered_map<std::string, std::vector<std::unique_ptr<connection>>> idle;
  size_t idle_count = 0;

  /// Every unfinished exchange, so the destructor can cancel them. Guarded by live_mutex,
  /// which also orders `stopping` against registration.
  std::mutex live_mutex;
  std::unordered_map<const exchange*, std::weak_ptr<exchange>> live;
};

/// One request/response. Touched only on strand_ after start(); exactly one asynchronous step
/// is pending at a time, plus the deadline timer.
class exchange : public std::enable_shared_from_this<exchange> {
public:
  exchange(client_core& core, parsed_url url, http::request<http::string_body> request,
           std::chrono::milliseconds timeout, async_callback done)
      : core_(core), url_(std::move(url)), request_(std::move(request)),
        deadline_(steady::now() + timeout), done_(std::move(done)),
        conn_(core.take_idle(url_.origin_key())),
        strand_(conn_ ? conn_->strand : asio::make_strand(core.io)), timer_(strand_) {}

  void start() {
    asio::post(strand_, [self = shared_from_this()] { self->begin(); });
  }

  /// Thread-safe: ends the exchange with operation_canceled (client shutting down).
  void cancel() {
    asio::post(strand_,
               [self = shared_from_this()] { self->interrupt(std::errc::operation_canceled); });
  }

private:
  void begin() {
    if (settled({})) return;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](boost_error ec) {
      if (!ec) self->interrupt(std::errc::timed_out);
    });
    reused_ = conn_ != nullptr;
    if (reused_)
      write();
    else
      connect();
  }

  /// Stops the pending step; its handler then reports `why`.
  void interrupt(std::errc why) {
    if (finished_ || stop_) return;
    stop_ = why;
    resolver_.reset();
    if (conn_) conn_->close();
    if (!pending_) finish(std::make_error_code(why), {});
  }

  void connect() {
    conn_ = std::make_unique<connection>(strand_, url_.tls ? &core_.tls_context : nullptr);
    if (url_.tls && core_.tls_setup_error) return finish(core_.tls_setup_error, {});
    resolver_.emplace(strand_);
    pending_ = true;
    resolver_->async_resolve(
        url_.host, std::to_string(url_.port),
        [self = shared_from_this()](boost_error ec, tcp::resolver::results_type results) {
          if (self->settled(ec)) return;
          self->core_.opened.fetch_add(1);
          self->pending_ = true;
          asio::async_connect(self->conn_->socket(), results,
                              [self](boost_error ec, const tcp::endpoint&) {
                                if (!self->settled(ec)) self->on_connect();
                              });
        });
  }

  void on_connect() {
    if (!url_.tls) return write();
    auto& tls = *conn_->tls;
    // SNI, and the name the certificate must carry (IP literals are checked as addresses).
    SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str());
    if (core_.options.verify_peer) tls.set_verify_callback(ssl::host_name_verification(url_.host));
    pending_ = true;
    tls.async_handshake(ssl::stream_base::client, [self = shared_from_this()](boost_error ec) {
      if (!self->settled(ec)) self->write();
    });
  }

  void write() {
    parser_.emplace();
    parser_->header_limit(response_header_limit);
    parser_->body_limit(core_.options.max_response_bytes);
    if (request_.method() == http::verb::head) parser_->skip(true);
    pending_ = true;
    conn_->with_stream([&](auto& stream) {
      http::async_write(stream, request_, [self = shared_from_this()](boost_error ec, size_t) {
        if (!self->settled(ec)) self->read();
      });
    });
  }

  void read() {
    pending_ = true;
    conn_->with_stream([&](auto& stream) {
      http::async_read(stream, conn_->buffer, *parser_,
                       [self = shared_from_this()](boost_error ec, size_t) {
                         if (!self->settled(ec)) self->on_response();
                       });
    });
  }

  void on_response() {
    auto message = parser_->release();
    async_response out;
    out.status = static_cast<int>(message.result_int());
    for (const auto& field : message)
      out.headers.emplace_back(to_lower(field.name_string()), std::string{field.value()});
    out.body = std::move(message.body());
    // Back to the pool before the callback runs, so a request it sends can reuse it.
    if (message.keep_alive() && conn_->buffer.size() == 0)
      core_.put_idle(url_.origin_key(), std::move(conn_));
    finish({}, std::move(out));
  }

  /// Handles the end of an asynchronous step: true when the exchange is over or was restarted
  /// (the caller must stop), false to go on with the next step.
  bool settled(boost_error ec) {
    pending_ = false;
    if (finished_) return true;
    if (stop_) {
      finish(std::make_error_code(*stop_), {});
      return true;
    }
    if (!ec) return false;
    bool nothing_read = !parser_ || !parser_->got_some();
    if (reused_ && nothing_read) { // stale keep-alive: the peer closed it while idle
      reused_ = false;
      parser_.reset();
      conn_.reset();
      connect();
      return true;
    }
    finish(translate(ec, nothing_read), {});
    return true;
  }

  static std::error_code translate(boost_error ec, bool nothing_read) {
    if (ec == http::error::body_limit || ec == http::error::header_limit)
      return std::make_error_code(std::errc::message_size);
    // A connection closed before any byte of the response is a transport failure the caller
    // may retry, whichever way the peer closed it.
    bool closed = ec == http::error::end_of_stream || ec == asio::error::eof ||
                  ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
                  ec == ssl::error::stream_truncated;
    if (closed && nothing_read) return std::make_error_code(std::errc::connection_reset);
    return ec;
  }

  void finish(std::error_code ec, async_response response) {
    finished_ = true;
    timer_.cancel();
    resolver_.reset();
    if (conn_) conn_->close();
    {
      std::lock_guard guard{core_.live_mutex};
      core_.live.erase(this);
    }
    auto done = std::move(done_);
    done(ec, std::move(response));
  }

  client_core& core_;
  parsed_url url_;
  http::request<http::string_body> request_;
  steady::time_point deadline_;
  async_callback done_;
  std::unique_ptr<connection> conn_;
  strand_type strand_;
  asio::steady_timer timer_;
  std::optional<tcp::resolver> resolver_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::optional<std::errc> stop_; ///< Set by the deadline or cancel(); reported by the next step.
  bool pending_ = false;          ///< An I/O step is outstanding (its handler will report).
  bool reused_ = false;           ///< On a pooled connection and not yet retried.
  bool finished_ = false;
};

/// Builds the wire request; nullopt when a method or header would make it malformed.
std::optional<http::request<http::string_body>> build_request(async_request& in,
                                                              const parsed_url& url) {
  if (!is_token(in.method) || !is_field_value(in.content_type)) return std::nullopt;
  for (const auto& [name, value] : in.headers)
    if (!is_token(name) || !is_field_value(value)) return std::nullopt;
  http::request<http::string_body> out;
  out.method_string(in.method);
  out.target(url.target);
  out.version(11);
  out.set(http::field::host, url.host_header);
  out.set(http::field::user_agent, "crmd");
  bool has_body =
      !in.body.empty() || in.method == "POST" || in.method == "PUT" || in.method == "PATCH";
  if (has_body) out.set(http::field::content_type, in.content_type);
  for (const auto& [name, value] : in.headers) // the caller's headers win over the defaults
    out.set(name, value);
  out.body() = std::move(in.body);
  out.keep_alive(true);
  out.prepare_payload();
  return out;
}

} // namespace

std::string_view async_response::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

struct async_http_client::impl {
  explicit impl(async_client_options options)
      : core(std::move(options)), work(asio::make_work_guard(core.io)) {}

  client_core core;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::vector<std::thread> threads;
};

async_http_client::async_http_client(async_client_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {
  for (unsigned i = 0; i < impl_->core.options.io_threads; ++i)
    impl_->threads.emplace_back([this] { impl_->core.io.run(); });
}

async_http_client::~async_http_client() {
  auto& core = impl_->core;
  {
    std::lock_guard guard{core.live_mutex};
    core.stopping.store(true);
    for (auto& [key, weak] : core.live)
      if (auto live = weak.lock()) live->cancel();
  }
  impl_->work.reset(); // run() returns once every exchange has reported
  for (auto& thread : impl_->threads)
    thread.join();
  std::lock_guard guard{core.pool_mutex};
  core.idle.clear(); // before the io_context they belong to
}

void async_http_client::send(async_request request, async_callback done) {
  auto& core = impl_->core;
  auto fail = [&](std::errc why) {
    asio::post(core.io, [done = std::move(done), why] { done(std::make_error_code(why), {}); });
  };
  auto url = parse_url(request.url);
  if (!url) return fail(std::errc::invalid_argument);
  auto wire = build_request(request, *url);
  if (!wire) return fail(std::errc::invalid_argument);
  auto call = std::make_shared<exchange>(core, std::move(*url), std::move(*wire), request.timeout,
                                         std::move(done));
  {
    std::lock_guard guard{core.live_mutex};
    if (!core.stopping.load()) core.live.emplace(call.get(), call);
  }
  call->start();
  if (core.stopping.load()) call->cancel();
}

size_t async_http_client::idle_connections() const {
  std::lock_guard guard{impl_->core.pool_mutex};
  return impl_->core.idle_count;
}

uint64_t async_http_client::connections_opened() const {
  return impl_->core.opened.load();
}

bool is_timeout(const std::error_code& ec) {
  return ec == std::errc::timed_out;
}

bool is_connect_error(const std::error_code& ec) {
  using std::errc;
  for (auto code : {errc::connection_refused, errc::connection_reset, errc::connection_aborted,
                    errc::host_unreachable, errc::network_unreachable, errc::network_down,
                    errc::address_not_available, errc::not_connected})
    if (ec == code) return true;
  // Every resolver failure (unknown host, no address, DNS server failure).
  static const std::error_category& netdb =
      std::error_code{boost_error{asio::error::host_not_found}}.category();
  static const std::error_category& addrinfo =
      std::error_code{boost_error{asio::error::service_not_found}}.category();
  return ec.category() == netdb || ec.category() == addrinfo;
}

} // namespace crm::net
