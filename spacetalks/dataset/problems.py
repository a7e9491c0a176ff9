"""What is wrong with a dataset: problems, each with its file and place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from spacetalks.errors import EXIT_INVALID_DATASET, SpacetalksError


class Problem(msgspec.Struct, frozen=True):
    """One thing wrong with a dataset, and where."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


class DatasetError(SpacetalksError):
    """A dataset that cannot be used, with every problem found in it (said before the
    message; exit 3)."""

    def __init__(self, problems: Sequence[Problem], what: str = "the dataset") -> None:
        count = len(problems)
        super().__init__(
            f"{what} is invalid ({count} problem{'s' if count != 1 else ''}); nothing shown",
            EXIT_INVALID_DATASET,
            details=[str(problem) for problem in problems],
        )
        self.problems = tuple(problems)


def quoted(text: str, limit: int = 80) -> str:
    """A value as quoted in a message: repr-escaped, and cut short when long."""
    if len(text) > limit:
        return repr(text[:limit]) + f"… ({len(text):,} characters)"
    return repr(text)


MOST_SUGGESTION_CANDIDATES = 5000
"""Above this many candidates only a case-insensitive match is suggested (comparing a word
with each candidate costs time in proportion to their number)."""
MOST_CLOSE_SEARCHES = 200
"""After this many searches for close matches among the same candidates, only
case-insensitive matches are suggested, so a file with thousands of mistakes is still
reported in moments."""


class Candidates:
    """The valid names a 'did you mean' chooses from."""

    def __init__(self, names: Iterable[str], searches: int | None = MOST_CLOSE_SEARCHES) -> None:
        self.by_folded: dict[str, str] = {}
        for name in names:
            self.by_folded.setdefault(name.casefold(), name)
        self.searches_left = searches
        """How many more searches for close matches to make; None: no limit."""

    def closest(self, word: str, limit: int = 3) -> list[str]:
        """The names closest to a word, ignoring case."""
        folded = word.casefold()
        if folded in self.by_folded:
            return [self.by_folded[folded]]
        if (
            len(self.by_folded) > MOST_SUGGESTION_CANDIDATES
            or len(word) > 200
            or self.searches_left == 0
        ):
            return []
        if self.searches_left is not None:
            self.searches_left -= 1
        import difflib  # noqa: PLC0415 (about 2 ms: only a problem report needs it)

        matches = difflib.get_close_matches(folded, self.by_folded, limit, cutoff=0.7)
        return [self.by_folded[match] for match in matches]


def did_you_mean(word: str, candidates: Candidates | Iterable[str]) -> str:
    """'; did you mean 'x'?' (or 'x' or 'y'), or nothing when no candidate is close."""
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    found = candidates.closest(word)
    return f"; did you mean {' or '.join(map(quoted, found))}?" if found else ""
