// French built-in terms. Syntax and kinds: builtin_terms.hpp. Patterns see folded text:
// lower case, accents stripped (`système` -> `systeme`); elisions are word gaps (`l'État` ->
// `l etat`).

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- political ---------------------------------------------------------------
    strong(political,
           "presidentielles?|legislatives|municipales|scrutin|electoraux|"
           "electorale?s?",
           "elections"),
    strong(political,
           "(homme|femme|parti|partis|debat|crise|opinion) politiques?|politiciens?|"
           "politiquement|faire de la politique",
           "politique"),
    strong(political,
           "president de la republique|premier ministre|chef de l etat|assemblee nationale|"
           "deputes?|senateurs?|melenchon|bardella|rassemblement national|la france insoumise",
           "politicien"),
    strong(political,
           "pour qui (dois je|devrais je|je dois|faut il|voter|vais je|voteriez)|"
           "(quel|quelle) (parti|candidat|candidate) (dois|devrais|choisir|soutenir)",
           "conseil de vote"),
    strong(political,
           "extreme (droite|gauche)|coup d etat|dictature|dictateur|avortement|"
           "reforme des retraites|gilets jaunes",
           "sujet politique"),
    cue(political, "candidat(e|s|es)?|sondages?|gouvernement|ministres?", "candidat"),
    cue(political, "immigration|immigres|migrants|refugies|droit d asile", "immigration"),
    weak(political, "voter|vote|votes|votez|election", "vote"),
    weak(political, "campagne|campagnes|parti|partis|politique", "campagne"),
    weak(political, "manifestation|manifestations|greve|greves|maire|president", "manifestation"),

    // -- legal -------------------------------------------------------------------
    strong(legal,
           "poursuivre ~ en justice|(vous|te|les|le|la) poursuivre|attaquer ~ en justice|"
           "porter plainte|deposer (une )?plainte|mise en demeure|prud ?hommes|"
           "action en justice|recours (juridique|en justice)",
           "poursuite"),
    strong(legal,
           "est ce (legal|illegal|que c est (legal|illegal))|c est (legal|illegal)|"
           "(quels|quelles) sont mes droits|conseil juridique|avis juridique",
           "legalite"),
    strong(legal,
           "licenciement (abusif|sans cause)|garde (des|de mes) enfants|pension alimentaire|"
           "testament|casier judiciaire|droit du travail|expulsion locative",
           "question juridique"),
    strong(legal,
           "(prendre|consulter|contacter|appeler|parler a) (un|une|mon|ma) avocat(e)?|sans avocat",
           "avocat"),
    strong(legal,
           "(mon|ma|le|la) (employeur|patron|patronne|proprietaire|bailleur) (peut|a le droit de)"
           " ~ (licencier|virer|expulser|garder ma caution)",
           "droit du travail"),
    cue(legal, "avocats? (specialise|en droit)|juge|juges|tribunal|tribunaux|notaire|litige",
        "tribunal"),
    cue(legal, "legalement|illegal(ement)?|divorce|heritage|mes droits|responsable legalement",
        "legalite"),
    weak(legal, "proces|plainte|amende|loi|cas|avocat|avocate", "proces"),
    weak(legal, "employeur|patron|proprietaire|bailleur|voisin|caution|licencie", "partie adverse"),

    // -- medical -----------------------------------------------------------------
    strong(medical,
           "ibuprofene|paracetamol|doliprane|aspirine|antibiotiques?|antidepresseurs?|"
           "anxiolytiques?|somniferes?|melatonine|insuline|pilule du lendemain|"
           "contraceptifs?|opioides?|codeine|morphine|anti inflammatoires?",
           "medicament"),
    strong(medical,
           "mal (a la|au|aux) (tete|gorge|dos|ventre|poitrine|dents|estomac)|"
           "douleurs? (a la|dans la|au|aux) (poitrine|dos|ventre|thorax)|oppression thoracique|"
           "vomissements?|diarrhee|sang dans (les|mes) (selles|urines)",
           "symptome"),
    strong(medical,
           "cancer|tumeur|diabete|crise cardiaque|infarctus|pneumonie|vih|hepatite|alzheimer|"
           "epilepsie|avc",
           "maladie"),
    strong(medical,
           "(aller|consulter|appeler|voir) (un|le|mon|ma) (medecin|docteur)|aller aux urgences|"
           "avis medical|effets secondaires|surdose|overdose|suicide",
           "medecin"),
    cue(medical, "posologie|medicaments?|ordonnance|comprimes", "medicament"),
    cue(medical,
        "symptomes?|fievre|toux|nausees?|eruption|infection|inflammation|vertiges?|"
        "insomnie|angoisse|depression|asthme|grippe|migraine",
        "symptome"),
    cue(medical,
        "medecins?|docteur|pharmacien(ne)?|pediatre|dermatologue|infirmi(er|ere)|"
        "grossesse|allaitement|chirurgie|vaccins?",
        "medecin"),
    weak(medical, "traitement|operation|therapie|drogues?|piqure|enceinte|diagnostic",
         "traitement"),
    weak(medical,
         "est ce (dangereux|grave|sans danger) de|(puis je|je peux) (prendre|donner|"
         "melanger)|combien ~ (prendre|donner)|alcool",
         "question de sante"),
    weak(medical, "douleur|mal|enfant|bebe", "patient"),

    // -- injection ---------------------------------------------------------------
    strong(injection,
           "(ignore|ignores|ignorez|ignorer|oublie|oublies|oubliez|oublier|neglige|negligez) ~ "
           "(instructions|consignes|regles|directives|prompt|programmation|restrictions)",
           "instruction override"),
    strong(injection, "(oublie|oubliez|ignore|ignorez) tout ce (qui precede|qu on t a dit)",
           "instruction override"),
    strong(injection,
           "prompt (systeme|du systeme|initial)|message systeme|(instructions|consignes|regles) "
           "(cachees|secretes|initiales|systeme|internes)",
           "system prompt"),
    strong(injection,
           "(revele|revelez|montre|montrez|affiche|affichez|donne|donnez|dis|dites|repete|"
           "repetez|imprime|ecris|resume) ~ (ton|tes|votre|vos) ~ (prompt|instructions|"
           "consignes|configuration|directives|programmation)",
           "prompt extraction"),
    strong(injection,
           "tu es (maintenant|desormais) (dan|une? (ia|assistant|bot|modele) (sans|libre))|"
           "(fais|faites) semblant (que|d etre)|imagine que tu (es|n as)|"
           "tu n as (plus )?(aucune|pas de) (regles?|restrictions?|limites?|filtres?)|"
           "(reponds|repondez) sans (restrictions?|filtres?|censure|limites?)",
           "role-play jailbreak"),
    strong(injection, "mode (developpeur|dieu|sans restriction|sans filtre|dan)", "developer mode"),
    cue(injection, "sans (restrictions?|filtres?|limites?|censure|regles)", "restriction bypass"),
    cue(injection, "jeu de role|a partir de maintenant ~ (tu es|reponds)", "persona switch"),

    // -- business idioms ---------------------------------------------------------
    allow("politique (de|des) (retour|retours|confidentialite|remboursement|livraison|cookies|"
          "echange|annulation|garantie|prix)"),
    allow("avocats? (murs?|bio|frais|hass|en filet)|proces verbal|fete|fetes"),
    allow("(en tout|dans ce|dans ce cas|au) cas|cas (d usage|ou|de figure)|etui|coque"),
    allow("campagne (publicitaire|marketing|email|de promotion|de soldes|promotionnelle)|"
          "essai gratuit|periode d essai|enceintes? (bluetooth|connectees?|portables?|"
          "sans fil|colonne)"),
    allow("traitement (de|des) ((la|votre|ma|mon|vos|mes) )?(commande|demande|dossier|"
          "remboursement|paiement|donnees)|traitement en cours|operation (bancaire|"
          "de paiement|refusee)"),
    allow("(instructions|consignes) de (livraison|montage|lavage|entretien|utilisation)"),
};

} // namespace

std::span<const builtin_term> builtin_terms_fr() {
  return terms;
}

} // namespace crm::guardrails
