"""URLs of the committee pages (namespace "committee")."""

from django.urls import path

from .views import initiatives, queues

app_name = "committee"
urlpatterns = [
    path("", queues.home, name="home"),
    path("bulk-approve/", queues.bulk_approve, name="bulk_approve"),
    path("due-inspections/", queues.due_inspections, name="due_inspections"),
    path("recognition/", queues.recognition, name="recognition"),
    path("decisions/<int:pk>/", queues.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", queues.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/docx/", queues.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/amend/", queues.decision_amend, name="decision_amend"),
    path("decisions/<int:pk>/certificates/", queues.decision_certificates, name="decision_certificates"),
    path("decisions/<int:pk>/dossier/", queues.decision_dossier, name="decision_dossier"),
    path("initiatives/<int:pk>/appraise/", initiatives.appraise, name="appraise"),
    path("initiatives/<int:pk>/act/<slug:action>/", initiatives.act, name="act"),
    path("initiatives/<int:pk>/inspections/", initiatives.inspection_list, name="inspection_list"),
    path("initiatives/<int:pk>/inspections/new/", initiatives.inspection_create, name="inspection_create"),
    path("initiatives/<int:pk>/score/", initiatives.score, name="score"),
    path("initiatives/<int:pk>/outstanding/", initiatives.mark_outstanding, name="mark_outstanding"),
]
