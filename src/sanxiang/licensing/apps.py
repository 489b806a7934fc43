from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "sanxiang.licensing"
    label = "licensing"
    verbose_name = "行政许可"

    def ready(self) -> None:
        # The LICENCE_* actions (payloads, actors, handlers, party actions) and their rules join
        # the shared case engine; cases never imports this app (cases.extensions).
        from sanxiang.licensing.registration import register

        register()
        # The case page: the 行政许可 section and the licensing services' panels.
        from sanxiang.licensing import panels, section

        section.register()
        panels.register()
