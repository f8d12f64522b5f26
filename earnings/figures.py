"""Quantities a sentence states, with their unit, as ``Quantity`` values.

Read: money with a currency and a scale ("$1.2 billion", "$126 million to $130 million", "$151
to $155 million", "€40M", "20 to 35 cents", "6.5 and 7.5 billion"), percentages ("70–74%",
"between 34 and 36 percent", "11 to 14 percent"), percentage points, basis points, multiples
("3x"), counts of things ("5,800 to 7,000 positions", "15.5 million units"), and sizes said in
words: "low single digits" (1–3%), "mid to high single-digit" (4–9%), "low double digits"
(10–13%), "mid-teens" (14–16%), "the high 29% range" (29.7–29.9%), "mid-70s" (74–76).
Spoken numbers are read too ("a dollar seventy", ``earnings.spoken``).

A quantity carries no metric or period: ``earnings.facts`` decides what it measures. Plain
numbers (years, "400-gig", "7 acquisitions") are not quantities. Signs: "-2%", "(3)%" and
"down 2% to up 2%" are read as written; "decrease 6% to 8%" is read as 6–8 and signed by the
fact reader, which knows the verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from earnings.alternation import grouped
from earnings.report import Figure
from earnings.rules import CaseBlind, case_blind, currency_table, folds_oddly
from earnings.spoken import in_digits

_NUM = r"[-\u2212]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-\u2212]?\d+(?:\.\d+)?|(?<![a-z])[-\u2212]?\.\d+"  # "c.15%" is circa 15%, not 0.15%
_SCALE = r"(?:\s*(?:thousand|million|billion|trillion)\b|\s?(?:mm|mn|bn|k|m|b)\b)"
_TO = r"\s*(?:–|—|-|to|through)\s*"
_CURRENCY_SIGN = (r"(?:us\$|c\$|a\$|hk\$|s\$|r\$|nt\$|\$|€|£|¥|₹|₩|chf\s?|usd\s?|eur\s?|gbp\s?|jpy\s?|cad\s?|aud\s?|sek\s?|nok\s?|dkk\s?"
                  r"|inr\s?|rs\.?\s?|cny\s?|rmb\s?|krw\s?|brl\s?|mxn\s?|zar\s?)")
_CURRENCY_WORD = r"(?:dollars?|euros?|pounds?|yen|usd|eur|gbp|jpy|chf|cad|aud|sek|nok|dkk|inr|rupees?|cny|rmb|yuan|renminbi|krw|won|brl|reais|mxn|pesos|zar|rand)"
_COUNT_NOUN = (r"(?:units?|vehicles|cars|shares|users|uniques|subscribers|customers|people|employees|positions|jobs|roles|aircraft"
               r"|planes|restaurants|stores|locations|sites|barrels|tons|tonnes|ounces|devices|accounts|members|seats|miles|rooms"
               r"|beds|wells|rigs|homes|trucks|machines|orders|transactions|visits|days"
               r"|mm?boe(?:/?d)?|mboed|mmboed|boe/?d|bpd|b/d|mm?bbls?(?:/?d)?|bcfe?(?:/?d)?|mmcfe?(?:/?d)?|mcfe?(?:/?d)?)")  # oil and gas volumes
_PCT = r"\s*(?:%|percent\b|per\s?cent\b)"
_POINTS = r"\s*(?:percentage\s+points?|pts?\b|ppts?\b|points?\b)"
_BP = r"\s*(?:basis[-\s]points?|bps|bp)\b"

_CURRENCIES, _SYMBOLS = currency_table()  # earnings/data/currencies.yaml: codes as written, signs as shown
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6,
           "billion": 1e9, "b": 1e9, "bn": 1e9, "trillion": 1e12}

# (unit, pattern); every pattern names its numbers a and b, scales sa and sb, currency c.
_PATTERNS: tuple[tuple[str, CaseBlind], ...] = tuple((unit, case_blind(p)) for unit, p in (
    ("money", rf"between\s+(?P<c>{_CURRENCY_SIGN})\s?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_TO}|\s+and\s+)(?:{_CURRENCY_SIGN})?\s?(?P<b>{_NUM})(?P<sb>{_SCALE})?"),
    # "in a range of $7.88 and $8.38 per share": a range said as between, its "range of" left
    # outside the figure for the words that place a guide in it ("the high end of our range of")
    ("money", rf"(?<=range\sof\s)(?P<c>{_CURRENCY_SIGN})\s?(?P<a>{_NUM})(?P<sa>{_SCALE})?\s+and\s+(?:{_CURRENCY_SIGN})?\s?(?P<b>{_NUM})(?P<sb>{_SCALE})?"),
    ("money", rf"(?P<c>{_CURRENCY_SIGN})\s?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_TO}(?:{_CURRENCY_SIGN})?\s?(?P<b>{_NUM})(?P<sb>{_SCALE})?)?"),
    ("cents", rf"\b(?P<a>{_NUM})(?:{_TO}(?P<b>{_NUM}))?\s*cents\b"),
    ("money", rf"\b(?:between\s+)?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_TO}|\s+and\s+)?(?P<b>{_NUM})?(?P<sb>\s*(?:thousand|million|billion|trillion))\s*(?P<c>{_CURRENCY_WORD})\b"),
    ("pct", rf"between\s+(?P<a>{_NUM})(?:{_PCT})?(?:{_TO}|\s+and\s+)(?P<b>{_NUM}){_PCT}"),
    ("pct", rf"(?<=range\sof\s)(?P<a>{_NUM})(?:{_PCT})?\s+and\s+(?P<b>{_NUM}){_PCT}"),
    ("pct", rf"\(?(?P<a>{_NUM})\)?(?:(?:{_PCT})?{_TO}(?P<b>{_NUM}))?{_PCT}"),
    ("points", rf"\b(?P<a>{_NUM})(?:{_TO}(?P<b>{_NUM}))?{_POINTS}"),
    ("bp", rf"between\s+(?P<a>{_NUM})(?:{_BP})?(?:{_TO}|\s+and\s+)(?P<b>{_NUM}){_BP}"),
    ("bp", rf"\b(?P<a>{_NUM})(?:(?:{_BP})?{_TO}(?P<b>{_NUM}))?{_BP}"),
    ("x", rf"\b(?P<a>{_NUM})(?:{_TO}(?P<b>{_NUM}))?\s?(?:x\b|times\b)"),
    ("count", rf"\b(?:between\s+)?(?P<a>{_NUM})(?P<sa>\s*(?:thousand|million|billion))?(?:{_TO}|\s+and\s+|\s+or\s+)?(?P<b>{_NUM})?(?P<sb>\s*(?:thousand|million|billion))?\s+(?:(?:new|net|incremental|additional|more|fewer|or\s+fewer|or\s+more|[a-z]+)\s+){{0,2}}{_COUNT_NOUN}\b"),
    ("scaled", rf"\b(?:between\s+)?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_TO}|\s+and\s+)(?P<b>{_NUM})(?P<sb>\s*(?:million|billion|trillion))\b"),
    ("scaled", rf"\b(?P<a>{_NUM})(?P<sa>\s*(?:million|billion|trillion))\b"),
))
# Closer tests for the patterns whose unit's cues most texts hold ("x" in "next", "day" in
# "today", "$" for money said in words): what every match of the pattern holds in lower case
# (a digit then "x" or "times"; a count noun after a space; a scale then a currency word; a
# range's second number then its scale; the "between" or "range of" a range said so starts with),
# looked for in one quick scan before the pattern's slow one. Asked only of a text that folds
# plainly ("ı", "ſ" match "i", "s" case-blind).
_SHAPES: tuple[re.Pattern[str] | None, ...] = tuple(re.compile(shape) if shape else None for shape in (
    r"between\s",
    r"range\sof\s",  # "range of $7.88 and $8.38"
    None,
    None,
    rf"(?:thousand|million|billion|trillion)\s*{_CURRENCY_WORD.lower()}\b",
    r"between\s",
    r"range\sof\s",  # "range of 5 and 7 percent"
    None,
    None,
    r"between\s",
    None,
    r"\d\s?(?:x|times)",
    rf"\s{_COUNT_NOUN}\b",
    r"(?:–|—|-|to|through|\sand\s)\s*[-\u2212]?[\d.][\d,.]*\s*(?:million|billion|trillion)\b",
    None,
))
assert len(_SHAPES) == len(_PATTERNS)

_VERBAL = case_blind(r"\b(?P<solid>solid|strong|sustainable)?\s*(?<![-\w])(?P<dd>double)[-\s]digits?\s+(?=(?:[\w-]+\s+){0,2}(?:margins?|growth|returns?))"
    r"|\b(?P<low>low|mid|high)(?:[-\s]+(?:to|-|–)[-\s]+(?P<high>mid|high))?[-\s]+(?:(?P<size>single|double)[-\s]+digits?|(?P<teens>teens))\b"
    r"|\b(?P<rlow>low|mid|high)[-\s]+(?P<n>\d{1,2})(?:%|s\b|\s*percent)(?:\s+range)?"
    r"|\bthe\s+(?P<rlow2>low|mid|high)[-\s]+(?P<n2>\d{1,2})s\b")
_VERBAL_SPANS = {
    ("low", "single"): (1.0, 3.0), ("mid", "single"): (4.0, 6.0), ("high", "single"): (7.0, 9.0),
    ("low", "double"): (10.0, 13.0), ("mid", "double"): (14.0, 16.0), ("high", "double"): (17.0, 19.0),
    ("low", "teens"): (11.0, 13.0), ("mid", "teens"): (14.0, 16.0), ("high", "teens"): (17.0, 19.0),
}
# The words a text must hold for each kind of figure (a cheap test before the patterns run).
_UNIT_CUES: dict[str, tuple[str, ...]] = {
    "money": ("$", "€", "£", "¥", "₹", "₩", "usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "sek", "nok", "dkk", "inr", "rs", "rupee",
              "cny", "rmb", "yuan", "renminbi", "krw", "won", "brl", "reais", "mxn", "peso", "zar", "rand", "dollar", "euro", "pound", "yen"),
    "cents": ("cents",),
    "pct": ("%", "percent", "per cent"),
    "points": ("point", "pts", "ppt"),
    "bp": ("bp", "basis"),
    "x": ("x", "times"),
    "count": ("unit", "vehicle", "car", "share", "user", "unique", "subscriber", "customer", "people", "employee", "position",
              "job", "role", "aircraft", "plane", "restaurant", "store", "location", "site", "barrel", "ton", "ounce", "device",
              "account", "member", "seat", "mile", "room", "bed", "well", "rig", "home", "truck", "machine", "order",
              "transaction", "visit", "day", "boe", "b/d", "bpd", "bbl", "bcf", "mcf"),
    "scaled": ("million", "billion", "trillion"),
}
_APPROX = case_blind(r"(?:approximately|approx\.?|about|around|roughly|nearly|almost|close\s+to|circa|\bca?\.|some|~|≈|in\s+the\s+range\s+of|on\s+the\s+order\s+of)\s*$")
_MORE_THAN = case_blind(r"(?:more\s+than|greater\s+than|over|above|at\s+least|in\s+excess\s+of|exceed(?:s|ing)?|surpass(?:es|ing)?|>|≥)\s*$")
_LESS_THAN = case_blind(r"(?:less\s+than|under|below|at\s+most|up\s+to|<|≤)\s*$")
_OR_FEWER = case_blind(r"^\s*(?:or\s+(?:fewer|less|lower))")
_COUNT_BOUND = case_blind(r"\bor\s+(?P<dir>fewer|less|more)\b")
_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    """A quantity where it was found in a (digit-written) text."""

    low: float
    high: float
    unit: str  # "%", "pts", "bp", "x", "count", or a currency code ("USD", "EUR" …)
    text: str
    start: int
    end: int
    approximate: bool = False
    bound: str = ""  # "min" for "more than $7.35", "max" for "less than 1%"


# each unit's cues as one expression of literals: whether any of them is in a text, in one scan
# (regrouped by first letter: tried as written, the forty count nouns were half of a text's figure reading)
_UNIT_CUE_PATTERNS = tuple((unit, grouped("|".join(re.escape(cue) for cue in cues))) for unit, cues in _UNIT_CUES.items())


def quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text`` in order (``text`` as ``in_digits`` wrote it)."""
    if not _DIGIT.search(text) and "digit" not in text and "teens" not in text:
        return []
    found: list[tuple[int, int, str, re.Match[str]]] = []
    lowered = text.lower()
    kinds = {unit for unit, cues in _UNIT_CUE_PATTERNS if cues.search(lowered)}
    plain = not folds_oddly(text)
    for (unit, pattern), shape in zip(_PATTERNS, _SHAPES):
        if unit not in kinds:
            continue  # a text with no "$", "%", "bp" … can hold no figure of that unit
        if plain and shape is not None and not shape.search(lowered):
            continue
        for m in pattern.finditer(text):
            found.append((m.start(), -m.end(), unit, m))
    if "digit" in lowered or "teens" in lowered or "range" in lowered or "0s" in lowered or "%" in lowered:
        for m in _VERBAL.finditer(text):
            found.append((m.start(), -m.end(), "verbal", m))
    found.sort(key=lambda item: (item[0], item[1]))
    out: list[Quantity] = []
    taken_until = -1
    for start, neg_end, unit, m in found:
        if start < taken_until:
            continue
        quantity = _quantity(unit, m, text)
        if quantity is not None:
            out.extend(_from_to(quantity, text))
            taken_until = -neg_end
    return _plus_minus(out, text) if len(out) > 1 and ("minus" in lowered or "±" in text or "+/-" in text) else out


