"""The ideas on the citizens' results site, under /resultat/ideer/ (no login)."""

from django.urls import path

from . import views

app_name = "plans_public"

urlpatterns = [
    path("", views.public_ideas, name="idea-list"),
]
