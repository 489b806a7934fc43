from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "sanxiang.inspections"
    label = "inspections"
    verbose_name = "行政检查"

    def ready(self) -> None:
        # This app sits above cases: it adds the 行政检查 actions (payload, actors, handler) and
        # their guard rails to the shared engine; cases never imports us.
        from sanxiang.inspections import rules  # noqa: F401
        from sanxiang.inspections.registration import register

        register()
        # The party's online 整改完成报告 is a step, not a transition: label its timeline content.
        from sanxiang.cases.selectors_content import register_step_model
        from sanxiang.inspections.party_report import PARTY_REPORT_ACTION, CorrectionReport

        register_step_model(PARTY_REPORT_ACTION, CorrectionReport)
        # The 行政检查 section of the case page (cases.views_context.CaseSection).
        from sanxiang.inspections.section import register as register_section

        register_section()
