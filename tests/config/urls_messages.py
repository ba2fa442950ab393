"""A tiny URLconf for the messages middleware tests: views that only add messages."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path


def add_message(request):
    messages.success(request, "Saved <b>safely</b>")
    response = HttpResponse("partial")
    if "trigger" in request.GET:
        response.headers["HX-Trigger"] = request.GET["trigger"]
    return response


def add_message_and_redirect(request):
    messages.info(request, "Moved")
    return HttpResponseRedirect("/elsewhere")


urlpatterns = [
    path("add", add_message),
    path("add-and-redirect", add_message_and_redirect),
]
