from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import oidc, views

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", include("accounts.urls")),
    # The public site's language switch (a cookie); signed-in people choose theirs on their account page. The switch
    # sits in the header of public pages that are cached whole for every visitor, so it cannot carry a CSRF token;
    # all a forged post could do is change the reader's language.
    path("sprak/", csrf_exempt(set_language), name="set_language"),
    path("oidc/authenticate/", oidc.authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback, name="oidc_authentication_callback"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("organisation/", views.unit_list, name="unit-list"),
    path("organisation/<uuid:code>/", views.unit_detail, name="unit-detail"),
    path("organisation/<uuid:code>/ny/", views.unit_create, name="unit-create"),
    path("organisation/<uuid:code>/andra/", views.unit_update, name="unit-update"),
    path("organisation/<uuid:code>/flytta/", views.unit_move, name="unit-move"),
    path(
        "organisation/<uuid:code>/inaktivera/",
        views.unit_set_active,
        {"active": False},
        name="unit-deactivate",
    ),
    path("organisation/<uuid:code>/aktivera/", views.unit_set_active, {"active": True}, name="unit-activate"),
    path("organisation/<uuid:code>/ta-bort/", views.unit_delete, name="unit-delete"),
    path("personer/", views.person_list, name="person-list"),
    path("personer/ny/", views.person_create, name="person-create"),
    path("personer/<uuid:code>/", views.person_detail, name="person-detail"),
    path("personer/<uuid:code>/roller/", views.role_grant, name="role-grant"),
    path("personer/<uuid:code>/roller/<int:grant_id>/ta-bort/", views.role_revoke, name="role-revoke"),
    path("ar/", views.year_list, name="year-list"),
    path("ar/nytt/", views.year_create, name="year-create"),
    path("ar/<int:year>/stang/", views.year_set_closed, {"closed": True}, name="year-close"),
    path("ar/<int:year>/oppna/", views.year_set_closed, {"closed": False}, name="year-open"),
    path("ar/<int:year>/kalender/", views.calendar_apply, name="calendar-apply"),
    path("ar/<int:year>/perioder/ny/", views.period_create, name="period-create"),
    path("perioder/<uuid:code>/", views.period_update, name="period-update"),
    path("perioder/<uuid:code>/ta-bort/", views.period_delete, name="period-delete"),
    path("organisation/<uuid:code>/oppna-period/", views.reopening_create, name="reopening-create"),
    path("ateroppning/<uuid:code>/stang/", views.reopening_close, name="reopening-close"),
    path(
        "perioder/<uuid:code>/<str:step>/stang/",
        views.period_set_closed,
        {"closed": True},
        name="period-close",
    ),
    path(
        "perioder/<uuid:code>/<str:step>/oppna/",
        views.period_set_closed,
        {"closed": False},
        name="period-open",
    ),
    path("mal/", include("goals.urls")),
    path("ataganden/", include("commitments.urls")),
    path("rapporter/", include("reporting.urls")),
    path("budget/", include("budget.urls")),
    path("resultat/ideer/", include("plans.public_urls")),
    path("resultat/", include("reporting.public_urls")),
    path("planer/", include("plans.urls")),
    path("intern-kontroll/", include("internal_control.urls")),
    path("rakenskaper/", include("ledger.urls")),
    path("bokslut/", include("statements.urls")),
    path("rapportavsnitt/", include("authoring.urls")),
    path("personal/", include("personnel.urls")),
    path("", include("feedback.urls")),
    path("e-forslag/", include("proposals.urls")),
    path("", include("dialogue.urls")),
    path("django-admin/", admin.site.urls),
]
# Nothing under MEDIA_ROOT has a public URL, in development neither: stored files (report PDFs, attachments) are
# served only by views that check who may see them.
