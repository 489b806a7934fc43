from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "core/error.html", {"title": "建设中", "message": "公示门户建设中"}
    )
