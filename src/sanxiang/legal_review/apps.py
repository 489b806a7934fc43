from django.apps import AppConfig


class LegalReviewConfig(AppConfig):
    name = "sanxiang.legal_review"
    label = "legal_review"
    verbose_name = "重大执法决定法制审核"

    def ready(self) -> None:
        # The gate's rules join the cases rule registry (cases.rules.base.REGISTRY) on import:
        # this app sits above cases and adds guard rails to its actions; cases never imports us.
        # services_policy registers a hook (cases.services.hooks): a case returned to 调查取证 by
        # the case action withdraws its open submission, in the step's transaction.
        from sanxiang.legal_review import rules, services_policy  # noqa: F401

        # The 法制审核 section of the case page (cases.views_context.CaseSection).
        from sanxiang.legal_review.section import register

        register()
