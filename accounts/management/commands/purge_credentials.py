from django.core.management.base import BaseCommand

from accounts.services import purge_expired_credentials


class Command(BaseCommand):
    help = "Delete expired verification codes, refresh tokens and access-token revocations."

    def handle(self, *args, **options) -> None:
        deleted = purge_expired_credentials()
        self.stdout.write(
            "Deleted {codes} code(s), {refreshTokens} refresh token(s), "
            "{revokedAccessTokens} revocation(s).".format(**deleted)
        )
