"""Reading spans off spaCy's dependency parse for attribution rules.

Helpers shared by ``statement_rules``: the source of a cue verb (its subject, the
agent of a passive, the subject it shares with a verb it is coordinated with), its
content (a clausal complement, an infinitive, an object, a prepositional object of a
phrasal cue such as "call for"), the words that make up the cue ("has repeatedly
warned against"), and trimming of stray punctuation at span edges.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from storyline.pipeline.cues import (
    INFINITIVE_CONTENT_VERBS,
    OBJECT_CONTENT_VERBS,
    PHRASAL_CUES,
    cue_class,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "CharSpan",
    "SentenceIndex",
    "char_span",
    "child_with",
    "continues",
    "cue_span",
    "has_child_word",
    "is_infinitive",
    "is_passive",
    "relative_antecedent",
    "source_span",
    "source_token",
    "subject_of",
    "subtree_span",
    "verb_content",
    "without",
]

CharSpan = tuple[int, int]

_SUBJECTS = frozenset({"nsubj"})
_CLAUSES = frozenset({"ccomp"})
_LEADING_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", ".", "’"})
_TRAILING_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", ".", "‘"})
_PAIRS = {"(": ")", ")": "(", "[": "]", "]": "[", "“": "”", "”": "“", "«": "»", "»": "«"}
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: Words before a cue verb that belong to the cue ("has not yet said", "is expected").
_CUE_PREFIX = frozenset({"aux", "auxpass", "neg", "advmod"})
#: Verbs whose infinitive complement is the cue itself ("went on to say").
_CONTINUING_VERBS = frozenset({"go", "continue", "begin", "start", "proceed", "demand", "rush"})
#: Verb modifiers after an object that still belong to the content.
_OBJECT_MODIFIERS = frozenset({"prep", "advmod", "npadvmod", "acomp", "dative"})
_BREAKS = frozenset({",", "—", "–", "--", ";", ":"})
_QUOTE_TOKENS = frozenset({'"', "“", "”", "''"})
#: Modifiers set off by a comma after a source, which are not part of it.
_SOURCE_MODIFIERS = frozenset({"acl", "relcl"})
#: Prepositions of a phrase after a source that says when or where, not who.
_CIRCUMSTANCE_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "via", "over", "after", "before", "through", "while"}
)


class SentenceIndex:
    """The sentences of a doc, found by token index without rescanning the doc."""

    def __init__(self, doc: Doc) -> None:
        self.sentences: list[Span] = list(doc.sents)
        self._starts = [sentence.start for sentence in self.sentences]

    def of(self, token_index: int) -> Span:
        """The sentence that holds token ``token_index``."""
        return self.sentences[bisect_right(self._starts, token_index) - 1]


# --------------------------------------------------------------------------- spans


def char_span(doc: Doc, first: int, last: int) -> CharSpan:
    """Characters of tokens ``first..last`` (inclusive)."""
    return doc[first].idx, doc[last].idx + len(doc[last])


def trimmed_tokens(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without stray punctuation at its edges.

    Dashes, commas and the like go; a closing parenthesis or quote stays when its
    opening one is inside the range, and the reverse.
    """
    while first <= last:
        text = doc[first : last + 1].text
        head, tail = doc[first].text, doc[last].text
        if doc[first].is_space or head in _LEADING_PUNCT or _unbalanced(head, text):
            first += 1
        elif doc[last].is_space or tail in _TRAILING_PUNCT or _unbalanced(tail, text):
            last -= 1
        else:
            return first, last
    return None


def _unbalanced(mark: str, text: str) -> bool:
    """Whether an edge mark of ``text`` lacks its partner inside ``text``."""
    if mark in _PAIRS:
        return _PAIRS[mark] not in text
    if mark in ('"', "''"):
        return text.count(mark) % 2 == 1
    return False


def subtree_span(doc: Doc, token: Token) -> CharSpan | None:
    trimmed = trimmed_tokens(doc, token.left_edge.i, token.right_edge.i)
    return char_span(doc, *trimmed) if trimmed else None


