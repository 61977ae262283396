#include "net/http_server.hpp"

#include "net/upgraded_connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace crm::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

/// Bytes asked of the socket per read; the read buffer holds at most the header plus this.
constexpr size_t read_chunk_bytes = 64 * 1024;
/// After a failed accept (EMFILE, ...) wait before retrying instead of spinning.
constexpr std::chrono::milliseconds accept_retry_delay{50};
/// How long a closing connection drains what the client still sends, so that closing with
/// unread bytes does not reset the connection before the client has read our last response.
constexpr std::chrono::milliseconds max_close_linger{1'000};

constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

class session;

/// State shared by the server, its sessions and every outstanding responder. Outlives the
/// io_context: responders may be called after the server is gone.
struct server_core {
  http_server_options options;
  request_handler handler;
  std::atomic<bool> stopping{false};
  /// Sessions that count toward max_connections.
  std::atomic<size_t> active{0};

  /// Held shared while posting onto a strand; `gate_open` turns false (held exclusively)
  /// before the io_context is destroyed, so nobody posts into a dead context.
  std::shared_mutex gate_mutex;
  bool gate_open = true;

  /// Every live session, so stop() can close them. Never lock gate_mutex while holding this.
  std::mutex sessions_mutex;
  std::unordered_map<const session*, std::weak_ptr<session>> sessions;
};

std::string to_lower(std::string_view in) {
  std::string out{in};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_lower(a) == to_lower(b);
}

bool is_parse_error(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category() &&
         ec != http::error::partial_message && ec != http::error::end_of_stream;
}

/// One TCP connection: reads one request at a time, hands it to the handler, writes the
/// response when its responder fires, then reads the next. All members are touched only on
/// the connection's strand (the stream's executor).
class session : public std::enable_shared_from_this<session> {
public:
  session(std::shared_ptr<server_core> core, tcp::socket socket, std::string remote, bool counted)
      : core_(std::move(core)), stream_(std::move(socket)),
        buffer_(core_->options.header_limit_bytes + read_chunk_bytes), remote_(std::move(remote)),
        counted_(counted) {
    if (counted_) core_->active.fetch_add(1);
  }

  ~session() {
    if (counted_) core_->active.fetch_sub(1);
    std::lock_guard guard{core_->sessions_mutex};
    core_->sessions.erase(this);
  }

  /// Starts serving; a session created past max_connections only answers 503 and closes.
  void start(bool overloaded) {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), overloaded] {
      if (!overloaded) return self->read_next();
      auto response = json_error(503, "overloaded", "too many open connections; retry later");
      response.headers.emplace_back("Retry-After", "1");
      self->write(std::move(response), false);
    });
  }

  /// Runs on the strand: writes the response of request `id` if it is still the one waiting.
  void deliver(uint64_t id, http_response response) {
    if (id == 0 || id != awaiting_) return;
    awaiting_ = 0;
    self_.reset(); // The write below holds the session from now on.
    write(std::move(response), request_keep_alive_);
  }

  /// Only when no io thread runs (stop() after joining): closes the socket right away and
  /// lets go of a request still waiting for its responder.
  void close_now() {
    self_.reset();
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

private:
  // -- reading ------------------------------------------------------------------------------

  void read_next() {
    if (core_->stopping.load()) return close();
    parser_.emplace();
    parser_->header_limit(
        static_cast<uint32_t>(std::min<size_t>(core_->options.header_limit_bytes, UINT32_MAX)));
    parser_->body_limit(core_->options.body_limit_bytes);
    if (first_request_ || buffer_.size() > 0) return read_header();
    // Keep-alive: the idle deadline runs until the next request's first byte; the read
    // deadline then covers the whole request.
    stream_.expires_after(core_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(read_chunk_bytes),
                            [self = shared_from_this()](error_code ec, size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    // One deadline for the whole request: a client trickling bytes (slowloris) is cut off.
    stream_.expires_after(core_->options.read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (ec) return on_read_error(ec);
    auto& request = parser_->get();
    auto expect = request[http::field::expect];
    if (!parser_->is_done() && iequals(expect, "100-continue")) {
      // curl and others wait up to a second for this before sending a body.
      asio::async_write(stream_, asio::buffer(continue_line.data(), continue_line.size()),
                        [self = shared_from_this()](error_code ec, size_t) {
                          if (ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read_error(error_code ec) {
    if (ec == http::error::body_limit)
      return write(json_error(413, "payload_too_large",
                              "request body exceeds " +
                                  std::to_string(core_->options.body_limit_bytes) + " bytes"),
                   false);
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return write(json_error(431, "headers_too_large",
                              "request headers exceed " +
                                  std::to_string(core_->options.header_limit_bytes) + " bytes"),
                   false);
    if (is_parse_error(ec))
      return write(json_error(400, "malformed_request", "the request is not valid HTTP/1.1"),
                   false);
    // end_of_stream, timeout, reset, aborted: nobody to answer.
    close();
  }

  void on_read(error_code ec) {
    if (ec) return on_read_error(ec);
    auto& request = parser_->get();
    version_ = request.version();
    request_keep_alive_ = request.keep_alive();
    stream_.expires_never();

    http_request out;
    if (!parse_target(request.target(), out))
      return write(json_error(400, "malformed_request", "the request target is not a valid path"),
                   false);
    out.method = std::string{request.method_string()};
    out.target = std::string{request.target()};
    out.headers.reserve(static_cast<size_t>(std::distance(request.begin(), request.end())));
    for (const auto& field : request)
      out.headers.emplace_back(to_lower(field.name_string()), std::string{field.value()});
    out.remote = remote_;

    if (beast::websocket::is_upgrade(request)) {
      // Extension point for the operator WebSocket (`GET /ws`): hand the socket over.
      if (!core_->options.on_upgrade)
        return write(json_error(426, "upgrade_not_supported",
                                "WebSocket upgrades are not served on this endpoint"),
                     false);
      auto connection = std::unique_ptr<upgraded_connection>(
          new upgraded_connection{std::move(stream_), std::move(buffer_), parser_->release()});
      core_->options.on_upgrade(std::move(out), std::move(connection));
      return; // This session ends here; the connection has a new owner.
    }

    out.body = std::move(request.body());
    parser_.reset();
    awaiting_ = ++last_id_;
    // No I/O is pending while the application works on the request: this self-reference is
    // what keeps the session alive until the responder fires (or stop() lets go).
    self_ = shared_from_this();
    responder reply = make_responder(awaiting_);
    responder fallback = reply;
    try {
      core_->handler(std::move(out), std::move(reply));
    } catch (const std::exception&) {
      // A throwing handler is a bug; the client still gets an answer and the io thread lives.
      fallback(json_error(500, "internal", "the request handler failed"));
    }
  }

  responder make_responder(uint64_t id);

  // -- writing ------------------------------------------------------------------------------

  void write(http_response response, bool keep_alive) {
    response_ = {};
    response_.version(version_);
    auto status = response.status;
    if (status < 100 || status > 999) {
      response = json_error(500, "internal", "the handler produced an invalid status");
      status = 500;
    }
    response_.result(static_cast<unsigned>(status));
    response_.set(http::field::server, "crmd");
    response_.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers)
      response_.insert(name, value);
    // A handler may ask to close (`Connection: close`); stopping closes too.
    bool keep = keep_alive && response_.keep_alive() && !core_->stopping.load();
    response_.keep_alive(keep);
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    stream_.expires_after(core_->options.write_timeout);
    http::async_write(stream_, response_, [self = shared_from_this(), keep](error_code ec, size_t) {
      if (ec) return self->close();
      if (!keep) return self->linger_close();
      self->first_request_ = false;
      self->response_ = {};
      self->read_next();
    });
  }

  // -- closing ------------------------------------------------------------------------------

  /// Half-closes, then discards what the client still sends until it closes or the linger
  /// deadline passes: a plain close with unread bytes would send RST and could destroy the
  /// response in the client's receive buffer (413 while the body is still arriving).
  void linger_close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(std::min(core_->options.read_timeout, max_close_linger));
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](error_code ec, size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  void close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  std::shared_ptr<server_core> core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_; ///< Kept alive for the async write.
  std::string remote_;
  bool counted_;
  unsigned version_ = 11;
  bool request_keep_alive_ = false;
  bool first_request_ = true;
  uint64_t awaiting_ = 0; ///< Id of the request whose response is pending; 0 for none.
  uint64_t last_id_ = 0;
  std::array<char, 1024> drain_{};
  std::shared_ptr<session> self_; ///< Set only while a request waits for its responder.
};

/// Posts a response onto its session's strand, unless the server or the session is gone.
void post_response(const std::shared_ptr<server_core>& core, const std::weak_ptr<session>& target,
                   uint64_t id, http_response response) {
  std::shared_lock gate{core->gate_mutex};
  if (!core->gate_open) return;
  auto alive = target.lock();
  if (!alive) return;
  asio::post(alive->executor(), [alive, id, response = std::move(response)]() mutable {
    alive->deliver(id, std::move(response));
  });
  // `alive` is released here, still under the gate: if it is the last owner, the session
  // (and its socket) is destroyed while the io_context certainly exists.
}

/// The one-shot completion behind a responder: the first call wins, later calls are ignored,
/// and a responder dropped without being called answers 500 so the connection never hangs.
struct reply_slot {
  std::shared_ptr<server_core> core;
  std::weak_ptr<session> target;
  uint64_t id;
  std::atomic<bool> done{false};

  reply_slot(std::shared_ptr<server_core> c, std::weak_ptr<session> t, uint64_t i)
      : core(std::move(c)), target(std::move(t)), id(i) {}

  void send(http_response response) {
    if (done.exchange(true)) return;
    post_response(core, target, id, std::move(response));
  }

  ~reply_slot() {
    if (!done.load())
      post_response(core, target, id,
                    json_error(500, "internal", "the request was dropped without a response"));
  }
};

responder session::make_responder(uint64_t id) {
  auto slot = std::make_shared<reply_slot>(core_, weak_from_this(), id);
  return [slot](http_response response) { slot->send(std::move(response)); };
}

std::string endpoint_text(const tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  auto text = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return text + ":" + std::to_string(endpoint.port());
}

} // namespace

// -- http_server ----------------------------------------------------------------------------

struct http_server::impl {
  impl(http_server_options options, request_handler handler)
      : core(std::make_shared<server_core>()),
        ioc(static_cast<int>(std::max(1u, options.io_threads))), acceptor(ioc), accept_timer(ioc) {
    core->options = std::move(options);
    core->handler = std::move(handler);
  }

  ~impl() {
    // After this no responder posts into ioc, which is destroyed right after (members).
    std::unique_lock gate{core->gate_mutex};
    core->gate_open = false;
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
      on_accept(ec, std::move(socket));
    });
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open() || core->stopping.load())
      return;
    if (ec) {
      accept_timer.expires_after(accept_retry_delay);
      accept_timer.async_wait([this](error_code wait_ec) {
        if (!wait_ec) accept();
      });
      return;
    }
    error_code endpoint_ec;
    auto remote = socket.remote_endpoint(endpoint_ec);
    // Accept, then refuse with a 503: a client left in the backlog would just time out.
    bool overloaded = core->active.load() >= core->options.max_connections;
    auto connection = std::make_shared<session>(
        core, std::move(socket), endpoint_ec ? std::string{} : endpoint_text(remote), !overloaded);
    {
      std::lock_guard guard{core->sessions_mutex};
      core->sessions.emplace(connection.get(), connection);
    }
    connection->start(overloaded);
    accept();
  }

  std::shared_ptr<server_core> core;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer accept_timer;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::mutex lifecycle_mutex; ///< Serialises start() and stop().
  bool started = false;
  bool stopped = false;
  uint16_t port = 0;
};

http_server::http_server(http_server_options options, request_handler handler)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handler))) {}

