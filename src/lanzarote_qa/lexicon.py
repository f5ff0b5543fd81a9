"""Users' words -> the factsheets' words, and other general vocabulary query rules rely on.

A hand-written thesaurus: no library maps lay terms of this field (sextortion, nudes, police)
to the Committee's terms (sexual extortion, self-generated sexual images, law enforcement).
Each entry is a general synonym, not an answer to any particular question.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .retrieval import lexical_tokens
from .spelling import english_ranks

# (pattern on the question, words appended to the search text)
THESAURUS: tuple[tuple[str, str], ...] = (
    (r"sextort\w*|blackmail\w*", "sexual extortion coercion threats"),
    (
        # "sext…" but not "sextortion", which is extortion, not the images
        r"sext(?!ort)\w*|nudes?|nude (?:pics?|photos?|pictures?|images?)|selfies?"
        r"|intimate (?:pics?|photos?|pictures?|images?)|sexual (?:pics?|photos?|pictures?)|pics?|photos?|pictures?",
        "self-generated sexual images videos CSGSIV",
    ),
    (r"groom\w*", "grooming solicitation of children for sexual purposes"),
    (r"child porn\w*|csam|abuse (?:material|images?)", "child sexual abuse material child pornography"),
    (r"police|cops?|officers?|detectives?|cyber units?", "law enforcement police units"),
    (r"schools?|teachers?|classroom|curricul\w*", "education schools teachers"),
    (r"sex(?:ual)? ed\w*|sexuality education|sex education", "sexuality education courses schools"),
    (r"kids?|teens?|teenagers?|minors?|youngsters?|young people|adolescents?|classmates?", "children child"),
    (r"judges?|courts?", "judges courts"),
    # the factsheet's "persons who have regular contact with children" (teachers, health, sport, social work)
    (
        r"professionals?(?: (?:who|that) work| working)? with (?:children|kids|minors)"
        r"|(?:people|persons|staff|adults) (?:who work|working) with (?:children|kids|minors)",
        "persons who have regular contact with children",
    ),
    (r"prosecutors?", "prosecutors prosecution"),
    (r"undercover|sting", "covert operations"),
    (r"helplines?|hotlines?", "helplines"),
    (r"ngos?|charit\w+|non-?profits?", "civil society NGOs"),
    (r"online|internet|digital|cyber\w*", "ICT facilitated information and communication technologies"),
    (r"abroad|overseas|foreign|another country|other countries", "transnational outside territory jurisdiction"),
    (r"parents?|famil\w+", "parents parental"),  # "parental" finds "persons with parental authority"
    (r"disab\w+", "disabilities"),
    (r"statistics|data|surveys?", "data collection research"),
    (r"leak\w*|spread\w*|forward\w*|pass(?:ed|ing)? on", "disclosing distribution transmission sharing"),
    (r"forc\w+|pressur\w+|threat\w*", "coercion coerces threats extortion"),
    (r"punish\w*|penalt\w+|sentences?|prison|jail", "imprisonment fine sentenced"),
    (r"fund\w*|money|budget|resourc\w*|staffing", "financed resources financial"),
    (r"fast\w*|quick\w*|speed\w*|delays?|urgent\w*|priorit\w+", "priority without unjustified delay"),
    (r"tech (?:companies|firms|industry)|platforms?|apps?|social media|media", "technology sector media"),
    (r"good practices?|best practices?|examples?", "promising practice"),
    (r"development aid|aid programmes?|third countries", "assistance programmes for development third States"),
    (r"evidence|seized|phones?|computers?|devices?", "electronic evidence data computer"),
    (r"volunteer\w*", "voluntary basis"),
    (r"coaches?|trainers?|sports?|football|soccer|clubs?", "sport culture leisure"),
    (r"nurses?|doctors?|social workers?", "health social protection sectors"),
    (r"age of consent", "legal age for sexual activities"),
    (r"compl(?:y|ies|ied|iant|iance)|conform\w*|meets? the standards?", "in line with"),
    (r"criminali[sz]\w*|(?:new|specific|separate|own) (?:criminal )?offen[cs]es?|make it a crime", "incrimination"),
    (r"crimes?", "offences"),
    (r"countr(?:y|ies)|nations?", "States Parties"),
    (
        # gaps in what the country reported: the factsheet writes "did not provide information", "is lacking"
        r"fail\w* to (?:provide|give|submit|report|share)|(?:did(?:n[’']t| not)|does(?:n[’']t| not)) (?:provide|give"
        r"|submit|report|share)|(?:no|missing|lack\w*|gaps? in(?: the)?) information|information (?:is |was )?"
        r"(?:missing|lacking|absent)|information gaps?|unreported",
        "did not provide submit information lacking",
    ),
    (r"recs?", "recommendations"),
    (r"laws?", "legal framework legislative"),
    (r"taught|teach\w*", "education information"),
    (r"trained|trains?", "training"),
    (r"spot|detect\w*|recogni[sz]\w*", "identify"),
    # reporting a crime, or "it" (what happened), to the police: the factsheet's complaint
    (
        r"report(?:ing|ed|s)? (?:it|this|that|them|(?:a|the|such) (?:crime|offen[cs]e|abuse)s?)|complain\w*|file",
        "report complaint",
    ),
    (r"mean\w*|terms?|definitions?", "terms definition"),
    (r"audio|voice|texts?|written|writing", "non-visual material"),
    (r"permanent|ongoing|lasting|long-term", "standing ongoing sustainable"),
    (r"hubs?|centres?|centers?", "resource"),
    (r"contests?|competitions?", "competitions"),
    (r"offenders?|abusers?|predators?|perpetrators?|criminals?", "offenders perpetrators"),
    # "new" alone is everyday ("new laws"): only a new way of offending is the factsheet's evolving practices
    (
        r"keep up|up to date|newest|latest|emerging|new (?:tricks|methods|technolog\w+|trends|forms)|tricks?",
        "evolving current practices emerging",
    ),
    (r"problems?|issues?|concerns?|challenges?|findings?|found", "key findings concerns challenges"),
)
# One thing the factsheet names several ways, and users more: each phrase is read as the factsheet's term on both
# sides (the question's topic and each passage's), so a set question on it narrows to the passages on it rather
# than to its chapters' whole set: (pattern, the term, a pattern that rules it out anywhere in the text, or "").
CONCEPTS: tuple[tuple[str, str, str], ...] = (
    # States outside the Convention: written "non-Parties", "not Parties" and "third States"
    (
        r"non-?(?:part(?:y|ies)|members? (?:states?|countr(?:y|ies)))|(?:not|\w+n[’']t) (?:a )?part(?:y|ies)"
        r"|third (?:states?|countr(?:y|ies))|outside (?:of )?the (?:lanzarote )?convention"
        r"|(?:not|\w+n[’']t) (?:yet )?(?:joined|ratified|signed(?: up)?)",
        "non-Parties",
        "",
    ),
    # jurisdiction over offences against the country's nationals (the passive personality principle)
    (
        r"victims? (?:who |that )?(?:is|are|was|were|being) (?:a |an )?(?:{demonym}|nationals?|citizens?)"
        r"|(?:against|targeting) (?:a |an |one of (?:its|their) |(?:its|their) own )?(?:{demonym} )?(?:nationals?"
        r"|citizens?|residents?)|passive personality"
        r"|by (?:a |an )?(?:foreigner|foreign (?:national|citizen|offender|perpetrator|abuser)|non-{demonym}"
        r"|someone (?:abroad|from abroad|in another country))",
        "passive personality",
        r"\breport|complain",
    ),
    # children taking part in what concerns them (policies, programmes, peer-led awareness): written "participation
    # of children", "involve children", "led … by their peers"; a child's participation in an offence ("participation
    # of a child in pornographic performances") is not it, nor taking part in a contest, nor a study of their views
    (
        r"(?:child|{children}[’']?s?) participation|participation of (?:the )?{children}"
        r"|(?:involv\w* (?:the )?{children}|{children} (?:themselves )?(?:tak(?:e|ing)|have|having) (?:a |an )?part)"
        r" (?:themselves )?in (?:the )?(?:develop|design|decision|polic|programm|plan|shap|draft|awareness|prevent"
        r"|campaign)\w*"
        r"|{children} (?:themselves )?(?:should |to |must |can )?(?:be |being |get |getting |are )?involved"
        r"|{children} (?:themselves )?(?:have|having) (?:a |an )?(?:say|active role)"
        r"|giv\w* {children} (?:themselves )?(?:a |an )?(?:say|voice|active role)|(?:an )?active role"
        r"|consult\w* (?:with )?{children}|{children} (?:\w+ ){0,2}consulted"
        r"|peer-?(?:led|to-peer)|led (?:\w+ ){0,4}by (?:their )?peers",
        "child-participation",
        "",
    ),
    # where a victim of an offence committed abroad reports it (a complaint in the country of residence): not whether
    # prosecuting an offence abroad waits for the victim's complaint, which is jurisdiction
    (
        r"(?:abroad|overseas|(?:in|to) (?:another|the other|that other|a foreign) country|on holiday)"
        r"\W+(?:\w+\W+){0,6}?(?:report|complain)\w*"
        r"|(?:report|complain)\w*\W+(?:\w+\W+){0,6}?(?:abroad|overseas|(?:in|to) (?:another|the other|that other"
        r"|a foreign) country)"
        r"|complaint before the competent authorities of the State of (?:their )?residence",
        "complaint-abroad",
        r"\bprosecut",
    ),
    # education before criminal law for children exploring their sexuality: written "promote as a priority
    # educational … measures"
    (
        r"educat\w* (?:\w+ ){0,3}?(?:over|before|rather than|instead of) (?:\w+ ){0,2}?(?:criminal|prosecut|punish"
        r"|penal|law)\w*|educat\w* (?:should |must )?(?:come|comes|coming|go|goes) first"
        r"|promot\w* as a priority educational",
        "education-first",
        "",
    ),
    # offences committed by children themselves (the child as offender): written "committed by children"
    (
        r"(?:(?:offen\w+|crimes?) (?:committed |done )?|committed (?:\w+ ){0,2}?)by (?:a |other )?(?:child|children"
        r"|kids?|minors?|teens?|teenagers?|young people)"
        r"|offenders? (?:is|are|was|were) (?:a |an )?(?:child|children|kids?|minors?|teens?|teenagers?|underage)"
        r"|(?:child|juvenile|underage|teenage|minor) (?:offenders?|perpetrators?)",
        "committed-by-children",
        "",
    ),
    # children themselves prosecuted or held liable (for their own images): written "a child will not be prosecuted",
    # (their sharing) "is prosecuted" only as a last resort, "at risk of criminal liability"; not the prosecution
    # of offences against children ("prosecution of child sexual abuse")
    (
        # (the children of "extortion of children should be prosecuted" are its victims, not the ones prosecuted)
        r"(?<!\bof )(?<!\bagainst )(?:child|children|kids?|minors?|teens?|teenagers?|young people|adolescents?|he/she)"
        r"(?: themselves)? (?:(?:will|would|should|could|must|can|may|shall) )?(?:not |never )?"
        r"(?:be |being |are |is |get |getting |face |facing )?"
        r"(?:prosecuted|criminali[sz]ed|punished|charged|convicted|held (?:criminally )?liable)"
        r"|(?:prosecut\w*|criminali[sz]\w*|punish\w*|charg\w*|convict\w*) (?:of )?(?:the )?(?:children|kids|minors"
        r"|teens|teenagers|a child|a minor)\b(?! sexual)|prosecuted as (?:a )?last resort"
        r"|(?:children|kids|minors|teens|teenagers)(?:['’]s?)? (?:\w+ ){0,4}?(?:criminal )?liab(?:le|ility)",
        "children-prosecuted",
        "",
    ),
    # what makes prosecuting or convicting hard: written "challenges of successful prosecution"
    (
        r"(?:difficult\w*|hard|harder|obstacles?|challenges?|hurdles?|barriers?|problems?) (?:\w+ ){0,4}?(?:getting "
        r")?(?:convictions?|convict\w*|(?:successful )?prosecut\w*)|(?:convictions?|prosecut\w*) (?:\w+ ){0,3}?"
        r"(?:difficult|hard|harder)|challenges of successful prosecution",
        "challenges-of-successful-prosecution",
        "",
    ),
    # a definition of CSAM in the law: written "a legislative definition … to describe child sexual abuse material",
    # "introduce a definition of child sexual abuse material in its legal framework"
    (
        r"(?:legal|legislative|statutory|law) defin\w+[\w\s,]{0,80}?\b(?:csam|child sexual abuse material)"
        r"|defin\w+ (?:of )?(?:the )?(?:term )?(?:csam|[“\"']?child sexual abuse material[”\"']?) (?:\w+ ){0,3}?(?:in"
        r"|into) (?:its |their |the |danish )?(?:law|legal framework|legislation|criminal code)"
        r"|(?:csam|child sexual abuse material) (?:defin\w+|(?:\w+ ){0,2}defined (?:in|by) (?:\w+ )?(?:law|legislation"
        r"|legal framework))",
        "CSAM-definition",
        "",
    ),
    # who works most on prevention and victim assistance: written "the most involved counterparts"
    (
        r"(?:main|key|principal|leading|most (?:active|involved|important)) (?:actors|players|counterparts|partners"
        r"|stakeholders|organi[sz]ations)|most involved counterparts",
        "most-involved-counterparts",
        "",
    ),
    # sextortion for money: written "a financial gain"
    (
        r"(?:for|wants?|wanting|demand\w*|after|asks? for|asking for|gets?|extort\w*) (?:\w+ ){0,2}?(?:money|cash"
        r"|payments?|ransom)|financial(?:ly)? (?:gain|motiv\w*)|(?:money|cash|ransom) (?:instead|rather)"
        # money listed beside another aim of sextortion ("more pics, sexual favours or money")
        r"|(?:(?<=, )|(?<= or )|(?<= and ))(?:money|cash)\b(?!\s+(?:and|or|for)\b)",
        "financial-gain",
        "",
    ),
    # where the country is one of few Parties doing something: written "among the minority of Parties", "one of the
    # very few Parties"
    (
        r"(?:among|one of) (?:the |a )?(?:small )?(?:minority|(?:very )?few|handful)(?: of)?(?: the)?"
        r" (?:other )?(?:parties|countries|states)|(?:among|one of) (?:the |a )?(?:small )?minority"
        r"|(?:very |only a |a few )?few (?:other )?(?:parties|countries|states) (?:that |which |who |where )"
        r"|unlike most (?:other )?(?:parties|countries|states)|(?:ahead of|stands? out (?:from|among)) (?:most |the )?"
        r"(?:other )?(?:parties|countries|states)",
        "minority-of-Parties",
        "",
    ),
    # where the country gave the Committee no information: written "did not provide information", "did not submit
    # information", "information is lacking"
    (
        r"(?:not|\w+n[’']t|never|fail\w* to|failure to|without) (?:provid|submit|giv|suppl|send|report|shar|hand)\w*"
        r"(?:,? (?!information\b|info\b|data\b)\w+,?){0,3}? (?:any )?(?:information|info|data)\b"
        r"|\black(?:s|ed|ing)? (?:any |the )?(?:information|info|data)\b"
        r"|(?:information|info|data) (?:(?:is|was|are|were) )?(?:(?:still|also) )?(?:lacking|missing|absent|withheld"
        r"|not (?:provided|submitted|given|supplied|available))"
        r"|(?:lack|absence|gaps?) (?:of|in) (?:the )?(?:information|info|data)\b|(?:no|missing) (?:information|info)\b",
        "information-gap",
        "",
    ),
    # what happened after the report was adopted, which the factsheet says it does not include: written "updated
    # information on measures implemented … since the adoption of the report"
    (
        r"(?:since|after) (?:the )?(?:(?:implementation )?report(?:'s|’s)? (?:was |were )?(?:adopt\w*|publi\w*|came out"
        r"|released|issued|finished|written)|adoption(?: of the (?:implementation )?report)?|report (?:date|adoption))"
        # (not "up to date": units are kept up to date with technology)
        r"|updated? information|(?:latest|recent|newest|new) (?:measures|developments|changes|updates|information)"
        r"|since (?:march )?2022|after (?:march )?2022",
        "since-adoption",
        "",
    ),
    # the words used for the material (CSAM rather than "child pornography"): written "use the term “child sexual
    # abuse material”", "the Terminology Guidelines"; not another legal term ("the term “private details”")
    (
        r"terminolog\w*|\bterms? (?:of |used )?(?:for (?:it |this )?)?[“\"'‘]?(?:csam|child (?:sexual abuse"
        r"|sexual exploitation) material|child porn\w*)\b"
        r"|(?:csam|child porn\w*|abuse material)[”\"'’]? (?:\w+ ){0,4}?as a term\b"
        # what the law calls the material: "no legislative definition … to describe “child sexual abuse material”"
        r"|(?:definitions?|terms?|words?)[\w\s,]{0,60}? to (?:describe|name|refer to) [“\"'‘]?(?:csam"
        r"|child (?:sexual abuse|sexual exploitation) material|child porn\w*)",
        "terminology",
        "",
    ),
    # sextortion for more images: written "obtaining additional sexual images or videos of the child"; not what is
    # contrasted with another aim ("money rather than more pictures")
    (
        r"(?<!rather than )(?<!instead of )(?<!not )(?:more|additional|further|extra)"
        r" (?:sexual |nude |explicit |intimate )?(?:pic(?:ture)?s|pix|images|photos|videos|nudes|selfies)",
        "additional-images",
        "",
    ),
    # sextortion for sexual acts: written "obtain other sexual favours from the child"
    (
        r"(?:other |more )?sexual (?:favou?rs|acts|services)|(?:favou?rs|acts) of a sexual nature",
        "sexual-favours",
        "",
    ),
)
# Lay words the thesaurus bridges: a misspelling is corrected to one of them ("sextorsion"), never away.
LAY_TERMS: tuple[str, ...] = (
    "sextortion", "blackmail", "sexting", "sexts", "nudes", "selfies", "grooming", "groomers",
    "police", "teachers", "classroom", "teenagers", "youngsters", "classmates", "judges", "prosecutors",
    "undercover", "helplines", "hotlines", "charities", "parents", "disabilities", "statistics", "surveys",
    "leaked", "forwarded", "punishment", "penalties", "prison", "funding", "budget", "platforms", "volunteers",
    "coaches", "nurses", "doctors", "offenders", "predators", "perpetrators", "abusers",
)  # fmt: skip
# Numbers and ordinals of the stop list stay words: "third countries" is a term, "the second round" a look-up.
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth""".split()
)
# English function words (scikit-learn's stop list; sentence-transformers depends on it): "whether", "already",
# "have" are no topic, though the factsheet writes them and a set narrowed to the passages holding them is wrong.
FUNCTION_WORDS = frozenset(lexical_tokens(" ".join(sorted(ENGLISH_STOP_WORDS - _NUMBER_WORDS))))
# Words of asking, not of a topic ("what does it say about ...", "pull up recommendation ..."): stems.
# (the words as users type them are targets of spelling correction too: "evry" is "every", not "very")
ASKING_TEXT = """say says said tell told know want show find give explain describe mention mentioned mentions
        talk talks talked talking discuss discusses discussed discussing speak speaks spoke
        regarding concerning related relating relation respect terms according factsheet document report committee
        lanzarote recommendation recommendations recommend recommended thing things anything something
        addressed address directed aimed targeted meant apply applies applied applying applicable
        involve involves involving
        deal deals dealt dealing implement implemented implementing carry carries carried carrying
        number numbers word words worded wording
        phrased phrasing act acts acting action actions cite cites cited citing citation citations source sources
        reference references referenced footnote footnotes paragraph paragraphs para paras passage passages
        didn doesn isn aren wasn weren don hasn haven hadn shouldn wouldn couldn mustn won set sets
        happen happens kind kinds type types specifically particular exactly really actually please relevant
        level levels ones one chapter chapters section sections part parts box boxes area areas topic topics
        place places vs versus appear appears appeared appearing feature features featured featuring
        list listing complete full entire whole enumerate overview summary summarise summarize itemise itemize
        split break total altogether overall throughout anywhere everything mean means meaning meant definition
        definitions difference differences distinguish stand stands explain currently present nowadays
        every each many down up out off pull bring look fetch display highlight highlights highlighted across
        cover covers covered contain contains contained whatever stuff etc urgency urgent use uses used using"""
