from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "sanxiang.applicants"
    label = "applicants"
    verbose_name = "申请人与当事人自助服务"

    def ready(self) -> None:
        # The staff login refuses self-service accounts (accounts.forms.NON_STAFF_CHECKS): accounts
        # sits below this app and never imports it.
        from sanxiang.accounts.forms import NON_STAFF_CHECKS
        from sanxiang.applicants.permissions import is_applicant

        if is_applicant not in NON_STAFF_CHECKS:
            NON_STAFF_CHECKS.append(is_applicant)
        # A locked-out applicant login gets the portal's page, not the staff login (axes).
        from sanxiang.accounts.views import LOCKOUT_PAGES
        from sanxiang.applicants.views import lockout_page

        if lockout_page not in LOCKOUT_PAGES:
            LOCKOUT_PAGES.append(lockout_page)
        # 电子送达 of a licence only under the applicant's consent in force (cases rule registry).
        from sanxiang.applicants import rules  # noqa: F401

        # 电子送达 of penalty documents under the linked party's consent in force (处罚法 §61 ②).
        from sanxiang.applicants.consent_provider import party_consent_on
        from sanxiang.cases.extensions import consent_provider_register

        consent_provider_register(party_consent_on)

        # The 网上办理 section of the penalty case page (网上办理码, online 陈述申辩).
        from sanxiang.applicants.section import register

        register()
