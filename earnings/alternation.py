"""An expression's top alternation regrouped by first letter, so that it is searched faster.

``re`` tries the alternatives of ``(?:raise|headwinds?|pressur\\w*|…)`` one after another at
every place it searches; a word list of a hundred entries costs a hundred tests at each word.
``grouped(pattern, flags)`` compiles the same expression with its alternatives gathered under
their first letter, ``(?:r(?:aise|…)|h(?:eadwinds?|…)|p(?:ressur\\w*|…)|…)``, so that a place is
tested once per letter and then only against the alternatives that start with its letter.

The regrouped expression matches exactly what the written one does, where it does: at any
place only the alternatives starting with the letter there can match, and they are tried in
their written order (an alternative whose first letter is in a group is tried first, as
``(?:a|b)c`` is ``ac|bc`` and ``a?b`` is ``ab|b``; a lookbehind before the first letter, as in
``(?<!in\\s)excess``, is the same lookbehind one letter wider after it). An expression it
cannot regroup so (an alternative that starts with a class, a repeat or a capture) is compiled
as written. It works on ``re``'s own parse (``re._parser``, ``re._compiler``): if that is not
there, or differs, the expression is compiled as written too.
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
        if op in (c.ASSERT, c.ASSERT_NOT) and arg[0] == -1:  # "(?<!x)ab" is "a(?<!xa)b"
            found = starts(rest, depth + 1)
            if found is None:
                return None
            return [[alt[0], (op, (-1, parser.SubPattern(state, [*arg[1].data, alt[0]]))), *alt[1:]] for alt in found]
        return None

    data = list(tree.data)
    for k, (op, arg) in enumerate(data):
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # "\b", "(?<![\w'’-])" before the alternation stay as they are
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
        letters: dict[int, list[parser.SubPattern]] = {}
        for alt in alternatives:
            letters.setdefault(alt[0][1], []).append(parser.SubPattern(state, alt[1:]))
        groups = []
        for letter, rests in letters.items():
            body: list[Any] = [(c.LITERAL, letter)]
            body += list(rests[0].data) if len(rests) == 1 else [(c.BRANCH, (None, rests))]
            groups.append(parser.SubPattern(state, body))
        data[k] = (c.BRANCH, (None, groups))
        tree.data = data
        return compiler.compile(tree, flags)
    return None
