from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "sanxiang.applicants"
    label = "applicants"
    verbose_name = "申请人与当事人自助服务"
