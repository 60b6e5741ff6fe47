"""URLs of the unit staff's pages (namespace "staff", mounted at the site root)."""

from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/similar/", views.initiative_similar, name="initiative_similar"),
    path("initiatives/lookup/", views.initiative_lookup, name="initiative_lookup"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/replicate/", views.initiative_replicate, name="initiative_replicate"),
    path("initiatives/<int:pk>/evidence/", views.initiative_evidence, name="initiative_evidence"),
    path("initiatives/<int:pk>/actions/<slug:action>/", views.initiative_transition, name="initiative_transition"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
