from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"SOURCE_CODE_URL": settings.SOURCE_CODE_URL}
