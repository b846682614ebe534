"""Several SMTP connections sending alert mails side by side.

Each SMTP transaction is four request/answer round trips (MAIL, RCPT, DATA, the
body), and the sender waits for every answer. One connection therefore pays the
server's and the scheduler's latency four times per mail, in a row, for a thousand
mails; on a busy machine that, not our CPU time, was much of the ingest-to-mail
latency. With a few connections in threads, one waits for its answer while the
next mail is built and another is on the wire.

Each thread writes what became of its mail (`settle`) through its own archive
connection the moment the server answers: the window in which a crash would send
a mail again stays one commit wide, as with one connection.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from email.message import Message
from typing import Any

from marsad import settings
from marsad.alerts.mailer import MailError, Mailer

__all__ = ["InlineSender", "SenderPool", "Settle"]

SWITCH_S = 0.0002  # the interpreter's thread switch interval while mails go out
Settle = Callable[[Any, Any, str | None], None]  # (store, tag, error or None): write the outcome down


_turns = {"pools": 0, "interval": 0.005}
_turns_lock = threading.Lock()


def _quick_turns(on: bool) -> None:
    """Short interpreter turns while any pool sends. A thread the server has just answered must
    get the interpreter at once to record the mail: at the default 5 ms turns the thread building
    the next mail holds it that long, and a crash in that time would send the mail again."""
    with _turns_lock:
        if on:
            if _turns["pools"] == 0:
                _turns["interval"] = sys.getswitchinterval()
                sys.setswitchinterval(min(_turns["interval"], SWITCH_S))
            _turns["pools"] += 1
        else:
            _turns["pools"] -= 1
            if _turns["pools"] == 0:
                sys.setswitchinterval(_turns["interval"])


def _send(mailer: Mailer, message: Message) -> str | None:
    try:
        mailer.send(message)
    except MailError as error:
        return str(error)
    return None


class SenderPool:
    """`size` SMTP connections (setting `smtp_connections`), each in its own thread with its own
    archive connection (`open_store()`), where `settle(store, tag, error)` records each mail.

    `submit(tag, message)` queues a mail; `finished()` returns (tag, error or None) for every
    mail settled since the last call; `close()` waits for the rest and hangs up.
    """

    def __init__(self, settle: Settle, open_store: Callable[[], Any], size: int | None = None,
                 mailer: Callable[[], Mailer] = Mailer) -> None:
        self.size = max(1, int(settings.get("smtp_connections", size)))
        _quick_turns(True)
        self._settle, self._open = settle, open_store
        self._writing = threading.Lock()
        self._jobs: queue.Queue = queue.Queue(maxsize=self.size)
        self._done: queue.Queue = queue.Queue()
        self._pending = 0
        self._threads = [threading.Thread(target=self._work, args=(mailer(),), daemon=True,
                                          name=f"marsad-smtp-{n}") for n in range(self.size)]
        for thread in self._threads:
            thread.start()

    def _work(self, mailer: Mailer) -> None:
        store = None
        try:
            while (job := self._jobs.get()) is not None:
                tag, message = job
                try:
                    store = store or self._open()  # before the first mail: not inside its window
                    error = _send(mailer, message)
                    with self._writing:  # one writer at a time here: SQLite's own wait for its lock sleeps
                        self._settle(store, tag, error)
                except Exception as problem:  # noqa: BLE001 - handed to the caller's thread, which raises it
                    self._done.put((tag, problem))
                else:
                    self._done.put((tag, error))
        finally:
            mailer.close()
            if store is not None:
                store.close()

    def submit(self, tag: Any, message: Message) -> None:
        """Queue one mail (blocks while every connection is busy and one mail already waits)."""
        self._pending += 1
        self._jobs.put((tag, message))

    def finished(self, wait: bool = False) -> list[tuple[Any, str | None]]:
        """Mails settled since the last call; `wait` blocks until every mail is. A problem in a
        thread (the archive failing, say) is raised here."""
        out = []
        while self._pending:
            try:
                tag, outcome = self._done.get(block=wait)
            except queue.Empty:
                break
            self._pending -= 1
            if isinstance(outcome, Exception):
                raise outcome
            out.append((tag, outcome))
        return out

    def close(self) -> list[tuple[Any, str | None]]:
        """Wait for the mails still queued, end the connections; their outcomes."""
        try:
            return self.finished(wait=True)
        finally:
            for _ in self._threads:
                self._jobs.put(None)
            for thread in self._threads:
                thread.join()
            _quick_turns(False)


class InlineSender:
    """The same interface over one given mailer and the caller's archive connection, sending each
    mail as it is submitted (tests, in-memory archives)."""

    def __init__(self, mailer: Mailer, settle: Settle, store: Any) -> None:
        self.mailer, self._settle, self.store = mailer, settle, store
        self._done: list[tuple[Any, str | None]] = []

    def submit(self, tag: Any, message: Message) -> None:
        """Send one mail now and settle it."""
        error = _send(self.mailer, message)
        self._settle(self.store, tag, error)
        self._done.append((tag, error))

    def finished(self, wait: bool = False) -> list[tuple[Any, str | None]]:
        """Outcomes since the last call."""
        out, self._done = self._done, []
        return out

    def close(self) -> list[tuple[Any, str | None]]:
        """Outcomes not read yet (the mailer is the caller's to close)."""
        return self.finished()
