"""URLs of the report pages (namespace "reports")."""

app_name = "reports"
urlpatterns: list = []
