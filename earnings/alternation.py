"""An expression's top alternation regrouped by first letter, so that it is searched faster.

``re`` tries the alternatives of ``(?:raise|headwinds?|pressur\\w*|…)`` one after another at
every place it searches; a word list of a hundred entries costs a hundred tests at each word.
``grouped(pattern, flags)`` compiles the same expression with its alternatives gathered under
their first letter, ``(?:r(?:aise|…)|h(?:eadwinds?|…)|p(?:ressur\\w*|…)|…)``, so that a place is
tested once per letter and then only against the alternatives that start with its letter.

The regrouped expression matches exactly what the written one does, where it does: at any
place only the alternatives starting with the letter there can match, and they are tried in
their written order. To find an alternative's first letter, a group or an optional lead is
spread out (``(?:a|b)c`` is ``ac|bc``, ``a?b`` is ``ab|b``), and a lookbehind or ``\\b`` before
the first letters is made after them, a lookbehind as much wider (``(?<!in\\s)excess`` is
``excess(?<!in\\sexcess)``). An expression with one first letter is written so as a whole
(``\\bonly\\s+…`` as ``only(?<!\\wonly)\\s+…``), and ``re`` finds its letters by itself; in one
of several letters a leading ``\\b`` or lookbehind stays first, where it rules out most places at
once. An expression it cannot regroup so (an alternative that starts with a class, a repeat or
a capture) is compiled as written. It works on ``re``'s own parse (``re._parser``,
``re._compiler``): if that is not there, or differs, the expression is compiled as written too.
"""

from __future__ import annotations

import re
from typing import Any

_MOST_ALTERNATIVES = 2000  # an alternation that regroups into more than this is left as written


def grouped(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, its top alternation regrouped by first letter when it can be."""
    try:
        return _grouped(pattern, flags) or re.compile(pattern, flags)
    except Exception:  # noqa: BLE001 - re's private parse changed: as written is always right
        return re.compile(pattern, flags)


def _grouped(pattern: str, flags: int) -> re.Pattern[str] | None:
    import re._compiler as compiler
    import re._constants as c
    import re._parser as parser

    tree = parser.parse(pattern, flags)
    state = tree.state

    def starts(items: list[Any], depth: int = 0) -> list[list[Any]] | None:
        """``items`` as alternatives (in the order ``re`` tries them), each starting with a
        literal letter; None when that cannot be."""
        if not items or depth > 4:
            return None
        op, arg = items[0]
        rest = list(items[1:])
        if op is c.LITERAL:
            return [list(items)]
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, inner = arg
            if group is not None or add_flags or del_flags:
                return None
            return starts(list(inner.data) + rest, depth + 1)
        if op is c.BRANCH:
            out: list[list[Any]] = []
            for branch in arg[1]:
                found = starts(list(branch.data) + rest, depth + 1)
                if found is None:
                    return None
                out += found
            return out
        if op is c.MAX_REPEAT and arg[0] == 0 and arg[1] == 1:  # greedy "x?r" is "xr|r"
            taken, skipped = starts(list(arg[2].data) + rest, depth + 1), starts(rest, depth + 1)
            return None if taken is None or skipped is None else taken + skipped
        if op in (c.ASSERT, c.ASSERT_NOT) and arg[0] == -1:  # "(?<!x)ab" is "ab(?<!xab)"
            found = starts(rest, depth + 1)
            if found is None:
                return None
            return [[*run, (op, (-1, parser.SubPattern(state, [*arg[1].data, *run]))), *after] for run, after in map(_run, found)]
        if op is c.AT and arg is c.AT_BOUNDARY:  # "\bab" is "ab(?<!\wab)", and "\b$a" is "$a(?<=\w$a)"
            found = starts(rest, depth + 1)
            if found is None:
                return None
            out = []
            for run, after in map(_run, found):
                wordy = chr(run[0][1]).isalnum() or run[0][1] == ord("_")  # as re reads a word character
                out.append([*run, (c.ASSERT_NOT if wordy else c.ASSERT, (-1, parser.SubPattern(state, [*word, *run]))), *after])
            return out
        return None

    if flags & (re.ASCII | re.LOCALE):
        return None  # "\b" and "\w" below are read as Unicode
    word = list(parser.parse(r"\w", flags).data)

    def regrouped(alternatives: list[list[Any]]) -> list[parser.SubPattern]:
        letters: dict[int, list[parser.SubPattern]] = {}
        for alt in alternatives:
            letters.setdefault(alt[0][1], []).append(parser.SubPattern(state, alt[1:]))
        groups = []
        for letter, rests in letters.items():
            body: list[Any] = [(c.LITERAL, letter)]
            body += list(rests[0].data) if len(rests) == 1 else [(c.BRANCH, (None, rests))]
            groups.append(parser.SubPattern(state, body))
        return groups

    data = list(tree.data)
    whole = starts(data)
    if whole is not None and whole != [data] and len(regrouped(whole)) == 1:
        # one first letter: its "\b" or lookbehind moved after its letters ("\bonly\s+…" is
        # "only(?<!\wonly)\s+…"), so that re finds the letters by itself, not trying every place
        tree.data = regrouped(whole)[0].data
        return compiler.compile(tree, flags)
    for k, (op, arg) in enumerate(data):
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # "\b", "(?<![\w'’-])" before the alternation stay first: they rule out most places at once
        if op is c.SUBPATTERN and arg[0] is None and not arg[1] and not arg[2] and len(arg[3].data) == 1:
            op, arg = arg[3].data[0]
        if op is not c.BRANCH:
            return None
        alternatives: list[list[Any]] = []
        for branch in arg[1]:
            found = starts(list(branch.data))
            if found is None:
                return None
            alternatives += found
        if len(alternatives) > _MOST_ALTERNATIVES:
            return None
        data[k] = (c.BRANCH, (None, regrouped(alternatives)))
        tree.data = data
        return compiler.compile(tree, flags)
    return None


def _run(alternative: list[Any]) -> tuple[list[Any], list[Any]]:
    """An alternative's leading letters, and what follows them."""
    import re._constants as c

    k = 0
    while k < len(alternative) and alternative[k][0] is c.LITERAL:
        k += 1
    return alternative[:k], alternative[k:]
