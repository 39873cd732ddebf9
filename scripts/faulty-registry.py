#!/usr/bin/env python3
"""A deliberately faulty OCI registry for the VouchOCI tests. Python 3 standard library only.

Serves one image layout (argument 1, e.g. testdata/oci/image) read-only over the distribution API on 127.0.0.1, on a
free port printed as the first line of standard output; it stops when standard input closes. The first path
component of the repository chooses the behaviour, so one server covers every case:

  /v2/good/<name>/...           honest registry (no referrers API: 404, like distribution 2.8)
  /v2/wrong-content/<name>/...  blobs and manifests-by-digest answer other bytes of the same length
  /v2/truncated/<name>/...      blobs cut to half, with an honest (short) Content-Length
  /v2/long/<name>/...           blobs with one extra byte
  /v2/lying-digest/<name>/...   Docker-Content-Digest names another digest than the bytes
  /v2/throttled/<name>/...      429 with Retry-After: 1, always
  /v2/throttled-once/<name>/... 429 with Retry-After: 1 the first time per path, then honest
  /v2/flaky/<name>/...          500 the first time per path, then honest
  /v2/redirect-loop/<name>/...  blobs redirect to themselves
  /v2/referrers-broken/<name>/.. the referrers API answers 500
  /v2/referrers-all/<name>/...  the referrers API answers every manifest that has a subject, whatever it names
  /v2/ranged/<name>/...         blobs honour Range (206 with Content-Range), like distribution
  /v2/range-shifted/<name>/...  blobs honour a Range from byte 0; later ranges get 206 with bytes from 0 instead
  /v2/range-once/<name>/...     blobs honour a Range from byte 0; later ranges get 200 with the whole blob
  /v2/bearer/<name>/...         needs a Bearer token from /token (Basic vouch:secret at the token endpoint)
  /v2/anonymous-bearer/<name>/.. needs a Bearer token from /token, obtained anonymously
  /v2/basic/<name>/...          needs Basic vouch:secret
  /v2/oauth/<name>/...          needs the Bearer token that /oauth-token gives for the refresh token "r3fresh"
  /oauth-token                  POST only: the OAuth2 refresh-token grant (grant_type=refresh_token,
                                refresh_token=r3fresh, client_id, service=faulty, scope); any GET is 405
  /echo                         POST: JSON {method, contentType, body} of the request
  /v2/paged/<name>/tags/list    three pages of tags, linked with Link: rel="next"
  /v2/paged-offsite/<name>/tags/list  a Link to another host
  /stats                        JSON {path: hits}
"""

import base64
import hashlib
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "t0k3n"
REFRESH_TOKEN = "r3fresh"
OAUTH_TOKEN = "0auth-acc3ss"
CREDENTIALS = "Basic " + base64.b64encode(b"vouch:secret").decode()


class Layout:
    def __init__(self, root):
        self.root = root
        index = json.load(open(os.path.join(root, "index.json")))
        self.tags = {m["annotations"]["org.opencontainers.image.ref.name"]: m
                     for m in index["manifests"] if "org.opencontainers.image.ref.name" in m.get("annotations", {})}
        self.media = {}
        for entry in index["manifests"]:
            self._walk(entry)

    def _walk(self, descriptor):
        self.media[descriptor["digest"]] = descriptor["mediaType"]
        if "manifest" in descriptor["mediaType"] or "index" in descriptor["mediaType"]:
            doc = json.loads(self.blob(descriptor["digest"]))
            for child in doc.get("manifests", []):
                self._walk(child)

    def blob(self, digest):
        algorithm, hexdigest = digest.split(":", 1)
        if "/" in hexdigest or ".." in hexdigest:
            return None
        path = os.path.join(self.root, "blobs", algorithm, hexdigest)
        return open(path, "rb").read() if os.path.isfile(path) else None


