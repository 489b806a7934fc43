from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sanxiang.evidence"
    label = "evidence"
    verbose_name = "证据库"
    default_auto_field = "django.db.models.BigAutoField"
