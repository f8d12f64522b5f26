"""The engine's data, read once from ``earnings/data``: word lists, metrics, risk topics, the
severity table and the currencies.

Each file is YAML with a comment at its top saying what it holds. A word-list entry is a
regular expression matched as whole words (case-insensitive); a trailing ``*`` stands for any
ending. ``words()`` compiles each list into one pattern; ``metrics()`` and ``topics()`` give
the catalogues as small frozen records.
"""

from __future__ import annotations

import re
import re._parser as sre_parse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

import yaml

from earnings.alternation import grouped
from earnings.memo import kept
from earnings.needles import needles, needles_of


# libyaml's safe loader when PyYAML was built with it: the same data, read ten times faster
# (the data files were a third of a worker's first comparison)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(name: str) -> dict[str, Any]:
    text = resources.files("earnings").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)


def tone_words(name: str) -> list[str]:
    """One tone list of ``tone.yaml`` (``negative``, ``uncertainty``): its entries, as written."""
    return str(_load("tone.yaml")[name]).split()


def _entry(entry: str) -> str:
    entry = str(entry).strip()
    return entry[:-1] + r"[\w'’-]*" if entry.endswith("*") else entry


_LEAD = re.compile(r"(?:\(\?<[!=][^)]*\))*(?:\(\?:(?P<alts>[a-z'|?]+)\)|(?P<word>[a-z']+))", re.I)
_LATER_WORD = re.compile(r"[a-z']{3,}", re.I)
_TOKENS = re.compile(r"[a-z0-9']+")
_LOOKBEHINDS = re.compile(r"^(?:\(\?<[!=][^)]*\))+")
_OPTIONAL_LEAD = re.compile(r"\(\?:[^()|]*\\s[+*]?\)\?")
_ALTS_LEAD = re.compile(r"\(\?:(?P<alts>[a-z0-9'?]+(?:\|[a-z0-9'?]+)*)\)(?![?*{])", re.I)
_LITERAL_LEAD = re.compile(r"[a-z0-9']+", re.I)
_THEN_WORD = re.compile(r"\\s\+(?P<word>[a-z0-9']+)(?![?*(\[{|])", re.I)


_ODD_FOLDS = ("\u017f", "\u0131", "\u0130")  # "ſ", "ı", "İ": a case-blind expression reads them as "s" and "i"


def may_hold(text: str, needles: tuple[str, ...]) -> bool:
    """False only when none of ``needles`` (lower case) is in ``text``, whatever its case: a quick
    test before a case-blind expression every match of which holds one of them."""
    lowered = _lowered(text)
    if lowered is None:
        return True
    for needle in needles:  # a loop, not ``any()`` of a generator: asked hundreds of times a comparison, mostly of one or two needles
        if needle in lowered:
            return True
    return False


@kept  # asked of a statement by several readers
def tokens(text: str) -> frozenset[str]:
    """The lower-case words of ``text``, for ``WordPattern.may``."""
    return frozenset(_TOKENS.findall(text.lower()))


