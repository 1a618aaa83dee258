from django.urls import path

from . import exports, views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("nytt/", views.proposal_create, name="proposal-create"),
    path("nytt/e-legitimation/", views.proposal_create_eid, name="proposal-create-eid"),
    path("e-legitimation/retur/", views.eid_callback, name="eid-callback"),
    path("skickat/", views.sent, name="sent"),
    path("regler/", views.rules_page, name="rules"),
    path("e-forslag.csv", exports.proposals_csv, name="open-data-csv"),
    path("e-forslag.json", exports.proposals_json, name="open-data-json"),
    path("bekrafta/<str:token>/", views.proposal_confirm, name="proposal-confirm"),
    path("underskrift/<str:token>/", views.signature_confirm, name="signature-confirm"),
    path("hantera/", views.moderation_list, name="moderation-list"),
    path("hantera/<uuid:code>/", views.moderation_detail, name="moderation-detail"),
    path("hantera/<uuid:code>/publicera/", views.proposal_publish, name="proposal-publish"),
    path("hantera/<uuid:code>/avsla/", views.proposal_refuse, name="proposal-refuse"),
    path("hantera/<uuid:code>/svar/", views.answer_update, name="answer-update"),
    path("hantera/<uuid:code>/svar/publicera/", views.answer_publish, name="answer-publish"),
    path("<uuid:code>/", views.proposal_detail, name="proposal-detail"),
    path("<uuid:code>/underteckna/", views.proposal_sign, name="proposal-sign"),
    path("<uuid:code>/underteckna/e-legitimation/", views.proposal_sign_eid, name="proposal-sign-eid"),
]
