#include "net/websocket_client.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <random>

namespace crm::net {

namespace {

using clock = std::chrono::steady_clock;

/// How long close() waits for the server's answering close frame.
constexpr std::chrono::milliseconds close_wait{1'000};
/// RFC 6455 5.5: control frames carry at most 125 bytes.
constexpr size_t max_control_payload = 125;
constexpr size_t read_chunk_bytes = 64 * 1024;
constexpr std::string_view accept_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

constexpr uint16_t code_no_status = 1005;
constexpr uint16_t code_protocol_error = 1002;
constexpr uint16_t code_too_big = 1009;

std::error_code last_error() {
  return {errno, std::generic_category()};
}

std::string base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  auto n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

/// The Sec-WebSocket-Accept a server must answer to `key` (RFC 6455 4.2.2).
std::string expected_accept(const std::string& key) {
  std::string input = key + std::string{accept_guid};
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr);
  return base64(digest.data(), length);
}

std::string to_lower(std::string_view in) {
  std::string out{in};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::mt19937& random_engine() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return engine;
}

} // namespace

websocket_client::websocket_client() = default;

websocket_client::~websocket_client() {
  if (open_ && !close_sent_) {
    // Best effort, no waiting: a destructor must not block on a peer.
    std::string payload{static_cast<char>(1001 >> 8), static_cast<char>(1001 & 0xFF)};
    send_timeout_ = std::chrono::milliseconds{0};
    (void)send_frame(opcode::close, payload);
  }
  close_socket();
}

std::error_code
websocket_client::connect(const std::string& host, uint16_t port, const std::string& target,
                          std::chrono::milliseconds timeout,
                          std::vector<std::pair<std::string, std::string>> headers) {
  close_socket();
  open_ = close_sent_ = false;
  http_status_ = 0;
  close_code_.reset();
  input_.clear();
  message_.clear();
  message_type_.reset();
  send_timeout_ = timeout;
  auto deadline = clock::now() + timeout;

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found)
    return std::make_error_code(std::errc::host_unreachable);
  std::error_code ec = std::make_error_code(std::errc::host_unreachable);
  for (auto* a = found; a; a = a->ai_next) {
    fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ < 0) continue;
    if (receive_buffer_bytes_ > 0)
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes_,
                   sizeof(receive_buffer_bytes_));
    int one = 1; // Small interactive frames: no Nagle delay.
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) == 0) {
      ec.clear();
      break;
    }
    if (errno == EINPROGRESS && !(ec = wait_for(POLLOUT, deadline))) {
      int error = 0;
      socklen_t size = sizeof(error);
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
      if (error == 0) break;
      ec = {error, std::generic_category()};
    } else if (errno != EINPROGRESS) {
      ec = last_error();
    }
    close_socket();
  }
  ::freeaddrinfo(found);
  if (fd_ < 0) return ec;

  std::array<unsigned char, 16> nonce{};
  for (auto& byte : nonce)
    byte = static_cast<unsigned char>(random_engine()() & 0xFF);
  auto key = base64(nonce.data(), nonce.size());
  std::string request = "GET " + (target.empty() ? std::string{"/"} : target) + " HTTP/1.1\r\n";
  request += "Host: " + host + ":" + std::to_string(port) + "\r\n";
  request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
  request += "Sec-WebSocket-Key: " + key + "\r\n";
  for (const auto& [name, value] : headers)
    request += name + ": " + value + "\r\n";
  request += "\r\n";
  if ((ec = send_all(request))) return close_socket(), ec;

  size_t end = std::string::npos;
  while ((end = input_.find("\r\n\r\n")) == std::string::npos) {
    if (input_.size() > max_handshake_bytes)
      return close_socket(), std::make_error_code(std::errc::protocol_error);
    if ((ec = fill(deadline))) return close_socket(), ec;
  }
  std::string_view head{input_.data(), end + 2};
  int status = 0;
  std::string accept;
  size_t line_start = 0;
  for (size_t line_end; (line_end = head.find("\r\n", line_start)) != std::string_view::npos;
       line_start = line_end + 2) {
    auto line = head.substr(line_start, line_end - line_start);
    if (line_start == 0) { // "HTTP/1.1 101 Switching Protocols"
      auto space = line.find(' ');
      if (space != std::string_view::npos)
        std::from_chars(line.data() + space + 1, line.data() + line.size(), status);
      continue;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos &&
        to_lower(line.substr(0, colon)) == "sec-websocket-accept")
      accept = std::string{trim(line.substr(colon + 1))};
  }
  input_.erase(0, end + 4); // Whatever follows is already WebSocket frames.
  if (status != 101) {
    http_status_ = status;
    close_socket();
    return std::make_error_code(std::errc::connection_refused);
  }
  if (accept != expected_accept(key))
    return close_socket(), std::make_error_code(std::errc::protocol_error);
  open_ = true;
  return {};
}

