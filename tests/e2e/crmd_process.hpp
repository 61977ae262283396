#pragma once

// Starts the real `crmd` on loopback (port 0, a fresh data dir) and talks to it over HTTP.

#include "child_process.hpp"
#include "net/http_client.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace crm::test {

inline constexpr const char* admin_token = "e2e-admin-token";
inline constexpr const char* app_secret = "e2e-app-secret";
inline constexpr const char* verify_token = "e2e-verify-token";

class crmd_process {
public:
  /// Creates a fresh data dir (kept across restart(), removed by the destructor).
  crmd_process();
  ~crmd_process();

  /// Starts crmd and waits until /readyz answers; extra flags are appended.
  void start(std::vector<std::string> extra_args = {});
  /// SIGTERM and wait; returns the exit status.
  int stop();
  /// SIGKILL and reap.
  void kill_hard();
  void restart() {
    stop();
    start(last_args_);
  }
  bool running() const { return child_->running(); }

  uint16_t port() const { return port_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::string log() const;

  net::client_response call(const std::string& method, const std::string& target,
                            const std::string& body = {},
                            std::vector<std::pair<std::string, std::string>> headers = {}) const;
  net::client_response admin(const std::string& method, const std::string& target,
                             const std::string& body = {}) const;
  /// Sets the default tenant's WhatsApp app secret and verify token through the admin API.
  void configure_whatsapp() const;
  /// Creates an ingest key for a tenant; returns the key.
  std::string create_ingest_key(const std::string& tenant = "default") const;

private:
  std::filesystem::path data_dir_;
  std::unique_ptr<child_process> child_;
  std::vector<std::string> last_args_;
  uint16_t port_ = 0;
};

/// A WhatsApp Cloud API body with one text message per (wamid, from, text).
struct wa_message {
  std::string id;
  std::string from;
  std::string text;
  std::string type = "text";
};
std::string whatsapp_body(const std::vector<std::vector<wa_message>>& changes,
                          const std::vector<std::string>& status_ids = {});
std::string sign(const std::string& body, const std::string& secret = app_secret);
/// POSTs a signed webhook to the default tenant.
net::client_response post_webhook(const crmd_process& node, const std::string& body,
                                  const std::string& tenant = "default");

boost::json::value json_of(const net::client_response& response);

/// Runs a program to completion; returns its exit code and fills `output` with stdout.
int run_program(const std::vector<std::string>& argv, std::string& output);

} // namespace crm::test
