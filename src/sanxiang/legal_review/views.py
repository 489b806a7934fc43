"""法制审核 pages: the queue (待审核 / 待分配) and the forms of the case page's 法制审核 section.

Views only parse and render. Every change goes through the legal_review services (the one write
path); a refusal comes back as an ApplicationError and is shown on the case page, on the form
that caused it, with the user's input kept. Another agency's object is a 404. Dates are the
server's: views never pass `today`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from sanxiang.cases.models import Case
from sanxiang.cases.selectors import case_get_for_user
from sanxiang.cases.views import render_case
from sanxiang.core.errors import ApplicationError, NotFound
from sanxiang.legal_review.forms import (
    AssignForm,
    OpinionForm,
    SubmitForm,
    dispute_raise_form,
    dispute_resolve_form,
    extend_form,
    external_invite_form,
    external_opinion_form,
)
from sanxiang.legal_review.section import SECTION_KEY
from sanxiang.legal_review.selectors import submission_get_for_user
from sanxiang.legal_review.selectors_page import (
    dispute_get_for_user,
    external_get_for_user,
    opinion_get_for_user,
)
from sanxiang.legal_review.selectors_queue import queue_for
from sanxiang.legal_review.services import review_assign, review_opinion_record, review_submit
from sanxiang.legal_review.services_disputes import review_dispute_raise, review_dispute_resolve
from sanxiang.legal_review.services_external import external_invite, external_opinion_record
from sanxiang.legal_review.services_policy import review_extend
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role


class ReviewQueueView(LoginRequiredMixin, View):
    """法制审核待办: submissions assigned to the user, and (for a 机关负责人) those to assign."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        context = {
            "queue": queue_for(request.user, today),
            "today": today,
            # 法制审核设置 is the 机关负责人's (or the agency's 系统管理员's) page
            "sets_policy": bool(
                agency_ids_with_role(request.user, Role.AGENCY_HEAD, Role.SYSTEM_ADMIN)
            ),
        }
        return TemplateResponse(request, "legal_review/queue.html", context)


def section_url(case_id: Any) -> str:
    return reverse("cases:detail", args=[case_id]) + "#legal-review"


class SectionFormView(LoginRequiredMixin, View):
    """POST one form of the 法制审核 section to its service.

    A subclass names its slot `key` (as section.py does), finds the object it acts on for the user
    (`target`, a 404 when the user may not see it), builds its form and calls its service.
    """

    http_method_names = ["post"]
    key: ClassVar[str]
    done: ClassVar[str]

    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        raise NotImplementedError

    def form(self, case: Case, target: Any, data: Any) -> Any:
        raise NotImplementedError

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        raise NotImplementedError

    def _rerender(
        self, request: HttpRequest, case: Case, target: Any, form: Any, status: int
    ) -> HttpResponse:
        bound = {"key": self.key, "target": str(target.pk), "form": form}
        return render_case(request, case, sections_bound={SECTION_KEY: bound}, status=status)

    def post(self, request: HttpRequest, object_id: Any) -> HttpResponse:
        try:
            case, target = self.target(request, object_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        form = self.form(case, target, request.POST)
        if not form.is_valid():
            return self._rerender(request, case, target, form, 400)
        try:
            self.call(request, target, form)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except ApplicationError as exc:
            form.add_service_error(exc)
            return self._rerender(request, case, target, form, exc.status)
        messages.success(request, self.done)
        return HttpResponseRedirect(section_url(case.pk))


class _OnCase(SectionFormView):
    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        case = case_get_for_user(user=request.user, case_id=object_id)
        return case, case


class _OnSubmission(SectionFormView):
    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        submission = submission_get_for_user(user=request.user, submission_id=object_id)
        return submission.case, submission


class ReviewSubmitView(_OnCase):
    key = "submit"
    done = "已送审，等待机关负责人分配法制审核人员"

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return SubmitForm(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        return review_submit(user=request.user, case_id=target.pk)


class ReviewAssignView(_OnSubmission):
    key = "assign"
    done = "已分配法制审核人员"

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return AssignForm(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        reviewer = form.cleaned_data["reviewer"]
        return review_assign(
            user=request.user, submission_id=target.pk, reviewer_officer_id=reviewer
        )


class ReviewOpinionView(_OnSubmission):
    key = "opinion"
    done = "审核意见已出具"

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return OpinionForm(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return review_opinion_record(user=request.user, submission_id=target.pk, payload=payload)


class ReviewExtendView(_OnSubmission):
    key = "extend"
    done = "已批准延长审核期限"

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return extend_form(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return review_extend(user=request.user, submission_id=target.pk, payload=payload)


class ExternalInviteView(_OnSubmission):
    key = "external_invite"
    done = "已记录邀请的法律顾问或公职律师"

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return external_invite_form(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return external_invite(user=request.user, submission_id=target.pk, payload=payload)


class ExternalOpinionView(SectionFormView):
    key = "external_opinion"
    done = "已录入法律顾问或公职律师的书面意见"

    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        external = external_get_for_user(user=request.user, external_id=object_id)
        return external.submission.case, external

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return external_opinion_form(target, data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return external_opinion_record(user=request.user, external_id=target.pk, payload=payload)


class DisputeRaiseView(SectionFormView):
    key = "dispute_raise"
    done = "已对审核意见提出不同意见"

    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        opinion = opinion_get_for_user(user=request.user, opinion_id=object_id)
        return opinion.submission.case, opinion

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return dispute_raise_form(data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return review_dispute_raise(user=request.user, opinion_id=target.pk, payload=payload)


class DisputeResolveView(SectionFormView):
    key = "dispute_resolve"
    done = "审核意见分歧已处理"

    def target(self, request: HttpRequest, object_id: Any) -> tuple[Case, Any]:
        dispute = dispute_get_for_user(user=request.user, dispute_id=object_id)
        return dispute.opinion.submission.case, dispute

    def form(self, case: Case, target: Any, data: Any) -> Any:
        return dispute_resolve_form(case, data)

    def call(self, request: HttpRequest, target: Any, form: Any) -> Any:
        payload = form.payload()
        return review_dispute_resolve(user=request.user, dispute_id=target.pk, payload=payload)
