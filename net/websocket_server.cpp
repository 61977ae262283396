#include "net/websocket_server.hpp"

#include "net/upgraded_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace crm::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using error_code = boost::system::error_code;
using clock = std::chrono::steady_clock;

/// RFC 6455 5.5: a control frame's payload (code + reason) is at most 125 bytes.
constexpr size_t max_close_reason_bytes = 123;
constexpr uint16_t code_no_status = 1005;
constexpr uint16_t code_abnormal = 1006;
constexpr uint16_t code_unsupported_data = 1003;
constexpr uint16_t code_internal_error = 1011;
constexpr uint16_t code_try_again_later = 1013;

std::atomic<uint64_t> next_connection_id{1};

class session;

/// The application's handle (`websocket_ptr`) and the state it shares with the session: the
/// outbound queue and the closing state, under one mutex because send_text runs on any thread.
/// It holds the session only weakly and no executor: pending I/O alone keeps the socket (and the
/// strand) alive, so a handle kept past the io_context's end touches nothing dead.
class handle final : public websocket_connection {
public:
  enum class phase { open, closing, closed };

  handle(std::string remote, websocket_options options)
      : remote_(std::move(remote)), options_(options), id_(next_connection_id.fetch_add(1)) {}

  bool send_text(std::string text) override {
    bool wake = false;
    bool overflow = false;
    std::weak_ptr<session> target;
    {
      std::lock_guard guard{mutex_};
      if (phase_ != phase::open) return false;
      overflow = frames_ + 1 > options_.max_queue_frames ||
                 bytes_ + text.size() > options_.max_queue_bytes;
      if (overflow) {
        // The waiting frames are stale for a client that will resynchronise: drop them so the
        // close frame goes out right after the frame being written.
        for (const auto& frame : queue_)
          bytes_ -= frame->size();
        frames_ -= queue_.size();
        queue_.clear();
        request_close(code_try_again_later, "send queue full");
      } else {
        frames_ += 1;
        bytes_ += text.size();
        queue_.push_back(std::make_shared<const std::string>(std::move(text)));
      }
      wake = claim_writer();
      target = session_;
    }
    notify(target, wake, overflow);
    return !overflow;
  }

  void close(uint16_t code, std::string reason) override {
    bool wake = false;
    std::weak_ptr<session> target;
    {
      std::lock_guard guard{mutex_};
      if (phase_ != phase::open) return;
      if (reason.size() > max_close_reason_bytes) reason.resize(max_close_reason_bytes);
      request_close(code, std::move(reason));
      wake = claim_writer();
      target = session_;
    }
    notify(target, wake, true);
  }

  uint64_t id() const override { return id_; }
  const std::string& remote() const override { return remote_; }

  size_t queued_frames() const override {
    std::lock_guard guard{mutex_};
    return frames_;
  }

  size_t queued_bytes() const override {
    std::lock_guard guard{mutex_};
    return bytes_;
  }

  // -- for the session (on its strand) ------------------------------------------------------

  /// What the writer should do next.
  struct next_step {
    std::shared_ptr<const std::string> frame; ///< Write this, or else:
    bool close = false;                       ///< send the close frame, or else go idle.
    websocket::close_reason reason;
  };

  next_step take_next() {
    std::lock_guard guard{mutex_};
    next_step step;
    if (phase_ == phase::closed) {
      writer_active_ = false;
      return step;
    }
    if (!queue_.empty()) {
      step.frame = std::move(queue_.front());
      queue_.pop_front(); // Still counted in frames_/bytes_ until written.
      return step;
    }
    if (phase_ == phase::closing && !close_sent_) {
      close_sent_ = true;
      step.close = true;
      step.reason = close_reason_;
      return step;
    }
    writer_active_ = false;
    return step;
  }

  void written(size_t bytes) {
    std::lock_guard guard{mutex_};
    if (phase_ == phase::closed) return; // mark_closed() zeroed the counts already.
    frames_ -= 1;
    bytes_ -= bytes;
  }

