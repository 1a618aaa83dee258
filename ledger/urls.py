from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("", views.ledger_home, name="home"),
    path("ansvar/", views.object_mapping, name="object-mapping"),
    path("inlasningar/<uuid:code>/", views.import_detail, name="import-detail"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/las-in/", views.import_create, name="import-create"),
]
