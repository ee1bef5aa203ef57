"""Mail settings from the environment: EMAIL_URL, or the EMAIL_HOST family of variables.

Plain Python, no Django import: the settings modules call it while they are being read.

    smtp://user:pass@host:587/?tls=true    SMTP, STARTTLS when tls=true (or smtp+tls://)
    smtp+ssl://user:pass@host              SMTP over TLS from the first byte (smtps:// too)
    console:                               printed by the task worker (development)
    dummy:                                 dropped

User names and passwords are URL-encoded in the URL (`@` as %40, `/` as %2F).
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SMTP = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def parse_email_url(url: str) -> dict[str, Any]:
    """Django settings for one EMAIL_URL; EMAIL_DELIVERY_BACKEND names the backend that
    really sends (config.mail queues the site's mail in front of it)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in BACKENDS:
        return {"EMAIL_DELIVERY_BACKEND": BACKENDS[scheme]}
    if scheme not in {"smtp", "smtps", "smtp+ssl", "smtp+tls"}:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtp+ssl, console, dummy)")
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    use_ssl = scheme in {"smtps", "smtp+ssl"} or query.get("ssl") in TRUE
    use_tls = scheme == "smtp+tls" or query.get("tls") in TRUE
    if use_ssl and use_tls:
        raise ValueError("EMAIL_URL: choose ssl (implicit TLS) or tls (STARTTLS), not both")
    settings: dict[str, Any] = {
        "EMAIL_DELIVERY_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls,
    }
    if "timeout" in query:
        settings["EMAIL_TIMEOUT"] = int(query["timeout"])
    return settings


def email_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """EMAIL_URL when set, else EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
    EMAIL_USE_TLS, EMAIL_USE_SSL; plus DEFAULT_FROM_EMAIL, SERVER_EMAIL and EMAIL_TIMEOUT.
    Only what the environment names is returned: Django's defaults stand for the rest."""
    settings: dict[str, Any] = {}
    if env.get("EMAIL_URL", "").strip():
        settings = parse_email_url(env["EMAIL_URL"])
    elif env.get("EMAIL_HOST", "").strip():
        settings = {
            "EMAIL_DELIVERY_BACKEND": SMTP,
            "EMAIL_HOST": env["EMAIL_HOST"].strip(),
            "EMAIL_HOST_USER": env.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": env.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": env.get("EMAIL_USE_TLS", "").lower() in TRUE,
            "EMAIL_USE_SSL": env.get("EMAIL_USE_SSL", "").lower() in TRUE,
        }
        if env.get("EMAIL_PORT", "").strip():
            settings["EMAIL_PORT"] = int(env["EMAIL_PORT"])
    for name in ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL"):
        if env.get(name, "").strip():
            settings[name] = env[name].strip()
    if env.get("EMAIL_TIMEOUT", "").strip():
        settings["EMAIL_TIMEOUT"] = int(env["EMAIL_TIMEOUT"])
    return settings
