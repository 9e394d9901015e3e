"""Which ``Host`` headers the page answers: the address it serves, never another name.

A page on 127.0.0.1 can be reached from a hostile site through DNS rebinding (``evil.example``
made to resolve to 127.0.0.1); refusing every Host but the served one stops that.
"""

from __future__ import annotations

import ipaddress

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
ANY_HOSTS = frozenset({"0.0.0.0", "::", ""})


def split_host(header: str) -> tuple[str, int | None]:
    """``"[::1]:8000"`` -> ``("::1", 8000)``; ``"localhost"`` -> ``("localhost", None)``."""
    header = header.strip().lower()
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif header.count(":") == 1:
        name, _, port = header.partition(":")
    else:
        name, port = header, ""
    if port and not port.isdigit():
        raise ValueError(header)
    return name.rstrip("."), int(port) if port else None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, host: str, port: int | None) -> bool:
    """Whether a request's Host header names the address served (``host``, ``port``): the local
    names always, the served host too, and any IP address when listening on all of them. With
    ``port`` None (not known), any port; else the header's port must be ``port``."""
    if not header:
        return False
    try:
        name, given = split_host(header)
    except ValueError:
        return False
    if port is not None and given != port:
        return False
    served = host.strip().strip("[]").lower()
    if name in LOCAL_HOSTS or name == served:
        return True
    return served in ANY_HOSTS and _is_ip(name)
