from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "sanxiang.organisations"
    label = "organisations"
    verbose_name = "执法主体与人员"
