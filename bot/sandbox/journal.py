"""The sandbox's journal of the requests it received, bounded.

The sandbox is the bot's default CRM and runs for as long as the bot does, so it keeps only
the latest `size` calls. Indexes stay those of the whole history: `len(journal)` counts
every call ever received, `journal[n:]` gives the calls since the n-th that are still kept,
and the oldest ones are gone (an index that points at one raises IndexError).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar, overload

T = TypeVar("T")

DEFAULT_SIZE = 10_000


class Journal(Sequence[T], Generic[T]):
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError(f"a journal keeps at least one entry, not {size}")
        self._kept: deque[T] = deque(maxlen=size)
        self._dropped = 0

    def append(self, item: T) -> None:
        if len(self._kept) == self._kept.maxlen:
            self._dropped += 1
        self._kept.append(item)

    def __len__(self) -> int:
        return self._dropped + len(self._kept)

    def __iter__(self) -> Iterator[T]:
        return iter(self._kept)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            wanted = range(*index.indices(len(self)))
            return [self._kept[i - self._dropped] for i in wanted if i >= self._dropped]
        position = index + len(self) if index < 0 else index
        if not self._dropped <= position < len(self):
            raise IndexError(f"call {index} is not in the journal (it keeps the latest ones)")
        return self._kept[position - self._dropped]
