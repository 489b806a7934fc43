from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data built from the seed implementation plans (top layer: may use every app's services)."""

    name = "sanxiang.demo"
    label = "demo"
    verbose_name = "演示数据"
