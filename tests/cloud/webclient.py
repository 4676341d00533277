"""A browser-like HTTP client for the owner's pages without a browser: it keeps the site's cookies (Secure ones
too, on loopback, as browsers do) and fills in the CSRF token a page's form carries."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from typing import Any

import httpx

from pos.ledger.base.db import Database
from pos.sync.client import SyncClient


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.http = httpx.Client(base_url=self.base, follow_redirects=False, timeout=30)
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        self.http.close()

    def _keep(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(self, method: str, path: str, *, follow: bool = True, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Origin", self.base)
        response = self.http.request(method, path, headers=headers, **kwargs)
        self._keep(response)
        if follow and response.status_code in (302, 303) and response.headers.get("location", "").startswith("/"):
            return self.request("GET", response.headers["location"])
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, data=data, **kwargs)

    def submit(
        self, page: httpx.Response, action: str, data: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send the form of `page` that posts to `action`, with its hidden fields (the CSRF token) and `data`."""
        form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', page.text, re.S)
        assert form, f"no form to {action}"
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))
        return self.post(action, {**fields, **(data or {})}, **kwargs)


def link_path(counter: Database) -> str:
    """A fresh one-time link from the owner's counter, as the path on the service."""
    with SyncClient(counter) as client:
        url = client.owner_link().url
    return url[url.index("/web/") :]


def signed_in(base: str, counter: Database) -> Browser:
    """A browser signed in by a one-time link from `counter`."""
    browser = Browser(base)
    landing = browser.get(link_path(counter))
    assert landing.status_code == 200, landing.text
    page = browser.submit(landing, "/web/login", {"action": "signin"})
    assert page.status_code == 200, page.text
    return browser
