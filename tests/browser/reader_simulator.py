"""An ID-card reader's local service, as the kiosk sees it (hall/devices/reader.py): a
WebSocket server on loopback that pushes card reads. Standard library only, one process of
the tests (never a patch in the page).

    python tests/browser/reader_simulator.py PORT [http]

Each line written to its stdin is a JSON message sent as one text frame to every kiosk
connected (e.g. ``{"type": "card", "name": "张秀英", "id_number": "…", "birth_date":
"1950-03-07"}``); a new connection first gets ``{"type": "status", "ready": true}``. It
prints ``listening PORT`` when ready and ``connected`` for each kiosk.

With ``http`` it is an older, polled bridge instead: ``GET /card`` answers the last message
written (with a ``seq`` number), or 204 before any, with ``Access-Control-Allow-Origin: *``
as such bridges send for the kiosk page of another origin."""
from __future__ import annotations

import base64
import hashlib
import json
import socket
import sys
import threading

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
clients: list[socket.socket] = []
lock = threading.Lock()


def frame(text: str) -> bytes:
    data = text.encode()
    head = bytes([0x81])
    if len(data) < 126:
        head += bytes([len(data)])
    elif len(data) < 65536:
        head += bytes([126]) + len(data).to_bytes(2, "big")
    else:
        head += bytes([127]) + len(data).to_bytes(8, "big")
    return head + data


def send(conn: socket.socket, message: dict) -> None:
    conn.sendall(frame(json.dumps(message, ensure_ascii=False)))


def handshake(conn: socket.socket) -> bool:
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(4096)
        if not chunk:
            return False
        request += chunk
    headers = {}
    for line in request.decode("latin-1").split("\r\n")[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    key = headers.get("sec-websocket-key")
    if not key:
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        return False
    accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
    return True


def serve_client(conn: socket.socket) -> None:
    try:
        if not handshake(conn):
            conn.close()
            return
        send(conn, {"type": "status", "ready": True, "message": "模拟读卡器"})
        with lock:
            clients.append(conn)
        print("connected", flush=True)
        while conn.recv(4096):      # the kiosk sends nothing we need; a close ends it
            pass
    except OSError:
        pass
    finally:
        with lock:
            if conn in clients:
                clients.remove(conn)
        conn.close()


def serve_http(port: int) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    latest: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):   # noqa: N802 (the http.server name)
            body = json.dumps(latest, ensure_ascii=False).encode() if latest else b""
            self.send_response(200 if body else 204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"listening {port}", flush=True)
    for seq, line in enumerate(sys.stdin):
        if line.strip():
            latest.clear()
            latest.update(json.loads(line), seq=seq)
            print("sent", flush=True)


def main() -> None:
    port = int(sys.argv[1])
    if sys.argv[2:] == ["http"]:
        serve_http(port)
        return
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(8)

    def accept() -> None:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve_client, args=(conn,), daemon=True).start()
    threading.Thread(target=accept, daemon=True).start()
    print(f"listening {port}", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        with lock:
            for conn in list(clients):
                try:
                    send(conn, message)
                except OSError:
                    clients.remove(conn)
        print("sent", flush=True)


if __name__ == "__main__":
    main()
