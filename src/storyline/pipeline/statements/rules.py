"""Dependency rules that find attributions (source, cue, content) in a parsed text.

Each rule reads spaCy's dependency parse and yields a ``Finding`` (see
``findings``); ``extract`` turns findings into ``Statement`` records.
This module holds the cue-verb rules and runs every rule:

- a cue verb with a clausal complement ("X said (that) ...", "“...,” said X"), an
  infinitive ("X vowed to ..."), an object and its "as" phrase ("sees X as Y") or, for
  verbs whose object is what is said, a direct object ("X denied the accusations");
  two coordinated cues are two statements ("acknowledged A but insisted B");
- a cue verb whose clause is inserted into the content ("The economy, he said, is ...");
- a sentence-final cue ("..., the agency reported."): the whole clause before it is the
  content, however the parser attached it;
- a cue verb with no complement next to a quotation ("X said: “...”");
- the framing rules of ``frames``: "according to X", "in X's view", "in a new
  poll", cue nouns ("Trump's claim that ...", "raised concerns about ..."), "X: ..."
  at the start of a line, and how things seem ("the figures appear to be wrong").

What is no attribution: a participle naming a group ("a PAC supporting Rubio"); a verb
of evidence whose subject is a thing ("the pattern pointed to a leak"; a study or a
person pointing to it is one); a passive that names only whom something was told ("were
told to stop", "had been warned about leaks"); "saw a man running" (seeing is a cue
only as a view: "sees X as Y"); "speaking on condition of anonymity".

A cue inside a quotation or inside another attribution's content is no attribution of
its own ("“I think ...,” she said", "Lavrov said Russia supports ...", "Putin said he
would come, KCNA reported": what Putin said is part of what KCNA reports). A content
that overlaps a quotation is widened to the whole quotation (a quote running over
several sentences); a quotation that follows "“...,” X said." in the next sentence
continues the statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storyline.model import StatementKind
from storyline.pipeline.doctext import doc_text
from storyline.pipeline.sentences import SentenceIndex
from storyline.pipeline.statements.content import as_complement, verb_content
from storyline.pipeline.statements.cues import (
    ADDRESSEE_VERBS,
    EVIDENCE_VERBS,
    INTENTION_VERBS,
    OBJECT_CONTENT_VERBS,
    PERCEPTION_VERBS,
    PHRASAL_ONLY_VERBS,
    QUOTE_ONLY_VERBS,
    STANCE_VERBS,
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
from storyline.pipeline.statements.frames import (
    according_findings,
    appearance_findings,
    colon_findings,
    noun_findings,
    poll_findings,
    view_findings,
)
from storyline.pipeline.statements.noise import is_noise
from storyline.pipeline.statements.quotes import QuotationIndex, starts_with_quote
from storyline.pipeline.statements.sources import (
    adjacent_source,
    can_be_source,
    named_head,
    relative_subject,
    source_span,
    source_token,
)
from storyline.pipeline.statements.spans import SpanCover
from storyline.pipeline.statements.syntax import (
    CharSpan,
    char_span,
    continues,
    cue_span,
    has_child_word,
    is_infinitive,
    is_passive,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Finding", "find_attributions"]

_WH_WORDS = frozenset({"what", "which", "that", "who", "whom"})
#: What may follow a sentence-final cue: "said on Monday", "told reporters".
_TRAILING_DEPS = frozenset(
    {"prep", "npadvmod", "advmod", "dobj", "dative", "prt", "punct", "agent"}
)
#: How a phrase before a sentence-final cue modifies it instead of being its content.
_VERB_MODIFIERS = frozenset({"advcl", "prep", "advmod", "npadvmod", "intj", "mark", "dobj"})
_SKIPPED_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "pobj", "nsubj", "dobj"})


# --------------------------------------------------------------------------- quotations


def _adjacent_quote(context: Context, verb: Token) -> CharSpan | None:
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


def _inside(span: CharSpan, frame: CharSpan) -> bool:
    return frame[0] <= span[0] and span[1] <= frame[1]


def _trailing_frame(context: Context, verb: Token) -> CharSpan | None:
    """ "..., police said.": what precedes a sentence-final "X said" is its content.

    For when the parser does not make the whole clause the verb's complement ("Putin
    thanked ... and said he would come, the agency reported": the content is all of
    it, not "he would come").
    """
    doc = context.doc
    sentence = context.sentences.of(verb.i)
    subject = subject_of(verb)
    if (
        subject is None
        or subject.i > verb.i
        or subject.lower_ in _WH_WORDS
        or verb.dep_ in ("relcl", "acl", "advcl")
        or has_child_word(verb, "aux", "can")
        or any(c.tag_ == "MD" for c in verb.children)
        or not _ends_sentence(verb, sentence.end)
    ):
        return None
    comma = subject.left_edge.i - 1
    if comma <= sentence.start or doc[comma].text not in (",", "—", "–", "--"):
        return None
    frame = doc[sentence.start : comma]
    if any(t.head.i == verb.i and t.dep_ in _VERB_MODIFIERS for t in frame):
        return None  # "Asked about it, she said ...", "In Ohio, voters said ..."
    return char_span(doc, sentence.start, comma - 1)


def _ends_sentence(verb: Token, end: int) -> bool:
    """Whether only the cue's circumstances ("on Monday", "in a statement") follow it."""
    for child in verb.rights:
        if child.dep_ not in _TRAILING_DEPS:
            return False
        if child.dep_ == "dobj" and verb.lemma_.lower() in OBJECT_CONTENT_VERBS:
            return False  # "..., which the award recognizes [the winners]"
    return all(
        t.is_punct or t.is_space or verb.i in {a.i for a in t.ancestors}
        for t in verb.doc[verb.i + 1 : end]
    )


