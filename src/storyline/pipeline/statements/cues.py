"""The words that mark attribution: cue verbs and nouns, hedges, vague and collective sources.

A cue is the word that tells who said or thought what: "said", "denied", "according
to", "warned", "believes". The verb lexicon was chosen by reading attribution
guidelines (PARC, PolNeAR) and checked against how often each verb is a cue in the
PolNeAR *train* split; verbs that are rarely cues ("make", "take", "want") stay out.
"want" was measured again: as a cue it is right about half the time on train and adds
nothing to F1, so it stays out; "seem" and "appear" add about 0.3 points of attribution
F1 on train and are in (as sourceless, hedged statements). The noun and source word
lists below serve the same rules: which nouns carry a statement, which heads can speak.
"""

from __future__ import annotations

from enum import StrEnum


def _words(text: str) -> list[str]:
    return text.split()


__all__ = [
    "ADDRESSEE_VERBS",
    "AS_COMPLEMENT_VERBS",
    "BELIEF_VERBS",
    "BRACKET_TOKENS",
    "COLLECTIVE_DETERMINERS",
    "CUE_NOUNS",
    "CUE_NOUN_PREPOSITIONS",
    "DENIAL_VERBS",
    "DOCUMENT_NOUNS",
    "EVIDENCE_VERBS",
    "HEDGE_WORDS",
    "INFINITIVE_CONTENT_VERBS",
    "INTENTION_VERBS",
    "OBJECT_CONTENT_VERBS",
    "PERCEPTION_VERBS",
    "PERSON_NOUNS",
    "PHRASAL_CUES",
    "PHRASAL_ONLY_VERBS",
    "PRONOUN_SOURCES",
    "QUESTION_VERBS",
    "QUOTE_ONLY_VERBS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "STANCE_VERBS",
    "VAGUE_SOURCE_NOUNS",
    "CueClass",
    "cue_class",
    "normalized_lemma",
]


class CueClass(StrEnum):
    """What a cue verb reports."""

    SPEECH = "speech"  # say, tell, write, announce, warn
    BELIEF = "belief"  # think, believe, fear, expect
    DENIAL = "denial"  # deny, reject, dismiss


#: Verbs of saying, writing and reporting.
SPEECH_VERBS = frozenset(
    _words(
        """
    say tell add write note report announce state declare explain claim argue insist
    suggest warn stress emphasize emphasise assert contend acknowledge admit concede
    confirm reveal disclose mention remark comment reply respond answer ask tweet post
    recall predict promise pledge vow urge describe complain indicate observe testify
    allege accuse criticize criticise praise blast slam condemn denounce mock question
    wonder conclude proclaim boast brag joke quip shout whisper assure caution counter
    retort protest agree demand request propose recommend advise threaten cite quote
    characterize label brand dub reiterate repeat highlight underscore signal hint imply
    estimate forecast speculate tout hail applaud endorse blame charge lament decry
    bemoan thank congratulate apologize plead chant email text lambast scold rebuke
    chide attack defend echo recount specify clarify elaborate inform notify announce
    find show portray concur lash rail tease taunt swear guarantee reassure muse
    theorize posit surmise call continue point talk speak discuss express voice refer
    offer seek refuse decline support back oppose favor prefer name list identify
    encourage remind challenge address read
        """
    )
)

#: Verbs of taking a stance: cues when finite ("Utah backs Trump"), not as a participle
#: naming a group ("a super PAC supporting Rubio", "candidates seeking the nomination").
STANCE_VERBS = frozenset(
    _words(
        """
    support back oppose favor prefer seek offer endorse defend attack
    """
    )
)

#: Cue verbs whose to-infinitive is what is said ("vowed to fight", "urged them to go").
INFINITIVE_CONTENT_VERBS = frozenset(
    _words(
        """
    promise pledge vow threaten urge ask tell call agree offer propose seek hope hop expect
    plan demand refuse decline intend prefer encourage remind warn advise order push
    press persuade convince claim appear seem want plan intend decide order
        """
    )
)

#: Cue verbs whose object with an "as" phrase is the content ("sees the vote as a
#: warning", "described the plan as reckless").
AS_COMPLEMENT_VERBS = frozenset(
    _words("see view regard consider describe portray characterize label cast paint depict")
)

