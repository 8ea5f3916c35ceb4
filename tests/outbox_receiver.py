"""A small outside system for the outbox tests, run as its own process on loopback:

    python tests/outbox_receiver.py PORT [--secret S] [--fail-first N]

It checks each POST's ``X-Hall-Signature`` (HMAC-SHA256 of the body with the secret; a bad
one is answered 401), answers 500 to the first N attempts of each ``X-Hall-Event-Id`` and
200 afterwards, and records every attempt. Like a real receiver it keeps the ids it accepted: an
id sent again after it was answered 200 (the sender died before booking the answer) is
answered 200 again and logged as a duplicate. ``GET /log`` answers the attempts as JSON
({id, event, status, signature_ok, body}). Without ``--secret`` (a notification gateway) the
signature is not checked and an attempt's id is the body's ``to`` and ``template``."""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--secret", default=None)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    attempts: dict[str, int] = {}
    accepted: set[str] = set()     # ids answered 200: a repeat is answered 200 again, marked duplicate
    log: list[dict] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args):
            pass

        def _answer(self, status: int, body: bytes = b"") -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with lock:
                text = json.dumps(log, ensure_ascii=False).encode()
            self._answer(200, text)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if args.secret is not None:
                expected = "sha256=" + hmac.new(args.secret.encode(), raw, hashlib.sha256).hexdigest()
                signature_ok = hmac.compare_digest(expected, self.headers.get("X-Hall-Signature") or "")
                event_id = self.headers.get("X-Hall-Event-Id") or ""
                same_id = isinstance(body, dict) and body.get("id") == event_id
            else:
                signature_ok, same_id = True, True
                event_id = self.headers.get("X-Hall-Event-Id") or ""
            with lock:
                seen = attempts[event_id] = attempts.get(event_id, 0) + 1
                status = 401 if not (signature_ok and same_id) else 500 if seen <= args.fail_first else 200
                duplicate = status == 200 and event_id in accepted
                if status == 200:
                    accepted.add(event_id)
                log.append({"id": event_id, "event": self.headers.get("X-Hall-Event"), "status": status,
                            "duplicate": duplicate, "at": time.time(),
                            "signature_ok": signature_ok and same_id, "body": body})
            self._answer(status, b"{}")

    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
