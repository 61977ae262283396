#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

std::span<const builtin_list> builtin_lists() {
  static const builtin_list lists[] = {
      {"en", "en", builtin_terms_en()}, {"en.injection", "en", builtin_terms_en_injection()},
      {"es", "es", builtin_terms_es()}, {"de", "de", builtin_terms_de()},
      {"fr", "fr", builtin_terms_fr()}, {"pt", "pt", builtin_terms_pt()},
  };
  return lists;
}

} // namespace crm::guardrails
