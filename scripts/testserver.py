#!/usr/bin/env python3
"""Local HTTP server for the VouchNet tests. Python 3 standard library only.

Binds 127.0.0.1 on a free port and prints the port as the first line on standard output. With `--tls CERT KEY` it
serves HTTPS with that certificate. Endpoints:

  /ok                    200, small body
  /slow                  sleeps 200 ms, then 200
  /flaky?key=K           500 the first time for each K, then 200
  /retry-after?key=K     429 with Retry-After: 1 (or &seconds=N) the first time for each K, then 200
  /retry-after?key=K&date=1   the same with Retry-After as an HTTP-date two seconds ahead
  /always500             500 every time
  /hang                  never answers; keeps the socket open
  /close-mid-body        declares Content-Length 1000, writes 10 bytes, closes
  /redirect-loop         302 to itself
  /redirect-chain?n=N    N redirects, then /ok
  /redirect-to?url=U     302 to U
  /big?size=N            N bytes, no Content-Length, ended by closing the connection
  /big-declared?size=N   N bytes with Content-Length
  /headers               the request headers as a JSON object (names lowercased, values as lists)
  /status?code=N         status N
  /set-headers           200 with a repeated header (X-Multi: one, X-Multi: two)
  /stats?key=K           JSON {"count": hits of any path carrying key=K}

Every request whose query has key=K is counted, so tests can assert how many attempts were made.
"""

import email.utils
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Server(ThreadingHTTPServer):
    # The stdlib default listen backlog is 5: fifty concurrent connections would be refused and retried for
    # seconds. See the toolchain notes.
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address):
        super().__init__(address, Handler)
        self.lock = threading.Lock()
        self.hits = {}
        self.seen = set()

    def handle_error(self, request, client_address):
        # Clients that hang up early (TLS probes, aborted oversized bodies, cancelled fetches) are expected here.
        pass

    def count(self, key):
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]

    def first_time(self, name):
        with self.lock:
            if name in self.seen:
                return False
            self.seen.add(name)
            return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.handle_request(head=True)

    def do_GET(self):
        self.handle_request(head=False)

    def handle_request(self, head):
        url = urlparse(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        key = query.get("key")
        if key is not None and url.path != "/stats":
            self.server.count(key)
        self.head_only = head
        route = {
            "/ok": self.ok,
            "/slow": self.slow,
            "/flaky": self.flaky,
            "/retry-after": self.retry_after,
            "/always500": self.always500,
            "/hang": self.hang,
            "/close-mid-body": self.close_mid_body,
            "/redirect-loop": self.redirect_loop,
            "/redirect-chain": self.redirect_chain,
            "/redirect-to": self.redirect_to,
            "/big": self.big,
            "/big-declared": self.big_declared,
            "/headers": self.headers_echo,
            "/status": self.status,
            "/set-headers": self.set_headers,
            "/stats": self.stats,
        }.get(url.path)
        if route is None:
            self.reply(404, b"not found\n")
        else:
            route(query)

    def reply(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def ok(self, query):
        self.reply(200, b"ok\n")

    def slow(self, query):
        time.sleep(0.2)
        self.reply(200, b"slow\n")

    def flaky(self, query):
        if self.server.first_time("flaky:" + query.get("key", "")):
            self.reply(500, b"try again\n")
        else:
            self.reply(200, b"recovered\n")

    def retry_after(self, query):
        if self.server.first_time("retry-after:" + query.get("key", "")):
            if query.get("date"):
                # The HTTP-date form, two seconds ahead: a client waits between one and two seconds.
                value = email.utils.formatdate(time.time() + 2, usegmt=True)
            else:
                value = query.get("seconds", "1")
            self.reply(429, b"slow down\n", [("Retry-After", value)])
        else:
            self.reply(200, b"thanks for waiting\n")

    def always500(self, query):
        self.reply(500, b"broken\n")

    def hang(self, query):
        time.sleep(3600)

    def close_mid_body(self, query):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True

    def redirect_loop(self, query):
        self.reply(302, b"", [("Location", "/redirect-loop")])

    def redirect_chain(self, query):
        hops = int(query.get("n", "0"))
        target = "/ok" if hops <= 0 else "/redirect-chain?n=%d" % (hops - 1)
        self.reply(302, b"", [("Location", target)])

    def redirect_to(self, query):
        self.reply(302, b"", [("Location", query.get("url", "/ok"))])

    def big(self, query):
        size = int(query.get("size", "0"))
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.head_only:
            return
        chunk = b"x" * 65536
        try:
            while size > 0:
                part = chunk[: min(size, len(chunk))]
                self.wfile.write(part)
                size -= len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def big_declared(self, query):
        size = int(query.get("size", "0"))
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.head_only:
            return
        chunk = b"x" * 65536
        try:
            while size > 0:
                part = chunk[: min(size, len(chunk))]
                self.wfile.write(part)
                size -= len(part)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def headers_echo(self, query):
        echoed = {}
        for name, value in self.headers.items():
            echoed.setdefault(name.lower(), []).append(value)
        self.reply(200, json.dumps(echoed, sort_keys=True).encode(), [("Content-Type", "application/json")])

    def status(self, query):
        self.reply(int(query.get("code", "200")), b"status\n")

    def set_headers(self, query):
        self.reply(200, b"headers\n", [("X-Multi", "one"), ("X-Multi", "two")])

    def stats(self, query):
        with self.server.lock:
            count = self.server.hits.get(query.get("key", ""), 0)
        self.reply(200, json.dumps({"count": count}).encode(), [("Content-Type", "application/json")])


def main():
    server = Server(("127.0.0.1", 0))
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        # --tls CERT KEY: serve HTTPS. The handshake runs lazily in each handler thread, so a client that rejects the
        # certificate cannot stall the accept loop.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print(server.server_address[1], flush=True)
    # Exit with the test process: when it closes our standard input, stop.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
