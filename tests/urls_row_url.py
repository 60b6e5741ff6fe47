"""A URL configuration for `test_row_urls.py`: the same name, another path."""

from django.http import HttpResponse
from django.urls import include, path

staff = ([path("elsewhere/<int:pk>/", lambda request, pk: HttpResponse(), name="initiative_detail")], "staff")
urlpatterns = [path("", include(staff))]
