"""Attribution on PolNeAR: who said (wrote, thought, reported ...) what.

PolNeAR (Newell, Margolin and Ruths 2018) annotates attribution relations in US
political news of 2016 in brat standoff: ``T`` lines give the spans of sources, cues
and contents (possibly discontinuous, ``Content 10 20;25 40``) and ``E`` lines tie them
into one attribution (``E1\\tAttribution:T4 Content:T3 Cue:T2 Source:T1``). A text
annotated by several annotators has one ``.ann`` per annotator (``<stem>_<id>.ann``);
the first by file name is used.

storyline's own stages (the default pipeline: clean, nlp, actors, times, statements)
run over each raw text (headline included, as PolNeAR annotates it); the spans of every
``Statement`` are mapped back to the raw text with the clean stage's ``source_map``. A
content interrupted by its attribution becomes its pieces (``content_parts``), and a
statement without a cue (a quotation going on with the previous speaker's words) one
more content fragment of the attribution before it, as PolNeAR annotates both.

Scoring (see ``score_document``):

- spans are compared after trimming whitespace and the punctuation ``, ; :`` at both
  ends, on gold and predicted side alike (Citron trims PARC spans the same way);
- *exact*, per span type (source, cue, content): the distinct gold spans of a document
  and the distinct predicted ones; a predicted span is correct when a gold span has
  exactly its fragments. P = correct / predicted, R = correct / gold (as sets, so each
  gold span is matched at most once);
- *overlap*, per span type: a predicted span is matched when it shares at least one
  token (an alphanumeric character position) with some gold span of its type, and a
  gold span is matched when some predicted span shares a token with it; P = matched
  predicted / predicted, R = matched gold / gold (one span may match several);
- *attribution overlap*: a predicted attribution matches a gold one when its cue, its
  content and its source each overlap the gold one's, checking only the roles the gold
  attribution has; P and R are counted as for span overlap.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from storyline.bench.base import Metrics, Reference, Task, Tracker
from storyline.errors import DataError
from storyline.model import AnalyzedArticle, Article, Statement
from storyline_benchmarks.metrics import prf
from storyline_benchmarks.shared import SharedData

__all__ = [
    "KEYS",
    "TASK",
    "Attribution",
    "AttributionCounts",
    "PolnearDocument",
    "load_polnear",
    "parse_brat",
    "predict_attributions",
    "run_attribution",
    "score_document",
    "score_documents",
    "statement_attribution",
    "statements_to_attributions",
]

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")
_SPAN_KEYS = tuple(
    f"{role}_{measure}_{mode}" for mode in MODES for role in ROLES for measure in ("f1", "p", "r")
)
KEYS: tuple[str, ...] = (
    *_SPAN_KEYS,
    "attribution_f1_overlap",
    "attribution_p_overlap",
    "attribution_r_overlap",
)
INFO_KEYS = ("documents", "gold_attributions", "predicted_attributions", "seconds_per_document")

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_EDGE_PUNCT = " \t\r\n\u00a0,;:"
_LABEL_ROLE = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: its source, cue and content spans (each a tuple of fragments)."""

    source: Fragments | None
    cue: Fragments | None
    contents: tuple[Fragments, ...] = ()

    def spans(self, role: str) -> tuple[Fragments, ...]:
        if role == "content":
            return self.contents
        span = self.source if role == "source" else self.cue
        return (span,) if span else ()


@dataclass(frozen=True, slots=True)
class PolnearDocument:
    """The raw text of one PolNeAR article and its gold attributions."""

    name: str
    text: str
    attributions: tuple[Attribution, ...]


# --------------------------------------------------------------------------- loading


def _fragments(spec: str, line: str, origin: str) -> Fragments:
    fragments = []
    for part in spec.split(";"):
        bounds = part.split()
        if len(bounds) != 2:
            raise DataError(f"bad span {spec!r} in {line!r}", path=origin)
        fragments.append((int(bounds[0]), int(bounds[1])))
    return tuple(fragments)


