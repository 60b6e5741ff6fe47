"""The bench-only URLconf: the product's URLs plus the two baselines (never mounted by the product).

- `bench_floor`: a bare view that returns a constant, through the full middleware stack:
  the framework's floor on this machine.
- `plain_admin:`: a second AdminSite with a bare `ModelAdmin` for Initiative — what a team
  gets from Django without any care (default list display, full COUNT, no select_related).
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from dvk.urls import urlpatterns as product_urlpatterns
from models_registry.models import Initiative

plain_site = admin.AdminSite(name="plain_admin")
plain_site.register(Initiative)


def floor(request):
    """Return a constant: nothing but the framework and its middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/plain-admin/", plain_site.urls),
    *product_urlpatterns,
]
