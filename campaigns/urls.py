"""URLs of the campaign pages (namespace "campaigns")."""

app_name = "campaigns"
urlpatterns: list = []
