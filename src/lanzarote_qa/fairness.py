"""No client starves another: requests admitted per session and client, engine slots handed out in turn.

Three parts. `Admission` counts each session's (and each client address's) engine requests in
flight, from the moment they arrive to the end of their answer, and refuses one over the limit
at once, before it can fill the server's queue; entries expire, so a request abandoned before it
ran cannot lock its session out. `FairGate` hands the engine's slots to waiting sessions in
turn, one running request per session, so a session with many requests waiting does not hold
every slot. `RateLimit` caps how fast a session sends the cheap calls (filters, Browse).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


class Busy(Exception):
    """A request refused because its session, its client or the server has too many in flight."""


@dataclass
class Admission:
    """Engine requests in flight per session, per client address and in all, each expiring after `ttl` seconds."""

    per_session: int = 2
    per_client: int = 48  # one address may hold many sessions (tabs, an office behind one proxy)
    total: int = 96
    ttl: float = 120.0
    _pending: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self, session: str, client: str, now: float | None = None) -> None:
        """Count a request in, or raise Busy saying why."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._expire(now)
            mine, theirs = (self._pending.get(k, deque()) for k in _keys(session, client))
            if len(mine) >= self.per_session:
                raise Busy(f"this session already has {len(mine)} questions in flight; wait for an answer")
            if len(theirs) >= self.per_client:
                raise Busy(f"this address already has {len(theirs)} questions in flight; wait for an answer")
            if sum(len(q) for k, q in self._pending.items() if k[0] == "session") >= self.total:
                raise Busy("the server is busy; try again in a moment")
            for key in _keys(session, client):
                self._pending.setdefault(key, deque()).append(now)

    def leave(self, session: str, client: str) -> None:
        """Count a request out (its answer is done, or it failed)."""
        with self._lock:
            for key in _keys(session, client):
                q = self._pending.get(key)
                if q:
                    q.popleft()
                    if not q:
                        del self._pending[key]

    def in_flight(self, session: str) -> int:
        """How many requests of the session are counted in."""
        with self._lock:
            return len(self._pending.get(("session", session), ()))

    def _expire(self, now: float) -> None:
        for key in list(self._pending):
            q = self._pending[key]
            while q and now - q[0] > self.ttl:
                q.popleft()
            if not q:
                del self._pending[key]


def _keys(session: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("session", session), ("client", client)


@dataclass
class FairGate:
    """`slots` engine slots handed out in turn: first to the client running least, then to its sessions in
    waiting order, at most one running per session; while another client is about, no client holds them all."""

    slots: int = 2
    timeout: float = 120.0
    window: float = 10.0  # seconds a client counts as "about" after its last request
    on_idle: Callable[[], None] | None = None  # called when the last running request ends and none waits
    _running: Counter[tuple[str, str]] = field(default_factory=Counter)  # by (client, session)
    _waiting: OrderedDict[tuple[str, str], deque[object]] = field(default_factory=OrderedDict)
    _seen: dict[str, float] = field(default_factory=dict)  # client -> when it last asked
    _served: dict[str, int] = field(default_factory=dict)  # client -> the turn its last request started in
    _turns: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)

    @contextmanager
    def slot(self, session: str, client: str = "") -> Iterator[None]:
        """Hold an engine slot for the duration; waits its turn, raises Busy after `timeout` seconds."""
        key, ticket = (client, session), object()
        deadline = time.monotonic() + self.timeout
        with self._cond:
            self._seen[client] = time.monotonic()
            self._waiting.setdefault(key, deque()).append(ticket)
            while not self._is_next(key, ticket):
                left = deadline - time.monotonic()
                # woken by every release, and at least twice a second: a quiet client stops being "about" by time alone
                if left <= 0:
                    self._drop(key, ticket)
                    self._cond.notify_all()
                    raise Busy("the server is busy; try again in a moment")
                self._cond.wait(min(left, 0.5))
            self._drop(key, ticket)
            self._running[key] += 1
            self._turns += 1
            self._served[client] = self._turns
        try:
            yield
        finally:
            with self._cond:
                self._running[key] -= 1
                self._running += Counter()  # drops the zero count
                idle = not self._running and not self._waiting
                self._cond.notify_all()
            if idle and self.on_idle is not None:
                self.on_idle()

    def waiting(self) -> int:
        """How many requests wait for a slot now."""
        with self._cond:
            return sum(len(tickets) for tickets in self._waiting.values())

    def _is_next(self, key: tuple[str, str], ticket: object) -> bool:
        """Whether this ticket takes a free slot now: the eligible session whose client runs least and was served
        longest ago, sessions of one client in waiting order."""
        if sum(self._running.values()) >= self.slots:
            return False
        now = time.monotonic()
        self._seen = {c: t for c, t in self._seen.items() if now - t < self.window}
        by_client = Counter[str]()
        for (client, _), n in self._running.items():
            by_client[client] += n
        about = set(self._seen) | {client for client, _ in self._waiting}
        self._served = {c: n for c, n in self._served.items() if c in about or c in by_client}
        best: tuple[tuple[int, int], tuple[str, str]] | None = None
        for who, tickets in self._waiting.items():
            client = who[0]
            if self._running[who] or not tickets:
                continue
            others = bool(about - {client})
            if others and self.slots > 1 and by_client[client] >= self.slots - 1:
                continue  # the last free slot stays for the other client
            rank = (by_client[client], self._served.get(client, 0))  # running least, then served longest ago
            if best is None or rank < best[0]:
                best = (rank, who)
        return best is not None and best[1] == key and self._waiting[key][0] is ticket

    def _drop(self, key: tuple[str, str], ticket: object) -> None:
        tickets = self._waiting.get(key)
        if tickets is not None:
            tickets.remove(ticket)
            if not tickets:
                del self._waiting[key]
            else:
                self._waiting.move_to_end(key)  # its next request waits behind the other sessions


@dataclass
class RateLimit:
    """A token bucket per key: `burst` calls at once, then `per_second`."""

    per_second: float = 10.0
    burst: float = 40.0
    max_keys: int = 10_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: str, now: float | None = None) -> bool:
        """Take a token for the key if it has one."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.per_second)
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                # a bucket left alone long enough is full again: it says nothing, so forget it rather than grow
                refill = self.burst / self.per_second
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            return True
