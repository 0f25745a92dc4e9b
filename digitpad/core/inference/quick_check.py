"""Quick check: the app asks for random digits, the user draws them, and a running score says how well the model
reads this user's handwriting. Plain Python; the UI only shows it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from digitpad.core.runtime.messages import Message, translate


@dataclass(frozen=True)
class Attempt:
    asked: int
    read_as: int | None  # None: the drawing was blank, nothing to read
    confidence: float

    @property
    def correct(self) -> bool:
        return self.read_as == self.asked


@dataclass
class QuickCheck:
    """Asks digits in shuffled rounds of all ten (so every digit comes up equally often) and keeps the score."""

    seed: int | None = None
    attempts: list[Attempt] = field(default_factory=list)
    asked: int | None = None  # the digit the user is asked to draw now

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._queue: list[int] = []

    def next_digit(self) -> int:
        """Pick the next digit to ask for (and remember it as `asked`)."""
        if not self._queue:
            self._queue = list(range(10))
            self._rng.shuffle(self._queue)
            if self.asked is not None and len(self._queue) > 1 and self._queue[-1] == self.asked:
                self._queue[0], self._queue[-1] = self._queue[-1], self._queue[0]  # never the same digit twice
        self.asked = self._queue.pop()
        return self.asked

    def record(self, read_as: int | None, confidence: float = 0.0) -> Attempt:
        """Score the model's reading of the drawing of `asked`; a new digit must be asked before the next."""
        if self.asked is None:
            raise RuntimeError("no digit was asked for: call next_digit() first")
        attempt = Attempt(self.asked, read_as, float(confidence))
        self.attempts.append(attempt)
        self.asked = None
        return attempt

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.attempts)

    @property
    def total(self) -> int:
        return len(self.attempts)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.attempts else None

    def per_digit(self) -> dict[int, tuple[int, int]]:
        """digit -> (read correctly, asked), for the digits asked so far."""
        out: dict[int, tuple[int, int]] = {}
        for a in self.attempts:
            right, asked = out.get(a.asked, (0, 0))
            out[a.asked] = (right + a.correct, asked + 1)
        return out

    def weakest(self) -> list[int]:
        """Digits the model misread at least once, worst (lowest share read correctly) first."""
        scores = {d: right / n for d, (right, n) in self.per_digit().items() if right < n}
        return sorted(scores, key=lambda d: (scores[d], d))

    def summary(self) -> Message:
        if not self.attempts:
            return Message(translate("Core", "No digits checked yet."))
        weak = self.weakest()
        if not weak:
            return Message(
                translate("Core", "Score: {correct} / {total} ({accuracy:.0%})"),
                correct=self.correct,
                total=self.total,
                accuracy=self.accuracy,
            )
        return Message(
            translate("Core", "Score: {correct} / {total} ({accuracy:.0%}) · misread: {digits}"),
            correct=self.correct,
            total=self.total,
            accuracy=self.accuracy,
            digits=", ".join(map(str, weak)),
        )
