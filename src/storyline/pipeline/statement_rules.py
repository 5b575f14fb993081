"""Dependency rules that find attributions (source, cue, content) in a parsed text.

Each rule reads spaCy's dependency parse and yields a ``Finding``: character spans of
the cue ("said", "according to", "is feared"), the source ("US State Department
spokesman Matthew Miller", or none for "it is feared that ...") and the content
("that the meeting was evidence of ...", a quotation). ``statements.py`` turns
findings into ``Statement`` records.

Rules:

- a cue verb with a clausal complement ("X said (that) ...", "..., X said",
  "“...,” said X"), an infinitive ("X vowed to ...") or, for verbs whose object is
  what is said, a direct object ("X denied the accusations");
- a cue verb whose clause is inserted into the content ("The economy, he said, is ...");
- "according to X, ..." and "from the perspective of X, ..." / "in X's view, ...";
- a cue verb with no complement next to a quotation ("X said: “...”") or at the end of
  the sentence it reports ("..., police said.");
- a cue noun with a named owner ("Trump's claim that ...", "Moscow's denial of ...").

A cue inside a quotation or inside another attribution's content is no attribution of
its own ("“I think ...,” she said", "Lavrov said Russia supports ..."). A content that
overlaps a quotation is widened to the whole quotation (a quote running over several
sentences); a quotation that follows "“...,” X said." in the next sentence continues
the statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.model import StatementKind
from storyline.pipeline.cues import (
    CUE_NOUN_PREPOSITIONS,
    CUE_NOUNS,
    QUOTE_ONLY_VERBS,
    STANCE_VERBS,
    CueClass,
    cue_class,
    normalized_lemma,
)
from storyline.pipeline.quotes import QuotationIndex, starts_with_quote
from storyline.pipeline.statement_syntax import (
    CharSpan,
    SentenceIndex,
    char_span,
    child_with,
    continues,
    cue_span,
    has_child_word,
    is_infinitive,
    is_passive,
    source_span,
    source_token,
    subject_of,
    subtree_span,
    verb_content,
    without,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Finding", "find_attributions"]

_VIEW_NOUNS = frozenset({"perspective", "view", "viewpoint", "opinion", "eyes", "estimation"})
_WH_WORDS = frozenset({"what", "which", "that", "who", "whom"})
_SKIPPED_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "pobj", "nsubj", "dobj"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One attribution found in the text (character spans into ``doc.text``)."""

    cue: CharSpan
    cue_lemma: str
    cue_class: CueClass | None
    cue_token: int  # index of the cue's main word
    content: CharSpan
    kind: StatementKind
    source: CharSpan | None = None
    source_token: int | None = None  # index of the source's head word


@dataclass(frozen=True, slots=True)
class _Context:
    doc: Doc
    quotes: QuotationIndex
    sentences: SentenceIndex


# --------------------------------------------------------------------------- quotations


def _widen_to_quotes(content: CharSpan, cue: CharSpan, quotes: QuotationIndex) -> CharSpan:
    """Widen a content to every quotation it overlaps, unless the cue is quoted too."""
    start, end = content
    for quotation in quotes.overlapping(start, end):
        if quotation.start <= cue[0] < quotation.end:
            continue
        start, end = min(start, quotation.start), max(end, quotation.end)
    return start, end


def _kind(text: str, content: CharSpan, quotes: QuotationIndex) -> StatementKind:
    start, end = content
    inside = quotes.overlapping(start, end)
    if not inside:
        return StatementKind.REPORTED
    quoted = sum(min(q.end, end) - max(q.start, start) for q in inside)
    unquoted = text[start:end]
    for quotation in inside:
        unquoted = unquoted.replace(text[quotation.start : quotation.end], " ")
    if starts_with_quote(text, start) and not any(c.isalnum() for c in unquoted):
        return StatementKind.DIRECT
    return StatementKind.PARTIAL if quoted else StatementKind.REPORTED


