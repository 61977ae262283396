#include "audit_source.hpp"

#include "net/http_client.hpp"
#include "store/audit_json.hpp"

#include <boost/json.hpp>

namespace crm::audit_tool {

namespace {

std::string url_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0f]);
    }
  }
  return out;
}

template <class Integer>
bool read_integer(const boost::json::object& obj, std::string_view name, Integer& out) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || !(v->is_int64() || v->is_uint64())) return false;
  boost::json::error_code ec;
  out = v->to_number<Integer>(ec);
  return !ec;
}

class remote_source final : public audit_source {
public:
  remote_source(std::string host, uint16_t port, std::string prefix, std::string token)
      : host_(std::move(host)), port_(port), prefix_(std::move(prefix)), token_(std::move(token)) {
    while (!prefix_.empty() && prefix_.back() == '/')
      prefix_.pop_back();
  }

  bool verify(store::chain_verdict& out, std::string& error) override {
    boost::json::value body;
    if (!get("/admin/audit/verify", body, error)) return false;
    const auto* obj = body.if_object();
    const boost::json::value* ok = obj ? obj->if_contains("ok") : nullptr;
    const boost::json::value* head = obj ? obj->if_contains("head_hash") : nullptr;
    store::chain_verdict v;
    if (ok == nullptr || !ok->is_bool() || head == nullptr || !head->is_string() ||
        !read_integer(*obj, "records", v.records)) {
      error = "unexpected verify answer from " + host_;
      return false;
    }
    v.ok = ok->get_bool();
    v.head_hash = std::string{head->get_string()};
    if (!v.ok && !read_integer(*obj, "first_bad_seq", v.first_bad_seq)) {
      error = "verify answer without first_bad_seq";
      return false;
    }
    out = std::move(v);
    return true;
  }

  bool query(const store::audit_filter& f, store::audit_page& out, std::string& error) override {
    std::string target = "/admin/audit?since_seq=" + std::to_string(f.since_seq) +
                         "&limit=" + std::to_string(f.limit);
    auto add = [&target](const char* name, const std::string& value) {
      if (!value.empty()) target += std::string{"&"} + name + "=" + url_encode(value);
    };
    add("tenant", f.tenant);
    add("client_id", f.client_id);
    add("event_token", f.event_token);
    add("classification", f.classification);
    add("status", f.status);
    add("state", f.state);
    boost::json::value body;
    if (!get(target, body, error)) return false;
    const auto* obj = body.if_object();
    const boost::json::value* records = obj ? obj->if_contains("records") : nullptr;
    store::audit_page page;
    if (records == nullptr || !records->is_array() ||
        !read_integer(*obj, "next_since_seq", page.next_since_seq)) {
      error = "unexpected audit answer from " + host_;
      return false;
    }
    for (const auto& item : records->get_array()) {
      store::audit_record r;
      if (store::parse_audit_json(boost::json::serialize(item), r)) {
        error = "undecodable audit record from " + host_;
        return false;
      }
      page.records.push_back(std::move(r));
    }
    out = std::move(page);
    return true;
  }

private:
  bool get(const std::string& path, boost::json::value& body, std::string& error) {
    net::client_request request;
    request.method = "GET";
    request.target = prefix_ + path;
    if (!token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
    std::error_code ec;
    auto response = net::http_call(host_, port_, request, ec);
    if (ec) {
      error = "cannot reach " + host_ + ":" + std::to_string(port_) + ": " + ec.message();
      return false;
    }
    boost::json::error_code jec;
    body = boost::json::parse(response.body, jec);
    if (response.status != 200) {
      error = "HTTP " + std::to_string(response.status) + " from " + request.target;
      if (!jec && body.is_object()) {
        if (const auto* detail = body.get_object().if_contains("error");
            detail && detail->is_string())
          error += ": " + std::string{detail->get_string()};
      }
      return false;
    }
    if (jec) {
      error = "malformed JSON from " + request.target;
      return false;
    }
    return true;
  }

  std::string host_;
  uint16_t port_;
  std::string prefix_;
  std::string token_;
};

} // namespace

std::unique_ptr<audit_source>
make_remote_source(const std::string& url, const std::string& admin_token, std::string& error) {
  std::string host;
  uint16_t port = 0;
  std::string prefix;
  if (!net::split_http_url(url, host, port, prefix)) {
    error = "--url must look like http://host:port";
    return nullptr;
  }
  if (admin_token.empty()) {
    error = "remote mode needs --admin-token (or CRMD_ADMIN_TOKEN)";
    return nullptr;
  }
  return std::make_unique<remote_source>(host, port, prefix, admin_token);
}

} // namespace crm::audit_tool