ASKING_WORDS = frozenset(lexical_tokens(ASKING_TEXT))

# Countries a user may ask about; the document's own country is removed at use.
COUNTRIES = frozenset(
    """albania andorra armenia austria azerbaijan belgium bosnia bulgaria croatia cyprus czechia
    denmark estonia finland france georgia germany greece hungary iceland ireland italy latvia
    liechtenstein lithuania luxembourg malta moldova monaco montenegro netherlands macedonia norway
    poland portugal romania russia san-marino serbia slovakia slovenia spain sweden switzerland
    tunisia turkey türkiye ukraine uk britain england scotland usa america canada australia japan
    china india brazil mexico""".split()
)
DEMONYMS = {
    "danish": "denmark",
    "swedish": "sweden",
    "norwegian": "norway",
    "german": "germany",
    "french": "france",
    "spanish": "spain",
    "dutch": "netherlands",
    "finnish": "finland",
    "british": "uk",
    "american": "usa",
    "italian": "italy",
    "polish": "poland",
    "icelandic": "iceland",
}

_DEMONYM = "(?:" + "|".join(DEMONYMS) + ")"
_CHILDREN = "(?:children|kids|young people|youngsters|minors)"
_COMPILED = tuple((re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), words) for pat, words in THESAURUS)
# in a concept's pattern `{demonym}` stands for any country's adjective, `{children}` for children in any words;
# each compiled as (pattern, its term, its term's stem, what rules it out)
_CONCEPTS = tuple(
    (
        re.compile(rf"\b(?:{pat.replace('{demonym}', _DEMONYM).replace('{children}', _CHILDREN)})\b", re.I),
        term,
        lexical_tokens(term)[0],
        re.compile(unless or "(?!)", re.I),
    )
    for pat, term, unless in CONCEPTS
)
_STEMS = {term: stem for _, term, stem, _ in _CONCEPTS}
CONCEPT_STEMS = frozenset(_STEMS.values())


