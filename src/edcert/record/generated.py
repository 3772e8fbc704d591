"""Data generated for one scenario from the run's seed: the same seed gives the same values,
whatever ran before. Identifiers and dates come from a seeded random.Random; realistic person
data comes from Faker, imported only when a record has to be created (its import costs 0.6 s)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any


class GeneratedData:
    def __init__(self, seed: int, scenario: str) -> None:
        self._seed = seed
        self._key = f"{seed}:{scenario}"
        self._random = random.Random(self._key)
        self._faker: Any = None

    def shared(self, record: str) -> GeneratedData:
        """Data of a record every scenario may write (a prerequisite): drawn for the record, not the scenario, so
        whichever scenario or worker writes it first, it is written the same."""
        return GeneratedData(self._seed, f"record {record}")

    def digits(self, count: int) -> str:
        return "".join(self._random.choice("0123456789") for _ in range(count))

    def hex(self, count: int) -> str:
        return "".join(self._random.choice("0123456789abcdef") for _ in range(count))

    def integer(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self._random.randint(0, (end - start).days))

    @property
    def faker(self) -> Any:
        """A Faker seeded for this scenario (names and other person data)."""
        if self._faker is None:
            from faker import Faker

            self._faker = Faker("en_US")
            self._faker.seed_instance(self._key)
        return self._faker