class CaseBlind:
    """A case-blind expression that searches the text in lower case, case-sensitively.

    Python's ``re`` tests every character of a case-blind expression in both cases, which makes
    the word lists, most of the engine's work, two to three times slower than the same search
    made case-sensitive over ``text.lower()``. The two find the same matches when the expression
    names no upper-case letter and the text holds none of the few letters whose lower case
    changes its length or folds across scripts ("İ", "ı", "ſ"); otherwise the expression runs
    as written. Every match returned is the written expression's own, on the text as given, so
    callers see no difference but the time. The engine's case-blind expressions are therefore
    written in lower case ("us\\$", "fy", "q[1-4]"): one upper-case letter ("US\\$", "FY") makes
    the whole expression run case-blind, two to five times slower.

    Each form is compiled when first needed (``regex``, the written one, only for ``match``,
    ``fullmatch`` and the texts that fold oddly): an engine that is imported and never asked, or
    a worker's first comparison, compiles only what it uses."""

    # what every match holds in lower case (``earnings.needles``), () when not known: set with
    # ``_lower``, and asked only when it is made, so the expression's letters are lower-case ones
    _needles: tuple[str, ...] = ()

    def __init__(self, regex: re.Pattern[str] | str, flags: int = 0) -> None:
        self.flags: int
        if isinstance(regex, str):
            self.pattern, self.flags = regex, flags | re.I
        else:
            self.regex = regex  # compiled already: no need to compile it again
            self.pattern, self.flags = regex.pattern, regex.flags

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The expression as written, case-blind."""
        return re.compile(self.pattern, self.flags)

    @cached_property
    def match(self) -> Callable[..., re.Match[str] | None]:
        return self.regex.match

    @cached_property
    def fullmatch(self) -> Callable[..., re.Match[str] | None]:
        return self.regex.fullmatch

    @cached_property
    def _lower(self) -> re.Pattern[str] | None:
        # made on first use: an engine that is imported and never asked costs less
        lower, self._needles = _case_sensitive(self.pattern, self.flags)
        return lower

    @cached_property
    def _groups(self) -> int:
        lower = self._lower
        return lower.groups if lower is not None else self.regex.groups  # the same expression: the same groups

    @cached_property
    def _at(self) -> Callable[..., re.Match[str] | None]:
        """The written expression's ``match``, for the places the lower-case one matched:
        regrouped by first letter too when it captures nothing (a word list of a hundred entries
        tried one by one at each place was a tenth of its search). Asked only when ``_lower`` is
        made, so every letter it names is a lower-case one, and no two of its first letters match
        one character case-blind."""
        return grouped(self.pattern, self.flags).match if not self._groups else self.regex.match

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        lower = self._lower
        lowered = _lowered(text) if lower is not None else None
        if lower is None or lowered is None:
            return self.regex.search(text, pos, endpos)
        if self._needles and not _holds_one(self._needles, lowered):
            return None  # the text holds no word every match holds
        found = lower.search(lowered, pos, endpos)
        return None if found is None else self._at(text, found.start(), endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterable[re.Match[str]]:
        lower = self._lower
        lowered = _lowered(text) if lower is not None else None
        if lower is None or lowered is None:
            return self.regex.finditer(text, pos, endpos)
        if self._needles and not _holds_one(self._needles, lowered):
            return []
        match = self._at  # the written expression at each place the lower-case one matched
        return [match(text, found.start(), endpos) for found in lower.finditer(lowered, pos, endpos)]  # type: ignore[misc]

    def __getattr__(self, name: str) -> Any:
        if name in ("pattern", "flags"):
            raise AttributeError(name)  # not set yet (a copy being made): not the expression's
        return getattr(self.regex, name)  # split, sub …: as written

    def findall(self, text: str) -> list[Any]:
        if self._groups:
            return self.regex.findall(text)
        return [m.group(0) for m in self.finditer(text)]


def _holds_one(needles: tuple[str, ...], lowered: str) -> bool:
    """Whether ``lowered`` holds one of ``needles`` (a loop, not ``any()`` of a generator: asked
    thousands of times a comparison)."""
    for needle in needles:
        if needle in lowered:
            return True
    return False


def case_blind(pattern: str, flags: int = 0) -> CaseBlind:
    """``re.compile(pattern, re.I | flags)``, searched as ``CaseBlind`` says."""
    return CaseBlind(pattern, flags)


_LAST_LOWERED: tuple[str, str | None] = ("", "")  # (a text, its ``_lowered``), one tuple so threads see both or neither


def _lowered(text: str) -> str | None:
    """``text.lower()``, or None when ``text`` folds oddly (``_ODD_FOLDS``). The last text's is
    kept: a reader asks a dozen expressions of one sentence in turn, and lowering it for each
    was a tenth of the time of a search."""
    global _LAST_LOWERED
    last = _LAST_LOWERED
    if last[0] is text:
        return last[1]
    lowered = None if _folds_oddly(text) else text.lower()
    _LAST_LOWERED = (text, lowered)
    return lowered


def _folds_oddly(text: str) -> bool:
    """``text`` holds one of ``_ODD_FOLDS`` (spelt out: asked before every case-blind search)."""
    return "\u017f" in text or "\u0131" in text or "\u0130" in text


folds_oddly = _folds_oddly  # for a reader's own quick tests on ``text.lower()``


def _case_sensitive(pattern: str, flags: int) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """``pattern`` compiled without ``re.I``, when over lower-case text it matches as with ``flags``
    (which hold ``re.I``) it does: no upper-case letter among its literals and classes, no
    back-reference, no inline flags; and its ``needles`` (read from the same parse)."""
    if not flags & re.I:
        return None, ()
    try:
        tree = sre_parse.parse(pattern, flags)
    except re.error:
        return None, ()

    def cased(code: int) -> bool:
        char = chr(code)
        return char.lower() != char or (char.upper() != char and not ("a" <= char <= "z"))

    def safe(items: Any) -> bool:
        for op, arg in items:
            name = str(op)
            if name in ("LITERAL", "NOT_LITERAL"):
                if cased(arg):
                    return False
            elif name == "RANGE":
                low, high = arg
                if high - low > 5000 or any(cased(c) for c in range(low, high + 1)):
                    return False
            elif name in ("GROUPREF", "GROUPREF_EXISTS"):
                return False
            elif name == "SUBPATTERN":
                _, add_flags, del_flags, inner = arg
                if add_flags or del_flags or not safe(inner):
                    return False
            elif name == "IN":
                if not safe(arg):
                    return False
            elif name == "BRANCH":
                if not all(safe(branch) for branch in arg[1]):
                    return False
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                if not safe(arg[2]):
                    return False
            elif name in ("ASSERT", "ASSERT_NOT"):
                if not safe(arg[1]):
                    return False
            elif name == "ATOMIC_GROUP":
                if not safe(arg):
                    return False
        return True

    if not safe(tree):
        return None, ()
    return grouped(pattern, flags & ~re.I), needles_of(tree) or ()  # searched at every word: its alternatives by first letter


class WordPattern:
    """A compiled word list: ``search``/``finditer`` as a regular expression, and ``may(tokens)``,
    a quick test that rules out most texts before the expression runs (every entry's first word,
    or its first letters for a ``prefix*`` entry, must be among the text's words)."""

    def __init__(self, entries: list[str]) -> None:
        parts = sorted({_entry(e) for e in entries}, key=len, reverse=True)
        # whole words; a word may lead a hyphenated compound ("inventory-related", "lower-margin")
        blind = CaseBlind(r"(?<![\w'’-])(?:" + "|".join(parts) + r")(?![\w'’]|-(?=\s))")
        self._blind = blind
        self.search = blind.search
        self.finditer = blind.finditer
        self.findall = blind.findall
        self._exact: set[str] = set()
        self._prefixes: dict[str, list[str]] = {}
        self._always = False
        self._sound: dict[str, list[str]] = {}
        self._sound_always = False
        self._sound_needles: list[str] = []  # for the entries whose first word is not plain: one of these is in every match
        for entry in entries:
            self._add_sound(str(entry).strip())
        for entry in entries:
            lead = _LEAD.match(str(entry))
            if lead is None:
                self._always = True
                continue
            words = [w.split("?")[0][:-1] if "?" in w else w for w in lead["alts"].split("|")] if lead["alts"] else [lead["word"]]
            rest = str(entry)[lead.end():]
            if any(len(w) < 2 for w in words):
                later = _LATER_WORD.search(rest)  # "(?:a|the|product)\s+recall": "recall" must be there
                if later is None:
                    self._always = True
                    continue
                self._add_prefix(later.group(0).lower())
                continue
            for word in words:
                word = word.lower()
                if rest[:1] in ("", " ") and not lead["alts"]:
                    self._exact.add(word)
                else:
                    self._add_prefix(word)

    @property
    def regex(self) -> re.Pattern[str]:
        """The whole list as one case-blind expression, as written (compiled when first asked)."""
        return self._blind.regex

    def _add_sound(self, entry: str) -> None:
        """The word a match of ``entry`` must start a text word with, for ``could_match``."""
        rest = _LOOKBEHINDS.sub("", entry, count=1)
        if (optional := _OPTIONAL_LEAD.match(rest)) is not None:
            rest = rest[optional.end():]  # "(?:form\s+)?483\s+observations": "483" starts a word either way
        alts = _ALTS_LEAD.match(rest)
        if alts is not None:
            # "unfavou?rable": every match starts with "unfavo"; "remains?" with "remain"
            starts = [w.split("?")[0][:-1] if "?" in w else w for w in alts["alts"].split("|")]
            if any(len(w) < 2 for w in starts):
                later = _THEN_WORD.match(rest, alts.end())  # "(?:a|the|product)\s+recall": "recall"
                starts = [later["word"]] if later is not None and len(later["word"]) >= 3 else []
        else:
            literal = _LITERAL_LEAD.match(rest)
            word = literal.group(0) if literal else ""
            if word and rest[len(word):len(word) + 1] == "?":
                word = word[:-1]  # "headwinds?": "headwind"
            elif (then := _THEN_WORD.match(rest, len(word))) is not None and len(then["word"]) > len(word):
                word = then["word"]  # "in\s+flux": "flux"
            starts = [word] if len(word) >= 2 else []
        if not starts:
            held = needles(entry, re.IGNORECASE)  # "(?:import|customs)\s+duties": "duties"
            if held and all(needle == needle.lower() for needle in held):
                self._sound_needles.extend(held)
            else:
                self._sound_always = True
        for word in starts:
            self._sound.setdefault(word[:2].lower(), []).append(word.lower())

    def could_match(self, words: frozenset[str], text: str) -> bool:
        """False only when the expression cannot match ``text`` (whose ``tokens`` are ``words``):
        every match starts a word of the text with its entry's leading letters. Unlike ``may``,
        never wrong, so a rule may skip the expression on it."""
        if self._sound_always or _folds_oddly(text):
            return True  # "ſ", "ı", "İ" match "s" and "i" in a case-blind expression
        lowered = text.lower()
        starts = self._starts
        if starts is not None and starts.search(lowered) is not None:
            return True
        for needle in self._sound_needles:
            if needle in lowered:
                return True
        return False

    @cached_property
    def _starts(self) -> re.Pattern[str] | None:
        """The ``could_match`` words, each at the start of a word of a lower-case text (a word as
        ``tokens`` reads one): one scan in ``re``, not a loop over the text's words in Python."""
        starts = sorted({start for group in self._sound.values() for start in group})
        if not starts:
            return None
        return grouped(r"(?<![a-z0-9'])(?:" + "|".join(re.escape(start) for start in starts) + ")")

    def _add_prefix(self, word: str) -> None:
        if len(word) < 2:
            self._always = True
            return
        self._prefixes.setdefault(word[:2], []).append(word)

    def may(self, words: frozenset[str]) -> bool:
        if self._always:
            return True
        if not self._exact.isdisjoint(words):
            return True
        for word in words:
            for prefix in self._prefixes.get(word[:2], ()):
                if word.startswith(prefix):
                    return True
        return False


def compile_words(entries: list[str] | str) -> WordPattern:
    """One pattern matching any entry as whole words, longest entries first (``entries``: a
    list, or one string of entries separated by spaces)."""
    if isinstance(entries, str):
        entries = entries.split()
    return WordPattern(list(entries))


@dataclass(frozen=True)
class Words:
    """The word lists of ``words.yaml``, compiled."""

    harm_strong: WordPattern
    harm_weak: WordPattern
    forward: WordPattern
    result: WordPattern
    negation: WordPattern
    easing: WordPattern
    worsening: WordPattern
    modal: WordPattern
    intensity: WordPattern
    external: WordPattern
    present: WordPattern
    past: WordPattern
    event: WordPattern
    onlookers: WordPattern


@cache
def words() -> Words:
    data = _load("words.yaml")
    return Words(
        harm_strong=compile_words(data["harm"][2]),
        harm_weak=compile_words(data["harm"][1]),
        forward=compile_words(data["forward"]),
        result=compile_words(data["result"]),
        negation=compile_words(data["negation"]),
        easing=compile_words(data["easing"]),
        worsening=compile_words(data["worsening"]),
        modal=compile_words(data["modal"]),
        intensity=compile_words(data["intensity"]),
        external=compile_words(data["external"]),
        present=compile_words(data["present"]),
        past=compile_words(data["past"]),
        event=compile_words(data["event"]),
        onlookers=compile_words(data["onlookers"]),
    )


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str  # money, pct, count, ratio
    headline: bool
    harm: bool
    line_item: bool = False
    growth: bool = False


@dataclass(frozen=True)
class MetricMatch:
    """A metric phrase found in a text: which metric, and where."""

    metric: Metric
    span: tuple[int, int]
    text: str

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]

    def group(self, _: int = 0) -> str:
        return self.text