  /// Marks the end; true for the first caller only (on_close runs exactly once).
  bool mark_closed() {
    std::lock_guard guard{mutex_};
    if (phase_ == phase::closed) return false;
    phase_ = phase::closed;
    queue_.clear();
    frames_ = 0;
    bytes_ = 0;
    return true;
  }

  bool is_open() const {
    std::lock_guard guard{mutex_};
    return phase_ == phase::open;
  }

  void attach(std::weak_ptr<session> target) {
    std::lock_guard guard{mutex_};
    session_ = std::move(target);
  }

private:
  void request_close(uint16_t code, std::string reason) {
    phase_ = phase::closing;
    close_reason_.code = code;
    close_reason_.reason = reason;
  }

  /// True when the caller must start the write chain: at most one runs, and a frame queued while
  /// it goes idle is never missed (both decided under mutex_).
  bool claim_writer() {
    if (writer_active_) return false;
    writer_active_ = true;
    return true;
  }

  /// Outside mutex_: the session's destructor takes it, and this may drop the last reference.
  static void notify(const std::weak_ptr<session>& target, bool wake_writer, bool close_deadline);

  mutable std::mutex mutex_;
  std::weak_ptr<session> session_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  size_t frames_ = 0; ///< queue_ plus the frame being written.
  size_t bytes_ = 0;  ///< Likewise, in bytes.
  phase phase_ = phase::open;
  bool writer_active_ = false; ///< A write chain is posted or running on the strand.
  bool close_sent_ = false;
  websocket::close_reason close_reason_;
  const std::string remote_;
  const websocket_options options_;
  const uint64_t id_;
};

/// One WebSocket connection: the Beast stream and its timers, touched only on the strand.
class session : public std::enable_shared_from_this<session> {
public:
  session(std::unique_ptr<upgraded_connection> connection, websocket_options options,
          websocket_handlers handlers, std::string remote)
      : ws_(std::move(connection->stream)), request_(std::move(connection->request)),
        options_(options), handlers_(std::move(handlers)), ping_timer_(ws_.get_executor()),
        silence_timer_(ws_.get_executor()), close_timer_(ws_.get_executor()),
        handle_(std::make_shared<handle>(std::move(remote), options)) {}

  ~session() {
    // Reached without finish() only when the io_context is destroyed with this connection live.
    if (opened_ && handle_->mark_closed() && handlers_.on_close)
      handlers_.on_close(handle_, code_abnormal);
  }

  void start() {
    handle_->attach(weak_from_this());
    // Beast's timeout covers the opening handshake only; the rest runs on our own timers.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options_.handshake_timeout;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set("Server", "crmd"); }));
    ws_.read_message_max(options_.max_frame_bytes);
    // No shared_from_this here: the stream owns the callback (that would be a cycle).
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      heard();
      if (kind == websocket::frame_type::close) peer_closed_ = true;
    });
    ws_.async_accept(request_, [self = shared_from_this()](error_code ec) { self->on_accept(ec); });
  }

  /// From any thread: starts the write chain and/or the close deadline on the strand.
  void post_work(bool wake_writer, bool close_deadline) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), wake_writer, close_deadline] {
      if (close_deadline) self->start_close_deadline();
      if (wake_writer) self->pump();
    });
  }

  /// Runs the write chain: the next queued frame, else the close frame, else idle.
  void pump() {
    auto step = handle_->take_next();
    if (step.frame) {
      ws_.text(true);
      ws_.async_write(asio::buffer(*step.frame),
                      [self = shared_from_this(), frame = step.frame](error_code ec, size_t) {
                        self->handle_->written(frame->size());
                        if (ec) return self->drop();
                        self->pump();
                      });
      return;
    }
    if (step.close) {
      ping_timer_.cancel();
      close_in_flight_ = true;
      ws_.async_close(step.reason, [self = shared_from_this()](error_code ec) {
        self->close_in_flight_ = false;
        // Beast's close operation reads the peer's close frame itself, without the control
        // callback (the pending read ends with operation_aborted): success means it arrived,
        // and only now is the outcome known.
        if (!ec) self->peer_closed_ = true;
        if (self->read_ended_) return self->finish();
        if (ec) self->drop();
      });
    }
  }

  void start_close_deadline() {
    if (close_deadline_started_ || finished_) return;
    close_deadline_started_ = true;
    close_timer_.expires_after(options_.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->drop();
    });
  }

