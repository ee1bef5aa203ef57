"""P2: a page served from the anonymous page cache (cms/page_cache.py, Redis) by gunicorn,
against the floor: WhiteNoise serving a collected static file of about the same size from
the same gunicorn.

A bounded client: CONNECTIONS threads, each sending requests one after another (a new
connection per request: gunicorn's sync workers close it after each response), for REQUESTS
requests per round; rounds alternate page and file. No Accept-Encoding, so both bodies go
uncompressed and their sizes compare. Ratio = page throughput / file throughput."""

import http.client
import json
import statistics
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..common import QUICK, WORK, gunicorn
from ..harness import alternate, pair

ID = "P2"
GOAL = "throughput ratio ≥ 0.5"
DATABASES = ("sqlite",)
PAGE = "/en/"
CONNECTIONS = 8


def _get(host: str, port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _closest_static(size: int) -> tuple[str, int]:
    """The collected file (hashed name, as pages link it) whose size is closest to `size`."""
    root = WORK / "static"
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    sizes = {name: (root / name).stat().st_size for name in manifest.values()}
    name = min(sizes, key=lambda candidate: abs(sizes[candidate] - size))
    return f"/static/{name}", sizes[name]


def _round(host: str, port: int, path: str, count: int, expect: int) -> None:
    def one(_index: int) -> None:
        status, _headers, body = _get(host, port, path)
        if status != 200 or len(body) != expect:
            raise RuntimeError(f"{path}: {status}, {len(body)} bytes")

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(one, range(count)))


def measure(kind: str, url: str) -> dict[str, Any]:
    requests_per_round, repeat = (150, 3) if QUICK else (400, 5)
    with gunicorn(url, workers=4) as base:
        parts = urlsplit(base)
        host, port = parts.hostname, parts.port
        _get(host, port, PAGE)  # fills the cache
        status, headers, body = _get(host, port, PAGE)
        if status != 200 or headers.get("X-Page-Cache") != "hit":
            raise RuntimeError(f"{PAGE} is not served from the page cache: {status} {headers}")
        static_path, static_size = _closest_static(len(body))
        if not Path(WORK / "static" / static_path.removeprefix("/static/")).exists():
            raise RuntimeError(f"{static_path} was not collected")
        a_times, b_times = alternate(
            lambda: _round(host, port, PAGE, requests_per_round, len(body)),
            lambda: _round(host, port, static_path, requests_per_round, static_size),
            repeat=repeat,
            warmup=1,
        )
    a_rps = requests_per_round / statistics.median(a_times)
    b_rps = requests_per_round / statistics.median(b_times)
    return {
        "id": ID,
        **pair(
            a_times,
            b_times,
            GOAL,
            f"{requests_per_round} GETs per round over {CONNECTIONS} concurrent connections: "
            f"{PAGE} from the page cache ({len(body)} bytes) vs {static_path} from WhiteNoise "
            f"({static_size} bytes), gunicorn 4 workers, uncompressed",
            ratio=a_rps / b_rps,
            a_requests_per_s=round(a_rps, 1),
            b_requests_per_s=round(b_rps, 1),
            a_bytes=len(body),
            b_bytes=static_size,
            static_file=static_path,
        ),
    }


if __name__ == "__main__":
    from . import main

    main(measure)