def parse_brat(ann: str, *, origin: str = "<ann>") -> tuple[Attribution, ...]:
    """Attributions of a brat standoff file (``T`` and ``E`` lines; the rest is ignored).

    Lines that continue a multi-line span text, notes (``#``) and ``Discuss`` or
    ``Discard`` spans are skipped; an event with no cue and no content is dropped.
    """
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[list[str]] = []
    for line in ann.splitlines():
        t_match = _T_LINE.match(line)
        if t_match:
            spans[t_match.group(1)] = (
                t_match.group(2),
                _fragments(t_match.group(3), line, origin),
            )
            continue
        e_match = _E_LINE.match(line)
        if e_match:
            events.append(e_match.group(2).split())
    attributions = []
    for arguments in events:
        roles: dict[str, list[Fragments]] = {"source": [], "cue": [], "content": []}
        for argument in arguments:
            label, _, span_id = argument.partition(":")
            role = _LABEL_ROLE.get(label)
            if role is None:
                continue
            if span_id not in spans:
                raise DataError(f"event refers to unknown span {span_id}", path=origin)
            roles[role].append(spans[span_id][1])
        if not roles["cue"] and not roles["content"]:
            continue
        attributions.append(
            Attribution(
                source=roles["source"][0] if roles["source"] else None,
                cue=roles["cue"][0] if roles["cue"] else None,
                contents=tuple(roles["content"]),
            )
        )
    return tuple(attributions)


