from wagtail_localize.fields import SynchronizedField

# Pages keep one slug in every language (/en/resources/… and /fr/resources/…): URLs stay
# predictable across languages, and translators have no slug to translate (wagtail-localize
# would otherwise offer it as a segment).
SAME_SLUG_IN_EVERY_LANGUAGE = SynchronizedField("slug", overridable=False)
