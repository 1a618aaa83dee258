from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("synpunkter/", views.submit, name="submit"),
    path("synpunkter/tack/<str:token>/", views.receipt, name="receipt"),
    path("synpunkter/arende/<str:token>/", views.citizen_case, name="citizen-case"),
    path("synpunkter/arende/<str:token>/oppna-igen/", views.citizen_reopen, name="citizen-reopen"),
    path("synpunkter/inkorg/", views.inbox, name="inbox"),
    path("synpunkter/inkorg/<uuid:code>/", views.case_detail, name="case-detail"),
    path("synpunkter/inkorg/<uuid:code>/kvittera/", views.case_acknowledge, name="case-acknowledge"),
    path("synpunkter/inkorg/<uuid:code>/tilldela/", views.case_assign, name="case-assign"),
    path("synpunkter/inkorg/<uuid:code>/svara/", views.case_answer, name="case-answer"),
    path("synpunkter/inkorg/<uuid:code>/avsluta/", views.case_close, name="case-close"),
    path("synpunkter/inkorg/<uuid:code>/bilaga/", views.case_attachment, name="case-attachment"),
    path("synpunkter/statistik/", views.statistics, name="statistics"),
    path("synpunkter/indikatorer/", views.feed_list, name="feed-list"),
    path("synpunkter/indikatorer/<uuid:code>/ta-bort/", views.feed_delete, name="feed-delete"),
    path("personuppgifter/", views.privacy, name="privacy"),
]
