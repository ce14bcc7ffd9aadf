from django.urls import path

from accounts import views

urlpatterns = [
    path("auth/email/exists", views.EmailExistsView.as_view(), name="auth-email-exists"),
    path("auth/code", views.SendCodeView.as_view(), name="auth-send-code"),
    path("auth/code/verification", views.VerifyCodeView.as_view(), name="auth-verify-code"),
    path("auth/password", views.ResetPasswordView.as_view(), name="auth-reset-password"),
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/refresh-token", views.RefreshTokenView.as_view(), name="auth-refresh-token"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("users/me/password", views.ChangePasswordView.as_view(), name="users-change-password"),
    path("users/profile", views.ProfileUpdateView.as_view(), name="users-update-profile"),
    path("users/profile/image", views.ProfileImageView.as_view(), name="users-profile-image"),
    path("users/<str:user_id>/profile", views.PublicProfileView.as_view(), name="users-profile"),
]
