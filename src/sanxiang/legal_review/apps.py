from django.apps import AppConfig


class LegalReviewConfig(AppConfig):
    name = "sanxiang.legal_review"
    label = "legal_review"
    verbose_name = "重大执法决定法制审核"

    def ready(self) -> None:
        # The gate's rules join the cases rule registry (cases.rules.base.REGISTRY) on import:
        # this app sits above cases and adds guard rails to its actions; cases never imports us.
        from sanxiang.legal_review import rules  # noqa: F401
