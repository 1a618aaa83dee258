"""The application's URLs plus the bench-only floor views (never included by `styrmodell.urls`)."""

from django.urls import path

from styrmodell.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/floor/", views.floor_read, name="bench-floor-read"),
    path("bench/floor-write/", views.floor_write, name="bench-floor-write"),
    path("bench/floor-kolada/", views.floor_kolada, name="bench-floor-kolada"),
    *app_urlpatterns,
]