# --------------------------------------------------------------------------- rules


def _names_a_group(verb: Token) -> bool:
    """ "a super PAC supporting Rubio": a participle of stance that describes, not reports."""
    return verb.lemma_.lower() in STANCE_VERBS and verb.tag_ == "VBG" and verb.dep_ != "ROOT"


def _verb_findings(context: Context) -> Iterator[Finding]:
    """Cue verbs with a content: "X said (that) ...", "“...,” said X", "X denied Y"."""
    doc, quotes = context.doc, context.quotes
    for verb in context.tokens:
        if verb.pos_ != "VERB" or verb.dep_ in _SKIPPED_DEPS:
            continue
        klass = cue_class(verb.lemma_)
        if klass is None or (is_infinitive(verb) and not continues(verb)) or _names_a_group(verb):
            continue
        if verb.lemma_.lower() in PERCEPTION_VERBS and not _judges(verb):
            continue  # "I saw a man running", not "voters see him as electable"
        found = verb_content(doc, verb, context.sentences.of(verb.i).root)
        particle = found[1] if found else None
        content = found[0] if found else None
        trailing = _trailing_frame(context, verb)
        if trailing is not None and (content is None or _inside(content, trailing)):
            content, particle = trailing, None
        if content is None and klass is CueClass.SPEECH:
            content = _adjacent_quote(context, verb)
        if content is None:
            continue
        if verb.lemma_.lower() in QUOTE_ONLY_VERBS and not quotes.overlapping(*content):
            continue
        if verb.lemma_.lower() in PHRASAL_ONLY_VERBS and particle is None:
            continue  # "spoke about X" reports; "X, speaking on condition of ..." does not
        finding = _verb_finding(context, verb, klass, content, particle)
        if finding is not None:
            yield finding


def _judges(verb: Token) -> bool:
    """Whether a verb of perception states a view: "sees X as Y", "sees that ..."."""
    if as_complement(verb) is not None:
        return True
    return any(c.dep_ == "ccomp" and has_child_word(c, "mark", "that") for c in verb.children)


def _opens_with_wh_word(doc: Doc, content: CharSpan, cue: CharSpan) -> bool:
    """ "in what officials called a hate crime": the content starts before the cue."""
    if content[0] >= cue[0]:
        return False
    first = doc.char_span(content[0], content[1], alignment_mode="expand")
    return first is not None and first[0].lower_ in _WH_WORDS


def _addressed(verb: Token, content: CharSpan, quotes: QuotationIndex) -> bool:
    """Whether a passive cue names only whom something was told, not what was said.

    "Farmers were told to stop irrigating", "the company had been warned about
    leaks": an instruction or a topic, from no one named. "He was told that he would
    lose" (a that-clause) and a quoted question stay statements.
    """
    if verb.lemma_.lower() not in ADDRESSEE_VERBS or not is_passive(verb):
        return False
    if quotes.overlapping(*content):
        return False
    return not any(c.dep_ == "ccomp" and has_child_word(c, "mark", "that") for c in verb.children)


def _intends(verb: Token, head: Token | None) -> bool:
    """ "Clinton wants to triple ...": a speaking subject and an infinitive."""
    if head is None or not can_be_source(head) or head.lower_ in ("it", "you"):
        return False
    return any(c.dep_ == "xcomp" and is_infinitive(c) for c in verb.children)


