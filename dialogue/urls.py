from django.urls import path

from . import views

app_name = "dialogue"

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("samtal/notiser/", views.notification_list, name="notification-list"),
    path("samtal/notiser/installningar/", views.preferences, name="preferences"),
    path("samtal/notiser/alla-lasta/", views.notification_read_all, name="notification-read-all"),
    path("samtal/notiser/<uuid:code>/", views.notification_open, name="notification-open"),
    path("samtal/medarbetarsamtal/", views.development_talk_list, name="development-talk-list"),
    path("samtal/medarbetarsamtal/<uuid:code>/", views.development_talk, name="development-talk"),
    path("samtal/bilaga/<uuid:code>/", views.attachment_download, name="attachment-download"),
    path("samtal/bilaga/<uuid:code>/ta-bort/", views.attachment_delete, name="attachment-delete"),
    path("samtal/<slug:slug>/<uuid:code>/", views.thread, name="thread"),
    path("samtal/<slug:slug>/<uuid:code>/kommentera/", views.comment_create, name="comment-create"),
    path("samtal/<slug:slug>/<uuid:code>/bifoga/", views.attachment_create, name="attachment-create"),
    # A goal assessment is named by its goal and its period.
    path("samtal/<slug:slug>/<uuid:code>/<uuid:period>/", views.thread, name="thread-assessment"),
    path(
        "samtal/<slug:slug>/<uuid:code>/<uuid:period>/kommentera/",
        views.comment_create,
        name="comment-create-assessment",
    ),
]
