"""Static files for production: hashed names and precompressed copies (WhiteNoise), tolerant
of what a dependency ships half of.

django-survey-and-report's CSS ends with `sourceMappingURL=bootstrap-theme.min.css.map`, a file
the package does not ship: the strict storage stops `collectstatic` on it, and without the
manifest every page fails. A reference to a missing file is left as written (and logged);
a name missing from the manifest is served unhashed rather than failing the page.
"""

import logging
from collections.abc import Callable

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        # A file that is neither in the manifest nor on disk: the page links it unhashed (a
        # 404 for that one file, in the access log) instead of failing as a whole. Debug
        # level: WhiteNoise asks this for every collected file at start-up.
        try:
            return super().stored_name(name)
        except ValueError:
            logger.debug("Static file %s is not in the manifest", name)
            return name

    def url_converter(self, name: str, hashed_files: dict, template: str | None = None) -> Callable:
        convert = super().url_converter(name, hashed_files, template)

        def tolerant(matchobj) -> str:
            try:
                return convert(matchobj)
            except ValueError:
                logger.warning(
                    "%s refers to %s, which is not there: left as written",
                    name,
                    matchobj.groupdict().get("url", matchobj[0]),
                )
                return matchobj[0]

        return tolerant
