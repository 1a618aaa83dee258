from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("jobb/<uuid:code>/", views.job_detail, name="job-detail"),
    path("jobb/<uuid:code>/ladda-ned/", views.job_download, name="job-download"),
]
