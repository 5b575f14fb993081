"""The source of a cue verb, read off spaCy's dependency parse.

Its subject, the agent of a passive, the subject it shares with a verb it is
coordinated with, the antecedent of a relative pronoun ("the minister, who said"), a
name the parser left beside a role ("Committee chair [Hanne Vik] said"); the source
phrase without what is set off after it ("X, speaking at ...") or says when and where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.pipeline.statements.cues import (
    BRACKET_TOKENS,
    DOCUMENT_NOUNS,
    PERSON_NOUNS,
    PRONOUN_SOURCES,
    ROLE_NOUNS,
    VAGUE_SOURCE_NOUNS,
    cue_class,
)
from storyline.pipeline.statements.syntax import (
    CUE_PREFIX,
    CharSpan,
    char_span,
    child_with,
    is_passive,
    subject_of,
    trimmed_tokens,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "adjacent_source",
    "can_be_source",
    "named_head",
    "relative_antecedent",
    "relative_subject",
    "source_span",
    "source_token",
]

_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: Entity labels of names that can complete a source.
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Entity labels of sources: people, organisations, groups, countries.
_SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Pronouns that stand for things, not speakers ("it shows").
_THING_PRONOUNS = frozenset({"it", "this", "that", "which", "these", "those"})
_SOURCE_NOUNS = DOCUMENT_NOUNS | PERSON_NOUNS | VAGUE_SOURCE_NOUNS | ROLE_NOUNS
#: What ends a quotation before an inverted source ("“...,” the minister said").
_QUOTE_CLOSERS = frozenset({"”", '"', "''", ","})
#: Endings of nouns of people ("columnist", "historian", "spokesman").
_AGENT_ENDINGS = ("ist", "ian", "man", "woman", "person", "people")
#: Modifiers set off by a comma after a source, which are not part of it.
_SOURCE_MODIFIERS = frozenset({"acl", "relcl"})
#: Prepositions of a phrase after a source that says when or where, not who.
_CIRCUMSTANCE_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "via", "over", "after", "before", "through", "while"}
)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def relative_subject(verb: Token) -> Token | None:
    """The relative pronoun that is the source of ``verb`` as written ("voters [who]
    said"), following shared subjects; None when the source is no relative pronoun."""
    for _ in range(4):
        subject = subject_of(verb)
        if subject is not None:
            return subject if relative_antecedent(subject) is not None else None
        if verb.dep_ not in ("conj", "advcl", "xcomp") or verb.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = verb.head
    return None


def source_token(verb: Token) -> Token | None:
    """The head word of who speaks through ``verb``, following shared subjects; for a
    relative pronoun, its antecedent."""
    seen = 0
    while seen < 4:
        seen += 1
        agent = _agent(verb)
        if agent is not None:
            return agent
        if is_passive(verb):
            return None
        subject = subject_of(verb)
        if subject is not None:
            return relative_antecedent(subject) or subject
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
            continue
        if _coordinated_complement(verb):
            verb = verb.head
            continue
        issuer = _issuing_verb(verb)
        if issuer is None:
            return None
        verb = issuer
    return None


def _issuing_verb(verb: Token) -> Token | None:
    """ "[issued] a statement saying ...": the verb whose subject put out the words."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or verb.head.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    holder = verb.head.head
    if verb.head.dep_ == "pobj" and holder.dep_ in ("prep", "agent"):
        holder = holder.head
    if verb.head.dep_ not in ("dobj", "pobj") or holder.pos_ not in ("VERB", "AUX"):
        return None
    return holder


def _coordinated_complement(verb: Token) -> bool:
    """ "said A and [warned that B]": the parser makes the second cue a complement."""
    left = verb.left_edge.i
    return (
        verb.dep_ == "ccomp"
        and left > 0
        and verb.doc[left - 1].dep_ == "cc"
        and cue_class(verb.head.lemma_) is not None
    )


def relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the minister" of "the minister, who")."""
    if token.lower_ not in _RELATIVE_PRONOUNS:
        return None
    clause = token.head
    while clause.dep_ != "relcl" and clause.head is not clause:
        if clause.dep_ not in ("conj", "xcomp", "advcl"):
            return None
        clause = clause.head
    return clause.head if clause.dep_ == "relcl" and clause.head.pos_ != "VERB" else None


def _circumstance(head: Token, token: Token) -> bool:
    """ "Trump [in his speech]", "the campaign [on Monday]": when, not who."""
    if token.dep_ == "advmod":
        return token.lower_ in ("here", "there", "today", "yesterday")
    if token.dep_ != "prep" or token.lower_ not in _CIRCUMSTANCE_PREPOSITIONS:
        return False
    target = child_with(token, {"pobj"})
    return head.pos_ == "PROPN" or (target is not None and target.ent_type_ in ("DATE", "TIME"))


def named_head(head: Token, verb: Token) -> tuple[Token, int | None]:
    """The head of a source completed by a name right after it, and where it starts.

    "Committee chair Hanne Vik said": the parser may end the subject at "chair" and
    leave the name beside it; the name completes the source, which starts at
    "Committee". A name after punctuation ("LONDON (Reuters) - Donald Trump said") is
    the source alone. Otherwise ``head`` and None.
    """
    doc = head.doc
    start = head.right_edge.i + 1
    if start >= verb.i or doc[start].ent_iob_ != "B" or doc[start].ent_type_ not in _NAME_LABELS:
        return head, None
    end = start
    while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
        end += 1
    between = doc[end + 1 : verb.i]
    if any(t.head.i != verb.i or t.dep_ not in CUE_PREFIX for t in between):
        return head, None
    name: Token = doc[start : end + 1].root
    before = doc[start - 1]
    if before.is_punct:
        return name, start
    if before.pos_ == "NOUN" and before.whitespace_ == " ":
        return name, head.left_edge.i
    return head, None


def source_span(doc: Doc, head: Token, verb: Token, first: int | None = None) -> CharSpan | None:
    """The source phrase of ``verb``, without a modifier set off after it ("X, speaking
    at ...") or the relative clause that holds the verb ("the minister [who said]").

    ``first`` starts the phrase earlier than the head's subtree (a role before a name
    that ``named_head`` found)."""
    if head.lower_ in _RELATIVE_PRONOUNS:
        return head.idx, head.idx + len(head)
    last = head.right_edge.i
    for child in head.rights:
        set_off = child.dep_ in _SOURCE_MODIFIERS and doc[child.left_edge.i - 1].text == ","
        holds_verb = child.left_edge.i <= verb.i <= child.right_edge.i
        if set_off or holds_verb or _circumstance(head, child):
            last = min(last, child.left_edge.i - 1)
    start = head.left_edge.i if first is None else min(first, head.left_edge.i)
    while last > start and doc[last].dep_ == "case":
        last -= 1  # "the senator['s] claim"
    brackets = [t.i for t in doc[start + 1 : last + 1] if t.lower_ in BRACKET_TOKENS]
    if brackets:
        last = brackets[0] - 1  # "The report -LRB- published Monday -RRB-"
    trimmed = trimmed_tokens(doc, start, last)
    return char_span(doc, *trimmed) if trimmed else None


def can_be_source(head: Token) -> bool:
    """Whether a source's head word names someone or a document that can say something.

    "The pattern of the deaths pointed to a leak" is no statement; "experts pointed to
    a leak" and "a study pointed to a leak" are.
    """
    word = (relative_antecedent(head) or head) if head.lower_ in _RELATIVE_PRONOUNS else head
    lemma = word.lemma_.lower()
    if word.lower_ in _THING_PRONOUNS:
        return False
    if word.ent_type_ in _SOURCE_LABELS or word.pos_ == "PROPN" or word.lower_ in PRONOUN_SOURCES:
        return True
    return lemma in _SOURCE_NOUNS or word.lower_ in _SOURCE_NOUNS or lemma.endswith(_AGENT_ENDINGS)


def adjacent_source(verb: Token) -> Token | None:
    """The source of a finite speech verb the parser gave no subject: the name right
    after it ("“...,” said [Louise Sunshine], who ...") or right before it between a
    quotation and the verb ("“...,” [a White House official] said")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or is_passive(verb):
        return None
    doc = verb.doc
    after = verb.i + 1
    while after < len(doc) and doc[after].ent_type_ in ("DATE", "TIME"):
        after += 1  # "said Wednesday"
    if after < len(doc) and doc[after].pos_ in ("PROPN", "NOUN", "DET"):
        return _phrase_head(doc[after], after, None)
    before = verb.i - 1
    if before > 0 and doc[before].pos_ in ("PROPN", "NOUN"):
        head = _phrase_head(doc[before], None, verb.i)
        opener = head.left_edge.i - 1 if head is not None else -1
        if opener >= 0 and doc[opener].text in _QUOTE_CLOSERS:
            return head
    return None


def _phrase_head(token: Token, first: int | None, end: int | None) -> Token | None:
    """The top of the noun phrase ``token`` is in, staying after ``first`` / before
    ``end``; None when that is no noun."""
    head = token
    while head.head is not head and head.head.pos_ in ("PROPN", "NOUN"):
        parent = head.head
        if (first is not None and parent.i < first) or (end is not None and parent.i >= end):
            break
        head = parent
    return head if head.pos_ in ("PROPN", "NOUN") and can_be_source(head) else None