def _adjacent_quote(context: _Context, verb: Token) -> CharSpan | None:
    """A quotation right after "X said:" or right before "..., X said" / "“...” X said."."""
    text, quotes = context.quotes.text, context.quotes
    sentence = context.sentences.of(verb.i)
    after = quotes.following(verb.idx + len(verb))
    if after is not None and after.start < sentence.end_char + 2:
        between = text[verb.idx + len(verb) : after.start]
        if len(between) <= 40 and (":" in between or "," in between):
            return after.start, after.end
    before = quotes.overlapping(max(sentence.start_char - 3, 0), verb.idx)
    if before and before[-1].end <= verb.idx:
        between = text[before[-1].end : verb.idx]
        if len(between) <= 60 and not any(c in between for c in "!?\n") and between.count(".") <= 1:
            return before[-1].start, before[-1].end
    return None


def _trailing_frame(context: _Context, verb: Token) -> CharSpan | None:
    """ "..., police said.": what precedes a sentence-final "X said" is its content.

    For when the parser does not make the clause the verb's complement.
    """
    doc = context.doc
    sentence = context.sentences.of(verb.i)
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i:
        return None
    after = [t for t in doc[verb.i + 1 : sentence.end] if not t.is_punct]
    if any(t.head.i != verb.i and t.head.head.i != verb.i for t in after):
        return None
    comma = subject.left_edge.i - 1
    if comma <= sentence.start or doc[comma].text not in (",", "—", "–", "--"):
        return None
    return char_span(doc, sentence.start, comma - 1)


# --------------------------------------------------------------------------- rules


def _names_a_group(verb: Token) -> bool:
    """ "a super PAC supporting Rubio": a participle of stance that describes, not reports."""
    return verb.lemma_.lower() in STANCE_VERBS and verb.tag_ == "VBG" and verb.dep_ != "ROOT"


def _verb_findings(context: _Context) -> Iterator[Finding]:
    """Cue verbs with a content: "X said (that) ...", "“...,” said X", "X denied Y"."""
    doc, quotes = context.doc, context.quotes
    for verb in doc:
        if verb.pos_ != "VERB" or verb.dep_ in _SKIPPED_DEPS:
            continue
        klass = cue_class(verb.lemma_)
        if klass is None or (is_infinitive(verb) and not continues(verb)) or _names_a_group(verb):
            continue
        found = verb_content(doc, verb, context.sentences.of(verb.i).root)
        particle = found[1] if found else None
        content = found[0] if found else None
        if content is None and klass is CueClass.SPEECH:
            content = _adjacent_quote(context, verb) or _trailing_frame(context, verb)
        if content is None:
            continue
        if verb.lemma_.lower() in QUOTE_ONLY_VERBS and not quotes.overlapping(*content):
            continue
        finding = _verb_finding(context, verb, klass, content, particle)
        if finding is not None:
            yield finding


def _opens_with_wh_word(doc: Doc, content: CharSpan, cue: CharSpan) -> bool:
    """ "in what officials called a hate crime": the content starts before the cue."""
    if content[0] >= cue[0]:
        return False
    first = doc.char_span(content[0], content[1], alignment_mode="expand")
    return first is not None and first[0].lower_ in _WH_WORDS


def _verb_finding(
    context: _Context, verb: Token, klass: CueClass, content: CharSpan, particle: Token | None
) -> Finding | None:
    doc = context.doc
    cue = cue_span(doc, verb, particle)
    # the content runs around the cue: "The economy, he said, is ...", "a strike that
    # executives said could ...", "The Senate is expected to vote"
    framed = (
        verb.dep_ in ("parataxis", "advcl", "relcl")
        or is_passive(verb)
        or _opens_with_wh_word(doc, content, cue)
    )
    if content[0] < cue[1] and cue[0] < content[1] and not framed:
        return None
    head = source_token(verb)
    source = source_span(doc, head, verb) if head is not None else None
    if source and content[0] <= source[0] and source[1] <= content[1] and not framed:
        source, head = None, None
    content = _widen_to_quotes(content, cue, context.quotes)
    return Finding(
        cue=cue,
        cue_lemma=normalized_lemma(verb.lemma_) + (f" {particle.lower_}" if particle else ""),
        cue_class=klass,
        cue_token=verb.i,
        content=content,
        kind=_kind(context.quotes.text, content, context.quotes),
        source=source,
        source_token=head.i if head is not None else None,
    )


def _clause_head(token: Token) -> Token:
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head is not head:
        head = head.head
    return head


