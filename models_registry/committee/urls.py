"""URLs of the committee pages (namespace "committee")."""

from django.urls import path

from .views import bulk_moves, decisions, home, initiatives, queues, reasons, remarks, replication, scoring, summarize

app_name = "committee"
urlpatterns = [
    path("", home.home, name="home"),
    path("bulk-approve/", bulk_moves.bulk_approve, name="bulk_approve"),
    path("bulk-move/", bulk_moves.bulk_move, name="bulk_move"),
    path("due-inspections/", queues.due_inspections, name="due_inspections"),
    path("recognition/", queues.recognition, name="recognition"),
    path("reasons/", reasons.reason_list, name="reason_list"),
    path("reasons/new/", reasons.reason_create, name="reason_create"),
    path("reasons/<int:pk>/", reasons.reason_edit, name="reason_edit"),
    path("reasons/<int:pk>/delete/", reasons.reason_delete, name="reason_delete"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/docx/", decisions.decision_docx, name="decision_docx"),
    path("decisions/<int:pk>/amend/", decisions.decision_amend, name="decision_amend"),
    path("decisions/<int:pk>/certificates/", decisions.decision_certificates, name="decision_certificates"),
    path("campaigns/<int:pk>/summarize/", summarize.summarize, name="summarize"),
    path("decisions/<int:pk>/dossier/", decisions.decision_dossier, name="decision_dossier"),
    path("files/<int:pk>/thumbnail.jpg", initiatives.thumbnail, name="thumbnail"),
    path("initiatives/<int:pk>/appraise/", initiatives.appraise, name="appraise"),
    path("initiatives/<int:pk>/twin/", initiatives.twin_compare, name="twin_compare"),
    path("initiatives/<int:pk>/act/<slug:action>/", initiatives.act, name="act"),
    path("initiatives/<int:pk>/inspections/", initiatives.inspection_list, name="inspection_list"),
    path("initiatives/<int:pk>/inspections/new/", initiatives.inspection_create, name="inspection_create"),
    path(
        "initiatives/<int:pk>/inspections/<int:inspection_pk>/",
        initiatives.inspection_edit,
        name="inspection_edit",
    ),
    path("initiatives/<int:pk>/score/", initiatives.score, name="score"),
    path("initiatives/<int:pk>/scorers/", scoring.scorers, name="scorers"),
    path("initiatives/<int:pk>/recusal/", scoring.recusal, name="recusal"),
    path("initiatives/<int:pk>/sheets/<int:sheet_pk>/reopen/", scoring.reopen, name="reopen_sheet"),
    path("initiatives/<int:pk>/minutes.pdf", scoring.minutes_pdf, name="minutes_pdf"),
    path("initiatives/<int:pk>/minutes.docx", scoring.minutes_docx, name="minutes_docx"),
    path("initiatives/<int:pk>/outstanding/", initiatives.mark_outstanding, name="mark_outstanding"),
    path("initiatives/<int:pk>/remarks/new/", remarks.remark_create, name="remark_create"),
    path("initiatives/<int:pk>/remarks/<int:remark_pk>/withdraw/", remarks.remark_withdraw, name="remark_withdraw"),
    path("initiatives/<int:pk>/propose-replication/", replication.propose, name="replication_propose"),
]
