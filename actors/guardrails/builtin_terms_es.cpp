// Spanish built-in terms. Syntax and kinds: builtin_terms.hpp. Patterns see folded text:
// lower case, accents stripped (`política` -> `politica`, `campaña` -> `campana`).

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- political ---------------------------------------------------------------
    strong(political,
           "elecciones|eleccion (general|presidencial|municipal|autonomica)|"
           "electorales?|comicios",
           "elecciones"),
    strong(political, "referendum(s)?|plebiscito", "referendum"),
    strong(political, "politicos?|partidos politicos|partido politico|hablar de politica",
           "politica"),
    strong(political,
           "presidente del gobierno|primer(a)? ministr[oa]|jefe de estado|congreso de los "
           "diputados|diputad[oa]s?|senador(a|es|as)?|psoe|partido popular",
           "politico"),
    strong(political,
           "(por )?(a )?quien (debo|deberia|tengo que|hay que|puedo|voy a) votar|"
           "(que|cual) (partido|candidato|candidata) (debo|deberia|voto|votar|apoyar)",
           "consejo de voto"),
    strong(political,
           "(extrema|ultra) ?(derecha|izquierda)|ultraderecha|golpe de estado|"
           "dictadura|dictador|aborto|independentistas?",
           "asunto politico"),
    strong(political, "campana electoral|encuestas? electorales?|intencion de voto", "elecciones"),
    cue(political, "president(e|a)", "presidente"),
    cue(political, "candidat(o|a|os|as)", "candidato"),
    cue(political, "congreso|senado|parlamento|cortes generales", "parlamento"),
    cue(political, "coalicion|oposicion|ministr(o|a|os|as)", "gobierno"),
    cue(political, "inmigracion|inmigrantes|refugiados|asilo", "inmigracion"),
    weak(political, "votar|voto|votos|votacion", "voto"),
    weak(political, "campana|campanas", "campana"),
    weak(political, "partido|partidos", "partido"),
    weak(political, "gobierno|alcalde|alcaldesa|politica", "gobierno"),
    weak(political, "encuestas?|manifestacion(es)?|protestas?", "protesta"),
    weak(political, "ganar|ganara|perder|izquierda|derecha", "contienda"),

    // -- legal -------------------------------------------------------------------
    strong(legal,
           "demandar(te|le|les|los|las|la|lo)?|demandare|demandaremos|demanda judicial|"
           "demandas judiciales|pleito|litigio|demandad[oa]|demandante",
           "demanda"),
    strong(legal,
           "llevar(te|le|les|los|la|lo)? (a|al|ante) (juicio|los tribunales|el juzgado|"
           "juzgado|tribunal)|denunciar(te|le|les|los|la|lo)?|poner una denuncia|"
           "denuncia (formal|penal)|juicio (rapido|penal|civil)",
           "demanda"),
    strong(legal,
           "(necesito|contratar|consultar|hablar con|llamar a) (un|una|mi) abogad[oa]|"
           "sin abogado|asesoria (legal|juridica)|consejo legal",
           "abogado"),
    strong(legal, "es (legal|ilegal)|(seria|es) delito|contra la ley", "legalidad"),
    strong(legal,
           "(cuales|que) son mis derechos|mis derechos (legales|como)|derechos del (consumidor|"
           "inquilino|trabajador)",
           "derechos"),
    strong(legal,
           "despido (improcedente|injustificado|nulo|ilegal)|desahucio|desalojo|pension "
           "alimenticia|custodia de (los|mis) (hijos|ninos)|testamento|poder notarial|"
           "antecedentes penales|responsabilidad (civil|legal|penal)|"
           "legalmente (obligad[oa]s?|responsables?)|(estoy|esta|estan) obligad[oa]s? "
           "(legalmente|por ley)",
           "asunto legal"),
    strong(legal,
           "(puede|podria) (mi|el) (jefe|empresa|empleador|casero|arrendador) "
           "(despedirme|echarme|quedarse con|demandarme)",
           "derecho laboral"),
    cue(legal, "abogad[oa]s?|juez|jueza|jueces|fiscalia|notario", "abogado"),
    cue(legal, "tribunal(es)?|juzgado|juicio", "tribunal"),
    cue(legal, "custodia|divorcio|herencia|delito|detenido|arrestad[oa]|condenad[oa]",
        "asunto legal"),
    cue(legal, "legalmente|ilegal|ilegalmente|responsable legal", "legalidad"),
    weak(legal, "caso|casos|demanda|multa|multas|sentencia|ley|leyes|derechos", "caso"),
    weak(legal, "jefe|empleador|casero|arrendador|vecino|despido|fianza", "contraparte"),

    // -- medical -----------------------------------------------------------------
    strong(medical,
           "ibuprofeno|paracetamol|aspirina|acetaminofen|antibioticos?|amoxicilina|"
           "antidepresivos?|ansioliticos?|benzodiacepinas?|opioides?|insulina|melatonina|"
           "anticonceptivos?|pastilla del dia despues|somniferos?|analgesicos?|calmantes?|"
           "antiinflamatorios?|nolotil|metamizol|ozempic",
           "medicamento"),
    strong(medical,
           "dolor de (cabeza|garganta|espalda|pecho|estomago|muelas|barriga|oidos)|"
           "me (duele|duelen) ~ (pecho|cabeza|garganta|espalda|estomago|barriga|muelas)|"
           "opresion en el pecho|vomitos?|vomitando|diarrea|sangre en (la|las) (orina|heces)",
           "sintoma"),
    strong(medical,
           "cancer|tumor(es)?|diabetes|infarto|ataque al corazon|neumonia|vih|hepatitis|"
           "alzheimer|epilepsia|ictus|embolia|derrame cerebral",
           "enfermedad"),
    strong(medical,
           "(ir|acudir|llamar) (al|a un|a una|a mi) (medico|medica|doctor|doctora|urgencias)|"
           "ir a urgencias|consejo medico|diagnosticad[oa]",
           "medico"),
    strong(medical,
           "(cirugia|operacion) de (rodilla|cadera|espalda|corazon|ojos|cataratas|columna)|"
           "efectos (secundarios|adversos)|sobredosis|suicid(io|arme)|autolesion",
           "tratamiento medico"),
    cue(medical, "dosis|posologia|receta medica|medicamentos?|medicinas?|pastillas?|pildoras?",
        "medicamento"),
    cue(medical, "sintomas?|diagnostico", "sintoma"),
    cue(medical,
        "fiebre|tos|mareos?|nauseas|sarpullido|erupcion|infeccion|inflamacion|hinchazon|"
        "picor|insomnio|ansiedad|depresion|asma|artritis|migranas?|alergia|gripe|covid",
        "sintoma"),
    cue(medical,
        "medic(o|a|os|as)|doctor(a|es|as)?|enfermer[oa]s?|farmaceutic[oa]|pediatra|"
        "dermatolog[oa]",
        "medico"),
    cue(medical, "embarazada|embarazo|lactancia|cirugia|vacunas?|vacunacion", "salud"),
    weak(medical, "tratamiento|operacion|terapia|drogas?|inyeccion|hospital", "tratamiento"),
    weak(medical,
         "(es|sera) (seguro|peligroso|malo|bueno) (tomar|mezclar|combinar|dar)|puedo tomar|"
         "cuant(o|a|os|as) ~ puedo (tomar|dar)|alcohol|al dia|como maximo",
         "consulta de salud"),
    weak(medical, "dolor|duele|hijo|hija|bebe|nino|nina", "paciente"),

    // -- injection ---------------------------------------------------------------
    strong(injection,
           "(ignora|ignore|ignoren|ignorar|ignorando|olvida|olvide|olviden|olvidar|omite|"
           "omitir|desobedece|saltate|salta) ~ (instrucciones|reglas|indicaciones|directrices|"
           "normas|restricciones|politicas|prompt|programacion|consignas)",
           "instruction override"),
    strong(injection,
           "(ignora|olvida|olvidate de) todo lo (anterior|que te (dijeron|han dicho|dije))",
           "instruction override"),
    strong(injection,
           "(prompt|instrucciones|mensaje|configuracion) (del|de) sistema|"
           "(instrucciones|reglas|directrices) (ocultas|secretas|internas|iniciales|originales)",
           "system prompt"),
    strong(injection,
           "(muestra|muestrame|revela|revelame|dime|ensename|imprime|repite|copia|resume|"
           "escribe) ~ (tu|tus) ~ (prompt|instrucciones|configuracion|directrices|programacion)",
           "prompt extraction"),
    strong(injection,
           "(eres|seras) (ahora )?dan|(eres|seras) (ahora )?un[ao]? (ia|asistente|modelo|bot|"
           "chatbot) ~ (sin (restricciones|filtros|reglas|limites|censura)|libre)",
           "role-play jailbreak"),
    strong(injection,
           "(finge|fingir|finja|imagina|simula) que (eres|no tienes|tienes|estas)|"
           "no tienes (reglas|restricciones|filtros|limites|normas|directrices)|"
           "(responde|actua|contesta|habla) sin (restricciones|filtros|censura|limites|reglas)",
           "role-play jailbreak"),
    strong(injection, "modo (desarrollador|dios|sin restricciones|sin filtros|dan|jailbreak)",
           "developer mode"),
    cue(injection, "sin (restricciones|filtros|censura|limites|reglas|normas)",
        "restriction bypass"),
    cue(injection, "juego de rol|a partir de ahora ~ (eres|responde|actua)", "persona switch"),

    // -- business idioms ---------------------------------------------------------
    allow("politica de (devolucion|devoluciones|privacidad|reembolsos?|envios?|cookies|"
          "cambios|garantia|cancelacion|precios)"),
    allow("partido de (futbol|tenis|baloncesto|padel)|(articulos|suministros|decoracion) "
          "para fiestas"),
    allow("caso de (que|uso)|en (todo |cualquier |ese |este )?caso|numero de caso"),
    allow("instrucciones de (entrega|montaje|uso|lavado|envio|instalacion|cuidado)"),
    allow("campana (publicitaria|de marketing|de navidad|de rebajas|de email|extractora|"
          "promocional)"),
    allow("periodo de prueba|prueba gratuita|(gastos|cargo|cargos) de (envio|gestion|"
          "servicio|cancelacion)"),
    allow("operacion (bancaria|de pago|rechazada|denegada|cancelada)|tratamiento de "
          "(datos|pedidos|su pedido)|(tratamiento|cuidado) (capilar|facial|para el pelo)"),
};

} // namespace

std::span<const builtin_term> builtin_terms_es() {
  return terms;
}

} // namespace crm::guardrails
