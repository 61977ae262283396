#pragma once

// What http_server hands to `on_upgrade`: the socket (on its strand), the bytes already read
// past the request, and the request itself, ready for `websocket::stream::async_accept(request)`.
// Includes Beast: only the server and the WebSocket code include this header.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace crm::net {

struct upgraded_connection {
  boost::beast::tcp_stream stream;  ///< Its executor is the connection's strand.
  boost::beast::flat_buffer buffer; ///< May hold the first frames if the client sent them early.
  boost::beast::http::request<boost::beast::http::string_body> request;
};

} // namespace crm::net
