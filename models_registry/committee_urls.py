"""URLs of the committee pages (namespace "committee")."""

app_name = "committee"
urlpatterns: list = []