#: Verbs of perception that are cues only when they state a view ("sees the vote as a
#: warning", "saw that the tide had turned"), not when they report what was seen.
PERCEPTION_VERBS = frozenset(_words("see"))

#: Cue verbs whose passive subject is whom something was said to ("was told", "were
#: warned"); not "ask": "she was asked about X" reports a question.
ADDRESSEE_VERBS = frozenset(
    _words("tell warn urge advise inform remind notify order instruct encourage assure")
)

#: Cue verbs that report speech only with their particle ("spoke about", "spoke out").
PHRASAL_ONLY_VERBS = frozenset({"speak"})

#: Cue verbs that report speech only next to a quotation ("“...,” she continued").
QUOTE_ONLY_VERBS = frozenset({"continue", "read", "address"})

#: Verbs of wanting and planning: cues of a thought act when someone who can speak
#: wants or plans to do something ("Clinton wants to triple the program", "the
#: campaign plans to employ ..."), not "it plans to" or "wants a wall". On PolNeAR train
#: (tools/cue_lexicon.py) they are cues a third to a half of the time as verbs, more
#: often with a speaking subject and an infinitive.
INTENTION_VERBS = frozenset(_words("want plan intend decide order"))

#: Cue verbs that ask ("I wonder whether ...", "we must ask why ...").
QUESTION_VERBS = frozenset({"wonder", "ask"})

#: Verbs of thinking, believing, expecting (the content is an opinion or forecast).
#: ("hop": the small English model lemmatizes "hopes" and "hoping" so.)
BELIEF_VERBS = frozenset(
    _words(
        """
    think believe fear hope hop expect suspect assume doubt worry feel reckon guess imagine
    suppose figure know realize realise recognize recognise consider view see regard
    deem
        """
    )
)

#: Verbs whose speaker denies the content.
DENIAL_VERBS = frozenset(
    _words(
        """
    deny reject dismiss refute rebut dispute disavow contradict repudiate deride
        """
    )
)

#: Cue verbs whose direct object is what was said ("denied the accusations",
#: "praised their deepened relations"); for other verbs the object is the addressee.
OBJECT_CONTENT_VERBS = frozenset(
    _words(
        """
    deny reject dismiss refute rebut dispute disavow contradict repudiate deride
    announce praise criticize criticise blast slam condemn denounce mock question
    endorse blame tout hail applaud decry lament bemoan echo confirm reveal disclose
    propose recommend demand request predict promise pledge vow describe highlight
    underscore reiterate repeat acknowledge admit concede cite quote defend attack
    lambast rebuke portray express voice tweet post write report say discuss support
    back oppose favor prefer name list identify offer seek mention challenge address
    accuse credit thank congratulate fault show
        """
    )
)

#: Verb + preposition cues whose object is the content ("call for", "point to").
PHRASAL_CUES: dict[str, frozenset[str]] = {
    "call": frozenset({"for", "on"}),
    "point": frozenset({"to", "out"}),
    "refer": frozenset({"to"}),
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of", "out"}),
    "warn": frozenset({"of", "against", "about"}),
    "complain": frozenset({"about", "of"}),
    "rail": frozenset({"against"}),
    "lash": frozenset({"out"}),
    "worry": frozenset({"about"}),
    "ask": frozenset({"about", "for"}),
    "argue": frozenset({"for", "against"}),
    "push": frozenset({"for"}),
    "express": frozenset(),
    "voice": frozenset(),
}

#: Nouns that carry a statement when their owner is named ("Trump's claim that ...",
#: "the senator's criticism of the deal"); "denial" makes it a denial.
CUE_NOUNS = frozenset(
    _words(
        """
    claim assertion allegation accusation warning announcement suggestion remark comment
    argument insistence promise pledge vow prediction denial admission belief fear hope
    concern criticism complaint call demand statement attack endorsement
    opposition praise question
    """
    )
)

#: Prepositions that join a cue noun to its content ("criticism of", "call for").
CUE_NOUN_PREPOSITIONS = frozenset({"of", "for", "about", "on", "to", "against"})

#: Words that make a statement tentative or second-hand.
HEDGE_WORDS = frozenset(
    _words(
        """
    allegedly reportedly apparently probably possibly perhaps presumably supposedly
    likely unlikely could may might would suspect suspected believe believed assume
    assumed fear feared seem seems seemed appear appears appeared suggest rumored
    rumoured purportedly
    ostensibly reputedly
        """
    )
)

