"""The "did you mean" of a long list of choices (core/suggest.py) is difflib's own pick: the rapidfuzz prefilter
that makes it fast on thousands of ids never drops the choice difflib would have taken."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from jbz_cli.core.suggest import PREFILTER_FROM, Choices, closest, suggest

WORD = st.text(alphabet="abcdeé-_12XY", min_size=0, max_size=14)


def difflib_pick(word: str, choices: list[str]) -> str | None:
    """What closest gave before the prefilter: difflib over every folded choice."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(choice.casefold(), choice)
    found = difflib.get_close_matches(word.casefold(), list(by_key), n=1, cutoff=0.75)
    return by_key[found[0]] if found else None


@settings(max_examples=150, deadline=None)
@given(word=WORD, choices=st.lists(WORD, min_size=PREFILTER_FROM + 1, max_size=PREFILTER_FROM + 40))
def test_the_prefiltered_pick_is_difflibs(word: str, choices: list[str]) -> None:
    near = [word + "x", word[:-1], word.upper()]  # some choices close enough to be picked
    choices = [*choices, *near]
    assert closest(word, choices) == difflib_pick(word, choices)
    assert closest(word, Choices(choices)) == difflib_pick(word, choices)


def test_a_broken_link_among_thousands_of_ids_is_suggested_its_near_miss() -> None:
    ids = [f"record-{n:05d}-council-conclusions" for n in range(3000)] + ["ebsp-negotiations-conclude"]
    folded = Choices(ids)
    assert suggest("ebsp-negotiation-conclude", folded) == "; did you mean 'ebsp-negotiations-conclude'?"
    assert suggest("entirely-unrelated-words", folded) == ""
    assert closest("RECORD-00042-COUNCIL-CONCLUSIONS", folded) == "record-00042-council-conclusions"