def expand(text: str) -> str:
    """The question followed by the document's words for the lay terms it uses."""
    extra = [words for rx, words in _COMPILED if rx.search(text)]
    return " ".join([text, *extra, *dict.fromkeys(term for _, _, term in _named(text))])


def country_words(country: str) -> set[str]:
    """A country's name and adjective, lower-cased: 'Denmark' -> {'denmark', 'danish'}."""
    name = country.lower()
    return {name} | {adj for adj, c in DEMONYMS.items() if c == name}


@cache
def country_codes(country: str) -> tuple[str, ...]:
    """The country's ISO 3166 codes that are no English word, from pycountry: 'Denmark' -> ('DK', 'DNK'); Italy's
    'IT' and Norway's 'NO' are words, so a question's "it" or "no" never names them."""
    try:
        found = pycountry.countries.lookup(country)
    except LookupError:
        return ()
    return tuple(c for c in (found.alpha_2, found.alpha_3) if c.lower() not in english_ranks())


def with_country_named(text: str, country: str) -> tuple[str, tuple[str, ...]]:
    """The text with the country's code written as its name ("helplines in DK", "DK-specific"), and the codes
    read so."""
    found: list[str] = []

    def name(m: re.Match[str]) -> str:
        found.append(m.group(0))
        return country

    codes = "|".join(country_codes(country))
    if not codes:
        return text, ()
    return re.sub(rf"(?i)(?<![\w-])(?:{codes})(?=[-\s.,;:?!’')]|$)", name, text), tuple(found)


