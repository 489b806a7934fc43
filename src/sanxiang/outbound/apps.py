from django.apps import AppConfig


class OutboundConfig(AppConfig):
    name = "sanxiang.outbound"
    label = "outbound"
    verbose_name = "公示数据推送"

    def ready(self) -> None:
        # Registers the outbox writer on the disclosure's public changes (disclosure.listeners).
        from sanxiang.outbound import listeners  # noqa: F401
