"""Numbers as speech-to-text writes them, rewritten in digits for the figure reader.

A machine transcript says "earnings of a dollar seventy to two dollars and thirty cents per
share", "between six and a half and seven and a half billion", "reduced by nearly one point
five billion dollars", "about half a million units". ``in_digits`` rewrites such quantities
("$1.70 to $2.30 per share", "between 6.5 and 7.5 billion", "1.5 billion dollars", "0.5 million
units") and leaves every other word alone: a number word becomes digits only when a unit
(percent, points, dollars, cents, million, units …) follows it, so "one of our peers" and "the
second half" stay as they are.

numerizer and text2num were tried first: both mangle these forms ("6.5 and 7 and
1/22000000000", "6 and a half and 7 and a half 1000000000"), so this small reader is kept
instead. It is used for finding figures only; quotes always show the words as spoken.
"""

from __future__ import annotations

import re

from earnings.rules import case_blind

_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_NUMBER_WORD = case_blind(r"\b(?:" + "|".join(sorted([*_UNITS, *_TENS, "hundred", "thousand", "point", "half", "and", "a", "dollars?", "cents?"],
                               key=len, reverse=True)) + r")\b|-")
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|[$%]|-")
_UNIT_AFTER = case_blind(r"^\s*(?:%|percent|per\s?cent|percentage\s+points?|points?|basis\s+points?|bps|dollars?|cents?|million|billion|thousand"
    r"|trillion|units?|times|x\b|positions|aircraft|restaurants|stores|jobs|people)")
_CUE_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "teen",
              "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "half", "dollar", "cents")
_CUE = case_blind(r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                  r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half|dollar|cents)\b")


# "a few hundred million dollars", "a couple hundred million dollars": a rough size, as an analyst
# reads it (a couple: two; a few: three; several: five)
_ROUGH = case_blind(r"\b(?:a\s+)?(?P<how>few|couple(?:\s+of)?|several)\s+hundred\s+(?P<scale>thousand|million|billion)\s+dollars\b")
_ROUGH_SIZE = {"few": 3, "couple": 2, "several": 5}


def _rough(m: re.Match[str]) -> str:
    return f"about ${_ROUGH_SIZE[m['how'].split()[0].lower()]}00 {m['scale'].lower()}"


def in_digits(text: str) -> str:
    """``text`` with its spoken quantities written in digits (see the module docstring)."""
    lowered = text.lower()
    if "hundred" in lowered and "dollars" in lowered and _ROUGH.search(text):
        text = _ROUGH.sub(_rough, text)
        lowered = text.lower()
    if not any(word in lowered for word in _CUE_WORDS) or not _CUE.search(text):
        return text
    out: list[str] = []
    pos = 0
    for start, end, replacement in _quantities(text):
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_STARTS = frozenset([*_UNITS, *_TENS, "half", "a"])  # the words a quantity in words can start with


