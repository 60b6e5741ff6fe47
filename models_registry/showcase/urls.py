"""URLs of the showcase pages (namespace "showcase"): public, no login."""

from django.urls import path

from . import views

app_name = "showcase"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("photos/<int:pk>/<slug:size>/", views.photo, name="photo"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
