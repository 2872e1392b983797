from django.urls import path

from hearth.library import views

app_name = "library"
urlpatterns = [
    path("s/<slug:slug>/library/", views.library, name="library"),
    path("s/<slug:slug>/library/new/", views.create, name="create"),
    path("s/<slug:slug>/library/collections/", views.collection_add, name="collection_add"),
    path("d/<int:document_id>/", views.detail, name="detail"),
    path("d/<int:document_id>/edit/", views.edit, name="edit"),
    path("d/<int:document_id>/history/", views.history, name="history"),
    path("d/<int:document_id>/diff/", views.diff, name="diff"),
    path("d/<int:document_id>/restore/", views.restore, name="restore"),
    path("d/<int:document_id>/files/", views.attachment_upload, name="attachment_upload"),
    path(
        "c/<int:conversation_id>/files/",
        views.conversation_attachment_upload,
        name="conversation_attachment_upload",
    ),
    path("files/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("files/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"),
    path("files/<int:attachment_id>/restore/", views.attachment_restore, name="attachment_restore"),
]
