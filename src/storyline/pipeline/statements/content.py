"""The content of a cue verb, read off spaCy's dependency parse.

A clausal complement ("said [that ...]"), cut before a second cue coordinated with the
first; the clause around an inserted cue ("The economy, he said, is ..."); the
prepositional object of a phrasal cue ("called [for ...]"); an infinitive ("vowed [to
...]"); a denial's gerund ("denied [accepting bribes]"); or, for verbs whose object is
what is said, the object ("denied [the accusations]").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.pipeline.statements.cues import (
    AS_COMPLEMENT_VERBS,
    INFINITIVE_CONTENT_VERBS,
    OBJECT_CONTENT_VERBS,
    PHRASAL_CUES,
    CueClass,
    cue_class,
)
from storyline.pipeline.statements.syntax import (
    BREAKS,
    CLAUSES,
    CharSpan,
    char_span,
    child_with,
    has_child_word,
    is_passive,
    subject_of,
    subtree_span,
    trimmed_tokens,
    union,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["as_complement", "content_span", "verb_content", "without"]

#: Verb modifiers after an object that still belong to the content.
_OBJECT_MODIFIERS = frozenset({"prep", "advmod", "npadvmod", "acomp", "dative"})
_APOSTROPHES = frozenset({"’", "'"})
_QUOTE_TOKENS = frozenset({'"', "“", "”", "''"})
#: Entity labels of where and when something was said.
_CIRCUMSTANCE_LABELS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})
#: Prepositions of a phrase that says when or where something was said.
_CIRCUMSTANCE_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "via", "over", "after", "before", "through", "while"}
)


def _is_coordinated_cue(token: Token, lemma: str) -> bool:
    """ "X said A and said B": the parser hangs the second "said" on A's verb."""
    return (
        token.dep_ == "conj"
        and token.lemma_.lower() in (lemma, "add")
        and subject_of(token) is None
        and child_with(token, CLAUSES) is not None
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
    inner = child_with(token, CLAUSES)
    return (
        inner is not None
        and inner.i < token.i
        and cue_class(token.lemma_) is not None
        and subject_of(token) is not None
        and token.doc[inner.right_edge.i + 1].text in {",", "—", "–", "--"}
    )


def _is_second_cue(token: Token) -> bool:
    """ "acknowledged that A [but insisted that B]", "said A and [warned that B]"."""
    if token.dep_ in ("cc", "conj"):
        return True
    return token.dep_ in ("ccomp", "parataxis") and cue_class(token.lemma_) is not None


def _tail_end(verb: Token, last: int) -> int:
    """The last token of what the parser hung on a cue verb after its content, up to a
    second cue coordinated with it."""
    end: int = verb.right_edge.i
    for child in verb.rights:
        if child.i > last and _is_second_cue(child):
            return min(end, child.left_edge.i - 1)
    return end


def content_span(doc: Doc, root: Token, lemma: str) -> CharSpan | None:
    """The subtree of a content's root, cut before a coordinated or an inserted cue.

    A content after its cue runs on over what the parser hung on the cue verb after it
    ("said [he would run] [unless ...]"), up to a comma, a quotation or a second cue
    coordinated with the first ("acknowledged that A but insisted that B": two
    statements).
    """
    last = root.right_edge.i
    verb = root.head
    tail = _tail_end(verb, last)
    if root.i > verb.i and tail > last:
        rest = doc[last + 1 : tail + 1]
        if rest[0].text not in BREAKS and not any(t.text in _QUOTE_TOKENS for t in rest):
            last = tail
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

    The edges are those of the subtree without its final punctuation, so a phrase
    before the full stop ("..., according to the agency.") is at the edge. When
    ``part`` sits in the middle, the whole subtree is returned (the content runs
    around an inserted attribution).
    """
    bounds = trimmed_tokens(doc, whole.left_edge.i, whole.right_edge.i)
    if bounds is None:
        return None
    first, last = bounds
    if part.left_edge.i <= first:
        first = part.right_edge.i + 1
    elif part.right_edge.i >= last:
        last = part.left_edge.i - 1
    trimmed = trimmed_tokens(doc, first, last)
    return char_span(doc, *trimmed) if trimmed else None


def _object_content(doc: Doc, verb: Token) -> CharSpan | None:
    obj = child_with(verb, {"dobj"})
    if obj is None:
        return None
    complement = child_with(verb, {"oprd", "xcomp", "ccomp"})
    span = subtree_span(doc, obj)
    if complement is not None and complement.i > obj.i:
        return union(span, subtree_span(doc, complement))
    as_phrase = as_complement(verb)
    if as_phrase is not None and verb.lemma_.lower() in AS_COMPLEMENT_VERBS:
        return union(span, subtree_span(doc, as_phrase))  # "sees [the gains as evidence]"
    if verb.lemma_.lower() in OBJECT_CONTENT_VERBS or verb.lemma_.lower() == "call":
        return _object_phrase(doc, verb, obj)
    return None


def as_complement(verb: Token) -> Token | None:
    """The "as" phrase of "sees [X] as Y", hung on the verb or on its object."""
    obj = child_with(verb, {"dobj"})
    for head in (verb, obj):
        if head is None:
            continue
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "as":
                return child
    return None


def _possessive_split(doc: Doc, last: int, child: Token) -> bool:
    """ "praised [their countries] [’] [deepened relations]": a plural possessive the
    parser split into two objects (or the apostrophe between them)."""
    if doc[last].text in _APOSTROPHES:  # the apostrophe is already in
        return child.dep_ == "dobj" and child.left_edge.i == last + 1
    mark = doc[last + 1] if last + 1 < len(doc) else None
    if mark is None or mark.text not in _APOSTROPHES or doc[last].whitespace_:
        return False
    return child.i == mark.i or (child.dep_ == "dobj" and child.left_edge.i == mark.i + 1)


def _object_phrase(doc: Doc, verb: Token, obj: Token) -> CharSpan | None:
    """The object with the modifiers that follow it up to a comma ("X for Y in Z")."""
    last = obj.right_edge.i
    for child in verb.rights:
        if child.i <= last:
            continue
        if _possessive_split(doc, last, child):
            last = max(last + 1, child.right_edge.i)
            continue
        if child.dep_ not in _OBJECT_MODIFIERS or doc[child.left_edge.i - 1].text in BREAKS:
            break
        last = child.right_edge.i
    last = _without_final_circumstance(doc, verb, obj, last)
    trimmed = trimmed_tokens(doc, obj.left_edge.i, last)
    return char_span(doc, *trimmed) if trimmed else None


def _without_final_circumstance(doc: Doc, verb: Token, obj: Token, last: int) -> int:
    """The end of an object phrase before a final "in Moscow" / "on Monday" hung on the
    verb or the object: where and when it was said, not what."""
    first = obj.left_edge.i
    end = last
    while end > first and doc[end].is_punct:
        end -= 1
    entity = doc[end]
    if entity.ent_type_ not in _CIRCUMSTANCE_LABELS or entity.ent_iob_ == "O":
        return last
    start = end
    while start > first and doc[start].ent_iob_ == "I":
        start -= 1
    before = doc[start - 1]
    phrase, cut = (before, start - 2) if before.dep_ == "prep" else (doc[start], start - 1)
    objects = {verb.i, obj.i} | {c.i for c in verb.children if c.dep_ == "dobj"}
    if cut < first or phrase.head.i not in objects:
        return last
    if phrase.dep_ == "prep" and phrase.lower_ in _CIRCUMSTANCE_PREPOSITIONS:
        return cut
    if entity.ent_type_ in ("DATE", "TIME") and phrase.dep_ == "npadvmod":
        return cut
    return last


def _phrasal_content(doc: Doc, verb: Token) -> tuple[CharSpan, Token] | None:
    preps = PHRASAL_CUES.get(verb.lemma_.lower())
    if not preps:
        return None
    for child in verb.rights:  # "called for ...", not "for more details call ..."
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


def _gerund_content(doc: Doc, verb: Token) -> CharSpan | None:
    """What a denial verb denies when it is a gerund: "denied [accepting bribes]"."""
    if cue_class(verb.lemma_) is not CueClass.DENIAL:
        return None
    gerund = child_with(verb, {"xcomp"})
    if gerund is None or gerund.tag_ != "VBG":
        return None
    return subtree_span(doc, gerund)


def verb_content(doc: Doc, verb: Token, root: Token) -> tuple[CharSpan, Token | None] | None:
    """The content of a cue verb and, for phrasal cues, the particle that joins the cue.

    ``root`` is the root of the verb's sentence.
    """
    clause = child_with(verb, CLAUSES)
    while clause is not None and _fronts_content(clause):
        clause = child_with(clause, CLAUSES)
    if clause is not None:
        span = content_span(doc, clause, verb.lemma_.lower())
        return (span, None) if span else None
    inserted = verb.dep_ == "parataxis"
    if inserted:
        span = without(doc, root, verb) if root is not verb else None
        return (span, None) if span else None
    phrasal = _phrasal_content(doc, verb)
    if phrasal is not None:
        return phrasal
    infinitive = _infinitive_content(doc, verb) or _gerund_content(doc, verb)
    if infinitive is not None:
        return infinitive, None
    obj = _object_content(doc, verb)
    if obj is not None:
        return obj, None
    if verb.dep_ == "advcl" and has_child_word(verb, "mark", "as") and root is not verb:
        # "..., as the minister noted": the clause the as-clause hangs on
        span = without(doc, root, verb)
        return (span, None) if span else None
    return None