def _is_coordinated_cue(token: Token, lemma: str) -> bool:
    """ "X said A and said B": the parser hangs the second "said" on A's verb."""
    return (
        token.dep_ == "conj"
        and token.lemma_.lower() in (lemma, "add")
        and subject_of(token) is None
        and child_with(token, _CLAUSES) is not None
    )


def _is_inserted_cue(token: Token) -> bool:
    """ "..., the agency reported.": an attribution hung on the end of a clause."""
    return (
        token.dep_ == "parataxis"
        and cue_class(token.lemma_) is not None
        and subject_of(token) is not None
        and token.left_edge.i > 0
        and token.doc[token.left_edge.i - 1].text in {",", "—", "–", "-", "--"}
    )


def _fronts_content(token: Token) -> bool:
    """ "he would come, the agency reported": a cue verb after its own content."""
    inner = child_with(token, _CLAUSES)
    return (
        inner is not None
        and inner.i < token.i
        and cue_class(token.lemma_) is not None
        and subject_of(token) is not None
        and token.doc[inner.right_edge.i + 1].text in {",", "—", "–", "--"}
    )


def content_span(doc: Doc, root: Token, lemma: str) -> CharSpan | None:
    """The subtree of a content's root, cut before a coordinated or an inserted cue.

    A content after its cue runs on over what the parser hung on the cue verb after it
    ("said [he would run] [unless ...]"), up to a comma or a quotation.
    """
    last = root.right_edge.i
    verb = root.head
    if root.i > verb.i and verb.right_edge.i > last:
        rest = doc[last + 1 : verb.right_edge.i + 1]
        if rest[0].text not in _BREAKS and not any(t.text in _QUOTE_TOKENS for t in rest):
            last = verb.right_edge.i
    for token in doc[root.i + 1 : last + 1]:
        if _is_coordinated_cue(token, lemma) or _is_inserted_cue(token):
            last = token.left_edge.i - 1
            break
    while last > root.i and doc[last].dep_ == "cc":
        last -= 1
    trimmed = trimmed_tokens(doc, root.left_edge.i, last)
    return char_span(doc, *trimmed) if trimmed else None


def without(doc: Doc, whole: Token, part: Token) -> CharSpan | None:
    """The subtree of ``whole`` minus the subtree of ``part`` when that sits at an edge.

    When ``part`` sits in the middle, the whole subtree is returned (the content runs
    around an inserted attribution).
    """
    first, last = whole.left_edge.i, whole.right_edge.i
    if part.left_edge.i <= first:
        first = part.right_edge.i + 1
    elif part.right_edge.i >= last:
        last = part.left_edge.i - 1
    trimmed = trimmed_tokens(doc, first, last)
    return char_span(doc, *trimmed) if trimmed else None


def union(*spans: CharSpan | None) -> CharSpan | None:
    present = [span for span in spans if span]
    if not present:
        return None
    return min(s for s, _ in present), max(e for _, e in present)


# --------------------------------------------------------------------------- sources


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass", "csubjpass") for child in verb.children)


def source_token(verb: Token) -> Token | None:
    """The head word of who speaks through ``verb``, following shared subjects."""
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
        return None
    return None


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


def source_span(doc: Doc, head: Token, verb: Token) -> CharSpan | None:
    """The source phrase of ``verb``, without a modifier set off after it ("X, speaking
    at ...") or the relative clause that holds the verb ("the minister [who said]")."""
    if head.lower_ in _RELATIVE_PRONOUNS:
        return head.idx, head.idx + len(head)
    last = head.right_edge.i
    for child in head.rights:
        set_off = child.dep_ in _SOURCE_MODIFIERS and doc[child.left_edge.i - 1].text == ","
        holds_verb = child.left_edge.i <= verb.i <= child.right_edge.i
        if set_off or holds_verb or _circumstance(head, child):
            last = min(last, child.left_edge.i - 1)
    while last > head.left_edge.i and doc[last].dep_ == "case":
        last -= 1  # "the senator['s] claim"
    trimmed = trimmed_tokens(doc, head.left_edge.i, last)
    return char_span(doc, *trimmed) if trimmed else None


# --------------------------------------------------------------------------- contents


