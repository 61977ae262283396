// English built-in terms: political, legal and medical, and business idioms (injection
// patterns: builtin_terms_en_injection.cpp).
// Syntax and kinds: builtin_terms.hpp. Patterns see folded text: lower case, no accents.

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- political ---------------------------------------------------------------
    strong(political, "elections?", "election"),
    strong(political, "electoral|electorate", "electoral"),
    strong(political, "referendums?|referenda", "referendum"),
    strong(political, "politics|political|politically|politicians?|geopolitics", "politics"),
    strong(political,
           "democrats|democratic party|republicans|gop|tories|tory party|labour party|"
           "liberals|conservatives|progressives|socialists|communists?|communism|fascists?|"
           "fascism|libertarians|leftists|left wing|right wing|far left|far right|alt right|maga",
           "political party"),
    strong(political,
           "prime minister|head of state|donald trump|trump|biden|obama|putin|zelensky[iy]?|"
           "macron|netanyahu|kamala harris|xi jinping|narendra modi|bolsonaro|le pen|starmer|"
           "sunak|trudeau|meloni|erdogan|kim jong un",
           "politician"),
    strong(political,
           "senators?|congress(wo)?m[ae]n|congresspeople|members? of (parliament|congress)",
           "legislator"),
    strong(political,
           "(presidential|mayoral|gubernatorial|parliamentary|congressional|senate|midterm) "
           "(elections?|races?|campaigns?|candidates?|debates?|primar(y|ies)|seats?|runoff)",
           "election"),
    strong(political, "mayoral|gubernatorial|midterms", "election"),
    strong(political, "impeach(ment|ed)?|coup d etat|military coup|coup attempt", "impeachment"),
    strong(political, "polling (stations?|places?|booths?)|opinion polls?|exit polls?",
           "opinion poll"),
    strong(political,
           "who (should|do|would|shall|will|must|can) (i|we|you|people) vote|who to vote for|"
           "(which|what) (candidate|party|politician|side)s? (should|do|would|will|to) "
           "(i |we |you )?(vote|support|back|elect)",
           "voting advice"),
    strong(political,
           "governing coalition|ruling (party|coalition)|opposition (party|leader)|leader of "
           "the opposition",
           "governing coalition"),
    strong(political,
           "abortion|gun control|gun rights|second amendment|death penalty|same sex marriage|"
           "gay marriage|border wall|hamas|nato",
           "political issue"),
    strong(political,
           "(immigration|climate|foreign|tariff|trade|border|drug|gun|abortion) "
           "(bill|policy|policies|reform|law|debate) (of|by|in|from) (the )?(government|"
           "congress|parliament|senate|president|administration)",
           "government policy"),
    strong(political, "(immigration|abortion|gun|tariff) (bill|reform|ban)", "government policy"),
    strong(political, "dictator(s|ship)?|authoritarian regime", "dictatorship"),
    strong(political,
           "(liberal|conservative|progressive|left wing|right wing|democrat|republican|labour|"
           "tory|green) (or|vs|versus) (a )?(liberal|conservative|progressive|left wing|"
           "right wing|democrat|republican|labour|tory|green)|(are you|is your company|you re) "
           "(a )?(liberal|conservative|leftist|right winger|democrat|republican)|(vote|voting|"
           "support|back) (for )?(the )?(labour|tory|tories|conservatives?|democrats?|"
           "republicans?|liberal democrats|lib dems|greens|green party|reform uk)",
           "political leaning"),
    cue(political, "presidents?|president s", "president"),
    cue(political, "candidates?", "candidate"),
    cue(political, "ballots?", "ballot"),
    cue(political, "polls", "polls"),
    cue(political, "voters?", "voter"),
    cue(political, "coalition", "coalition"),
    cue(political, "parliament|congress|senate", "legislature"),
    cue(political, "legislation|lawmakers?|legislators?", "legislation"),
    cue(political, "immigration|immigrants?|refugees?|asylum|deportations?", "immigration"),
    cue(political, "democracy|regime|ministers?|chancellor", "government"),
    cue(political, "protesters|protestors|lobbying|lobbyists?", "protest"),
    cue(political, "(your|the company s|company) (opinion|view|stance|position) on", "opinion"),
    weak(political, "government|governments|administration", "government"),
    weak(political, "governor|mayor", "governor"),
    weak(political, "vote|votes|voted|voting", "vote"),
    weak(political, "campaign|campaigns|campaigning", "campaign"),
    weak(political, "party|parties", "party"),
    weak(political, "protest|protests|protesting|petition", "protest"),
    weak(political, "liberal|conservative|progressive", "ideology"),
    weak(political, "tariffs?|tariff policy|budget|taxes", "economic policy"),
    weak(political, "win|winning|won|lose|losing|race|seat|ahead", "contest"),

    // -- legal -------------------------------------------------------------------
    strong(legal, "lawsuits?|litigation|litigat(e|ing)", "lawsuit"),
    strong(legal, "sued|suing", "sue"),
    strong(legal,
           "(i ll|ill|i will|i am going to|i m going to|im going to|gonna|going to|want to|"
           "need to|plan to|planning to|threaten(ed)? to|right to|able to|can i|could i|"
           "should i|shall i|can we|should we|will|would) sue",
           "sue"),
    strong(legal,
           "sue (you for|the company|this company|your company|the shop|my (employer|landlord|"
           "boss|neighbou?r|school|doctor|ex))",
           "sue"),
    strong(legal,
           "(take|taking|took|drag|dragging|bring|bringing) ~ to court|see you in court|"
           "go(ing)? to court|small claims|court (order|summons|ruling|injunction)",
           "court action"),
    strong(legal,
           "legal (action|advice|proceedings?|dispute|claim|counsel|representation|rights|aid|"
           "obligation|grounds|standing|loophole|precedent)",
           "legal advice"),
    strong(legal,
           "is (it|this|that) (even )?(legal|illegal|lawful|unlawful)|"
           "(legal|illegal|lawful|unlawful) (for|to) (me|you|him|her|them|us|my|a|an|the)|"
           "against the law|break(ing)? the law",
           "legality"),
    strong(legal,
           "(do|am|are|is|can|must|should|was|would) (i|we|they|you|he|she|it) legally|"
           "legally (required|obliged|obligated|entitled|allowed|binding|responsible)",
           "legal obligation"),
    strong(legal,
           "(who is|who s|whos|am i|are (you|we|they)|is (he|she|it|the [a-z]+|my [a-z]+)) "
           "(legally )?liable",
           "liability"),
    strong(legal, "what are (my|our|his|her|their) (legal )?rights|(my|our) legal rights",
           "legal rights"),
    // Two entries: as one alternation Hyperscan takes twenty times longer to compile it.
    strong(legal,
           "(get|hire|need|call|contact|consult|speak to|talk to|involve|ask) (a|an|my|our) "
           "(lawyer|attorney|solicitor|barrister)s?",
           "lawyer"),
    strong(legal, "without (a|an|my) (lawyer|attorney|solicitor)", "lawyer"),
    strong(legal, "prosecutors?|prosecut(e|ed|ion)|defendants?|plaintiffs?", "prosecution"),
    strong(legal,
           "child custody|(joint|sole|full) custody|custody (battle|dispute|hearing|case|rights)|"
           "visitation rights|child support|alimony|prenup|prenuptial|custody of (my|our|the|"
           "his|her) (kids|children|child|son|daughter|baby)",
           "family law"),
    strong(legal,
           "(write|writing|draft|drafting|make|making|contest|contesting) (a|my|his|her|their|"
           "the) (valid |legal |last )?(will|testament)|last will|will and testament|"
           "living will|probate|power of attorney|executor of",
           "will and testament"),
    strong(legal,
           "restraining order|cease and desist|injunction|subpoena(ed)?|affidavit|deposition",
           "court order"),
    strong(legal,
           "criminal (record|charges?|case|offen[cs]e|lawyer|law)|charged with|"
           "press(ing)? charges|arrested|convicted|conviction|plead(ed)? guilty|sentenced",
           "criminal law"),
    strong(legal, "breach(ed|ing)? (of )?(the |my |our |a )?(contract|agreement)|contract law",
           "breach of contract"),
    strong(legal, "(wrongful|unfair|unlawful|illegal) (termination|dismissal|eviction|firing)",
           "wrongful dismissal"),
    strong(legal,
           "(can|could|may|is) (my|the|a|an) (employer|boss|landlord|manager|neighbou?r) "
           "(legally )?(allowed to )?(fire|sack|dismiss|terminate|evict|sue|withhold|deduct|"
           "keep my deposit)",
           "employment law"),
    strong(legal, "defamation|defamatory|libel|slander", "defamation"),
    strong(legal, "(copyright|trademark|patent) infringement|class action", "infringement"),
    strong(legal, "statute of limitations|personal injury claim|negligence claim", "legal claim"),
    cue(legal, "lawyers?|attorneys?|solicitors?|barristers?|legal counsel", "lawyer"),
    cue(legal, "judges?|jury|verdict|testify|testimony|parole", "court"),
    cue(legal, "custody|divorce|eviction|evict(ed)?", "family law"),
    cue(legal, "court (case|date|hearing|action|appearance)", "court action"),
    cue(legal, "legally|illegal|illegally|unlawful(ly)?", "legality"),
    cue(legal, "liable|liability", "liability"),
    cue(legal,
        "speeding ticket|parking ticket|traffic (ticket|fine)|dui|dwi|drunk driving|jail|prison",
        "offence"),
    cue(legal, "(tenant|employee|workers?|consumer) rights", "legal rights"),
    weak(legal, "court|courts", "court"),
    weak(legal, "case|cases", "case"),
    weak(legal, "trial|trials", "trial"),
    weak(legal, "charge|charges|charged", "charge"),
    weak(legal, "sentence|sentences", "sentence"),
    weak(legal, "law|laws|legal", "law"),
    weak(legal, "sue", "sue"),
    weak(legal, "employer|landlord|boss|neighbou?r", "counterparty"),
    weak(legal, "fire me|fired me|evict me|bail|probation|settlement|witness", "dispute"),
    weak(legal, "rights|chances|ticket", "claim"),

    // -- medical -----------------------------------------------------------------
    strong(medical,
           "ibuprofen|paracetamol|acetaminophen|tylenol|advil|motrin|aspirin|naproxen|aleve|"
           "painkillers?|pain killers?",
           "painkiller"),
    strong(medical, "antibiotics?|amoxicillin|penicillin|azithromycin|ciprofloxacin|doxycycline",
           "antibiotic"),
    strong(medical, "melatonin|sleeping pills?|zolpidem|ambien", "sleep aid"),
    strong(medical,
           "antidepressants?|ssris?|sertraline|zoloft|prozac|fluoxetine|citalopram|"
           "escitalopram|lithium|antipsychotics?",
           "antidepressant"),
    strong(medical, "xanax|alprazolam|valium|diazepam|benzodiazepines?|benzos", "sedative"),
    strong(medical,
           "adderall|ritalin|opioids?|oxycodone|hydrocodone|fentanyl|morphine|codeine|tramadol",
           "controlled drug"),
    strong(medical, "insulin|metformin|ozempic|semaglutide|wegovy|mounjaro", "diabetes drug"),
    strong(medical,
           "statins?|atorvastatin|warfarin|blood thinners?|prednisone|antihistamines?|"
           "benadryl|zyrtec|viagra|cialis|birth control|contraceptives?|morning after pill",
           "medication"),
    strong(medical, "chemo|chemotherapy|radiotherapy|radiation therapy", "cancer treatment"),
    strong(medical, "overdos(e|ed|es|ing)", "overdose"),
    strong(medical,
           "(what|which|how much|how many) (dose|dosage|mg|milligrams|pills|tablets) ~ "
           "(should|can|do|must|may) (i|we|he|she|my [a-z]+) (take|give|have)|"
           "how (to|do i|can i|should i) treat (a|an|my|his|her|this) ~ (rash|infection|fever|"
           "cough|burn|wound|cold|flu|uti|headache|migraine|sprain|cut|bite|sting|allergy)",
           "self-medication"),
    strong(medical, "diagnosed with|misdiagnos(ed|is)|medical advice|second opinion", "diagnosis"),
    strong(medical,
           "(see|call|ask|consult|visit|go to) (a|my|the|your) (doctor|gp|physician|"
           "pediatrician|paediatrician|dermatologist|specialist)|go to (the )?(er|hospital|a&e)",
           "doctor"),
    strong(medical,
           "sore throat|shortness of breath|chest pains?|chest ~ (tight|tightness|hurts|"
           "aches)|tightness in (my|the) chest|palpitations|diarrh?o?ea|vomit(ing|ed)?|"
           "(back|joint|stomach|abdominal|chronic|nerve|knee|hip|neck) pain|"
           "blood in (my|the) (stool|urine|poo|pee)",
           "symptom"),
    strong(medical,
           "(broken|fractured|sprained|dislocated|twisted|torn) (my |his |her |a )?(arm|leg|wrist|"
           "ankle|bone|finger|toe|rib|nose|shoulder|knee|ligament|muscle)",
           "injury"),
    strong(medical,
           "cancer|tumou?rs?|heart attack|heart disease|pneumonia|bronchitis|strep throat|"
           "urinary tract infection|utis?|hiv|herpes|hepatitis|alzheimer s?|dementia|parkinson s?|"
           "epilepsy|seizures?|schizophrenia|bipolar disorder|eating disorder|anorexia|"
           "bulimia|anaphylaxis|sepsis|concussion|chickenpox|measles|diabetes|melanoma|"
           "skin cancer|lupus|multiple sclerosis",
           "disease"),
    strong(medical, "suicid(e|al)|self harm|kill myself|hurt myself", "self-harm"),
    strong(medical,
           "(knee|hip|back|heart|eye|brain|spine|spinal|shoulder|dental|gastric|bariatric|"
           "cosmetic|plastic|laser eye|cataract|wisdom teeth|open heart) surgery",
           "surgery"),
    strong(medical, "(flu|covid|booster|tetanus|b12|allergy|hpv|measles) (shots?|jabs?|vaccines?)",
           "vaccination"),
    strong(medical, "toothache|root canal|gum disease|infected tooth", "dental"),
    strong(medical, "contagious|infectious|side effects?|drug interactions?|contraindications?",
           "side effects"),
    cue(medical, "symptoms?|diagnos(is|e|ed|ing)", "diagnosis"),
    cue(medical,
        "doctors?|physicians?|gps?|nurses?|pharmacists?|psychiatrists?|"
        "psychologists?|therapists?|dermatologists?",
        "doctor"),
    cue(medical,
        "fever|feverish|cough(ing)?|headaches?|migraines?|nausea|nauseous|dizz(y|iness)|rash|"
        "rashes|infection|infected|swelling|inflammation|bleeding|insomnia|fatigue|numbness|"
        "cramps|sprain(ed)?|bruis(e|ed|ing)|asthma|arthritis|allergic reaction|eczema|"
        "psoriasis|depression|anxiety|adhd|autism|covid|flu|influenza|cholesterol|"
        "high blood pressure|low blood pressure|diabetic|stroke",
        "symptom"),
    cue(medical, "medications?|medicines?|meds|pills?|prescri(be|bed|ption|ptions)", "medication"),
    cue(medical, "dosage|dosages|doses|dosing|(mg|milligrams?)", "dosage"),
    cue(medical, "pregnan(t|cy)|breastfeeding|breast feeding|trimester", "pregnancy"),
    cue(medical, "surgery|surgeries|surgeon|post op|recovering from surgery", "surgery"),
    cue(medical, "vaccines?|vaccinated|vaccination", "vaccination"),
    cue(medical, "mental health|therapy session|home remed(y|ies)", "health"),
    weak(medical, "drug|drugs", "drug"),
    weak(medical, "treatment|treatments|treat it|therapy|cure|remedy", "treatment"),
    weak(medical, "shot|shots", "shot"),
    weak(medical, "dose|tablets?|capsules?|hospital|clinic", "dose"),
    weak(medical, "blood pressure|blood sugar|blood test", "blood pressure"),
    weak(medical, "pain|painful|hurts|ache|aching|sore|swollen|itchy|lump|mole|wound", "pain"),
    weak(medical,
         "(is it|is this|would it be|is that) safe (to|for)|mix(ing)? alcohol|alcohol|"
         "how much (can|should) i|should i take|can i take|take (it|them) (with|while)",
         "safety question"),
    weak(medical, "could (it|that|this) be|what could (it|that|this) be|is (it|this) serious",
         "self-diagnosis"),
    weak(medical, "child|kid|baby|toddler|year old|weeks after", "patient"),

    // -- business idioms ---------------------------------------------------------
    allow("court shoes?|food court|basketball court|tennis court|court yard|courtyard"),
    allow("party (supplies|poppers?|favou?rs|hats?|decorations?|dress(es)?|bags?|games?|"
          "packs?|size|platters?|planner|balloons?|lights|invitations?|time|wear|boxes|"
          "tableware|cups|plates|napkins|theme|bus|room)|birthday party|tea party|"
          "dinner party|hen party|stag party|pool party|third party|3rd party|party of "
          "([0-9]+|two|three|four|five|six|seven|eight|nine|ten)|search party|garden party"),
    allow("(marketing|email|ad|ads|advertising|sales|crowdfunding|kickstarter|promo|"
          "promotional|social media|holiday|summer|winter|newsletter|referral|launch|"
          "influencer|brand|seasonal) campaigns?|campaign (manager|code|link|discount|offer|"
          "page|add on|addon|dashboard|settings|report)"),
    allow("(phone|laptop|pillow|carry|carrying|display|storage|glasses|camera|guitar|"
          "tablet|watch|pencil|brief|suit|book|show) cases?|case (number|id|ref|reference|"
          "study|studies|size|of (wine|beer|water))|use case|in case|just in case|worst case|"
          "lower case|upper case|support case|test case|edge case"),
    allow("free trial|trial (period|version|subscription|account|plan|pack|size|delivery|"
          "run|offer|membership|lesson|class)|trial and error"),
    allow("shot glass(es)?|screen ?shots?|snap ?shots?|big shot|photo shots?|shot of "
          "(espresso|coffee|whisky|whiskey|vodka|tequila)|espresso shot|mug ?shot"),
    allow("(service|delivery|shipping|card|bank|extra|late|cancellation|cancelation|"
          "restocking|return|booking|overdraft|monthly|annual|hidden|admin|handling|"
          "double|one off|recurring) (charges?|fees?)|charge (my|the|your) "
          "(card|account|phone|battery|device|laptop)|charg(ing|er) (cable|port|station|"
          "case)|in charge|free of charge|charge back|chargeback|fast charg(e|ing)|"
          "wireless charg(e|ing)|no charge|(card|account|i|we|you) (was|were|got|been) "
          "charged"),
    allow("(water|hair|skin|scalp|wood|leather|floor|lawn|stain|surface|beauty|spa|"
          "facial|nail|keratin|heat|anti ?frizz) treatments?"),
    allow("drug ?stores?|drugstore"),
    allow("(sentence|sentences) (case|structure)|(first|last|this|that|next) sentence|"
          "in (a|one) sentence"),
    allow("(delivery|assembly|washing|wash|care|installation|setup|set up|shipping|return|"
          "returns|special|gift|cooking|product|usage|user|mounting|cleaning) "
          "(instructions|guidelines|rules)|house rules"),
    allow("(return|returns|refund|privacy|cookie|shipping|cancellation|exchange|warranty|"
          "pricing|company|store|pet|booking) (policy|policies)"),
    allow("(vote|voting) (for|on) (our|the|your|my|a) (new )?(logo|design|colou?rs?|"
          "favou?rite|name|product|flavou?rs?|photo|feature|theme|mascot|packaging|"
          "employee|staff|agent)|employee of the (month|year)|vote of (thanks|confidence)"),
    allow("party (goods|supply|store|shop|city)|trump card|prompt (reply|replies|response|"
          "payment|delivery|service|attention|action|shipping|dispatch|refund|answer)"),
    allow("president s choice|presidential suite|campaign furniture|senate briefcase"),
    allow("legal (name|practice|department|team|entity|address|documents?|tender|"
          "size|paper)|law firm|(chances|chance) (of|to) win"),
    allow("(plant|garden|lawn|pet|dog|cat|horse|pool) (food|fertili[sz]er|feed|"
          "supplement|medicine|dosage|dose)|dosage (for|of) (the )?(fertili[sz]er|plant food)"),
    allow("blood pressure (monitor|cuff|machine|device)|(first aid|medicine) (kit|cabinet|box)|"
          "pill (organi[sz]er|box|dispenser|case)"),
    allow("(recovering|recovery) from (an|the|her|his|my) operation"),
};

} // namespace

std::span<const builtin_term> builtin_terms_en() {
  return terms;
}

} // namespace crm::guardrails
