"""Attributions framed by a phrase rather than a cue verb.

- "according to X, ...", "..., according to X"; "in a new poll, ..." (a poll, survey
  or study; not "leading in the polls");
- "from the perspective of X, ...", "in the view of X", "in X's view";
- a cue noun with an owner: a possessive ("Trump's claim that ...", "his criticism of
  ...") or the subject of the verb it is the object of ("the senator raised concerns
  about ..."; not a verb of receiving: "won the endorsement of ...");
- a short name and a colon that open a line ("Sanders: Endorsements prove ...", "Q:");
  such a speaker turn does not swallow the attributions inside it;
- how things seem, to no one named ("the figures appear to be wrong").

The clause around a framing phrase is its content; a second conjunct that shares its
subject with the first takes the clause from that subject on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from storyline.model import StatementKind
from storyline.pipeline.statements.content import without
from storyline.pipeline.statements.cues import (
    CUE_NOUN_PREPOSITIONS,
    CUE_NOUNS,
    CueClass,
    cue_class,
    normalized_lemma,
)
from storyline.pipeline.statements.findings import (
    Context,
    Finding,
    statement_kind,
    widen_to_quotes,
)
from storyline.pipeline.statements.sources import can_be_source, source_span, source_token
from storyline.pipeline.statements.syntax import (
    CharSpan,
    char_span,
    child_with,
    cue_span,
    has_child_word,
    subject_of,
    subtree_span,
    trimmed_tokens,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "according_findings",
    "appearance_findings",
    "colon_findings",
    "noun_findings",
    "poll_findings",
    "view_findings",
]

_VIEW_NOUNS = frozenset({"perspective", "view", "viewpoint", "opinion", "eyes", "estimation"})
#: Sources that frame a clause with "in" ("in a new poll, ...").
_POLL_NOUNS = frozenset({"poll", "survey", "study", "average", "census", "tally", "analysis"})
#: Verbs of how things seem, and the complements that say what seems so.
_APPEARANCE_VERBS = frozenset({"seem", "appear"})
_APPEARANCE_COMPLEMENTS = frozenset({"xcomp", "ccomp", "acomp", "oprd"})
#: Verbs whose subject receives what a cue noun names ("won the endorsement of").
_RECEIVING_VERBS = frozenset(
    {
        "receive",
        "get",
        "win",
        "earn",
        "face",
        "draw",
        "attract",
        "field",
        "take",
        "answer",
        "dodge",
        "deflect",
        "ignore",
        "gain",
        "secure",
        "seek",
        "lose",
        "court",
        "weather",
        "endure",
        "brush",
        "shrug",
        "deserve",
        "invite",
        "file",
    }
)
#: Quotation marks that open a quoted transcript paragraph.
_OPENING_MARKS = frozenset('"“')
#: At most this many words before a colon make a source ("Bernie Sanders:").
_MAX_COLON_SOURCE = 5
_MIN_COLON_WORDS = 3
_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "CCONJ", "PART", "PUNCT"})
#: Words before a colon that label a passage instead of naming a speaker.
_COLON_LABELS = frozenset(
    {
        "update",
        "updates",
        "note",
        "editor",
        "photo",
        "photos",
        "video",
        "watch",
        "read",
        "related",
        "correction",
        "breaking",
        "exclusive",
        "opinion",
        "analysis",
        "source",
        "sources",
        "via",
        "listen",
        "more",
        "see",
        "also",
        "warning",
        "disclosure",
    }
)


def _clause_head(token: Token) -> Token:
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head is not head:
        head = head.head
    return head


def _with_shared_subject(doc: Doc, head: Token, frame: Token, content: CharSpan) -> CharSpan:
    """ "Russia is using ... and, according to experts, is not keeping up ...": a
    framed second conjunct without a subject of its own takes the clause from the
    shared subject on (the frame stays inside, as in "The economy, he said, is ...")."""
    if head.dep_ != "conj" or subject_of(head) is not None or frame.i > head.i:
        return content
    first = head.head
    while first.dep_ == "conj":
        first = first.head
    subject = subject_of(first)
    if subject is None or first.pos_ not in ("VERB", "AUX"):
        return content
    return char_span(doc, subject.left_edge.i, subject.left_edge.i)[0], content[1]


def _framed_finding(
    context: Context, frame: Token, cue: CharSpan, lemma: str, source: Token
) -> Finding | None:
    """The clause around a framing phrase ("according to X", "in X's view") is the content."""
    head = _clause_head(frame)
    if head is frame:
        return None
    content = without(context.doc, head, frame)
    if content is None:
        return None
    content = _with_shared_subject(context.doc, head, frame, content)
    content = widen_to_quotes(content, cue, context.quotes)
    return Finding(
        cue=cue,
        cue_lemma=lemma,
        cue_class=CueClass.SPEECH,
        cue_token=frame.i,
        content=content,
        kind=StatementKind.ACCORDING_TO,
        source=subtree_span(context.doc, source),
        source_token=source.i,
    )


def according_findings(context: Context) -> Iterator[Finding]:
    """ "According to X, ...", "..., according to X"."""
    doc = context.doc
    for token in context.tokens[:-1]:
        to = doc[token.i + 1]
        if token.lower_ != "according" or to.lower_ != "to":
            continue
        source = child_with(to, {"pobj"})
        if source is None:
            continue
        cue = char_span(doc, token.i, to.i)
        found = _framed_finding(context, token, cue, "according to", source)
        if found is not None:
            yield found


def poll_findings(context: Context) -> Iterator[Finding]:
    """ "In a new poll, Trump leads ...", "... 28 percent said so in the survey": a poll,
    survey or study that frames a clause is its source, "in" its cue."""
    doc = context.doc
    for prep in context.tokens:
        if prep.lower_ != "in" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
            continue
        source = child_with(prep, {"pobj"})
        if source is None or source.lemma_.lower() not in _POLL_NOUNS or source.tag_ != "NN":
            continue  # "leading in the polls" is a standing, not a source
        if cue_class(prep.head.lemma_) is not None or prep.head.dep_ in ("relcl", "acl"):
            continue  # "said in a statement": the verb is the cue
        found = _framed_finding(context, prep, char_span(doc, prep.i, prep.i), "in", source)
        if found is not None:
            yield found


def view_findings(context: Context) -> Iterator[Finding]:
    """ "From the perspective of X, ...", "in the view of X", "in X's view"."""
    for noun in context.tokens:
        if noun.lower_ not in _VIEW_NOUNS or noun.dep_ != "pobj":
            continue
        prep = noun.head
        if prep.lower_ not in ("from", "in") or prep.dep_ != "prep":
            continue
        owner = child_with(noun, {"poss"})
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            owner = child_with(of, {"pobj"})
        if owner is None:
            continue
        cue = char_span(context.doc, prep.i, of.i if of is not None else noun.i)
        lemma = f"{prep.lower_} the {noun.lemma_.lower()} of"
        found = _framed_finding(context, prep, cue, lemma, owner)
        if found is not None:
            yield found


def noun_findings(context: Context) -> Iterator[Finding]:
    """ "Trump's claim that ...", "the senator's criticism of the deal"."""
    doc = context.doc
    for noun in context.tokens:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CUE_NOUNS:
            continue
        owner = child_with(noun, {"poss"}) or _light_verb_subject(noun)
        if owner is None:
            continue
        content = _noun_content(doc, noun)
        if content is None:
            continue
        cue, target = content
        span = subtree_span(doc, target)
        source = source_span(doc, owner, noun if owner.head is noun else owner.head)
        if span is None or source is None:
            continue
        span = widen_to_quotes(span, cue, context.quotes)
        lemma = normalized_lemma(noun.lemma_)
        yield Finding(
            cue=cue,
            cue_lemma=lemma,
            cue_class=CueClass.DENIAL if lemma == "denial" else CueClass.SPEECH,
            cue_token=noun.i,
            content=span,
            kind=statement_kind(context.quotes.text, span, context.quotes),
            source=source,
            source_token=owner.i,
        )


def _light_verb_subject(noun: Token) -> Token | None:
    """ "The senator [voiced] concern about ...", "Christie unleashed attacks on ...":
    the subject of the verb a cue noun is the object of."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or cue_class(verb.lemma_):
        return None
    if verb.lemma_.lower() in _RECEIVING_VERBS:
        return None  # "Cruz won the endorsement of ...": the subject is who got it
    subject = source_token(verb)
    return subject if subject is not None and can_be_source(subject) else None


