"""URLs of the showcase pages (namespace "showcase"): public, no login."""

from django.urls import path

from . import showcase_views

app_name = "showcase"
urlpatterns = [
    path("", showcase_views.index, name="index"),
    path("<int:pk>/", showcase_views.detail, name="detail"),
]