_LITERAL = re.compile(r"[a-z0-9&][a-z0-9&/' ]*", re.I)


@dataclass(frozen=True)
class MetricCatalogue:
    """Every metric, and a finder for the phrases that name them.

    The phrases are indexed by their first three letters, so a text is scanned word by word and
    only the few phrases that could start at a word are tried (one alternation of two hundred
    phrases tried at every position would cost a long transcript half a second)."""

    metrics: dict[str, Metric]
    index: dict[str, tuple[tuple[re.Pattern[str], Metric], ...]]
    loose: tuple[tuple[re.Pattern[str], Metric], ...]  # phrases with no literal start
    tries: dict[str, tuple[tuple[re.Pattern[str], Metric], ...]] = field(default_factory=dict)  # index + loose, per key
    # The same, with only the loose phrases that can start with the key's first letter ("gm"
    # only at a "g"), and the loose phrases by first letter for keys no phrase is indexed by:
    # trying both loose phrases at every word was a third of a summary's metric scan.
    narrow: dict[str, tuple[tuple[re.Pattern[str], Metric], ...]] = field(default_factory=dict)
    loose_at: dict[str, tuple[tuple[re.Pattern[str], Metric], ...]] = field(default_factory=dict)
    loose_anywhere: tuple[tuple[re.Pattern[str], Metric], ...] = ()  # loose phrases whose first letter is not known

    def of(self, match: MetricMatch) -> Metric:
        return match.metric

    def finditer(self, text: str) -> list[MetricMatch]:
        if self is metrics():
            return list(_metric_matches(text))  # the engine's catalogue: its finds are kept by text
        return self._scan(text)

    def _scan(self, text: str) -> list[MetricMatch]:
        found: list[MetricMatch] = []
        lowered = text.lower()
        pos = 0
        # "ſ", "ı", "İ" match other letters case-blind, and "İ" lowers to two characters: there a
        # word's first letter in ``lowered`` says nothing, so every loose phrase is tried
        odd = _folds_oddly(text)
        tries, loose, narrow, loose_at, anywhere = self.tries.get, self.loose, self.narrow.get, self.loose_at.get, self.loose_anywhere
        for word in _WORD_START.finditer(lowered):
            at = word.start()
            if at < pos:
                continue
            best: MetricMatch | None = None
            key = lowered[at:at + 3]
            for pattern, metric in (tries(key, loose) if odd else narrow(key) or loose_at(key[:1], anywhere)):
                m = pattern.match(text, at)
                if m is not None and (best is None or m.end() > best.end()):
                    best = MetricMatch(metric, (m.start(), m.end()), m.group(0))
            if best is not None:
                found.append(best)
                pos = best.end()
        return found

    def search(self, text: str) -> MetricMatch | None:
        found = self.finditer(text)
        return found[0] if found else None