def _quantities(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    k = 0
    while k < len(words):
        word = words[k][2]
        if word not in _STARTS and ("-" not in word or word.partition("-")[0] not in _TENS):
            k += 1  # "forty-two" starts one; "one-time" and most words do not
            continue
        money = _money(words, k)
        if money is not None:
            end_index, value = money
            found.append((words[k][0], words[end_index - 1][1], f"${value:,.2f}".replace(",", "")))
            k = end_index
            continue
        number = _cardinal(words, k)
        if number is not None:
            end_index, value = number
            end = words[end_index - 1][1]
            if _UNIT_AFTER.match(text[end:end + 24]) or _range_partner(words, end_index, text):
                found.append((words[k][0], end, _digits(value)))
                k = end_index
                continue
        k += 1
    return found


def _digits(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _simple(words: list[tuple[int, int, str]], k: int) -> tuple[int, float] | None:
    """A whole number below a thousand in words ("seventy", "forty-two", "two hundred five")."""
    if k >= len(words):
        return None
    total, k0 = 0.0, k
    word = words[k][2]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _TENS and unit in _UNITS:
            return k + 1, float(_TENS[tens] + _UNITS[unit])
        return None
    if word in _TENS:
        total = _TENS[word]
        k += 1
        if k < len(words) and words[k][2] in _UNITS and 0 < _UNITS[words[k][2]] < 10:
            total += _UNITS[words[k][2]]
            k += 1
    elif word in _UNITS:
        total = _UNITS[word]
        k += 1
    else:
        return None
    if k < len(words) and words[k][2] == "hundred":
        total *= 100
        k += 1
        rest = _simple(words, k + 1) if k < len(words) and words[k][2] == "and" else _simple(words, k)
        if rest is not None and rest[1] < 100:
            k, total = rest[0], total + rest[1]
    return (k, float(total)) if k > k0 else None


def _cardinal(words: list[tuple[int, int, str]], k: int) -> tuple[int, float] | None:
    """A number in words, with "point five" decimals and "and a half"; "half a" is 0.5."""
    if k + 1 < len(words) and words[k][2] == "half" and words[k + 1][2] == "a":
        return k + 2, 0.5
    if k + 1 < len(words) and words[k][2] == "a" and words[k + 1][2] == "half":
        return k + 2, 0.5
    simple = _simple(words, k)
    if simple is None:
        return None
    k, value = simple
    if k < len(words) and words[k][2] == "thousand":
        value *= 1000
        k += 1
        rest = _simple(words, k)
        if rest is not None:
            k, value = rest[0], value + rest[1]
    if k + 1 < len(words) and words[k][2] == "point" and words[k + 1][2] in _UNITS:
        digits = ""
        k += 1
        while k < len(words) and words[k][2] in _UNITS and _UNITS[words[k][2]] < 10:
            digits += str(_UNITS[words[k][2]])
            k += 1
        value = float(f"{int(value)}.{digits}")
    if k + 2 < len(words) and words[k][2] == "and" and words[k + 1][2] == "a" and words[k + 2][2] == "half":
        value += 0.5
        k += 3
    return k, value


def _money(words: list[tuple[int, int, str]], k: int) -> tuple[int, float] | None:
    """"a dollar seventy", "two dollars and thirty cents", "thirty-five cents"."""
    if words[k][2] == "a" and k + 1 < len(words) and words[k + 1][2] == "dollar":
        value, k = 1.0, k + 2
        cents = _simple(words, k)
        if cents is not None and cents[1] < 100:
            return cents[0], value + cents[1] / 100
        return k, value
    number = _cardinal(words, k)
    if number is None:
        return None
    end, value = number
    if end < len(words) and words[end][2] in ("dollar", "dollars"):
        end += 1
        if end + 1 < len(words) and words[end][2] == "and":
            cents = _simple(words, end + 1)
            if cents is not None and cents[0] < len(words) and words[cents[0]][2] in ("cent", "cents"):
                return cents[0] + 1, value + cents[1] / 100
        cents = _simple(words, end)
        if cents is not None and cents[1] < 100 and not (cents[0] < len(words) and words[cents[0]][2] in ("million", "billion")):
            return cents[0], value + cents[1] / 100
        return end, value
    if end < len(words) and words[end][2] in ("cent", "cents") and value < 100:
        return end + 1, value / 100
    return None


def _range_partner(words: list[tuple[int, int, str]], k: int, text: str) -> bool:
    """"six and a half and seven and a half billion": a number followed by "to"/"and" and
    another number that has a unit is a quantity too."""
    if k >= len(words) or words[k][2] not in ("to", "and"):
        return False
    if re.match(r"\s*\$?\d", text[words[k][1]:words[k][1] + 4]):
        return True  # "seven to 9%": the other end is in digits
    other = _cardinal(words, k + 1)
    if other is None:
        money = _money(words, k + 1)
        return money is not None
    end = words[other[0] - 1][1]
    return bool(_UNIT_AFTER.match(text[end:end + 24]))