http_server::~http_server() {
  stop();
}

std::error_code http_server::start() {
  std::lock_guard guard{impl_->lifecycle_mutex};
  if (impl_->started || impl_->stopped) return std::make_error_code(std::errc::already_connected);
  const auto& options = impl_->core->options;
  error_code ec;
  tcp::resolver resolver{impl_->ioc};
  auto results =
      resolver.resolve(options.address, std::to_string(options.port), tcp::resolver::passive, ec);
  if (ec) return ec;
  if (results.empty()) return std::make_error_code(std::errc::address_not_available);
  auto endpoint = results.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) return ec;
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) return ec;
  if (acceptor.bind(endpoint, ec); ec) return ec;
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) return ec;
  impl_->port = acceptor.local_endpoint(ec).port();
  if (ec) return ec;
  impl_->started = true;
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->accept();
  auto count = std::max(1u, options.io_threads);
  for (unsigned i = 0; i < count; ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return {};
}

uint16_t http_server::port() const {
  return impl_->port;
}

void http_server::stop() {
  std::lock_guard guard{impl_->lifecycle_mutex};
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->core->stopping.store(true);
  // Stop the context outright rather than waiting for sessions to wind down: a request waiting
  // for its responder has no deadline. Once the threads are joined nothing else touches the
  // sockets, so they can be closed from here.
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& thread : impl_->threads)
    thread.join();
  impl_->threads.clear();
  error_code ec;
  impl_->acceptor.close(ec);
  impl_->accept_timer.cancel();
  std::vector<std::shared_ptr<session>> live;
  {
    std::lock_guard sessions_guard{impl_->core->sessions_mutex};
    for (auto& [key, weak] : impl_->core->sessions)
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
  }
  for (auto& connection : live)
    connection->close_now();
  // `live` is released outside sessions_mutex: a session's destructor takes it.
}

} // namespace crm::net
