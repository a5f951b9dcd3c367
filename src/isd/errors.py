"""Errors that carry the place they happened, for messages users can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input: which file, which row and column, and what is wrong."""

    file: str
    message: str
    row: int | None = None  # 1-based data row (header is row 0) or line number
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """Bad input: carries every problem found, each naming its place."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = problems
        head = summary or f"{len(problems)} problem(s) in the input; nothing was written"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in problems[:50])
                         + (f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""))