def _first_annotations(folder: Path) -> dict[str, Path]:
    """Text stem -> the first ``.ann`` by file name (``<stem>_<annotator>.ann``)."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0] if "_" in path.stem else path.stem
        chosen.setdefault(stem, path)
    return chosen


def load_polnear(folder: Path, limit: int | None = None) -> list[PolnearDocument]:
    """Documents of one PolNeAR split folder (``text/*.txt`` and ``attributions/*.ann``).

    Texts without an annotation file are skipped.
    """
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataError("expected text/ and attributions/ folders", path=str(folder))
    annotations = _first_annotations(ann_dir)
    documents: list[PolnearDocument] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(documents) >= limit:
            break
        ann_path = annotations.get(text_path.stem)
        if ann_path is None:
            continue
        try:
            with text_path.open(encoding="utf-8", newline="") as handle:
                text = handle.read()
            ann = ann_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"cannot read: {error}", path=str(text_path)) from error
        documents.append(
            PolnearDocument(text_path.stem, text, parse_brat(ann, origin=str(ann_path)))
        )
    if not documents:
        raise DataError("no annotated texts", path=str(folder))
    return documents


def _publication_dates(folder: Path) -> dict[str, date]:
    """``filename -> publication_date`` from ``metadata.tsv`` beside the split, if any."""
    path = folder.parent / "metadata.tsv"
    dates: dict[str, date] = {}
    if not path.is_file():
        return dates
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                dates[row["filename"]] = date.fromisoformat(row["publication_date"])
            except (KeyError, TypeError, ValueError):
                continue
    return dates


# --------------------------------------------------------------------------- scoring


def _normalized(text: str, fragments: Fragments) -> Fragments:
    """Fragments with whitespace and ``, ; :`` trimmed at both ends; empty ones dropped."""
    result = []
    for start, end in sorted(fragments):
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if end > start:
            result.append((start, end))
    return tuple(result)


def _token_positions(text: str, fragments: Fragments) -> frozenset[int]:
    return frozenset(i for start, end in fragments for i in range(start, end) if text[i].isalnum())


@dataclass
class AttributionCounts:
    """Counts summed over documents; ``metrics`` turns them into P, R and F1."""

    counts: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.counts[key] = self.counts.get(key, 0.0) + value

    def __iadd__(self, other: AttributionCounts) -> AttributionCounts:
        for key, value in other.counts.items():
            self.add(key, value)
        return self

    def metrics(self) -> Metrics:
        result: Metrics = {}
        for name in [f"{role}_{mode}" for mode in MODES for role in ROLES] + [
            "attribution_overlap"
        ]:
            head, _, mode = name.rpartition("_")
            c = self.counts
            scores = prf(
                c.get(f"{name}_matched_predicted", 0.0),
                c.get(f"{name}_predicted", 0.0),
                c.get(f"{name}_matched_gold", 0.0),
                c.get(f"{name}_gold", 0.0),
            )
            result[f"{head}_p_{mode}"] = round(scores.precision, 4)
            result[f"{head}_r_{mode}"] = round(scores.recall, 4)
            result[f"{head}_f1_{mode}"] = round(scores.f1, 4)
        return result


def _distinct(text: str, attributions: Sequence[Attribution], role: str) -> set[Fragments]:
    found = set()
    for attribution in attributions:
        for span in attribution.spans(role):
            normalized = _normalized(text, span)
            if normalized:
                found.add(normalized)
    return found


def _overlap_counts(
    text: str, predicted: Sequence[Fragments], gold: Sequence[Fragments]
) -> tuple[int, int]:
    predicted_tokens = [_token_positions(text, span) for span in predicted]
    gold_tokens = [_token_positions(text, span) for span in gold]
    matched_predicted = sum(1 for p in predicted_tokens if any(p & g for g in gold_tokens))
    matched_gold = sum(1 for g in gold_tokens if any(g & p for p in predicted_tokens))
    return matched_predicted, matched_gold


def _role_tokens(text: str, attribution: Attribution, role: str) -> frozenset[int] | None:
    spans = attribution.spans(role)
    tokens = frozenset().union(*(_token_positions(text, span) for span in spans))
    return tokens or None


def _attributions_match(text: str, predicted: Attribution, gold: Attribution) -> bool:
    for role in ROLES:
        gold_tokens = _role_tokens(text, gold, role)
        if gold_tokens is None:
            continue
        predicted_tokens = _role_tokens(text, predicted, role)
        if predicted_tokens is None or not predicted_tokens & gold_tokens:
            return False
    return True


def score_document(
    text: str, predicted: Sequence[Attribution], gold: Sequence[Attribution]
) -> AttributionCounts:
    """Exact and overlap counts of one document (see the module docstring)."""
    counts = AttributionCounts()
    for role in ROLES:
        gold_spans = _distinct(text, gold, role)
        predicted_spans = _distinct(text, predicted, role)
        for mode in MODES:
            counts.add(f"{role}_{mode}_predicted", len(predicted_spans))
            counts.add(f"{role}_{mode}_gold", len(gold_spans))
        correct = len(gold_spans & predicted_spans)
        counts.add(f"{role}_exact_matched_predicted", correct)
        counts.add(f"{role}_exact_matched_gold", correct)
        matched_predicted, matched_gold = _overlap_counts(
            text, sorted(predicted_spans), sorted(gold_spans)
        )
        counts.add(f"{role}_overlap_matched_predicted", matched_predicted)
        counts.add(f"{role}_overlap_matched_gold", matched_gold)
    counts.add("attribution_overlap_predicted", len(predicted))
    counts.add("attribution_overlap_gold", len(gold))
    counts.add(
        "attribution_overlap_matched_predicted",
        sum(1 for p in predicted if any(_attributions_match(text, p, g) for g in gold)),
    )
    counts.add(
        "attribution_overlap_matched_gold",
        sum(1 for g in gold if any(_attributions_match(text, p, g) for p in predicted)),
    )
    return counts


def score_documents(
    documents: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]],
) -> Metrics:
    """P, R and F1 of every key over ``(text, predicted, gold)`` triples."""
    total = AttributionCounts()
    for text, predicted, gold in documents:
        total += score_document(text, predicted, gold)
    return total.metrics()


# --------------------------------------------------------------------------- running


def statement_attribution(
    statement: Statement, text: str, to_source: Callable[[int, int], tuple[int, int]]
) -> Attribution:
    """A statement of the cleaned ``text`` as an attribution with input-text offsets.

    The content is split into the pieces ``content_parts`` gives (a quotation
    interrupted by "she said" is two pieces), as PolNeAR annotates it.
    """
    from storyline.pipeline.statements.parts import content_parts

    parts = content_parts(text, statement.content, statement.cue, statement.source)
    return Attribution(
        source=(to_source(*statement.source),) if statement.source else None,
        cue=(to_source(*statement.cue),) if statement.cue else None,
        contents=(tuple(to_source(*part) for part in parts),) if parts else (),
    )


def statements_to_attributions(
    statements: Sequence[Statement],
    text: str,
    to_source: Callable[[int, int], tuple[int, int]],
) -> list[Attribution]:
    """The attributions of an article's statements, in PolNeAR's scheme.

    A statement without a cue (a quotation that follows a statement and goes on with
    its speaker's words) is one more content fragment of the attribution before it, as
    PolNeAR annotates such quotations.
    """
    attributions: list[Attribution] = []
    for statement in statements:
        attribution = statement_attribution(statement, text, to_source)
        if statement.cue is None and attributions and attribution.contents:
            previous = attributions[-1]
            fragments = tuple(f for content in previous.contents for f in content)
            extra = tuple(f for content in attribution.contents for f in content)
            attributions[-1] = replace(previous, contents=(fragments + extra,))
            continue
        attributions.append(attribution)
    return attributions


def predict_attributions(
    documents: Sequence[PolnearDocument],
    published: dict[str, date] | None = None,
    track: Tracker | None = None,
) -> list[list[Attribution]]:
    """Run storyline's default pipeline over the raw texts; attributions in raw offsets.

    The whole text is the article body (PolNeAR annotates the headline too), so the
    clean stage sees the headline as its first line.
    """
    from storyline.pipeline import default_pipeline

    published = published or {}
    articles = (
        Article.create(source="polnear", title="", text=doc.text, published=published.get(doc.name))
        for doc in documents
    )
    analyzed: Iterable[AnalyzedArticle] = default_pipeline().pipe(articles)
    if track is not None:
        analyzed = track(analyzed, total=len(documents), description="attribution")
    predictions = []
    for result in analyzed:
        text, to_source = result.article.text, result.source_map.to_source
        predictions.append(statements_to_attributions(result.statements, text, to_source))
    return predictions


def run_attribution(data_dir: Path, limit: int | None, track: Tracker) -> Metrics:
    """Load a PolNeAR split, run the pipeline, score sources, cues and contents."""
    documents = load_polnear(data_dir, limit)
    started = time.perf_counter()
    predictions = predict_attributions(documents, _publication_dates(data_dir), track)
    seconds = time.perf_counter() - started
    metrics = score_documents(
        (document.text, predicted, document.attributions)
        for document, predicted in zip(documents, predictions, strict=True)
    )
    metrics["documents"] = len(documents)
    metrics["gold_attributions"] = sum(len(d.attributions) for d in documents)
    metrics["predicted_attributions"] = sum(len(p) for p in predictions)
    metrics["seconds_per_document"] = round(seconds / len(documents), 4)
    return metrics


TASK = Task(
    name="attribution",
    description=(
        "PolNeAR attribution relations: source, cue and content spans (exact and "
        "token-overlap P/R/F1) and whole attributions (overlap)"
    ),
    default_data=SharedData("polnear/dev"),
    keys=KEYS,
    run=run_attribution,
    references=(
        Reference(
            "BBC Citron (PARC 3.0)",
            {
                "cue_f1_exact": 0.823,
                "source_f1_exact": 0.820,
                "content_f1_exact": 0.593,
                "content_f1_overlap": 0.833,
            },
            "Citron en_2021-11-15 model on the PARC 3.0 test split, from its model README "
            "(citron_evaluate.py). Another corpus (PARC: WSJ, mostly speech attributions; "
            "Citron drops attributions without a source, nested ones and ones whose cue is "
            "inside quotation marks, and trims span edges), and its source and content "
            "exact matches also require the cue to overlap, and its overlap scores are "
            "token-overlap proportions, not 'shares a token': indicative only",
        ),
    ),
    info_keys=INFO_KEYS,
)
