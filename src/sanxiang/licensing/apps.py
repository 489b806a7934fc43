from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "sanxiang.licensing"
    label = "licensing"
    verbose_name = "行政许可"
