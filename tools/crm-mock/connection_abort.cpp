#include "connection_abort.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>

namespace crm::mock {

namespace {

/// The same text net::http_server puts in http_request::remote.
std::string endpoint_text(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    return std::string{text} + ":" + std::to_string(ntohs(v4.sin_port));
  }
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    return "[" + std::string{text} + "]:" + std::to_string(ntohs(v6.sin6_port));
  }
  return {};
}

uint16_t port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return 0;
}

} // namespace

bool abort_connection(std::string_view peer, uint16_t local_port) {
  if (peer.empty()) return false;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  bool found = false;
  while (auto* item = readdir(dir)) {
    if (item->d_name[0] < '0' || item->d_name[0] > '9') continue;
    int fd = std::atoi(item->d_name);
    sockaddr_storage local{};
    socklen_t local_size = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
    if (port_of(local) != local_port) continue;
    sockaddr_storage remote{};
    socklen_t remote_size = sizeof remote;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_size) != 0) continue;
    if (endpoint_text(remote) != peer) continue;
    ::shutdown(fd, SHUT_RDWR);
    found = true;
    break;
  }
  closedir(dir);
  return found;
}

} // namespace crm::mock