def _noun_content(doc: Doc, noun: Token) -> tuple[CharSpan, Token] | None:
    """The cue (the noun, with its preposition) and the head of a cue noun's content."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp") and has_child_word(child, "mark", "that"):
            return char_span(doc, noun.i, noun.i), child
        if child.dep_ == "prep" and child.lower_ in CUE_NOUN_PREPOSITIONS:
            target = child_with(child, {"pobj", "pcomp"})
            if target is not None:
                return char_span(doc, noun.i, child.i), target
    return None


def colon_findings(context: Context) -> Iterator[Finding]:
    """ "Sanders: Endorsements prove Clinton ...", "Q: ...": a short name that opens a
    line and a colon; the rest of the line is what the source says."""
    doc, text = context.doc, context.quotes.text
    for colon in context.tokens:
        if colon.text != ":":
            continue
        line_start = text.rfind("\n", 0, colon.idx) + 1
        if context.quotes.at(colon.idx) is not None:
            # A transcript quoted paragraph by paragraph: '"PENCE: Well, look, ...'
            if text[line_start : line_start + 1] not in _OPENING_MARKS:
                continue
            line_start += 1
            if not text[line_start : colon.idx].isupper():
                continue
        first = doc.char_span(line_start, colon.idx, alignment_mode="expand")
        if first is None or not _names_a_speaker(first):
            continue
        line_end = text.find("\n", colon.idx)
        content = _line_rest(text, colon.idx + 1, len(text) if line_end == -1 else line_end)
        if content is None:
            continue
        yield Finding(
            cue=(colon.idx, colon.idx + 1),
            cue_lemma=":",
            cue_class=CueClass.SPEECH,
            cue_token=colon.i,
            content=content,
            kind=statement_kind(text, content, context.quotes),
            source=(first.start_char, first.end_char),
            source_token=first.root.i,
        )


def _names_a_speaker(span: Span) -> bool:
    """Whether the words before a colon are a short name or source ("Bernie Sanders",
    "CNN President", "Poll", "Q"), not a label ("Update") or a clause."""
    words = [t for t in span if not t.is_space]
    if not words or len(words) > _MAX_COLON_SOURCE or words[0].is_punct:
        return False
    if len(words) == 1 and words[0].text in ("Q", "A"):
        return True
    if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") or t.lower_ in _COLON_LABELS for t in words):
        return False
    return all(t.pos_ in _NAME_POS for t in words) and can_be_source(span.root)


def _line_rest(text: str, start: int, end: int) -> CharSpan | None:
    """The text after a colon to the end of its line, if it has a few words."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1
    return (start, end) if len(text[start:end].split()) >= _MIN_COLON_WORDS else None


