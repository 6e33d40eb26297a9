"""Text helpers shared by search and sorting: folding, sort keys and German stemming.

Search compares only what these functions produce (see core/search.py and
docs/search.md), so SQLite and PostgreSQL see the same words and the same folded text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import snowballstemmer

# Letters and digits; everything else (punctuation, "_", spaces) separates words.
WORD_PATTERN = re.compile(r"[^\W_]+")
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# A longer "word" is a pasted code or hash, not language; it is left out of the index
# (PostgreSQL refuses lexemes over 2047 bytes), so it is never found.
MAX_WORD_LENGTH = 100


def normalise(text: str) -> str:
    """Compatibility-composed (NFKC) and case-folded: a decomposed "ä" typed on a Mac, a
    "ﬁ" ligature or a full-width letter compare like the plain letters; ß becomes ss."""
    return unicodedata.normalize("NFKC", text).casefold()


def strip_diacritics(text: str) -> str:
    """ä → a, é → e (combining marks removed); letters such as ø or ł stay."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def fold(text: str) -> str:
    """The words of `text` as substring search sees them, separated by one space:
    normalised, case-folded, umlauts and accents reduced to the base letter
    (Fachkräfte → fachkrafte, Gießerei → giesserei), punctuation dropped. A query word is
    folded the same way, so it can only ever be found inside one word."""
    return " ".join(strip_diacritics(w) for w in words(text))


def fold_distinct(text: str) -> str:
    """`fold(text)` with each word only once (first occurrence order) and without words
    over MAX_WORD_LENGTH letters: the words the index stores. A query word has no spaces,
    so repeats could never add a match."""
    return " ".join(w for w in dict.fromkeys(fold(text).split()) if len(w) <= MAX_WORD_LENGTH)


def sort_key(text: str) -> str:
    """An ASCII key that sorts the same on every database: lower case, umlauts expanded as
    in German dictionaries (Ä = Ae), other accents dropped."""
    lowered = text.casefold().translate(TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", ascii_only).split())[:300]


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The German stop words of PostgreSQL's `german` configuration (Snowball list),
    normalised like the words they are compared with, plus their spellings without
    umlauts or ß (daß → dass, für → fuer)."""
    raw = (
        resources.files("industriedialog.core")
        .joinpath("data/german.stop")
        .read_text(encoding="utf-8")
    )
    listed = {normalise(w.strip()) for w in raw.splitlines() if w.strip()}
    return frozenset(listed | {w.translate(TRANSLITERATION) for w in listed})


def words(text: str) -> list[str]:
    """The words of `text`, normalised (NFKC, case-folded), in order."""
    return WORD_PATTERN.findall(normalise(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball German stem, then umlauts and accents reduced to the base letter
    (Fachkräfte → fachkraft, Unternehmens → unternehm). The Snowball 3 algorithm also
    reads ae/oe/ue as umlauts (Mueller → mull, like Müller) and removes the feminine
    -in/-innen (Schülerinnen → schul). Cached: a register repeats its words a lot."""
    return strip_diacritics(_stemmer().stemWord(normalise(word)))


def stem_text(text: str) -> str:
    """The stems of the words of `text` without stop words, separated by one space: the
    exact tokens both search backends index."""
    stop = stopwords()
    return " ".join(stem(w) for w in words(text) if w not in stop and len(w) <= MAX_WORD_LENGTH)
