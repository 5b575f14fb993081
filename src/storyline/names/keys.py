"""Names of actors: trimming spans, folding variants, surname forms, readable keys.

Two spellings are the same name when they fold to the same ``name_key``: case,
diacritics, apostrophes, hyphens and spaces do not count, so "Choe Son-hui",
"Choe Son Hui" and "CHOE Sonhui" agree. A person's short forms are the surname
("Putin" of "Vladimir Putin") and, for East Asian names written surname first, the
first word ("Kim" of "Kim Jong Un").
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.names.gazetteer import fold_text

__all__ = [
    "EAST_ASIAN_SURNAMES",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "TITLE_WORDS",
    "is_surname_first",
    "name_key",
    "name_words",
    "short_forms",
    "slug",
    "trim_name_span",
    "word_count",
    "word_set",
]


def word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, for the word lists below."""
    return frozenset(words.split())


#: Family names that come first in Chinese and Korean names as English news writes them.
EAST_ASIAN_SURNAMES = word_set(
    """kim lee yi ri park pak choe choi jung chung kang cho jo yoon yun jang chang lim
    han oh seo shin kwon hwang ahn song ryu hong jeon ko moon son hyon hyun xi li wang
    zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang
    zheng xie tang feng yu dong xiao cheng cao yuan deng wen qin jiang wei peng"""
)

#: Lower-case words that belong to a surname ("von der Leyen", "al-Assad").
NAME_PARTICLES = word_set(
    "al el ash as bin ben ibn abu da de del della der di du la le van von ter den dos das"
)

#: Titles a PERSON span may start with; they are roles, not part of the name.
TITLE_WORDS = word_set(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady president
    vice-president premier prime minister chancellor secretary senator sen sen.
    rep rep. governor gov gov. mayor general gen gen. admiral adm colonel col
    lieutenant lt captain capt sergeant judge justice king queen prince princess
    emperor pope cardinal bishop archbishop rabbi imam sheikh emir ayatollah
    comrade marshal ambassador chairman chairwoman leader ruler dictator"""
)

#: Generational suffixes: part of who a person is ("Donald Trump Jr."), not a surname.
NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv")

_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")
_EDGE_PUNCT = "\"“”‘'’«»()[]{},;:!?*`-‐–—"


def trim_name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a name span to the name: no leading 'the', possessive or quotes.

    ``text[start:end]`` of "the Kremlin" becomes "Kremlin", "North Korea’s" becomes
    "North Korea". Offsets stay offsets into ``text``.
    """
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    match = _LEADING_THE.match(text[start:end])
    if match and end - start > match.end():
        start += match.end()
    match = _TRAILING_POSSESSIVE.search(text[start:end])
    if match and match.start() > 0:
        end = start + match.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Variant-insensitive key of a name: folded, without spaces, hyphens and dots."""
    folded = fold_text(name)
    folded = _TRAILING_POSSESSIVE.sub("", _LEADING_THE.sub("", folded))
    return _NOT_ALNUM.sub("", folded)


def name_words(name: str) -> list[str]:
    """Keys of the words of a name, split at spaces and hyphens, initials left out."""
    words = re.split(r"[\s\-‐]+", name.strip())
    return [name_key(word) for word in words if word and not _INITIAL.match(word)]


@lru_cache(maxsize=65536)
def word_count(name: str) -> int:
    """How complete a name is: its words, counting hyphenated parts."""
    return len([w for w in re.split(r"[\s\-‐]+", name.strip()) if w])


def is_surname_first(full_name: str) -> bool:
    """An East Asian name written surname first: "Kim Jong Un", "Choe Son-hui"."""
    words = full_name.split()
    if len(words) < 2 or name_key(words[0]) not in EAST_ASIAN_SURNAMES:
        return False
    return len(words) >= 3 or "-" in words[1]


@lru_cache(maxsize=65536)
def short_forms(full_name: str) -> frozenset[str]:
    """Name keys of the forms a person is referred to by alone.

    "Vladimir Putin" -> {"putin"}; "Kim Jong Un" and "Choe Son-hui" -> {"kim"},
    {"choe"}; "Xi Jinping" -> {"xi", "jinping"} (either order is possible);
    "Ursula von der Leyen" -> {"vonderleyen", "leyen"}; "Bashar al-Assad" ->
    {"alassad", "assad"}.
    """
    words = full_name.replace(",", " ").split()
    if len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        words.pop()  # "Donald Trump Jr." is "Trump" alone too
    if len(words) < 2:
        return frozenset()
    first = name_key(words[0])
    if is_surname_first(full_name):
        return frozenset({first})
    forms = {name_key(words[-1])}
    if first in EAST_ASIAN_SURNAMES:
        forms.add(first)
    particle_start = len(words) - 1
    while particle_start > 1 and words[particle_start - 1].lower() in NAME_PARTICLES:
        particle_start -= 1
    forms.add(name_key(" ".join(words[particle_start:])))
    last = words[-1]
    for particle in NAME_PARTICLES:
        prefix = f"{particle}-"
        if last.lower().startswith(prefix) and len(last) > len(prefix) + 1:
            forms.add(name_key(last[len(prefix) :]))
    forms.discard("")
    return frozenset(forms)


def slug(text: str) -> str:
    """A readable id part: 'Choe Son-hui' -> 'choe-son-hui'."""
    return _NOT_ALNUM.sub("-", fold_text(text)).strip("-") or "unnamed"