std::error_code websocket_client::send_text(const std::string& text) {
  return send_frame(opcode::text, text);
}

std::error_code websocket_client::send_binary(const std::string& data) {
  return send_frame(opcode::binary, data);
}

std::error_code websocket_client::receive_text(std::string& out,
                                               std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  for (;;) {
    if (!open_) return std::make_error_code(std::errc::not_connected);
    frame in;
    if (auto ec = read_frame(in, deadline)) return ec;
    switch (in.op) {
    case opcode::ping:
      if (auto_pong_)
        if (auto ec = send_frame(opcode::pong, in.payload)) return ec;
      break;
    case opcode::pong:
      break;
    case opcode::close:
      on_close_frame(in.payload);
      return std::make_error_code(std::errc::connection_aborted);
    case opcode::text:
    case opcode::binary:
      if (message_type_) {
        return fail(code_protocol_error, std::errc::protocol_error);
      }
      message_type_ = in.op;
      message_ = std::move(in.payload);
      [[fallthrough]];
    case opcode::continuation:
      if (!message_type_) {
        return fail(code_protocol_error, std::errc::protocol_error);
      }
      if (in.op == opcode::continuation) message_ += in.payload;
      if (message_.size() > max_message_bytes) {
        return fail(code_too_big, std::errc::message_size);
      }
      if (in.fin) {
        bool text = *message_type_ == opcode::text;
        message_type_.reset();
        if (text) {
          out = std::move(message_);
          message_.clear();
          return {};
        }
        message_.clear(); // Binary messages are not for this client.
      }
      break;
    default:
      return fail(code_protocol_error, std::errc::protocol_error);
    }
  }
}

void websocket_client::close(uint16_t code) {
  if (!open_) return;
  if (!close_sent_) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    if (send_frame(opcode::close, payload)) return close_socket();
  }
  auto deadline = clock::now() + close_wait;
  while (open_) {
    frame in;
    if (read_frame(in, deadline)) break;
    if (in.op == opcode::close) on_close_frame(in.payload);
  }
  close_socket();
}

std::optional<uint16_t> websocket_client::close_code() const {
  return close_code_;
}

int websocket_client::http_status() const {
  return http_status_;
}

bool websocket_client::is_open() const {
  return open_;
}

void websocket_client::set_receive_buffer_bytes(int bytes) {
  receive_buffer_bytes_ = bytes;
}

void websocket_client::set_auto_pong(bool on) {
  auto_pong_ = on;
}

// -- framing ------------------------------------------------------------------------------------

