
app_name = "documents_public"

urlpatterns: list = []  # type: ignore[type-arg]
