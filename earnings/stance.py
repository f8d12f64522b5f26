"""Stances: what management says it will do with the company's money and prices.

A ``tone_shift`` is a clear change in stance: a door opened to acquisitions, a dividend cut, a
buyback paused, pricing actions taken to restore profit, a new capital-return policy. Each
stance is a named pattern; a stance the new document takes and the baseline did not is a
change. (The negative-word share of a whole document moves with its length and its topic
mix, so it is reported in the similarity scores, not as a change.)
"""

from __future__ import annotations


from earnings.rules import CaseBlind, case_blind, may_hold

_CLAUSE = r"(?:[^.;]|\.(?=\d))"  # a character of the same clause: "$0.10" does not end it

STANCES: dict[str, tuple[str, CaseBlind]] = {
    "acquisitions": ("open to acquisitions", case_blind(r"\b(?:open\s+to|consider(?:ing)?|pursu(?:e|ing)|evaluat(?:e|ing)|explor(?:e|ing)|look(?:ing)?\s+at|appetite\s+for)\s+"
        r"(?:(?:larger|bigger|strategic|inorganic|accretive|bolt-on|new|other|potential|select)\s+)*"
        r"(?:deals?|acquisitions?|m&a|opportunities\s+(?:that|to)\s+(?:could\s+)?(?:enhance|expand|add|broaden)\s+(?:our\s+)?scale"
        r"|transactions|combinations?|targets)\b")),
    "dividend_cut": ("dividend cut", case_blind(rf"\b(?:reduc(?:e|ed|ing|tion)|cut(?:ting)?|lower(?:ed|ing)?|suspend(?:ed|ing)?|eliminat(?:e|ed|ing))\b{_CLAUSE}{{0,40}}\bdividends?\b"
        rf"|\bdividends?\b{_CLAUSE}{{0,60}}\b(?<!debt\s)(?<!cost\s)(?<!leverage\s)(?:reduction|reduced|decreased|cut|lowered|suspended|eliminated)\b")),
    "buyback_paused": ("buyback paused", case_blind(r"\b(?:paus(?:e|ed|ing)|suspend(?:ed|ing)?|halt(?:ed|ing)?|stop(?:ped|ping)?)\b[^.;]{0,40}\b(?:buybacks?|repurchases?)\b"
        r"|\b(?:buybacks?|repurchases?)\b[^.;]{0,40}\b(?:paused|suspended|halted)\b")),
    "pricing_actions": ("pricing actions", case_blind(r"\b(?:tak(?:e|ing)|implement(?:ed|ing)?|announc(?:ed|ing)|put\s+through)\s+(?:decisive\s+|further\s+|additional\s+)?"
        r"(?:actions?\s+(?:through|on)\s+pricing|pricing\s+actions?|price\s+increases?)\b|\braise\s+(?:our\s+)?prices\b")),
    "strategic_review": ("review of strategic alternatives", case_blind(
        r"\b(?:explor(?:e|ing)|evaluat(?:e|ing)|review(?:ing)?|consider(?:ing)?|assess(?:ing)?)\s+(?:a\s+(?:range|number)\s+of\s+|potential\s+|all\s+)?strategic\s+(?:alternatives|options)\b"
        r"|\b(?:strategic|formal)\s+review\s+(?:process\s+)?of\s+(?:the\s+)?(?:company|business|strategic\s+alternatives)\b"
        r"|\b(?:potential|possible)\s+sale\s+of\s+the\s+(?:company|business)\b")),
    "merger": ("merger talks", case_blind(
        r"\b(?:potential|possible|proposed|planned|pending|transformative)\s+(?:business\s+)?(?:combination|merger)s?\s+(?:with|of|between)\b"
        r"|\b(?:discussions?|talks|negotiations?)\s+(?:\w+\s+){0,3}(?:business\s+combination|merger|merging|combin(?:e|ing)\s+with)\b"
        r"|\b(?:agreed|agreement|plans?|planning)\s+to\s+(?:merge|combine)\s+with\b")),
    "acquisition": ("an acquisition", case_blind(
        r"\b(?:definitive\s+)?agreement\s+to\s+acquire\b|\bagreed\s+to\s+acquire\b"
        # "announced the acquisition of", and "announced a total of four strategic acquisitions" (an acquirer already)
        r"|\b(?:announc|complet|clos)(?:ed|es|ing)\s+(?:[$\w.,-]+\s+){0,5}acquisitions?\b")),
    "divestiture": ("asset sale", case_blind(
        r"\bagreed\s+to\s+sell\b|\bagreement\s+to\s+sell\b|\bannounc(?:ed|es|ing)\s+(?:the\s+|a\s+)?(?:sale|divestiture|spin-?off)\s+of\b"
        r"|\bsale\s+of\s+(?:(?:its|our|the)\s+)?(?:[\w-]+\s+){0,4}(?:business|unit|segment|division|operations|stake)\s+to\s+\w+"
        r"|\bminority\s+(?:investment|stake|interest)\s+in\b")),
    "restructuring": ("new restructuring program", case_blind(
        r"\b(?:announc\w+|launch\w*|initiat\w+|approv\w+|began|begin(?:ning)?|start\w*|new|multi-year|(?:one|two|three|\d)-year)\s+(?:(?:a|an|the|new|global|broad|significant|major|multi-year|(?:one|two|three|\d)-year)\s+){0,3}restructuring\s+(?:program|plan|initiative)s?\b"
        r"|\b(?:eliminat\w+|reduc\w+|cut(?:ting)?|lay(?:ing)?\s+off)\s+(?:up\s+to\s+|about\s+|approximately\s+|roughly\s+|nearly\s+)?\d[\d,]*\s+(?:[\w-]+\s+){0,2}(?:roles|jobs|positions|employees)\b")),
    "capital_return_policy": ("new capital-return policy", case_blind(r"\b(?:return|returning)\s+(?:at\s+least\s+|approximately\s+|about\s+)?\d+%\s+of\s+(?:free\s+cash\s+flow|fcf|earnings|net\s+income)"
        r"|\bnew\s+capital\s+(?:return|allocation)\s+(?:policy|framework)\b|\bpayout\s+ratio\s+(?:of|target)\b")),
}


