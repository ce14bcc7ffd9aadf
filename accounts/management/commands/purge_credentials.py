from django.core.management.base import BaseCommand

from accounts.services import purge_expired_credentials


class Command(BaseCommand):
    help = (
        "Delete expired verification codes, refresh tokens, access-token revocations "
        "and abuse-limit counters."
    )

    def handle(self, *args, **options) -> None:
        deleted = purge_expired_credentials()
        self.stdout.write(
            "Deleted {codes} code(s), {refreshTokens} refresh token(s), "
            "{revokedAccessTokens} revocation(s), {abuseCounters} abuse counter(s).".format(
                **deleted
            )
        )