#: Head nouns of sources that name no one in particular.
VAGUE_SOURCE_NOUNS = frozenset(
    _words(
        """
    source expert observer official analyst critic diplomat insider information
    report media people some many others someone observer commentator intelligence
    circle spokesperson person witness resident activist researcher scientist study
    survey poll data document record estimate account reports rumor rumour
        """
    )
)

#: Cue verbs that also describe what things show ("the pattern pointed to a leak"):
#: cues only when a person, a group or a document shows it.
EVIDENCE_VERBS = frozenset(
    _words(
        """
    point show suggest indicate signal reveal prove demonstrate confirm hint imply
    highlight underscore mean find
        """
    )
)

#: Head nouns of documents, counts and inquiries that can be sources ("a study showed").
DOCUMENT_NOUNS = frozenset(
    _words(
        """
    report study survey poll data document record analysis research figure statistic
    number result evidence investigation probe inquiry review audit memo letter email
    filing statement transcript tally count estimate model projection forecast census
    footage video recording photo image book article story paper website page post
    tweet message note release ruling order complaint lawsuit indictment affidavit
    testimony interview calculation assessment finding test experiment trial
    questionnaire polling examination disclosure outcome return remark comment speech
    word response answer reply vote count tally percent majority minority half third
    quarter share plurality most
        """
    )
)

#: Head nouns of people and groups that can be sources besides role nouns
#: ("voters said", "supporters believe").
PERSON_NOUNS = frozenset(
    _words(
        """
    people person voter resident citizen american supporter opponent critic member
    delegate worker democrat republican conservative liberal progressive lawmaker
    politician candidate donor fan friend family parent mother father son daughter
    wife husband child man woman men women student teacher doctor nurse veteran
    immigrant leader aide staff staffer adviser advisor organizer strategist pollster
    consultant insider observer colleague ally rival neighbor customer user reader
    viewer respondent participant protester protestor demonstrator group side camp
    campaign team government administration authority authorities agency police
    investigator prosecutor court judge jury panel committee board council party
    country nation state city company firm bank industry union organization
    organisation institute center centre foundation network moderator investor
    defender host pundit commentator blogger checker player owner official economist
    some many others several few all both
        """
    )
)

#: Role nouns of people who speak for something ("the spokesman said").
ROLE_NOUNS = frozenset(
    _words(
        """
    president minister premier chancellor chief head spokesman spokeswoman
    spokesperson secretary king queen prince general commander ambassador envoy
    diplomat official officer director chairman chairwoman chair ceo founder governor
    mayor senator congressman congresswoman representative legislator deputy judge
    prosecutor attorney lawyer analyst expert professor researcher scientist economist
    journalist correspondent reporter editor author writer activist executive manager
    coach captain nominee negotiator inspector commissioner speaker owner
        """
    )
)

#: Determiners and quantifiers of collective sources ("both countries", "all sides").
COLLECTIVE_DETERMINERS = frozenset({"both", "all", "each", "two", "three", "four", "several"})

#: Personal pronouns that can be sources.
PRONOUN_SOURCES = frozenset(
    {"he", "she", "they", "we", "i", "you", "it", "who", "which", "that", "his", "her", "their"}
)


#: Penn Treebank bracket tokens of tokenized text ("-LRB- AP -RRB-"): never a speaker.
BRACKET_TOKENS = frozenset({"-lrb-", "-rrb-", "-lsb-", "-rsb-", "-lcb-", "-rcb-"})


#: Lemmas the small English model gets wrong for cue verbs.
_LEMMA_FIXES = {"hop": "hope"}


def normalized_lemma(lemma: str) -> str:
    """A cue lemma lower-cased, with the model's known lemmatization slips fixed."""
    lemma = lemma.lower()
    return _LEMMA_FIXES.get(lemma, lemma)


def cue_class(lemma: str) -> CueClass | None:
    """The class of a cue verb lemma, or None when the verb is no cue."""
    lemma = lemma.lower()
    if lemma in DENIAL_VERBS:
        return CueClass.DENIAL
    if lemma in BELIEF_VERBS or lemma in INTENTION_VERBS:
        return CueClass.BELIEF
    if lemma in SPEECH_VERBS:
        return CueClass.SPEECH
    return None