def _framed_finding(
    context: _Context, frame: Token, cue: CharSpan, lemma: str, source: Token
) -> Finding | None:
    """The clause around a framing phrase ("according to X", "in X's view") is the content."""
    head = _clause_head(frame)
    if head is frame:
        return None
    content = without(context.doc, head, frame)
    if content is None:
        return None
    content = _widen_to_quotes(content, cue, context.quotes)
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


def _according_findings(context: _Context) -> Iterator[Finding]:
    """ "According to X, ...", "..., according to X"."""
    doc = context.doc
    for token in doc[:-1]:
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


def _view_findings(context: _Context) -> Iterator[Finding]:
    """ "From the perspective of X, ...", "in the view of X", "in X's view"."""
    for noun in context.doc:
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


def _noun_findings(context: _Context) -> Iterator[Finding]:
    """ "Trump's claim that ...", "the senator's criticism of the deal"."""
    doc = context.doc
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CUE_NOUNS:
            continue
        owner = child_with(noun, {"poss"})
        if owner is None or owner.pos_ == "PRON":
            continue
        content = _noun_content(doc, noun)
        if content is None:
            continue
        cue, target = content
        span = subtree_span(doc, target)
        source = source_span(doc, owner, noun)
        if span is None or source is None:
            continue
        span = _widen_to_quotes(span, cue, context.quotes)
        lemma = normalized_lemma(noun.lemma_)
        yield Finding(
            cue=cue,
            cue_lemma=lemma,
            cue_class=CueClass.DENIAL if lemma == "denial" else CueClass.SPEECH,
            cue_token=noun.i,
            content=span,
            kind=_kind(context.quotes.text, span, context.quotes),
            source=source,
            source_token=owner.i,
        )


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


def _continued(context: _Context, finding: Finding, others: Sequence[Finding]) -> Finding:
    """Widen "“A,” X said. “B.”" to the quotations that follow in the paragraph.

    B, which no other attribution claims, is the same speaker going on.
    """
    if finding.kind is not StatementKind.DIRECT or finding.content[1] > finding.cue[0]:
        return finding
    sentence = context.sentences.of(finding.cue_token)
    if finding.content[1] > sentence.end_char or finding.cue[0] < sentence.start_char:
        return finding
    if any(
        sentence.start_char <= o.cue[0] < sentence.end_char for o in others if o.cue > finding.cue
    ):
        return finding  # a later attribution in the sentence is the one to go on
    text, quotes = context.quotes.text, context.quotes
    end = finding.content[1]
    position = max(sentence.end_char, finding.content[1])
    while True:
        following = quotes.following(position)
        if following is None or following.start - position > 2:
            break
        if "\n" in text[position : following.start] or not starts_with_quote(text, following.start):
            break
        if any(o.content[0] < following.end and following.start < o.content[1] for o in others):
            break
        end = position = following.end
    if end == finding.content[1]:
        return finding
    return replace(finding, content=(finding.content[0], end))


def find_attributions(doc: Doc, quotes: QuotationIndex | None = None) -> list[Finding]:
    """Every attribution the rules find in ``doc``, ordered by cue position.

    A cue inside a quotation is left out: "“I think she will,” Gillibrand said" is one
    statement by Gillibrand, not also one by "I".
    """
    context = _Context(doc, quotes or QuotationIndex(doc.text), SentenceIndex(doc))
    findings: dict[int, Finding] = {}
    for rule in (_according_findings, _view_findings, _verb_findings, _noun_findings):
        for finding in rule(context):
            if context.quotes.at(finding.cue[0]) is None:
                findings.setdefault(finding.cue[0], finding)
    ordered = sorted(findings.values(), key=lambda f: f.cue)
    ordered = [f for f in ordered if not _nested(f, ordered)]
    return [_continued(context, finding, ordered) for finding in ordered]


def _nested(finding: Finding, findings: Sequence[Finding]) -> bool:
    """Whether a cue lies inside another attribution's content.

    "Lavrov said Russia supports North Korea", "Putin said he believes ...": what the
    inner cue says is part of what the outer source reports, so it stays in that
    statement (PARC-style evaluations such as Citron's leave nested attributions out too).
    """
    start = finding.cue[0]
    return any(o is not finding and o.content[0] <= start < o.content[1] for o in findings)
