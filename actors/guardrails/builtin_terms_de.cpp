// German built-in terms. Syntax and kinds: builtin_terms.hpp. Patterns see folded text:
// lower case, umlauts stripped (`wählen` -> `wahlen`, `ß` -> `ss`). Compounds are one word,
// so `Rückgabepolitik` never matches `politik`.

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- political ---------------------------------------------------------------
    strong(political,
           "bundestagswahl(en)?|landtagswahl(en)?|europawahl(en)?|kommunalwahl(en)?|"
           "wahlkampf|volksabstimmung|stichwahl|wahlergebnis(se)?|wahlprogramm",
           "wahl"),
    strong(political, "politisch(e|en|er|es)?|politiker(in|innen)?|parteipolitik", "politik"),
    strong(political,
           "bundeskanzler(in)?|bundestag|bundesregierung|abgeordnete(r|n)?|afd|cdu|csu|spd|"
           "fdp|die grunen|die linke|ministerprasident(in)?|regierungskoalition|ampelkoalition|"
           "grosse koalition",
           "politiker"),
    strong(political,
           "wen (soll|sollte|muss|kann) ich (wahlen|unterstutzen)|welche partei (soll|sollte|"
           "muss|kann) ich|wen ~ wahlen (soll|sollte)",
           "wahlempfehlung"),
    strong(political,
           "rechtsextrem(e|en|er|ismus)?|linksextrem(e|en|er|ismus)?|rechtsradikal(e|en)?|"
           "diktatur|diktator|putsch|abtreibung",
           "politisches thema"),
    cue(political, "politik|kanzler(in)?|minister(in)?|koalition", "regierung"),
    cue(political, "kandidat(in|en|innen)?", "kandidat"),
    cue(political, "prasident(in|en)?|parlament|opposition", "regierung"),
    cue(political, "einwanderung|migration|fluchtlinge|asyl(bewerber)?", "migration"),
    weak(political, "wahl|wahlen|abstimmung|abstimmen|gewahlt|stimme", "wahl"),
    weak(political, "partei|parteien|regierung|burgermeister(in)?", "partei"),
    weak(political, "demonstration|demo|protest|umfragen?|kampagne", "protest"),

    // -- legal -------------------------------------------------------------------
    strong(legal, "verklagen|verklage|verklagt|verklagst|rechtsstreit|gerichtsverfahren", "klage"),
    strong(legal,
           "vor gericht|gerichtlich|strafanzeige|anzeige erstatten|rechtliche schritte|"
           "rechtsberatung|rechtsbeistand|mahnverfahren|abmahnung|einstweilige verfugung",
           "gericht"),
    strong(legal,
           "(einen|meinen|mit meinem|mit einem) (rechts)?anwalt (einschalten|nehmen|"
           "beauftragen|kontaktieren|sprechen|reden)|ohne anwalt",
           "anwalt"),
    strong(legal, "ist (das|es) (legal|illegal|rechtens|strafbar|rechtlich)", "legalitat"),
    strong(legal,
           "kundigungsschutz(klage)?|fristlose kundigung vom arbeitgeber|sorgerecht|"
           "unterhaltspflicht|testament|erbrecht|vorstrafe|vorstrafen|strafrecht|"
           "arbeitsrecht|mietrecht|schadensersatzklage|welche rechte habe ich|meine rechte als",
           "rechtsfrage"),
    strong(legal,
           "(darf|kann) (mein|meine|der|die) (arbeitgeber|chef|chefin|vermieter|vermieterin) "
           "(mich|mir) ~ (kundigen|entlassen|rauswerfen|verklagen|kaution)",
           "arbeitsrecht"),
    cue(legal, "anwalt|anwalte|anwaltin|rechtsanwalt|rechtsanwaltin|richter(in)?|notar", "anwalt"),
    cue(legal, "rechtlich|rechtswidrig|illegal|haftbar|haftung|schadensersatz|schadenersatz",
        "legalitat"),
    cue(legal, "scheidung|erbschaft|bussgeld|mobbing|meine rechte|strafe", "rechtsfrage"),
    weak(legal, "gericht|klage|klagen|prozess|urteil|fall|gesetz", "gericht"),
    weak(legal, "arbeitgeber|vermieter|chef|kundigung|gekundigt|kaution|nachbar", "gegenpartei"),

    // -- medical -----------------------------------------------------------------
    strong(medical,
           "ibuprofen|paracetamol|aspirin|antibiotik(a|um)|antidepressiv(a|um)|"
           "schlaftabletten|beruhigungsmittel|melatonin|insulin|pille danach|"
           "verhutungsmittel|opioide?|schmerzmittel|schmerztabletten|cortison|kortison",
           "medikament"),
    strong(medical,
           "halsschmerzen|ruckenschmerzen|bauchschmerzen|brustschmerzen|zahnschmerzen|"
           "schmerzen in der brust|engegefuhl in der brust|erbrechen|durchfall|"
           "atemnot|herzrasen|blut im (stuhl|urin)",
           "symptom"),
    strong(medical,
           "tumor|diabetes|herzinfarkt|schlaganfall|lungenentzundung|hiv|hepatitis|"
           "alzheimer|demenz|epilepsie|hautkrebs|brustkrebs|lungenkrebs|krebserkrankung",
           "krankheit"),
    strong(medical,
           "zum arzt (gehen|muss|sollte)|in die notaufnahme|arztlicher rat|nebenwirkungen|"
           "wechselwirkungen|uberdosis|suizid|selbstmord",
           "arzt"),
    cue(medical, "dosierung|dosis|medikament(e|en)?|arzneimittel|rezeptpflichtig", "medikament"),
    cue(medical, "symptome?|diagnose", "symptom"),
    cue(medical,
        "fieber|husten|ubelkeit|ausschlag|entzundung|infektion|schwindel|kopfschmerzen|"
        "migrane|schlaflosigkeit|depression(en)?|angststorung|asthma|krebs|grippe|allergie",
        "symptom"),
    cue(medical,
        "arzt|arztin|hausarzt|kinderarzt|apotheker(in)?|schwanger(schaft)?|stillzeit|"
        "impfung|impfstoff",
        "arzt"),
    weak(medical, "behandlung|therapie|operation|tabletten|rezept|drogen|spritze", "behandlung"),
    weak(medical,
         "(darf|kann|soll) ich ~ (nehmen|einnehmen|geben)|wie viel ~ (nehmen|geben)|alkohol",
         "gesundheitsfrage"),
    weak(medical, "schmerzen|tut weh|kind|baby", "patient"),

    // -- injection ---------------------------------------------------------------
    strong(injection,
           "(ignoriere|ignorier|ignorieren|ignoriert|vergiss|vergesst|vergessen|missachte|"
           "uberspringe|umgehe) ~ (anweisungen|regeln|instruktionen|vorgaben|richtlinien|"
           "einschrankungen|befehle|systemprompt|prompt|programmierung)",
           "instruction override"),
    strong(injection, "(vergiss|ignoriere) alles (bisherige|vorherige|davor|was man dir gesagt)",
           "instruction override"),
    strong(injection,
           "systemprompt|systemnachricht|systemanweisungen?|(versteckte|geheime|interne|"
           "ursprungliche) (anweisungen|regeln|instruktionen|vorgaben)",
           "system prompt"),
    strong(injection,
           "(zeig|zeige|verrate|verrat|gib|nenne|wiederhole|drucke|schreib) ~ (deinen|deine|"
           "dein|ihren|ihre) ~ (prompt|systemprompt|anweisungen|konfiguration|instruktionen|"
           "programmierung|vorgaben)",
           "prompt extraction"),
    strong(injection,
           "du bist (jetzt|nun|ab sofort) (dan|eine? (ki|assistent|bot|modell) ohne)|"
           "du hast keine (regeln|einschrankungen|filter|grenzen|richtlinien)|"
           "tu so als|stell dir vor du (bist|warst|hast keine)|"
           "antworte ohne (einschrankungen|filter|zensur|regeln)",
           "role-play jailbreak"),
    strong(injection, "entwicklermodus|gott ?modus|dan ?modus|jailbreak ?modus", "developer mode"),
    cue(injection, "ohne (einschrankungen|regeln|filter|zensur|grenzen|richtlinien)",
        "restriction bypass"),
    cue(injection, "rollenspiel|ab (jetzt|sofort) ~ (bist du|antwortest du|du bist)",
        "persona switch"),

    // -- business idioms ---------------------------------------------------------
    allow("(wahlen|wahle) (sie|sie bitte|die|den|das|eine|einen|ihre|ihren|ihr|ich)|"
          "zur wahl|ihrer wahl|nach wahl|erste wahl|(grosse|freie|ihre) auswahl"),
    allow("(vegetarisches|veganes|leckeres|warmes|fertiges|ein|das) gericht"),
    allow("(in|im|fur) (diesem|jedem|dem|den) fall|auf jeden fall|falls"),
    allow("(party|feier) ?(zubehor|deko|dekoration|artikel)|vertragspartei(en)?"),
    allow("(haar|haut|leder|holz)(behandlung|pflege)|bestell(prozess|vorgang)"),
};

} // namespace

std::span<const builtin_term> builtin_terms_de() {
  return terms;
}

} // namespace crm::guardrails
