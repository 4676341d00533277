"""Network faults between a counter and the cloud, injected in the HTTP transport the sync client uses."""

from __future__ import annotations

import httpx


class DropAnswers(httpx.HTTPTransport):
    """Deliver requests to the server, then lose the answer to the next `n` pushes (after the server committed)."""

    def __init__(self, n: int = 1) -> None:
        super().__init__()
        self.left = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == "/v1/push" and self.left > 0:
            response.read()
            self.left -= 1
            raise httpx.ReadError("connection reset after the server answered", request=request)
        return response


class Offline(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)
