"""The sending threads: one channel each, and every one of them woken when messages are taken in."""

from __future__ import annotations

import threading
import time

from consumers.notifier import Dispatcher
from tests.waiting import wait_for


class CountingNotifier:
    """Stands in for the notifier: counts each thread's rounds of sending, by channel."""

    def __init__(self) -> None:
        self.senders: dict = {}
        self.rounds: dict[str | None, int] = {}
        self.lock = threading.Lock()

    def make_senders(self) -> dict:
        return {}

    def dispatch_due(self, senders=None, channel=None) -> int:
        with self.lock:
            self.rounds[channel] = self.rounds.get(channel, 0) + 1
        if channel == "email":
            time.sleep(0.2)  # a slow SMTP server
        return 0


def test_a_wake_up_reaches_the_threads_of_every_channel_long_before_their_poll():
    notifier = CountingNotifier()
    dispatcher = Dispatcher(notifier, threads=2, poll_seconds=60)  # type: ignore[arg-type]
    dispatcher.start()
    try:
        wait_for(lambda: notifier.rounds == {"email": 1, "sms": 1, "webhook": 1}, "each thread's first round, at its start", 5)
        dispatcher.wake()
        wait_for(lambda: notifier.rounds == {"email": 2, "sms": 2, "webhook": 2}, "each thread's second round", 5)
        dispatcher.wake()  # while the e-mail thread is still sending: this wake-up must not be lost
        wait_for(lambda: notifier.rounds == {"email": 3, "sms": 3, "webhook": 3},
                 "every thread going round again, the busy e-mail thread too, long before its 60 s poll", 5)
    finally:
        dispatcher.stop()
