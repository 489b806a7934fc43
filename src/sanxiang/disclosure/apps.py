from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "sanxiang.disclosure"
    label = "disclosure"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        # A decision drafts its 公示 in the decision's transaction (case hooks); the portal's
        # index follows every public change (listeners). Cases never imports disclosure.
        from sanxiang.disclosure import hooks, search  # noqa: F401
