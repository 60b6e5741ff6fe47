"""The kinds of job: each app registers the function that writes its file (the reports' exports)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Protocol

if TYPE_CHECKING:
    from .models import Job


class Progress(Protocol):
    def set_total(self, total: int) -> None: ...
    def __call__(self, done: int) -> None: ...


@dataclass(frozen=True)
class Output:
    """What a finished job hands back: the download's name and type."""

    filename: str
    content_type: str


class Refused(Exception):
    """The work cannot be done as asked (the data moved since it was asked): its message is the job's error.

    Raise it with a message for the owner, in the job's language; any other exception is a failure
    that the owner is told of in general words (and that is logged).
    """


Runner = Callable[["Job", BinaryIO, Progress], Output]
_RUNNERS: dict[str, Runner] = {}


def register(kind: str) -> Callable[[Runner], Runner]:
    """Register `function(job, out, progress) -> Output` as the writer of jobs of this kind."""

    def decorator(function: Runner) -> Runner:
        _RUNNERS[kind] = function
        return function

    return decorator


def runner(kind: str) -> Runner:
    """Return the writer registered for this kind (KeyError for an unknown kind)."""
    return _RUNNERS[kind]
