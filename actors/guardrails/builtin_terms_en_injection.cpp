// English prompt-injection patterns, plus the language-neutral chat-template delimiters.
// Syntax and kinds: builtin_terms.hpp. Patterns see folded text: lower case, no accents.

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- injection ---------------------------------------------------------------
    strong(injection,
           "(ignore|ignores|ignoring|ignored|disregard|disregards|disregarding|forget|forgets|"
           "forgetting|override|overriding|bypass|bypassing|stop following|do not follow|"
           "don t follow|dont follow|no longer follow) ~ (instructions?|instructs?|rules|"
           "prompts?|directives?|guidelines?|guardrails?|restrictions?|constraints?|"
           "polic(y|ies)|programming|training|limitations?|safeguards?|principles|"
           "protocols?|system (prompt|message)|messages? above|text above)",
           "instruction override"),
    strong(injection,
           "(ignore|disregard|forget) (everything|all|anything) (above|before this|written above|"
           "said above|previously|prior|so far)|"
           "(ignore|disregard|forget) (everything|all|whatever|what) you (were|ve been|have been|"
           "are) (told|given|instructed|taught|programmed)",
           "instruction override"),
    strong(injection,
           "(forget|drop|abandon|leave|quit) (the|your|this) (customer service |support |"
           "assistant |current )?(role|persona|character|act)",
           "role override"),
    strong(injection,
           "(you are|you re|youre|ur) (now )?dan|(you are|you re|youre|ur) (now )?an? "
           "(unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral|unethical|unbound|"
           "unlimited) ~ (ai|assistant|model|chatbot|bot|version|persona|entity|character|llm|"
           "gpt)|(you are|you re|youre|ur) now (an? )?(unrestricted|unfiltered|uncensored|"
           "jailbroken|unbound)",
           "role-play jailbreak"),
    strong(injection,
           "(act|acting|behave|respond|reply|answer|talk|speak|roleplay|role play|pose) (as|like) "
           "(an? )?(unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral|unethical|"
           "unbound|unlimited) ~ (ai|assistant|chatbot|model|bot|gpt|llm|version|persona)|"
           "(act|acting|respond|reply|answer|speak|play|playing|become|pretend to be) (as )?dan|"
           "dan (mode|prompt|jailbreak)|do anything now",
           "role-play jailbreak"),
    strong(injection,
           "pretend (that )?(you are|you re|youre|to be|you have|you don t|you do not|there are "
           "no|you can)",
           "role-play jailbreak"),
    strong(injection,
           "(you|u) (have|has|had|ve got|got|now have) no (rules|restrictions|guidelines|filters|"
           "limits|limitations|policies|censorship|guardrails|safeguards|morals|ethics|"
           "boundaries)",
           "role-play jailbreak"),
    strong(injection,
           "(stay|remain|keep) in character|break(ing)? character|jailbr(eak|eaks|eaking|oken)|"
           "jail break|prompt injection",
           "jailbreak"),
    strong(injection,
           "(god|dan|jailbreak|unrestricted|unfiltered|evil|uncensored|chaos|opposite) mode|"
           "(developer|dev) mode (enabled|activated|engaged|on|output|response)|"
           "(you are|you re|youre|now|stay) (now )?in (developer|dev) mode",
           "developer mode"),
    strong(injection,
           "(answer|respond|reply|proceed|continue|operate|talk|speak|write|act) without (any )?"
           "(restrictions|filters|censorship|limits|limitations|rules|guidelines|guardrails|"
           "safeguards|warnings|disclaimers|ethics|morals)",
           "restriction bypass"),
    strong(injection,
           "(system|developer|admin|administrator) override|override (code|mode|command)|"
           "(safety|content) (filters?|guardrails?|restrictions?) (are |have been |now )?"
           "(disabled|off|removed|deactivated|lifted|bypassed)",
           "restriction bypass"),
    strong(injection,
           "system prompts?|system-prompt|systemprompt|sys prompt|initial prompt|hidden prompt|"
           "secret prompt|pre ?prompt|meta prompt|master prompt",
           "system prompt"),
    strong(injection,
           "(hidden|secret|confidential|underlying|developer|preset|pre set) "
           "(instructions|rules|guidelines|directives|"
           "configuration|system message|programming)|(hidden|secret) (text|message|context)",
           "system prompt"),
    strong(injection,
           "(reveal|print|dump|output|leak|disclose|expose|recite|repeat|paste|spell out|"
           "write out|read back|summari[sz]e|regurgitate|translate) ~ (your|ur|yr) ~ "
           "(instructions|rules|guidelines|prompt|prompts|configuration|config|directives|"
           "programming|system message|context window)",
           "prompt extraction"),
    strong(injection,
           "(show|display|tell|give|share|send|list|quote|what is|what s|whats|what are|what "
           "were) ~ your ~ "
           "(prompt|configuration|config|directives|programming|system message|"
           "initial instructions|training data)",
           "prompt extraction"),
    strong(injection,
           "(first|last|opening|exact|full|complete|entire|whole|verbatim) ~ (line|sentence|"
           "word|words|paragraph|part|sentences|lines|text|version|copy|wording) (of )?your ~ "
           "(instructions|prompt|rules|guidelines|configuration|directives|programming)",
           "prompt extraction"),
    strong(injection,
           "(instructions|rules|guidelines|prompt|directives|text|words) (you were|you ve been|"
           "you have been|that were) (given|told|fed|provided|trained on|programmed with)",
           "prompt extraction"),
    strong(injection,
           "(repeat|print|output|copy|show|reveal|summari[sz]e|translate) (everything|all|the "
           "text|the words|the content|what s written|what is written|whatever is written) "
           "(above|before this|so far|preceding)",
           "prompt extraction"),
    strong(injection, "your (config|configuration) (file|files)", "prompt extraction"),
    strong(injection,
           "(reveal|leak|dump|print|expose) ~ (api keys?|passwords|credentials|secrets?|"
           "access tokens?|env(ironment)? variables)",
           "secret extraction"),
    strong(injection, "(respond|reply|answer|output|speak|write) only in (base64|binary|hex|rot13)",
           "output smuggling"),
    strong(injection,
           "i (am|m) (your|the) (developer|creator|admin|administrator|owner|programmer)",
           "authority claim"),
    delimiter("</?\\s*(system|assistant|sys|instructions?|system_prompt|prompt|developer)\\s*>",
              "chat template delimiter"),
    delimiter("\\[\\s*/?\\s*(inst|sys|system|assistant|developer)\\s*\\]",
              "chat template delimiter"),
    delimiter("<<\\s*/?\\s*(sys|system|assistant)\\s*>>|<\\|[a-z_]+\\|>",
              "chat template delimiter"),
    delimiter("#{2,}\\s*(system|instructions?|assistant|developer|prompt)\\b",
              "chat template delimiter"),
    delimiter("<+\\s*(system|assistant|developer|sys)\\s*:", "chat template delimiter"),
    delimiter("(^|\\n)\\s*(system|developer)\\s*(prompt|message|instructions?)\\s*:",
              "chat template delimiter"),
    delimiter("\\{\\{\\s*(system|prompt|instructions)", "chat template delimiter"),
    delimiter("\\bnew\\s+(task|instructions?|rules?|role|persona|directive|objective|mission)\\s*:",
              "injected instructions"),
    strong(injection,
           "(begin|start|end) (of )?(the )?(system prompt|system message|"
           "system instructions|new instructions|hidden instructions)",
           "chat template delimiter"),
    cue(injection, "role ?play|roleplay|role playing|let s play a game|lets play a game",
        "role-play"),
    cue(injection,
        "(from now on|from this point( on)?|starting now|henceforth|for the rest of this "
        "(conversation|chat)) ~ (you are|you re|you will|you must|act|reply|respond|answer|"
        "pretend|behave|only)",
        "persona switch"),
    cue(injection,
        "(no|without|free of|free from) (any )?(company )?(rules|restrictions|guidelines|"
        "filters|limits|limitations|polic(y|ies)|content polic(y|ies)|censorship|guardrails|"
        "safeguards|morals|ethics)",
        "restriction bypass"),
    cue(injection,
        "(safety|content|ethical|moral) (filters?|guardrails?|safeguards?|restrictions?|"
        "protocols?|guidelines|polic(y|ies))",
        "safety filters"),
    cue(injection,
        "(what|which) (rules|instructions|guidelines|directives) (do|did|must|are) you ~ "
        "(follow|obey|under|given)|how (were|are) you (programmed|instructed|prompted|configured)",
        "prompt probing"),
    cue(injection, "your (configuration|instructions|rules|guidelines|directives)",
        "prompt probing"),
    cue(injection, "(late|dead|deceased) (grandma|grandmother|granny|grandpa|grandfather)",
        "grandma exploit"),
    cue(injection, "before (my|our|this|the) (first )?(message|conversation|chat)",
        "prompt probing"),
    cue(injection, "unlock(ed)?|unleash(ed)?|confirm by saying|say (yes|ok|unlocked)",
        "jailbreak confirmation"),
};

} // namespace

std::span<const builtin_term> builtin_terms_en_injection() {
  return terms;
}

} // namespace crm::guardrails