class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, layout):
        super().__init__(address, Handler)
        self.layout = layout
        self.lock = threading.Lock()
        self.hits = {}

    def handle_error(self, request, client_address):
        pass

    def hit(self, path):
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.route(head=True)

    def do_GET(self):
        self.route(head=False)

    def do_POST(self):
        self.head = False
        url = urlparse(self.path)
        self.server.hit("POST " + url.path)
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(min(length, 1 << 20)).decode("utf-8", "replace")
        content_type = self.headers.get("Content-Type", "")
        if url.path == "/echo":
            return self.reply(200, json.dumps({"method": "POST", "contentType": content_type, "body": body}).encode())
        if url.path == "/oauth-token":
            return self.oauth_token(content_type, parse_qs(body, keep_blank_values=True))
        return self.error(405, "UNSUPPORTED")

    def oauth_token(self, content_type, form):
        """The distribution OAuth2 token endpoint, refresh-token grant only."""
        def field(name):
            values = form.get(name, [])
            return values[0] if len(values) == 1 else None
        if content_type != "application/x-www-form-urlencoded":
            return self.reply(400, b'{"error":"invalid_request"}')
        if field("grant_type") != "refresh_token" or not field("client_id") or field("service") != "faulty" \
                or not (field("scope") or "").startswith("repository:oauth/"):
            return self.reply(400, b'{"error":"invalid_request"}')
        if field("refresh_token") != REFRESH_TOKEN:
            return self.reply(401, b'{"error":"invalid_grant"}')
        self.reply(200, json.dumps({"access_token": OAUTH_TOKEN, "expires_in": 300, "scope": field("scope")}).encode())

    def reply(self, status, body=b"", headers=(), content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def error(self, status, code):
        self.reply(status, json.dumps({"errors": [{"code": code, "message": code.lower()}]}).encode())

    def route(self, head):
        self.head = head
        url = urlparse(self.path)
        count = self.server.hit(self.command + " " + url.path)
        if url.path == "/stats":
            return self.reply(200, json.dumps(self.server.hits).encode())
        if url.path == "/token":
            return self.token(parse_qs(url.query))
        if url.path == "/oauth-token":
            return self.reply(405, b'{"error":"POST only"}', [("Allow", "POST")])
        if url.path == "/v2/" or url.path == "/v2":
            return self.reply(200, b"{}")
        parts = url.path.split("/")
        if len(parts) < 5 or parts[1] != "v2":
            return self.error(404, "NAME_UNKNOWN")
        behaviour = parts[2]
        if behaviour == "throttled" or (behaviour == "throttled-once" and count == 1):
            return self.reply(429, b"slow down\n", [("Retry-After", "1")], "text/plain")
        if behaviour == "flaky" and count == 1:
            return self.reply(500, b"oops\n", content_type="text/plain")
        if not self.authorised(behaviour, parts):
            return
        # /v2/<behaviour>/<name...>/<kind>/<reference>
        if parts[-2] == "list" or parts[-1] == "list":
            return self.tags(behaviour, url)
        kind, reference = parts[-2], parts[-1]
        if kind == "manifests":
            return self.manifest(behaviour, reference)
        if kind == "blobs":
            return self.blob(behaviour, reference, url.path)
        if kind == "referrers":
            if behaviour == "referrers-broken":
                return self.reply(500, b"referrers are down\n", content_type="text/plain")
            if behaviour == "referrers-all":
                return self.all_referrers()
            return self.reply(404, b"404 page not found\n", content_type="text/plain")
        return self.error(404, "UNSUPPORTED")

    def authorised(self, behaviour, parts):
        given = self.headers.get("Authorization", "")
        repository = "/".join(parts[2:-2])
        if behaviour in ("bearer", "anonymous-bearer"):
            if given == "Bearer " + TOKEN:
                return True
            realm = "http://%s:%d/token" % self.server.server_address[:2]
            challenge = 'Bearer realm="%s",service="faulty",scope="repository:%s:pull"' % (realm, repository)
            self.error_with(401, "UNAUTHORIZED", [("WWW-Authenticate", challenge)])
            return False
        if behaviour == "oauth":
            if given == "Bearer " + OAUTH_TOKEN:
                return True
            realm = "http://%s:%d/oauth-token" % self.server.server_address[:2]
            challenge = 'Bearer realm="%s",service="faulty",scope="repository:%s:pull"' % (realm, repository)
            self.error_with(401, "UNAUTHORIZED", [("WWW-Authenticate", challenge)])
            return False
        if behaviour == "basic":
            if given == CREDENTIALS:
                return True
            self.error_with(401, "UNAUTHORIZED", [("WWW-Authenticate", 'Basic realm="faulty"')])
            return False
        return True

    def error_with(self, status, code, headers):
        self.reply(status, json.dumps({"errors": [{"code": code, "message": code.lower()}]}).encode(), headers)

    def token(self, query):
        scope = query.get("scope", [""])[0]
        if scope.startswith("repository:bearer/") and self.headers.get("Authorization", "") != CREDENTIALS:
            return self.reply(401, b'{"details":"credentials needed"}')
        self.reply(200, json.dumps({"token": TOKEN, "expires_in": 300}).encode())

    def manifest(self, behaviour, reference):
        layout = self.server.layout
        if reference.startswith("sha256:") or reference.startswith("sha512:"):
            body = layout.blob(reference)
            media = layout.media.get(reference)
            if body is None or media is None:
                return self.error(404, "MANIFEST_UNKNOWN")
        elif reference in layout.tags:
            entry = layout.tags[reference]
            body, media = layout.blob(entry["digest"]), entry["mediaType"]
        else:
            return self.error(404, "MANIFEST_UNKNOWN")
        digest = "sha256:" + hashlib.sha256(body).hexdigest()
        if behaviour == "wrong-content" and reference.startswith("sha256:"):
            body = body.replace(b"sha256", b"sha257", 1)
        if behaviour == "lying-digest":
            digest = "sha256:" + hashlib.sha256(body + b"lie").hexdigest()
        self.reply(200, body, [("Docker-Content-Digest", digest)], media)

    def blob(self, behaviour, reference, path):
        if behaviour == "redirect-loop":
            return self.reply(302, b"", [("Location", path)], "text/plain")
        body = self.server.layout.blob(reference)
        if body is None:
            return self.error(404, "BLOB_UNKNOWN")
        if behaviour == "wrong-content":
            body = bytes(reversed(body))
        elif behaviour == "truncated":
            body = body[: len(body) // 2]
        elif behaviour == "long":
            body = body + b"!"
        elif behaviour in ("ranged", "range-shifted", "range-once"):
            return self.ranged_blob(behaviour, reference, body)
        self.reply(200, body, [("Docker-Content-Digest", reference)], "application/octet-stream")

    def ranged_blob(self, behaviour, reference, body):
        """Answers `Range: bytes=START-END` (the only form the client sends); without one, the whole blob."""
        headers = [("Docker-Content-Digest", reference), ("Accept-Ranges", "bytes")]
        asked = self.headers.get("Range", "")
        if not asked.startswith("bytes=") or "-" not in asked:
            return self.reply(200, body, headers, "application/octet-stream")
        start_text, end_text = asked[len("bytes="):].split("-", 1)
        start = int(start_text)
        end = min(int(end_text) if end_text else len(body) - 1, len(body) - 1)
        if start >= len(body):
            return self.reply(416, b"", [("Content-Range", "bytes */%d" % len(body))], "text/plain")
        if start > 0 and behaviour == "range-once":
            return self.reply(200, body, headers, "application/octet-stream")
        if start > 0 and behaviour == "range-shifted":
            end, start = end - start, 0
        headers.append(("Content-Range", "bytes %d-%d/%d" % (start, end, len(body))))
        self.reply(206, body[start:end + 1], headers, "application/octet-stream")

    def all_referrers(self):
        """An unfiltered referrers index: every manifest of the layout with a subject, for any digest asked."""
        layout = self.server.layout
        entries = []
        for digest, media in sorted(layout.media.items()):
            if "manifest" not in media:
                continue
            body = layout.blob(digest)
            document = json.loads(body)
            if "subject" not in document:
                continue
            entry = {"mediaType": media, "digest": digest, "size": len(body)}
            if "artifactType" in document:
                entry["artifactType"] = document["artifactType"]
            entries.append(entry)
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": entries}
        self.reply(200, json.dumps(index).encode(), content_type="application/vnd.oci.image.index.v1+json")

    def tags(self, behaviour, url):
        name = url.path[len("/v2/"):-len("/tags/list")]
        pages = {None: (["a", "b"], "b"), "b": (["c", "d"], "d"), "d": (["e"], None)}
        last = parse_qs(url.query).get("last", [None])[0]
        if behaviour not in ("paged", "paged-offsite") or last not in pages:
            return self.reply(200, json.dumps({"name": name, "tags": sorted(self.server.layout.tags)}).encode())
        tags, next_last = pages[last]
        headers = []
        if next_last:
            target = "/v2/%s/tags/list?n=2&last=%s" % (name, next_last)
            if behaviour == "paged-offsite":
                target = "http://example.invalid" + target
            headers.append(("Link", '<%s>; rel="next"' % target))
        self.reply(200, json.dumps({"name": name, "tags": tags}).encode(), headers)


def main():
    server = Server(("127.0.0.1", 0), Layout(sys.argv[1]))
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
