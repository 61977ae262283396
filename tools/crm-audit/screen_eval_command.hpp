#pragma once

// `crm-audit screen-eval FILE [--tenant CONFIG.json]`: screens every case of a labelled corpus
// (JSON lines, see actors/guardrails/eval.hpp) and prints precision, recall, false-positive
// rate, per-category recall and the ids of misclassified cases (never their text).

namespace crm::audit_tool {

/// `argv[0]` is "screen-eval", `argv[1]` the corpus file. Returns 0 when the report was printed,
/// 1 when a file could not be read or the tenant config is invalid, 2 on bad usage.
int run_screen_eval(int argc, char** argv);

} // namespace crm::audit_tool