_PLUS_MINUS = re.compile(r"\s*,?\s*(?:plus\s+or\s+minus|\+/-|±)\s*", re.I)


def _plus_minus(found: list[Quantity], text: str) -> list[Quantity]:
    """"$1.44 billion, plus or minus $50 million" is the range $1.39–1.49 billion; so is "58%,
    plus or minus 50 basis points" the range 57.5–58.5%."""
    out: list[Quantity] = []
    for q in found:
        point = out[-1] if out else None
        if point is not None and point.low == point.high and not point.bound and _PLUS_MINUS.fullmatch(text, point.end, q.start):
            width = q.low / 100 if (point.unit, q.unit) == ("%", "bp") else q.low if q.unit == point.unit \
                else abs(point.low) * q.low / 100 if q.unit == "%" and is_currency(point.unit) else None  # "$1.2 billion, plus or minus 2%"
            if width is not None and width > 0:
                out[-1] = replace(point, low=point.low - width, high=point.high + width, text=text[point.start:q.end], end=q.end)
                continue
        out.append(q)
    return out


# "from" right before a figure: the start of a move ("from 60% to 65%") or of a range
FROM_BEFORE = case_blind(r"\bfrom\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
_TO_WORD = case_blind(r"\s+to\s+")
_TO_NEXT = case_blind(r"\s+to\s+(?:about\s+|approximately\s+|~)?[$€£¥]?\d")
# "ranging from $5 billion to $6 billion" is one range, and so is "to $5.8–5.9B, up from $5.6 billion
# to $5.7 billion" (the old one); "raised from $5.6 billion to $5.8 billion" is an old value and a new one
_RANGING = case_blind(r"\b(?:rang\w*|anywhere|somewhere|range\s+of|spread|up|down)\s+from\s+\S*$"
                      # "lowered it to $4.80 to $5.00 from $5.10 to $5.40": right after the new range, the old one
                      r"|\d(?:\s*(?:%|percent|million|billion|trillion|bn|mn|m|b|cents|per\s+share))?\s*,?\s+from\s+\S*$")


def _from_to(quantity: Quantity, text: str) -> list[Quantity]:
    """"from 60% to 65%" is two values, a start and an end, not a range."""
    before = text[max(0, quantity.start - 40):quantity.start]
    if quantity.low == quantity.high or not FROM_BEFORE.search(before) or _RANGING.search(before):
        return [quantity]
    if _TO_NEXT.match(text, quantity.end):
        return [quantity]  # "from 8% to 9% to 10% to 12%": the old range, then the new one
    split = _TO_WORD.search(quantity.text)
    if split is None:
        return [quantity]
    cut = quantity.start + split.start()
    first, then = (quantity.low, quantity.high) if not _falls(quantity.text, split) else (quantity.high, quantity.low)
    return [replace(quantity, low=first, high=first, text=text[quantity.start:cut], end=cut),
            replace(quantity, low=then, high=then, text=text[quantity.start + split.end():quantity.end], start=quantity.start + split.end())]


def _falls(written: str, split: re.Match[str]) -> bool:
    """Whether "from $60 to $20" goes down: the first value, as written, is the higher one."""
    first, then = quantities(written[:split.start()]), quantities(written[split.end():])
    return bool(first and then) and first[0].low > then[0].low


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("\u2212", "-"))


