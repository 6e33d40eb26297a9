"""Text helpers shared by search and sorting: folding, sort keys and German stemming."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import snowballstemmer

WORD_PATTERN = re.compile(r"[\wäöüß]+", re.UNICODE)
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Case-fold for substring comparison; umlauts stay (ä ≠ a)."""
    return " ".join(text.casefold().split())


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
    """The German stop words of PostgreSQL's `german` configuration (Snowball list)."""
    words = resources.files("industriedialog.core").joinpath("data/german.stop").read_text(
        encoding="utf-8"
    )
    return frozenset(w.strip() for w in words.splitlines() if w.strip())


def words(text: str) -> list[str]:
    return WORD_PATTERN.findall(text.casefold())


def stem(word: str) -> str:
    """Snowball German stem with umlauts folded to their base vowel, as PostgreSQL's
    `german` configuration does (Fachkräfte → fachkraft)."""
    stemmed = _stemmer().stemWord(word.casefold())
    return stemmed.replace("ä", "a").replace("ö", "o").replace("ü", "u")


def stem_text(text: str) -> str:
    stop = stopwords()
    return " ".join(stem(w) for w in words(text) if w not in stop)