private:
  void on_accept(error_code ec) {
    request_ = {};
    if (ec) return drop(); // No on_open, hence no on_close.
    opened_ = true;
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = websocket::stream_base::none();
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    heard();
    if (handlers_.on_open) handlers_.on_open(handle_);
    read_next();
    arm_ping();
    arm_silence(last_heard_ + options_.silence_timeout);
  }

  void read_next() {
    ws_.async_read(buffer_,
                   [self = shared_from_this()](error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(error_code ec) {
    if (ec) {
      read_ended_ = true;
      if (close_in_flight_) return; // Its completion finishes.
      return finish();
    }
    heard();
    if (ws_.got_binary()) {
      buffer_.clear();
      handle_->close(code_unsupported_data, "binary frames are not accepted");
    } else if (handle_->is_open()) {
      auto data = buffer_.cdata();
      std::string text{static_cast<const char*>(data.data()), data.size()};
      buffer_.clear();
      try {
        if (handlers_.on_text) handlers_.on_text(handle_, std::move(text));
      } catch (const std::exception&) {
        // A throwing handler is a bug; the io thread lives and the client reconnects.
        handle_->close(code_internal_error, "internal error");
      }
    } else {
      buffer_.clear(); // Closing: late messages are dropped.
    }
    read_next();
  }

  void heard() { last_heard_ = clock::now(); }

  void arm_ping() {
    ping_timer_.expires_after(options_.ping_interval);
    ping_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->finished_ || !self->handle_->is_open()) return;
      // One ping at a time (Beast's rule); a peer too slow to take one needs no second.
      if (!self->ping_in_flight_) {
        self->ping_in_flight_ = true;
        self->ws_.async_ping({}, [self](error_code) { self->ping_in_flight_ = false; });
      }
      self->arm_ping();
    });
  }

  /// One timer re-armed lazily at its expiry, not at every frame: received frames only
  /// move last_heard_.
  void arm_silence(clock::time_point at) {
    silence_timer_.expires_at(at);
    silence_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->finished_) return;
      auto due = self->last_heard_ + self->options_.silence_timeout;
      if (clock::now() >= due) return self->drop();
      self->arm_silence(due);
    });
  }

  /// Closes the socket: every pending operation fails and the read loop finishes with 1006.
  void drop() {
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

  /// The peer's close code if its close frame arrived (1005 if it had none), else 1006.
  uint16_t ended_code() const {
    if (!peer_closed_) return code_abnormal;
    auto code = ws_.reason().code;
    return code == websocket::close_code::none ? code_no_status : code;
  }

  void finish() {
    if (finished_) return;
    auto code = ended_code();
    finished_ = true;
    ping_timer_.cancel();
    silence_timer_.cancel();
    close_timer_.cancel();
    drop();
    // Move the handlers out: whatever they capture is released right after on_close.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handle_->mark_closed() && handlers.on_close) handlers.on_close(handle_, code);
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::http::request<beast::http::string_body> request_; ///< Kept for async_accept.
  beast::flat_buffer buffer_;
  websocket_options options_;
  websocket_handlers handlers_;
  asio::steady_timer ping_timer_;
  asio::steady_timer silence_timer_;
  asio::steady_timer close_timer_;
  std::shared_ptr<handle> handle_;
  clock::time_point last_heard_ = clock::now();
  bool opened_ = false;
  bool finished_ = false;
  bool ping_in_flight_ = false;
  bool close_in_flight_ = false;
  bool read_ended_ = false;
  bool peer_closed_ = false; ///< A close frame arrived (seen by the control callback).
  bool close_deadline_started_ = false;
};

void handle::notify(const std::weak_ptr<session>& target, bool wake_writer, bool close_deadline) {
  if (!wake_writer && !close_deadline) return;
  if (auto alive = target.lock()) alive->post_work(wake_writer, close_deadline);
}

std::string endpoint_text(const asio::ip::tcp::socket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  auto text = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return text + ":" + std::to_string(endpoint.port());
}

} // namespace