def _scale(text: str | None) -> float:
    return _SCALES[text.strip().lower()] if text and text.strip() else 1.0


def _quantity(unit: str, m: re.Match[str], text: str) -> Quantity | None:
    start, end = m.start(), m.end()
    before = text[max(0, start - 24):start]
    lead = _APPROX.search(before)
    groups = m.groupdict()
    # "in the range of $10 billion" is about $10 billion; "in the range of $9.55 to $9.95" is that range
    approx = lead is not None and not (groups.get("b") and re.match(r"(?:in\s+the\s+range|on\s+the\s+order)", lead.group(0), re.I))
    bound = "min" if _MORE_THAN.search(before) else "max" if _LESS_THAN.search(before) or _OR_FEWER.match(text[end:end + 12]) else ""
    if unit == "verbal":
        return _verbal(m, approx, bound)
    a_text, b_text = groups.get("a"), groups.get("b")
    if not a_text:
        return None
    if unit in ("scaled", "count") and _YEARISH.match(a_text) and not groups.get("sa"):
        return None
    a = _number(a_text)
    b = _number(b_text) if b_text else None
    code = unit
    if unit in ("money", "scaled", "cents"):
        currency = (groups.get("c") or "").strip().lower()
        code = _CURRENCIES.get(currency, "USD")
        scale_b = _scale(groups.get("sb"))
        scale_a = _scale(groups.get("sa")) if groups.get("sa") else scale_b
        a, b = a * scale_a, (b * scale_b if b is not None else None)
        if unit == "cents":
            a, b = a / 100, (b / 100 if b is not None else None)
    elif unit == "count":
        if not bound and (within := _COUNT_BOUND.search(m.group(0))):
            bound = "max" if within["dir"].lower() in ("fewer", "less") else "min"  # "10 or fewer incremental aircraft"
        scale_b = _scale(groups.get("sb"))
        scale_a = _scale(groups.get("sa")) if groups.get("sa") else scale_b
        a, b = a * scale_a, (b * scale_b if b is not None else None)
    elif m.group(0).lstrip().startswith("(") and ")" in m.group(0):
        a, b = -abs(a), (-abs(b) if b is not None else None)  # "(3)%" is minus three percent
    units = {"pct": "%", "points": "pts", "bp": "bp", "x": "x"}
    shown = text[start:end].strip()
    if b is None:
        return Quantity(a, a, units.get(code, code), shown, start, end, approx, bound)
    low, high = (a, b) if a <= b else (b, a)
    return Quantity(low, high, units.get(code, code), shown, start, end, approx, bound)


