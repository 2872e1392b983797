"""The Content-Security-Policy header, on every response.

Django 5.2 has none of its own (6.0 brings ``SECURE_CSP``). Hearth's policy is the
same for every page and needs no nonce: no template has an inline script or event
handler (``tests/core/test_csp.py`` scans them), so a fixed header from
``HEARTH_CONTENT_SECURITY_POLICY`` is all it takes. A view that needs another policy
sets the header itself; this one is then left alone.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def csp_header(policy: dict[str, list[str]]) -> str:
    """``{"script-src": ["'self'"]}`` → ``"script-src 'self'"``."""
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = csp_header(
                settings.HEARTH_CONTENT_SECURITY_POLICY
            )
        return response
