"""Rate limit on self-enrolment: so many enrolments an hour from one address and into one
cohort, counted in Django's cache (Redis in production, shared by every worker).

Only a keyed hash of the address is stored, and only for the hour it counts.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW = 3600  # seconds

PER_ADDRESS = 10
PER_COHORT = 300


def _address_key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"surveys:enrol-rate:address:{digest.hexdigest()[:32]}"


def _cohort_key(cohort_id: int) -> str:
    return f"surveys:enrol-rate:cohort:{cohort_id}"


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "SURVEYS_ENROL_PER_ADDRESS_HOUR", PER_ADDRESS),
        getattr(settings, "SURVEYS_ENROL_PER_COHORT_HOUR", PER_COHORT),
    )


def enrolment_allowed(address: str, cohort_id: int) -> bool:
    """False once the address or the cohort had its hour's share of enrolments."""
    per_address, per_cohort = _limits()
    counts = cache.get_many([_address_key(address), _cohort_key(cohort_id)])
    return (
        counts.get(_address_key(address), 0) < per_address
        and counts.get(_cohort_key(cohort_id), 0) < per_cohort
    )


def count_enrolment(address: str, cohort_id: int) -> None:
    """One more enrolment for the address and the cohort; the hour starts at the first."""
    for key in (_address_key(address), _cohort_key(cohort_id)):
        cache.add(key, 0, timeout=WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW)