def _verbal(m: re.Match[str], approx: bool, bound: str) -> Quantity | None:
    groups = m.groupdict()
    shown = m.group(0).strip()
    if groups.get("dd"):
        # "a solid double-digit adjusted operating margin": ten percent or more
        return Quantity(10.0, 10.0, "%", shown, m.start(), m.end(), True, "min")
    if groups.get("low"):
        size = (groups.get("size") or "teens").lower()
        low = _VERBAL_SPANS[(groups["low"].lower(), size)][0]
        high = _VERBAL_SPANS[((groups.get("high") or groups["low"]).lower(), size)][1]
        return Quantity(low, high, "%", shown, m.start(), m.end(), True, bound)
    level = (groups.get("rlow") or groups.get("rlow2") or "").lower()
    number = int(groups.get("n") or groups.get("n2") or 0)
    if "%" in shown or "percent" in shown.lower() or "range" in shown.lower():
        # "the high 29% range" is 29.7–29.9%; "the mid 2% range" 2.4–2.6%
        low, high = {"low": (0.0, 0.3), "mid": (0.4, 0.6), "high": (0.7, 0.9)}[level]
        return Quantity(number + low, number + high, "%", shown, m.start(), m.end(), True, bound)
    # "mid-70s": 74–76; "the low 30s": 30–33
    low, high = {"low": (0, 3), "mid": (4, 6), "high": (7, 9)}[level]
    return Quantity(number + low, number + high, "%", shown, m.start(), m.end(), True, bound)