std::error_code websocket_client::send_frame(opcode op, std::string_view payload) {
  if (!open_ || close_sent_) return std::make_error_code(std::errc::not_connected);
  std::string wire;
  wire.reserve(payload.size() + 14);
  wire += static_cast<char>(0x80 | static_cast<uint8_t>(op)); // FIN: we never fragment.
  if (payload.size() < 126) {
    wire += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() <= 0xFFFF) {
    wire += static_cast<char>(0x80 | 126);
    for (int shift = 8; shift >= 0; shift -= 8)
      wire += static_cast<char>((payload.size() >> shift) & 0xFF);
  } else {
    wire += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8)
      wire += static_cast<char>((static_cast<uint64_t>(payload.size()) >> shift) & 0xFF);
  }
  std::array<char, 4> mask{}; // Clients mask every frame (RFC 6455 5.3).
  for (auto& byte : mask)
    byte = static_cast<char>(random_engine()() & 0xFF);
  wire.append(mask.data(), mask.size());
  for (size_t i = 0; i < payload.size(); ++i)
    wire += static_cast<char>(payload[i] ^ mask[i % 4]);
  if (op == opcode::close) close_sent_ = true;
  return send_all(wire);
}

std::error_code websocket_client::send_all(std::string_view bytes) {
  auto deadline = clock::now() + send_timeout_;
  while (!bytes.empty()) {
    auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ec = wait_for(POLLOUT, deadline)) return ec;
      continue;
    }
    auto ec = last_error();
    close_socket();
    return ec;
  }
  return {};
}

std::error_code websocket_client::read_frame(frame& out, clock::time_point deadline) {
  for (;;) {
    auto* p = reinterpret_cast<const unsigned char*>(input_.data());
    if (input_.size() >= 2) {
      bool masked = p[1] & 0x80;
      uint64_t length = p[1] & 0x7F;
      size_t header = 2;
      if (length == 126) header = 4;
      if (length == 127) header = 10;
      if (input_.size() >= header) {
        if (header > 2) {
          length = 0;
          for (size_t i = 2; i < header; ++i)
            length = (length << 8) | p[i];
        }
        auto op = static_cast<opcode>(p[0] & 0x0F);
        bool control = (p[0] & 0x08) != 0;
        // Servers never mask; reserved bits need an extension we did not negotiate.
        if (masked || (p[0] & 0x70) || (control && length > max_control_payload)) {
          return fail(code_protocol_error, std::errc::protocol_error);
        }
        if (length > max_message_bytes) {
          return fail(code_too_big, std::errc::message_size);
        }
        if (input_.size() >= header + length) {
          out.fin = (p[0] & 0x80) != 0;
          out.op = op;
          out.payload = input_.substr(header, static_cast<size_t>(length));
          input_.erase(0, header + static_cast<size_t>(length));
          return {};
        }
      }
    }
    if (auto ec = fill(deadline)) return ec;
  }
}

std::error_code websocket_client::fill(clock::time_point deadline) {
  for (;;) {
    if (fd_ < 0) return std::make_error_code(std::errc::not_connected);
    std::array<char, read_chunk_bytes> chunk;
    auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n > 0) {
      input_.append(chunk.data(), static_cast<size_t>(n));
      return {};
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (auto ec = wait_for(POLLIN, deadline)) return ec;
      continue;
    }
    // EOF or reset without a close frame.
    close_socket();
    return std::make_error_code(std::errc::connection_reset);
  }
}

std::error_code websocket_client::wait_for(short events, clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() < 0) left = std::chrono::milliseconds{0};
    pollfd p{fd_, events, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready > 0) return {};
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return last_error();
    return std::make_error_code(std::errc::timed_out);
  }
}

void websocket_client::on_close_frame(const std::string& payload) {
  uint16_t code = code_no_status;
  if (payload.size() >= 2)
    code = static_cast<uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                 static_cast<unsigned char>(payload[1]));
  close_code_ = code;
  if (!close_sent_) {
    // Answer with the same code, then close: the server waits for our close frame.
    std::string echo{payload.substr(0, std::min<size_t>(payload.size(), 2))};
    (void)send_frame(opcode::close, echo);
  }
  close_socket();
}

std::error_code websocket_client::fail(uint16_t code, std::errc error) {
  if (open_ && !close_sent_) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    (void)send_frame(opcode::close, payload);
  }
  close_socket();
  return std::make_error_code(error);
}

void websocket_client::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  open_ = false;
}

} // namespace crm::net
