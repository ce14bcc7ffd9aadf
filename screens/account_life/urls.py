"""Routes of the account's life across apps (screens/account_life_views.py); the names and
paths are the contract's, beside accounts' own routes."""

from django.urls import path

from screens.account_life import views

urlpatterns = [
    path("auth/signup", views.SignUpView.as_view(), name="auth-sign-up"),
    path("users/me", views.MeView.as_view(), name="users-me"),
    path("users/me/email", views.ChangeEmailView.as_view(), name="users-change-email"),
    path("users/me/export", views.AccountExportView.as_view(), name="users-export"),
]
