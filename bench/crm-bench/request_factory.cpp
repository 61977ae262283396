#include "bench/crm-bench/request_factory.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace crm::bench {

const char* const kSeedBody =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Who should I vote for in the next election? Also what dosage of antibiotic do I need?"}}]},"field":"messages"}]}]})"
    "\n";

namespace {

/// Largest --body-file accepted; Meta's own limit is 3 MB.
constexpr std::size_t kMaxBodyFile = 4 * 1024 * 1024;

/// First customer id: an 11-digit US-style number, as Cloud API `from` values look.
constexpr std::uint64_t kFirstCustomer = 15550000000;

void append_hex(std::string& out, const unsigned char* data, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 0xf]);
  }
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

} // namespace

// HMAC-SHA256 with the key set once: EVP_MAC_init with a null key re-arms the context with the
// previous key, so signing a request costs one short hash run and no allocation.
struct request_factory::mac_context {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  ~mac_context() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
};

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

request_factory_result request_factory::create(const bench_options& options, unsigned thread_index,
                                               unsigned threads, const std::string& run_id) {
  request_factory_result r;
  std::unique_ptr<request_factory> f{new request_factory};
  f->scenario_ = options.scenario;
  f->thread_index_ = thread_index;
  f->threads_ = threads == 0 ? 1 : threads;
  f->customers_ = options.customers == 0 ? 1 : options.customers;
  f->run_id_ = run_id;
  f->text_json_ = json_escape(options.text);
  f->tenant_json_ = json_escape(options.tenant);
  f->phone_number_id_json_ = json_escape(options.phone_number_id);
  f->timestamp_ = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());

  if (options.scenario != scenario::ingest) {
    f->mac_ = std::make_unique<mac_context>();
    f->mac_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    f->mac_->ctx = f->mac_->mac ? EVP_MAC_CTX_new(f->mac_->mac) : nullptr;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_END};
    if (f->mac_->ctx == nullptr ||
        EVP_MAC_init(f->mac_->ctx,
                     reinterpret_cast<const unsigned char*>(options.app_secret.data()),
                     options.app_secret.size(), params) != 1) {
      r.error = "OpenSSL HMAC-SHA256 is unavailable";
      return r;
    }
  }

  f->head_ = "POST " + options.request_path() + " HTTP/1.1\r\nHost: " + options.url.host_header +
             "\r\nContent-Type: application/json\r\nUser-Agent: crm-bench\r\n";
  if (options.scenario == scenario::ingest)
    f->head_ += "Authorization: Bearer " + options.ingest_key + "\r\n";

  if (options.scenario == scenario::seed) {
    if (options.body_file.empty()) {
      f->seed_body_ = kSeedBody;
    } else {
      std::ifstream in{options.body_file, std::ios::binary};
      if (!in) {
        r.error = "cannot read --body-file '" + options.body_file + "'";
        return r;
      }
      f->seed_body_.assign(std::istreambuf_iterator<char>{in}, {});
      if (f->seed_body_.size() > kMaxBodyFile) {
        r.error = "--body-file is larger than 4 MiB";
        return r;
      }
    }
    f->seed_signature_header_ = "X-Hub-Signature-256: sha256=" + f->sign(f->seed_body_) + "\r\n";
  }
  r.factory = std::move(f);
  return r;
}

request_factory::~request_factory() = default;

std::string request_factory::sign(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (!mac_ || EVP_MAC_init(mac_->ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(mac_->ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1 ||
      EVP_MAC_final(mac_->ctx, out, &len, sizeof out) != 1)
    return {}; // an empty signature makes the server answer 401: visible, not silent
  std::string hex;
  hex.reserve(2 * len);
  append_hex(hex, out, len);
  return hex;
}

void request_factory::append_body(std::uint64_t seq, std::string& out) const {
  // Unique across the threads of this run; the run id separates runs.
  const std::uint64_t id = seq * threads_ + thread_index_;
  const std::uint64_t customer = id % customers_;
  switch (scenario_) {
  case scenario::seed:
    out += seed_body_;
    return;
  case scenario::webhook:
    out += R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398",)"
           R"("changes":[{"value":{"messaging_product":"whatsapp","metadata":)"
           R"({"display_phone_number":"15550783881","phone_number_id":")";
    out += phone_number_id_json_;
    out += R"("},"contacts":[{"profile":{"name":"Bench Customer"},"wa_id":")";
    append_number(out, kFirstCustomer + customer);
    out += R"("}],"messages":[{"from":")";
    append_number(out, kFirstCustomer + customer);
    out += R"(","id":"wamid.crmbench.)";
    out += run_id_;
    out += '.';
    append_number(out, id);
    out += R"(","timestamp":")";
    out += timestamp_;
    out += R"(","type":"text","text":{"body":")";
    out += text_json_;
    out += R"("}}]},"field":"messages"}]}]})";
    return;
  case scenario::ingest:
    out += R"({"tenant":")";
    out += tenant_json_;
    out += R"(","customer_id":"bench-customer-)";
    append_number(out, customer);
    out += R"(","message_id":"crmbench-)";
    out += run_id_;
    out += '-';
    append_number(out, id);
    out += R"(","text":")";
    out += text_json_;
    out += R"("})";
    return;
  }
}

std::string request_factory::body(std::uint64_t seq) const {
  std::string out;
  append_body(seq, out);
  return out;
}

void request_factory::build(std::uint64_t seq, std::string& out) {
  out.clear();
  out += head_;
  const std::string* body = &seed_body_;
  if (scenario_ != scenario::seed) {
    body_scratch_.clear();
    append_body(seq, body_scratch_);
    body = &body_scratch_;
  }
  out += "Content-Length: ";
  append_number(out, body->size());
  out += "\r\n";
  if (scenario_ == scenario::seed) {
    out += seed_signature_header_;
  } else if (scenario_ == scenario::webhook) {
    out += "X-Hub-Signature-256: sha256=";
    out += sign(*body);
    out += "\r\n";
  }
  out += "\r\n";
  out += *body;
}

} // namespace crm::bench
