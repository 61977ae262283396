// Portuguese (European and Brazilian) built-in terms. Syntax and kinds: builtin_terms.hpp.
// Patterns see folded text: lower case, accents stripped (`eleição` -> `eleicao`). `legal`
// alone is left out: in Brazil it mostly means "cool".

#include "actors/guardrails/builtin_terms.hpp"

namespace crm::guardrails {

namespace {

using namespace term;
using enum category;

constexpr builtin_term terms[] = {
    // -- political ---------------------------------------------------------------
    strong(political, "eleicoes|eleicao|eleitora(l|is)|referendo|plebiscito|pesquisa eleitoral",
           "eleicoes"),
    strong(political,
           "politicos?|partidos politicos|partido politico|falar de politica|deputad[oa]s?|"
           "senador(a|es|as)?|vereador(a|es|as)?|primeiro ministro|camara dos deputados",
           "politico"),
    strong(political,
           "em quem (devo|eu devo|voce vai|vou|voto|votar)|(qual|que) (candidato|candidata|"
           "partido) (devo|eu devo|votar|apoiar)",
           "conselho de voto"),
    strong(political,
           "extrema (direita|esquerda)|golpe (de estado|militar)|ditadura|ditador|aborto|"
           "bolsonaristas?|petistas?",
           "assunto politico"),
    cue(political, "presidente|candidat(o|a|os|as)|prefeit(o|a)|governador(a)?", "candidato"),
    cue(political, "congresso|senado|parlamento|assembleia da republica|ministr(o|a)",
        "parlamento"),
    cue(political, "imigracao|imigrantes|refugiados", "imigracao"),
    weak(political, "votar|voto|votos|votacao|campanha|campanhas", "voto"),
    weak(political, "partido|partidos|governo|politica|sondagens?|protestos?|manifestacao",
         "governo"),

    // -- legal -------------------------------------------------------------------
    strong(legal,
           "processar (judicialmente|na justica)|processar (a empresa|o empregador|meu "
           "empregador|o meu empregador|meu chefe|o senhorio|o proprietario|voces|vcs|a loja)|"
           "(vou|vamos) (te |vos |os |lhe |a )?processar|te processar|processo judicial|"
           "acao judicial|entrar na justica|ir a justica|pequenas causas|juizado especial",
           "processo"),
    strong(legal,
           "(contratar|falar com|consultar|preciso de) (um|uma|meu|minha|o meu) advogad[oa]|"
           "sem advogado|aconselhamento juridico|assessoria juridica",
           "advogado"),
    strong(legal,
           "(e|eh|sera) ilegal|e crime|contra a lei|(quais sao|quais sao os) (os )?meus direitos",
           "legalidade"),
    strong(legal,
           "guarda (dos filhos|das criancas|compartilhada)|pensao alimenticia|testamento|"
           "justa causa|queixa crime|boletim de ocorrencia|antecedentes criminais|"
           "legalmente (obrigad[oa]|responsavel)",
           "questao juridica"),
    strong(legal,
           "(pode|posso|podem) (o meu|meu|minha|o|a) (patrao|chefe|empregador|senhorio|"
           "proprietario) ~ (despedir|demitir|mandar embora|ficar com a caucao)",
           "direito do trabalho"),
    cue(legal, "advogad[oa]s?|tribunal|tribunais|juiz|juiza|justica|legalmente|meus direitos",
        "tribunal"),
    cue(legal, "divorcio|heranca|procuracao|despejo|detido|preso|condenad[oa]", "questao juridica"),
    weak(legal, "processar|processo|multa|caso|julgamento|lei|leis|direitos", "processo"),
    weak(legal, "empregador|patrao|chefe|senhorio|proprietario|vizinho|demitido|despedido",
         "contraparte"),

    // -- medical -----------------------------------------------------------------
    strong(medical,
           "ibuprofeno|paracetamol|dipirona|aspirina|antibioticos?|amoxicilina|"
           "antidepressivos?|ansioliticos?|calmantes|remedio para dormir|melatonina|insulina|"
           "pilula do dia seguinte|anticoncepciona(l|is)|opioides?|anti inflamatorios?",
           "medicamento"),
    strong(medical,
           "dor de (cabeca|garganta|barriga|estomago|dente|costas|ouvido)|dor(es)? no peito|"
           "aperto no peito|vomitos?|vomitando|diarreia|sangue na (urina|fezes)",
           "sintoma"),
    strong(medical,
           "cancer|tumor(es)?|diabetes|infarto|ataque cardiaco|avc|pneumonia|hiv|hepatite|"
           "alzheimer|epilepsia|dengue",
           "doenca"),
    strong(medical,
           "(ir ao|ir a um|procurar um|consultar um|consultar o) (medico|pronto socorro|"
           "hospital|doutor)|efeitos colaterais|superdosagem|overdose|suicidio",
           "medico"),
    cue(medical, "dosagem|remedios?|medicamentos?|receita medica|pilulas?", "medicamento"),
    cue(medical,
        "sintomas?|febre|tosse|nauseas?|enjoo|coceira|infeccao|inflamacao|tontura|insonia|"
        "ansiedade|depressao|asma|gripe|enxaqueca",
        "sintoma"),
    cue(medical,
        "medic(o|a|os|as)|doutor(a)?|enfermeir[oa]|farmaceutic[oa]|pediatra|"
        "dermatologista|gravida|gravidez|amamentando|amamentacao|cirurgia|vacinas?",
        "medico"),
    weak(medical, "tratamento|operacao|terapia|drogas?|injecao|comprimidos|diagnostico|dose",
         "tratamento"),
    weak(medical,
         "(e|eh) seguro (tomar|misturar|dar)|posso tomar|quant(o|a|os|as) ~ posso (tomar|dar)|"
         "alcool",
         "pergunta de saude"),
    weak(medical, "dor|doi|filho|filha|bebe|crianca", "paciente"),

    // -- injection ---------------------------------------------------------------
    strong(injection,
           "(ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsidera) ~ "
           "(instrucoes|regras|diretrizes|orientacoes|restricoes|prompt|programacao|comandos)",
           "instruction override"),
    strong(injection,
           "(esqueca|esquece|ignore|ignora) tudo (o que|que) (foi dito|te disseram|"
           "disse antes)|(esqueca|esquece|ignore|ignora) tudo acima",
           "instruction override"),
    strong(injection,
           "(prompt|instrucoes|mensagem|configuracao) do sistema|(instrucoes|regras|diretrizes) "
           "(ocultas|secretas|internas|iniciais|originais)",
           "system prompt"),
    strong(injection,
           "(mostre|mostra|revele|revela|diga|diz|imprima|repita|copie|escreva) ~ (seu|sua|seus|"
           "suas|teu|tua|teus|tuas) ~ (prompt|instrucoes|configuracao|diretrizes|programacao)",
           "prompt extraction"),
    strong(injection,
           "(voce e|voce agora e|agora voce e|tu es|tu agora es) (agora )?(dan|uma? (ia|"
           "assistente|bot|modelo) (sem|livre))|(voce|tu) nao tem (regras|restricoes|filtros|"
           "limites)|(finja|finge|imagine|simule) (que|ser)|(responda|aja|fale) sem (restricoes|"
           "filtros|censura|limites|regras)",
           "role-play jailbreak"),
    strong(injection, "modo (desenvolvedor|deus|sem restricoes|sem filtros|dan)", "developer mode"),
    cue(injection, "sem (restricoes|filtros|censura|limites|regras)", "restriction bypass"),
    cue(injection, "jogo de interpretacao|a partir de agora ~ (voce e|responda|aja)",
        "persona switch"),

    // -- business idioms ---------------------------------------------------------
    allow("politica de (privacidade|devolucao|devolucoes|reembolso|troca|trocas|envio|cookies|"
          "cancelamento|garantia|precos)"),
    allow("(artigos|produtos|decoracao|kit) (para|de) festa|festa"),
    allow("caso (de uso|queira|precise|contrario)|em (todo |qualquer |nenhum )?caso|"
          "capa (de|para) (celular|telemovel|telefone|tablet)"),
    allow("campanha (publicitaria|promocional|de marketing|de natal|de email)|periodo de "
          "(teste|avaliacao)|teste gratis"),
    allow("processar (o|meu|a|minha|seu|sua|o meu|a minha) (pedido|reembolso|pagamento|"
          "devolucao|encomenda|compra|troca)|processamento|tratamento (de dados|capilar)|"
          "operacao (bancaria|de pagamento|recusada)"),
    allow("instrucoes de (entrega|montagem|uso|lavagem|envio|instalacao)"),
};

} // namespace

std::span<const builtin_term> builtin_terms_pt() {
  return terms;
}

} // namespace crm::guardrails
