"""The words of a statement that carry meaning: what "has it said this before?" compares.

``content_words`` drops function words and folds plurals ("risks" -> "risk", "inventories" ->
"inventory"), so "the inventory risks" and "inventory risk" hold the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from earnings.lexicon import kept_tokens
from earnings.memo import kept

_STOPWORDS = frozenset(
    "a an the and or of to in on for by with at from as is are was were be been being it its this that "
    "these those they them their we our us he she his her management said noted stated explained "
    "remarked confirmed emphasized highlighted also both which who will would can could may might "
    "into than then so such very more most less over under about up down while after before".split()
)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """``word`` with a plural ending folded: "risks" -> "risk", "inventories" -> "inventory"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        if word.endswith("ies"):
            return word[:-3] + "y"
        return word[:-2] if word.endswith("es") and word[-3] in "sxz" else word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, plurals folded."""
    return list(_content_words(text))


@kept
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(content_from_tokens(kept_tokens(text)))  # the words the tone counts read, hyphenated ones split


def content_from_tokens(words: Sequence[str]) -> list[str]:
    """``content_words`` of a text whose ``lexicon.tokens`` are already known."""
    out = []
    for word in words:
        for part in word.split("-") if "-" in word else (word,):
            if part and part not in _STOPWORDS:
                out.append(_stem(part))
    return out
