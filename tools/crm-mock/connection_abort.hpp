#pragma once

// Drops a client's connection without an answer (the `close` and `hang` faults).
//
// net::http_server always answers a request (a responder dropped unanswered sends 500), so the
// mock reaches under it: it finds the accepted socket by its peer address and our listening
// port and shuts it down both ways. The client sees the connection end with no response byte;
// the server's own later write then fails and it closes the socket as usual. shutdown(), unlike
// close(), leaves the descriptor to its owner, so there is no descriptor-reuse race.
// Linux only (/proc/self/fd); a linear scan of open descriptors, fine on a fault path.

#include <cstdint>
#include <string_view>

namespace crm::mock {

/// `peer` is net::http_request::remote (`127.0.0.1:5432`, `[::1]:5432`). False when no open
/// socket matched (the client already left).
bool abort_connection(std::string_view peer, uint16_t local_port);

} // namespace crm::mock
