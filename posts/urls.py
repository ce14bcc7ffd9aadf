from django.urls import path

from posts import views

urlpatterns = [
    path("posts/recruitment", views.PostsView.as_view(), name="posts"),
    path(
        "posts/bookmarks/recruitment",
        views.BookmarkedPostsView.as_view(),
        name="posts-bookmarked",
    ),
    path("posts/<id:post_id>/recruitment", views.PostView.as_view(), name="posts-detail"),
    path("posts/<id:post_id>/bookmarks", views.BookmarkView.as_view(), name="posts-bookmark"),
]
