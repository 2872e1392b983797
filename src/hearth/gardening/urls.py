from django.urls import path

from hearth.gardening import views

app_name = "gardening"
urlpatterns = [
    path("s/<slug:slug>/gardening/", views.queue, name="queue"),
    path("c/<int:conversation_id>/garden/", views.garden, name="garden"),
    path("c/<int:conversation_id>/garden/retitle/", views.retitle, name="retitle"),
    path("c/<int:conversation_id>/garden/retag/", views.retag, name="retag"),
    path("c/<int:conversation_id>/garden/move/", views.move, name="move"),
    path("c/<int:conversation_id>/garden/merge/", views.merge, name="merge"),
    path("c/<int:conversation_id>/garden/split/", views.split, name="split"),
    path("c/<int:conversation_id>/garden/outdated/", views.outdated, name="outdated"),
    path("c/<int:conversation_id>/garden/notify/", views.notify, name="notify"),
    path("d/<int:document_id>/garden/outdated/", views.document_outdated, name="document_outdated"),
    path("audit/<int:entry_id>/undo/", views.undo, name="undo"),
]
