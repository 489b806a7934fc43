"""法制审核 pages: the queue (待审核 / 待分配) and the forms of the case page's 法制审核 section.

Views only parse and render. Every change goes through the legal_review services (the one write
path); a refusal comes back as an ApplicationError and is shown on the case page, on the form
that caused it, with the user's input kept. Dates are the server's: views never pass `today`.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View

from sanxiang.legal_review.selectors_queue import queue_for


class ReviewQueueView(LoginRequiredMixin, View):
    """法制审核待办: submissions assigned to the user, and (for a 机关负责人) those to assign."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        context = {"queue": queue_for(request.user, today), "today": today}
        return TemplateResponse(request, "legal_review/queue.html", context)