def bridged(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the document's words) for each lay word or phrase of the text the thesaurus bridges."""
    return [(m.start(), m.end(), words) for rx, words in _COMPILED for m in rx.finditer(text)] + _named(text)


def concepts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the stem of the factsheet's term) for each phrase of the text naming one of the CONCEPTS."""
    return [(start, end, _STEMS[term]) for start, end, term in _named(text)]


def _named(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the factsheet's term) for each phrase of the text naming one of the CONCEPTS."""
    return [
        (m.start(), m.end(), term)
        for rx, term, _, unless in _CONCEPTS
        if not unless.search(text)
        for m in rx.finditer(text)
    ]


def synonyms(word: str) -> str:
    """The document's words for one lay word (empty when the thesaurus has none)."""
    return " ".join(words for rx, words in _COMPILED if rx.fullmatch(word))


def countries_named(text: str) -> set[str]:
    """Countries a question names, by name or adjective."""
    words = set(re.findall(r"[a-zäöüéå\-]+", text.lower()))
    found = {w for w in words if w in COUNTRIES}
    found |= {DEMONYMS[w] for w in words if w in DEMONYMS}
    if re.search(r"\bunited (?:kingdom|states)\b", text, re.IGNORECASE):
        found.add("uk" if "kingdom" in text.lower() else "usa")
    return found
