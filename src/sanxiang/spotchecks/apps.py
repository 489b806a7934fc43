from django.apps import AppConfig


class SpotchecksConfig(AppConfig):
    name = "sanxiang.spotchecks"
    label = "spotchecks"
    verbose_name = "双随机一公开"
