"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for fault tests: each request takes the next step."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def completion(content: str, finish_reason: str = "stop", prompt_tokens: int = 100, completion_tokens: int = 50) -> dict:
    return {"id": "chatcmpl-fault", "object": "chat.completion", "created": 0, "model": "fault-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


class Step:
    def __init__(self, status=200, body=None, headers=None, delay=0.0, raw=None):
        self.status, self.body, self.headers, self.delay, self.raw = status, body, headers or {}, delay, raw


def ok(content: str, **kw) -> Step:
    return Step(200, completion(content, **kw))


class FaultServer:
    """`with FaultServer([steps]) as fs:` → fs.base_url; fs.requests holds (time, parsed JSON body) per request."""

    def __init__(self, steps: list[Step], default: Step | None = None):
        self.steps = list(steps)
        self.default = default
        self.requests: list[tuple[float, dict]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server.lock:
                    server.requests.append((time.monotonic(), body))
                    step = server.steps.pop(0) if server.steps else server.default
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    if step is None:
                        step = Step(500, {"error": {"message": "script exhausted"}})
                    if step.delay:
                        time.sleep(step.delay)
                    payload = step.raw if step.raw is not None else json.dumps(step.body, ensure_ascii=False).encode()
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    for k, v in step.headers.items():
                        self.send_header(k, v)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): that is the point of a hang
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
