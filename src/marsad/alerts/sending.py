"""Several SMTP connections sending alert mails side by side.

Each SMTP transaction is four request/answer round trips (MAIL, RCPT, DATA, the
body), and the sender waits for every answer. One connection therefore costs the
server's and the scheduler's latency four times per mail, in a row, for a thousand
mails; on a busy machine that, not our CPU time, was most of the ingest-to-mail
latency. With a few connections in threads, one waits for its answer while the
next mail is built and another is on the wire.

The threads only talk SMTP: the archive stays with the caller's thread, which
records each outcome as soon as it reads it (`finished`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable
from email.message import Message

from marsad import settings
from marsad.alerts.mailer import MailError, Mailer

__all__ = ["InlineSender", "SenderPool"]


class SenderPool:
    """`size` SMTP connections (setting `smtp_connections`), each in its own thread.

    `submit(tag, message)` queues a mail; `finished()` returns (tag, error or None) for
    every mail done since the last call; `close()` waits for the rest and hangs up.
    """

    def __init__(self, size: int | None = None, mailer: Callable[[], Mailer] = Mailer) -> None:
        self.size = max(1, int(settings.get("smtp_connections", size)))
        self._jobs: queue.Queue = queue.Queue(maxsize=self.size)
        self._done: queue.Queue = queue.Queue()
        self._pending = 0
        self._threads = [threading.Thread(target=self._work, args=(mailer(),), daemon=True,
                                          name=f"marsad-smtp-{n}") for n in range(self.size)]
        for thread in self._threads:
            thread.start()

    def _work(self, mailer: Mailer) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                tag, message = job
                try:
                    mailer.send(message)
                except MailError as error:
                    self._done.put((tag, str(error)))
                except Exception as error:  # noqa: BLE001 - reported to the caller, who requeues the mail
                    self._done.put((tag, f"{type(error).__name__}: {error}"))
                else:
                    self._done.put((tag, None))
        finally:
            mailer.close()

    def submit(self, tag: Hashable, message: Message) -> None:
        """Queue one mail (blocks while every connection is busy and one mail already waits)."""
        self._pending += 1
        self._jobs.put((tag, message))

    def finished(self, wait: bool = False) -> list[tuple[Hashable, str | None]]:
        """Outcomes of the mails done since the last call; `wait` blocks until every mail is done."""
        out = []
        while self._pending:
            try:
                out.append(self._done.get(block=wait))
            except queue.Empty:
                break
            self._pending -= 1
        return out

    def close(self) -> list[tuple[Hashable, str | None]]:
        """Wait for the mails still queued, end the connections; their outcomes."""
        rest = self.finished(wait=True)
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        return rest


class InlineSender:
    """The same interface over one given mailer, sending as each mail is submitted (tests, one-offs)."""

    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer
        self._done: list[tuple[Hashable, str | None]] = []

    def submit(self, tag: Hashable, message: Message) -> None:
        """Send one mail now."""
        try:
            self.mailer.send(message)
        except MailError as error:
            self._done.append((tag, str(error)))
        else:
            self._done.append((tag, None))

    def finished(self, wait: bool = False) -> list[tuple[Hashable, str | None]]:
        """Outcomes since the last call."""
        out, self._done = self._done, []
        return out

    def close(self) -> list[tuple[Hashable, str | None]]:
        """Outcomes not read yet (the mailer is the caller's to close)."""
        return self.finished()
