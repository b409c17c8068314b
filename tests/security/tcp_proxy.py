"""A TCP proxy in front of the machine's Postgres that a test can cut or silence, and then restore.

cut():     every connection through it is reset, and new ones are reset as soon as they arrive: the
           database is gone (its host rebooted, its port closed).
silence(): connections are accepted and kept open, but nothing passes either way: the database stopped
           answering (a hung server, a network that drops packets). What was sent waits, and passes on
           restore(), as TCP would deliver it once the network heals.
"""

from __future__ import annotations

import select
import socket
import struct
import threading


class TcpProxy:
    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.mode = "open"
        self._changed = threading.Condition()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with self._changed:
            self.mode = "cut"
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                _reset(sock)

    def silence(self) -> None:
        with self._changed:
            self.mode = "silent"

    def restore(self) -> None:
        with self._changed:
            self.mode = "open"
            self._changed.notify_all()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "cut":
                _reset(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self.mode != "silent")  # a silent network does not even reach the server
            if self.mode == "cut":
                _reset(client)
                return
        try:
            server = socket.create_connection(self.target)
        except OSError:
            _reset(client)
            return
        with self._changed:
            self._pairs.append((client, server))
        for source, sink in ((client, server), (server, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                readable, _, _ = select.select([source], [], [], 0.05)
                if not readable:
                    continue
                with self._changed:
                    self._changed.wait_for(lambda: self.mode != "silent")
                    if self.mode == "cut":
                        return
                data = source.recv(65536)
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                sink.sendall(data)
        except (OSError, ValueError):  # the other side was reset, or this socket closed by cut()
            return


def _reset(sock: socket.socket) -> None:
    """Closes with RST, as a vanished host's network answers, rather than an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