_WORD_START = re.compile(r"(?<![\w&-])[\w&]")


@kept
def _metric_matches(text: str) -> tuple[MetricMatch, ...]:
    return tuple(metrics()._scan(text))


@cache
def metrics() -> MetricCatalogue:
    data = _load("metrics.yaml")["metrics"]
    catalogue: dict[str, Metric] = {}
    index: dict[str, list[tuple[re.Pattern[str], Metric]]] = {}
    loose: list[tuple[re.Pattern[str], Metric]] = []
    for item in data:
        metric = Metric(item["id"], item["label"], item["unit"], bool(item.get("headline")), bool(item.get("harm")),
                        bool(item.get("line_item")), bool(item.get("growth")))
        catalogue[metric.id] = metric
        for name in item["names"]:
            pattern = re.compile(rf"(?:{name})(?![\w&-])", re.I)
            literal = _LITERAL.match(str(name))
            prefix = literal.group(0).lower() if literal else ""
            if len(prefix) >= 3 and not re.search(r"[?*+{(\[|\\]", str(name)[:3]):
                index.setdefault(prefix[:3], []).append((pattern, metric))
            else:
                loose.append((pattern, metric))
    firsts = [_first_letters(pattern) for pattern, _ in loose]

    def loose_from(letter: str) -> tuple[tuple[re.Pattern[str], Metric], ...]:
        return tuple(item for item, first in zip(loose, firsts) if first is None or letter in first)

    letters = {letter for first in firsts if first for letter in first}
    return MetricCatalogue(catalogue, {k: tuple(v) for k, v in index.items()}, tuple(loose),
                           {k: (*v, *loose) for k, v in index.items()},
                           narrow={k: (*v, *loose_from(k[0])) for k, v in index.items()},
                           loose_at={letter: loose_from(letter) for letter in letters},
                           loose_anywhere=tuple(item for item, first in zip(loose, firsts) if first is None))