# Every stance's pattern holds one of these words: a text with none of them takes no stance.
_TRIGGERS = frozenset("deal deals acquisition acquisitions m&a m opportunities transactions combination combinations targets "
                      "dividend dividends buyback buybacks repurchase repurchases pricing price prices return returning "
                      "capital payout strategic sale merger merge mergers restructuring roles jobs positions "
                      "employees acquire agreed agreement announced announces announcing sell minority completed closed "
                      "completing closing".split())


# What every match of each stance's pattern holds, in lower case: a stance is looked for only in
# a text that holds one (most texts with a trigger word hold one stance's words, not six).
_NEEDLES: dict[str, tuple[str, ...]] = {
    "acquisitions": ("deal", "acquisition", "m&a", "opportunit", "transactions", "combination", "target"),
    "dividend_cut": ("dividend",),
    "buyback_paused": ("buyback", "repurchase"),
    "pricing_actions": ("pric",),
    "strategic_review": ("strategic", "review", "sale"),
    "merger": ("combin", "merg"),
    "acquisition": ("acqui",),
    "divestiture": ("sell", "sale", "divest", "spin", "minority"),
    "restructuring": ("restructuring", "roles", "jobs", "positions", "employees"),
    "capital_return_policy": ("return", "capital", "payout"),
}
assert _NEEDLES.keys() == STANCES.keys()


def read_stances(text: str, words: frozenset[str] | None = None) -> tuple[str, ...]:
    """The stances ``text`` takes, by name (``words``: its ``rules.tokens``, when known)."""
    if words is not None and _TRIGGERS.isdisjoint(words):
        return ()
    return tuple(name for name, (_, pattern) in STANCES.items() if may_hold(text, _NEEDLES[name])
                 and any(not _CONTINUED.search(text, max(0, m.start() - 30), m.start())
                         and not _DENIED.search(text, max(0, m.start() - 160), m.start()) for m in pattern.finditer(text)))


# A stance ruled out: "we have no plans to cut the dividend", "very much precluded … in terms of
# taking price increases".
_DENIED = case_blind(r"\b(?:precluded|unable|cannot|can't|not\s+(?:able|planning|going|intend\w*|consider\w*)|no\s+(?:plans?|intention|appetite)"
                     r"|(?:very\s+)?limited\s+in\s+terms\s+of)\b[^.;?]*$")
# A stance said to go on ("while we continue to evaluate acquisitions") is the one taken before.
_CONTINUED = case_blind(r"\b(?:continu(?:e|es|ing)\s+to|remain(?:s|ing)?|still)\s+(?:\w+\s+){0,1}$")


def stance_label(name: str) -> str:
    return STANCES[name][0]