def child_with(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def has_child_word(token: Token, dep: str, word: str) -> bool:
    return any(child.dep_ == dep and child.lower_ == word for child in token.children)


def _object_content(doc: Doc, verb: Token) -> CharSpan | None:
    obj = child_with(verb, {"dobj"})
    if obj is None:
        return None
    complement = child_with(verb, {"oprd", "xcomp", "ccomp"})
    span = subtree_span(doc, obj)
    if complement is not None and complement.i > obj.i:
        return union(span, subtree_span(doc, complement))
    if verb.lemma_.lower() in OBJECT_CONTENT_VERBS or verb.lemma_.lower() == "call":
        return _object_phrase(doc, verb, obj)
    return None


def _object_phrase(doc: Doc, verb: Token, obj: Token) -> CharSpan | None:
    """The object with the modifiers that follow it up to a comma ("X for Y in Z")."""
    last = obj.right_edge.i
    for child in verb.rights:
        if child.i <= last:
            continue
        if child.dep_ not in _OBJECT_MODIFIERS or doc[child.left_edge.i - 1].text in _BREAKS:
            break
        last = child.right_edge.i
    trimmed = trimmed_tokens(doc, obj.left_edge.i, last)
    return char_span(doc, *trimmed) if trimmed else None


def _phrasal_content(doc: Doc, verb: Token) -> tuple[CharSpan, Token] | None:
    preps = PHRASAL_CUES.get(verb.lemma_.lower())
    if not preps:
        return None
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in preps:
            target = child_with(child, {"pobj", "pcomp"})
            if target is not None:
                span = subtree_span(doc, target)
                if span:
                    return span, child
    return None


def _infinitive_content(doc: Doc, verb: Token) -> CharSpan | None:
    if verb.lemma_.lower() not in INFINITIVE_CONTENT_VERBS:
        return None
    xcomp = child_with(verb, {"xcomp"})
    if xcomp is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
        return None
    obj = child_with(verb, {"dobj"})
    span = subtree_span(doc, xcomp)
    if obj is not None and obj.i < xcomp.i:
        span = union(subtree_span(doc, obj), span)
    if is_passive(verb):
        subject = child_with(verb, {"nsubjpass"})
        if subject is not None and subject.lower_ != "it":
            span = union(subtree_span(doc, subject), span)
    return span


def verb_content(doc: Doc, verb: Token, root: Token) -> tuple[CharSpan, Token | None] | None:
    """The content of a cue verb and, for phrasal cues, the particle that joins the cue.

    ``root`` is the root of the verb's sentence.
    """
    clause = child_with(verb, _CLAUSES)
    while clause is not None and _fronts_content(clause):
        clause = child_with(clause, _CLAUSES)
    if clause is not None:
        span = content_span(doc, clause, verb.lemma_.lower())
        return (span, None) if span else None
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and has_child_word(verb, "mark", "as")):
        span = without(doc, root, verb) if root is not verb else None
        return (span, None) if span else None
    phrasal = _phrasal_content(doc, verb)
    if phrasal is not None:
        return phrasal
    infinitive = _infinitive_content(doc, verb)
    if infinitive is not None:
        return infinitive, None
    obj = _object_content(doc, verb)
    return (obj, None) if obj else None


# --------------------------------------------------------------------------- cues


def is_infinitive(verb: Token) -> bool:
    """ "to support", "to see": a hypothetical act, not an attribution."""
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)


def continues(verb: Token) -> bool:
    """ "went on to say", "began to argue": the head verb is part of the cue."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CONTINUING_VERBS


def cue_span(doc: Doc, verb: Token, particle: Token | None) -> CharSpan:
    first = last = verb.i
    if continues(verb) and verb.head.i < verb.i:
        first = verb.head.i
        verb_head = verb.head
        while (
            first > 0
            and doc[first - 1].head.i == verb_head.i
            and doc[first - 1].dep_ in _CUE_PREFIX
        ):
            first -= 1
        return char_span(doc, first, last)
    while first > 0 and doc[first - 1].head.i == verb.i and doc[first - 1].dep_ in _CUE_PREFIX:
        first -= 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            last = child.i
    if particle is not None and particle.i > last and particle.i - last <= 2:
        last = particle.i
    return char_span(doc, first, last)