def find_quantities(text: str) -> tuple[str, list[Quantity]]:
    """``text`` in digits and its quantities (offsets are into the digit-written text)."""
    written = in_digits(text)
    return written, quantities(written)


def format_figure(figure: Figure) -> str:
    """A figure as a reason shows it: "~75%", "70–74%", "$126M–$130M", "150 bp", "about flat"."""
    if figure.qualitative and figure.low is None:
        return figure.qualitative
    return format_value(figure.low, figure.high, figure.unit, approximate=figure.approximate, bound=figure.bound)




_NAMES_CURRENCY = case_blind(rf"{_CURRENCY_SIGN}|\b{_CURRENCY_WORD}\b")


def names_currency(text: str) -> bool:
    """Whether a quantity's words name its currency ("$152 million", "152 million euros"), as
    "152 million" alone does not."""
    return _NAMES_CURRENCY.search(text) is not None


def is_currency(unit: str) -> bool:
    """Whether a quantity's unit is a currency code ("USD", "EUR" …) rather than "%", "count" …"""
    return unit in _SYMBOLS or (len(unit) == 3 and unit.isupper())


def format_value(low: float | None, high: float | None, unit: str, *, approximate: bool = False, bound: str = "") -> str:
    if low is None or high is None:
        return ""

    def one(value: float, with_unit: bool = True) -> str:
        if is_currency(unit):
            sign = "-" if value < 0 else ""
            symbol = _SYMBOLS.get(unit, unit + " ")
            amount = abs(value)
            for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
                if amount >= scale:
                    return f"{sign}{symbol}{amount / scale:,.4g}{suffix}"
            return f"{sign}{symbol}{amount:,.2f}"
        if unit == "count":
            for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e5, "K")):
                if abs(value) >= scale:
                    return f"{value / (scale if scale != 1e5 else 1e3):,.4g}{suffix}"
            return f"{value:,.4g}"
        return f"{value:,.4g}"

    suffix = {"%": "%", "pts": " pts", "bp": " bp", "x": "x"}.get(unit, "")
    lead = {"min": ">", "max": "<"}.get(bound, "~" if approximate and low == high else "")
    if low != high and low < 0 and not is_currency(unit):
        return f"{lead}{one(low)}{suffix} to {one(high)}{suffix}"  # "-4.5% to -1.5%", not "-4.5–-1.5%"
    body = one(low) if low == high else f"{one(low)}–{one(high)}"
    return f"{lead}{body}{suffix}"
