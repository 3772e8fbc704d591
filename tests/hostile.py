"""A misbehaving HTTP server on 127.0.0.1, one way of misbehaving per instance."""

from __future__ import annotations

import socket
import threading
import time

HTML_PAGE = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
XML_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
            b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
            b'<Response><Result>&lol4;</Result></Response>')


def xxe_document(path: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY secret SYSTEM "file://{path}">]>'
            f"<Response><Result>SUCCESS</Result><Data><StudentID>&secret;</StudentID><Programs/></Data>"
            f"</Response>").encode()


def _response(status: str, content_type: str, body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n{extra}"
            f"Connection: close\r\n\r\n").encode() + body


class HostileServer:
    """Answers every request in the way its mode names; records the requests it saw."""

    def __init__(self, mode: str, host: str = "127.0.0.1", payload: bytes = b"") -> None:
        self.mode, self.payload = mode, payload
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.host, self.port = host, self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> bytes:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    body += chunk
        return head + b"\r\n\r\n" + body

    def _handle(self, conn: socket.socket) -> None:
        try:
            if self.mode == "not-tls":  # answer a TLS ClientHello with plain HTTP at once
                conn.sendall(_response("400 Bad Request", "text/html", HTML_PAGE))
                return
            request = self._read_request(conn)
            self.requests.append(request)
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            getattr(self, "_" + self.mode.replace("-", "_"))(conn, path)
        except OSError:
            pass
        finally:
            conn.close()

    # --- the modes ------------------------------------------------------------------------
    def _hang(self, conn: socket.socket, path: str) -> None:
        self._stop.wait()

    def _slow(self, conn: socket.socket, path: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n")
        for _ in range(2000):
            if self._stop.is_set():
                return
            conn.sendall(b" ")
            time.sleep(0.1)

    def _html(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("502 Bad Gateway", "text/html", HTML_PAGE))

    def _invalid_json(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("200 OK", "application/json", b'{"access_token": "abc", "expires_in": 18'))

    def _wrong_type(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("200 OK", "application/json", b'[{"access_token": "abc"}]'))

    def _empty(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("200 OK", "application/json", b""))

    def _huge(self, conn: socket.socket, path: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        block = b" " * 65536
        for _ in range(160):  # 10 MB, without announcing its size
            conn.sendall(f"{len(block):x}\r\n".encode() + block + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    def _redirect_loop(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("302 Found", "text/plain", b"", f"Location: {self.url}{path}\r\n"))

    def _redirect_away(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("307 Temporary Redirect", "text/plain", b"",
                               f"Location: {self.payload.decode()}{path}\r\n"))

    def _close_midway(self, conn: socket.socket, path: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                     b'{"access_token": "ab')

    def _xml(self, conn: socket.socket, path: str) -> None:
        conn.sendall(_response("200 OK", "application/xml", self.payload))
