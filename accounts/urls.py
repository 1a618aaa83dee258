from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("losenord/", views.PasswordChangeView.as_view(), name="password-change"),
    path("fortsatt/", views.keep_alive, name="keep-alive"),
    path(
        "glomt-losenord/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "glomt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "nytt-losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("inbjudan/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("personer/<uuid:code>/bjud-in/", views.person_invite, name="person-invite"),
    path(
        "personer/<uuid:code>/inaktivera/",
        views.person_set_active,
        {"active": False},
        name="person-deactivate",
    ),
    path("personer/<uuid:code>/aktivera/", views.person_set_active, {"active": True}, name="person-activate"),
    path("tvastegsverifiering/", views.second_factor, name="second-factor"),
    path("tvastegsverifiering/aktivera/", views.second_factor_enrol, name="second-factor-enrol"),
    path("tvastegsverifiering/ta-bort/", views.second_factor_remove, name="second-factor-remove"),
]
