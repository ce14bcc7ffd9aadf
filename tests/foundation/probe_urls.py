"""A URLconf of probe views that exercise the API glue (envelope, errors, auth, throttles)."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from prism import errors
from prism.errors import DomainError
from prism.responses import success


class EchoInput(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(min_value=1)
    tags = serializers.ListField(child=serializers.CharField(), required=False)


class EchoView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return success({"query": dict(request.query_params.lists()), "cookies": request.COOKIES})

    def post(self, request):
        data = EchoInput(data=request.data)
        data.is_valid(raise_exception=True)
        return success(data.validated_data, status=201)


class WhoAmIView(APIView):
    def get(self, request):
        return success({"userId": request.user.user_id})


class DomainErrorView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise DomainError(errors.PROJECT_NOT_FOUND)


class CrashView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internals: password=hunter2")


class TwoPerMinute(AnonRateThrottle):
    rate = "2/min"


class ThrottledView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [TwoPerMinute]

    def get(self, request):
        return success(None)


class OptionalAuthView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return success({"authenticated": bool(request.user and request.user.is_authenticated)})


class BinaryView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        upload = request.FILES["file"]
        return success({"size": upload.size, "first": upload.read(4).hex()})


urlpatterns = [
    path("probe/echo", EchoView.as_view()),
    path("probe/whoami", WhoAmIView.as_view()),
    path("probe/domain-error", DomainErrorView.as_view()),
    path("probe/crash", CrashView.as_view()),
    path("probe/throttled", ThrottledView.as_view()),
    path("probe/optional-auth", OptionalAuthView.as_view()),
    path("probe/binary", BinaryView.as_view()),
    path("", include("prism.urls")),
]
