"""URLs of the showcase pages (namespace "showcase")."""

app_name = "showcase"
urlpatterns: list = []