def _verb_finding(
    context: Context, verb: Token, klass: CueClass, content: CharSpan, particle: Token | None
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
    if head is None and klass is CueClass.SPEECH and context.quotes.overlapping(*content):
        head = adjacent_source(verb)  # "“...,” said [the woman]", parsed without a subject
    if verb.lemma_.lower() in EVIDENCE_VERBS and head is not None and not can_be_source(head):
        return None  # "the pattern of the deaths pointed to a leak"
    if verb.lemma_.lower() in INTENTION_VERBS and not _intends(verb, head):
        return None  # "it plans to", "wants a wall", "voters who want change"
    if head is None and _addressed(verb, content, context.quotes):
        return None  # "farmers were told to stop", "the firm had been warned about leaks"
    source = speaker = None
    if head is not None:
        head, first = named_head(head, verb)
        source = source_span(doc, head, verb, first=first)
        pronoun = relative_subject(verb)
        if pronoun is not None and source is not None:
            source, speaker = char_span(doc, pronoun.i, pronoun.i), source
    if source and content[0] <= source[0] and source[1] <= content[1] and not framed:
        source = speaker = head = None
    content = widen_to_quotes(content, cue, context.quotes)
    return Finding(
        cue=cue,
        cue_lemma=normalized_lemma(verb.lemma_) + (f" {particle.lower_}" if particle else ""),
        cue_class=klass,
        cue_token=verb.i,
        content=content,
        kind=statement_kind(context.quotes.text, content, context.quotes),
        source=source,
        source_token=head.i if head is not None else None,
        speaker=speaker,
    )


def _continued(
    context: Context, finding: Finding, next_cue: int | None, contents: SpanCover
) -> Finding:
    """Widen "“A,” X said. “B.”" to the quotations that follow in the paragraph.

    B, which no other attribution claims (``contents``: every content), is the same
    speaker going on. ``next_cue`` is where the next attribution's cue starts.
    """
    if finding.kind is not StatementKind.DIRECT or finding.content[1] > finding.cue[0]:
        return finding
    sentence = context.sentences.of(finding.cue_token)
    if finding.content[1] > sentence.end_char or finding.cue[0] < sentence.start_char:
        return finding
    if next_cue is not None and next_cue < sentence.end_char:
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
        if contents.overlaps(following.start, following.end):
            break
        end = position = following.end
    if end == finding.content[1]:
        return finding
    return replace(finding, content=(finding.content[0], end))


def find_attributions(
    doc: Doc, quotes: QuotationIndex | None = None, sentences: SentenceIndex | None = None
) -> list[Finding]:
    """Every attribution the rules find in ``doc``, ordered by cue position.

    A cue inside a quotation is left out: "“I think she will,” Gillibrand said" is one
    statement by Gillibrand, not also one by "I". ``sentences`` is the nlp stage's
    index of the doc (built here when not given).
    """
    index = SentenceIndex(doc) if sentences is None else sentences
    context = Context(doc, quotes or QuotationIndex(doc_text(doc)), index)
    findings: dict[int, Finding] = {}
    rules = (according_findings, view_findings, poll_findings, _verb_findings, noun_findings)
    for rule in (*rules, appearance_findings, colon_findings):
        for finding in rule(context):
            # a transcript turn inside a quoted paragraph ('"PENCE: ...') is let through
            if finding.cue_lemma == ":" or context.quotes.at(finding.cue[0]) is None:
                findings.setdefault(finding.cue[0], finding)
    # cues are unique by start, so sorting by cue orders them by where they start
    ordered = sorted(findings.values(), key=lambda f: f.cue)
    # what a noise finding covers goes with it ("I wonder whether the council knows ...")
    ordered = [f for f in _outermost(ordered) if not is_noise(doc, f)]
    contents = SpanCover([f.content for f in ordered])
    next_cues: list[int | None] = [f.cue[0] for f in ordered[1:]]
    return [
        _continued(context, finding, next_cue, contents)
        for finding, next_cue in zip(ordered, [*next_cues, None], strict=False)
    ]


def _outermost(findings: Sequence[Finding]) -> list[Finding]:
    """The findings whose cue lies inside no other attribution's content.

    "Lavrov said Russia supports North Korea", "Putin said he believes ...": what the
    inner cue says is part of what the outer source reports, so it stays in that
    statement (PARC-style evaluations such as Citron's leave nested attributions out too).
    A colon attribution ("A: I think ...") is a speaker turn, not a report: what its
    speaker says about others stays a statement of its own.
    """
    reports = SpanCover([f.content if f.cue_lemma != ":" else (0, 0) for f in findings])
    return [
        finding
        for position, finding in enumerate(findings)
        if not reports.covers(finding.cue[0], excluding=position)
    ]
