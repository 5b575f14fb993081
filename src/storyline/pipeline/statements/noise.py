"""What looks like an attribution but is no statement for the ledger.

A statement is a speech, writing, thought or claim act with a source and a content.
The rules of ``rules`` and ``frames`` find cue words; these checks drop what they find
that is none:

- an instruction to the reader: an imperative cue ("call the main switchboard on 020
  ...", "email the desk") or a content that is a phone number;
- a pledged, promised or offered sum without a content: "the mayor pledged $2m",
  "donors promised another £500,000 to the fund" (the money is given, nothing is said);
- a first-person rhetorical question of the writer: "I wonder whether ...", "one has to
  wonder if ...", "we ask why ...", or a question put to the reader ("Do you know
  where ...?"): a columnist musing, not someone reported;
- a cue whose subject is a bracket token of tokenized input ("-RRB- said ...": the
  parser took the bracket for the speaker).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.pipeline.doctext import doc_text, span_text
from storyline.pipeline.statements.cues import BRACKET_TOKENS, QUESTION_VERBS
from storyline.pipeline.statements.findings import Finding
from storyline.pipeline.statements.syntax import child_with, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["is_noise"]

#: Speakers of a rhetorical question: the writer or a generic "one"/"you".
_WRITER_PRONOUNS = frozenset({"i", "we", "one", "you"})
#: Cue verbs that also tell the reader how to get in touch ("call the desk on ...").
_CONTACT_VERBS = frozenset({"call", "text", "email", "contact", "write", "phone"})
_QUESTION_WORDS = frozenset({"whether", "if", "why", "what", "how", "who", "when", "where"})
#: A phone number: groups of digits of which at least seven in all ("020 3353 2000").
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d{2,5}\)?(?:[ .-]\d{2,5}){1,4}(?![\w.,]\d)")


def _is_phone_number(text: str) -> bool:
    return any(sum(c.isdigit() for c in found.group()) >= 7 for found in _PHONE.finditer(text))


def _is_imperative(verb: Token) -> bool:
    """ "Call the switchboard", "please email us": a bare verb with no subject or auxiliary."""
    if verb.tag_ not in ("VB", "VBP") or verb.dep_ not in ("ROOT", "conj"):
        return False
    if subject_of(verb) is not None or child_with(verb, {"aux", "auxpass", "nsubjpass"}):
        return False
    return verb.dep_ == "ROOT" or _is_imperative(verb.head)


def _is_money(token: Token) -> bool:
    return token.ent_type_ == "MONEY" or token.tag_ == "$"


def _is_sum(doc: Doc, content: tuple[int, int]) -> bool:
    """ "pledged $2m", "promised another £500,000 to the fund": the content is an amount
    of money (its head or a number on it) and has no verb."""
    words = doc.char_span(*content, alignment_mode="expand")
    if words is None or any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    root = words.root
    amounts = [c for c in root.children if c.dep_ in ("nummod", "nmod", "quantmod")]
    return _is_money(root) or any(_is_money(c) for c in amounts)


def _is_rhetorical(doc: Doc, finding: Finding) -> bool:
    """ "I wonder whether ...", "we must ask why ...", "Do you know where ...?": the
    writer's own question, or one put to the reader."""
    verb = doc[finding.cue_token]
    if finding.source_token is None or doc[finding.source_token].lower_ not in _WRITER_PRONOUNS:
        return False
    if span_text(verb.sent).rstrip().endswith("?"):
        return True
    if verb.lemma_.lower() not in QUESTION_VERBS:
        return False
    content = doc_text(doc)[finding.content[0] : finding.content[1]].strip()
    first = content.split(maxsplit=1)[0].lower() if content else ""
    return first in _QUESTION_WORDS or content.endswith("?")


def is_noise(doc: Doc, finding: Finding) -> bool:
    """Whether a finding is no statement (see the module docstring)."""
    verb = doc[finding.cue_token]
    content = doc_text(doc)[finding.content[0] : finding.content[1]]
    if finding.source_token is not None and doc[finding.source_token].lower_ in BRACKET_TOKENS:
        return True
    if verb.pos_ == "VERB" and _is_imperative(verb):
        return True
    if _is_phone_number(content) or (
        verb.lemma_.lower() in _CONTACT_VERBS and _is_phone_number(span_text(verb.sent))
    ):
        return True
    if verb.pos_ == "VERB" and _is_sum(doc, finding.content):
        return True
    return _is_rhetorical(doc, finding)