// -- accept_websocket -------------------------------------------------------------------------

void accept_websocket(std::unique_ptr<upgraded_connection> connection, websocket_options options,
                      websocket_handlers handlers) {
  if (!connection) return;
  if (connection->buffer.size() > 0) {
    // Frames sent before our 101: Beast cannot take them over with an already parsed request.
    error_code ignored;
    connection->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    connection->stream.close();
    return;
  }
  error_code ignored; // Small interactive frames: no Nagle delay.
  connection->stream.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  auto remote = endpoint_text(connection->stream.socket());
  auto created = std::make_shared<session>(std::move(connection), options, std::move(handlers),
                                           std::move(remote));
  created->start();
}

upgrade_handler websocket_upgrade_handler(std::string path, websocket_options options,
                                          websocket_handlers handlers) {
  return [path = std::move(path), options, handlers = std::move(handlers)](
             http_request&& request, std::unique_ptr<upgraded_connection> connection) {
    if (path.empty() || request.path == path)
      return accept_websocket(std::move(connection), options, handlers);
    // Answer in HTTP, then close; the shared_ptr keeps the socket alive for the write.
    auto refused = std::shared_ptr<upgraded_connection>(std::move(connection));
    auto body = json_error(404, "not_found", "no WebSocket endpoint at this path").body;
    auto wire = std::make_shared<std::string>(
        "HTTP/1.1 404 Not Found\r\nServer: crmd\r\nContent-Type: application/json\r\n"
        "Connection: close\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    refused->stream.expires_after(options.handshake_timeout);
    asio::async_write(refused->stream, asio::buffer(*wire), [refused, wire](error_code, size_t) {
      error_code ignored;
      refused->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      refused->stream.close();
    });
  };
}

// -- websocket_registry -----------------------------------------------------------------------

struct websocket_registry::state {
  mutable std::mutex mutex;
  std::condition_variable emptied;
  /// Weak: the registry must not keep a closed connection's handle (or its handlers) alive.
  std::unordered_map<uint64_t, std::weak_ptr<websocket_connection>> open;
};

std::shared_ptr<websocket_registry::state> websocket_registry::make_state() {
  return std::make_shared<state>();
}

websocket_handlers websocket_registry::track(websocket_handlers inner) {
  websocket_handlers outer;
  outer.on_open = [registry = state_, open = std::move(inner.on_open)](const websocket_ptr& ws) {
    {
      std::lock_guard guard{registry->mutex};
      registry->open.emplace(ws->id(), ws);
    }
    if (open) open(ws);
  };
  outer.on_text = std::move(inner.on_text);
  outer.on_close = [registry = state_, close = std::move(inner.on_close)](const websocket_ptr& ws,
                                                                          uint16_t code) {
    if (close) close(ws, code);
    std::lock_guard guard{registry->mutex};
    registry->open.erase(ws->id());
    if (registry->open.empty()) registry->emptied.notify_all();
  };
  return outer;
}

void websocket_registry::close_all(uint16_t code, const std::string& reason) {
  std::vector<websocket_ptr> live;
  {
    std::lock_guard guard{state_->mutex};
    for (auto& [id, weak] : state_->open)
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
  }
  // Outside the lock: close() posts onto strands whose handlers may take it (on_close).
  for (auto& ws : live)
    ws->close(code, reason);
}

bool websocket_registry::wait_until_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock{state_->mutex};
  return state_->emptied.wait_for(lock, timeout, [this] { return state_->open.empty(); });
}

size_t websocket_registry::size() const {
  std::lock_guard guard{state_->mutex};
  return state_->open.size();
}

} // namespace crm::net
