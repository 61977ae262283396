#include "store/errc.hpp"

namespace crm::store {

namespace {

class category final : public std::error_category {
public:
  const char* name() const noexcept override { return "crm.store"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
    case errc::ok:
      return "ok";
    case errc::io_error:
      return "storage I/O error";
    case errc::map_full:
      return "storage map size exhausted";
    case errc::not_found:
      return "not found";
    case errc::version_conflict:
      return "version conflict";
    case errc::corrupt_record:
      return "corrupt record";
    case errc::crypto_error:
      return "encryption or decryption failed";
    case errc::read_only:
      return "store opened read-only";
    }
    return "unknown store error";
  }
};

} // namespace

const std::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

} // namespace crm::store