def _first_letters(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The letters or digits every match of ``regex`` starts with (lower case), or None when that
    is not plain from its parse: only literals that are ASCII lower-case letters or digits, so
    that a text's first letter lowered is the one the case-blind expression matched."""
    try:
        tree = sre_parse.parse(regex.pattern, regex.flags)
    except re.error:
        return None

    def first(items: Any) -> tuple[set[str], bool] | None:  # (letters, whether it may match empty)
        letters: set[str] = set()
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                char = chr(arg)
                if not ("a" <= char <= "z" or "0" <= char <= "9"):
                    return None
                letters.add(char)
                return letters, False
            if name == "SUBPATTERN":
                inner = first(arg[3])
            elif name == "BRANCH":
                branches = [first(branch) for branch in arg[1]]
                if any(b is None for b in branches):
                    return None
                inner = (set().union(*(b[0] for b in branches if b)), any(b[1] for b in branches if b))
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                low, _, body = arg
                repeated = first(body)
                inner = None if repeated is None else (repeated[0], repeated[1] or low == 0)
            else:
                return None
            if inner is None:
                return None
            letters |= inner[0]
            if not inner[1]:
                return letters, False
        return letters, True

    found = first(tree)
    return None if found is None or found[1] else frozenset(found[0])


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    severity: int
    cues: WordPattern


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(Topic(t["id"], t["label"], int(t["severity"]), compile_words(t["cues"]))
                 for t in _load("risk_topics.yaml")["topics"])


@cache
def _topic_starts() -> tuple[dict[str, list[tuple[str, str]]], frozenset[str], tuple[tuple[str, str], ...]]:
    """Every topic's ``could_match`` words, by their first two letters: (prefix -> [(word, topic)],
    the topics that could match any text, and (needle, topic) for the cues known by a needle)."""
    index: dict[str, list[tuple[str, str]]] = {}
    always = set()
    held: list[tuple[str, str]] = []
    for item in topics():
        if item.cues._sound_always:
            always.add(item.id)
        for key, starts in item.cues._sound.items():
            index.setdefault(key, []).extend((word, item.id) for word in starts)
        held += [(needle, item.id) for needle in item.cues._sound_needles]
    return index, frozenset(always), tuple(held)


def possible_topics(words: frozenset[str], text: str) -> frozenset[str]:
    """The topics whose cues could match ``text`` (whose ``tokens`` are ``words``): those for
    which ``could_match`` holds, found in one pass over the words."""
    _, always, held = _topic_starts()
    if _folds_oddly(text):
        return frozenset(t.id for t in topics())
    found = set(always)
    for word in words:
        found.update(_word_topics(word))
    if held:
        lowered = text.lower()
        found.update(topic_id for needle, topic_id in held if topic_id not in found and needle in lowered)
    return frozenset(found)


@kept  # a call's words are mostly the words of every call: each is looked up once, not at every statement
def _word_topics(word: str) -> tuple[str, ...]:
    """The topics one of whose ``could_match`` words ``word`` starts with."""
    index = _topic_starts()[0]
    return tuple(topic_id for start, topic_id in index.get(word[:2], ()) if word.startswith(start))


@cache
def topic(topic_id: str) -> Topic | None:
    return next((t for t in topics() if t.id == topic_id), None)


@cache
def currency_table() -> tuple[dict[str, str], dict[str, str]]:
    """``currencies.yaml``: (a currency sign or word as written, lower case -> its ISO code;
    an ISO code -> the sign a reason writes for it)."""
    data = _load("currencies.yaml")
    return ({str(k): str(v) for k, v in data["codes"].items()}, {str(k): str(v) for k, v in data["symbols"].items()})


@dataclass(frozen=True)
class Severities:
    kinds: dict[str, dict[str, Any]]
    bands: tuple[tuple[int, str], ...]

    def band(self, score: int) -> str:
        return next(name for start, name in self.bands if score >= start)


@cache
def severities() -> Severities:
    data = _load("severity.yaml")
    bands = tuple(sorted(((int(b["from"]), str(b["name"])) for b in data["bands"]), reverse=True))
    return Severities({k: dict(v) for k, v in data["kinds"].items()}, bands)