def appearance_findings(context: Context) -> Iterator[Finding]:
    """ "The figures appear to be wrong", "it seems (that) ...": how things seem, to no
    one named. The content is the subject and the complement around the cue."""
    doc = context.doc
    for verb in context.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _APPEARANCE_VERBS:
            continue
        complement = next((c for c in verb.rights if c.dep_ in _APPEARANCE_COMPLEMENTS), None)
        if complement is None or (complement.dep_ == "xcomp" and not _is_clause(complement)):
            continue
        subject = subject_of(verb)
        first = complement.left_edge.i
        if subject is not None and subject.lower_ not in ("it", "there"):
            first = subject.left_edge.i
        content = trimmed_tokens(doc, first, complement.right_edge.i)
        if content is None or content[1] - content[0] < 1:
            continue
        span = widen_to_quotes(
            char_span(doc, *content), char_span(doc, verb.i, verb.i), context.quotes
        )
        yield Finding(
            cue=cue_span(doc, verb, None),
            cue_lemma=verb.lemma_.lower(),
            cue_class=CueClass.BELIEF,
            cue_token=verb.i,
            content=span,
            kind=statement_kind(context.quotes.text, span, context.quotes),
        )


def _is_clause(token: Token) -> bool:
    """ "to be wrong", "like no one will be spared": a complement with a verb."""
    return token.pos_ in ("VERB", "AUX") or any(c.dep_ == "mark" for c in token.children)
