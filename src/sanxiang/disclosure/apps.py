from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "sanxiang.disclosure"
    label = "disclosure"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        from sanxiang.disclosure import search  # noqa: F401  (registers the index listener)
