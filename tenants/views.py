from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from . import roles
from .forms import LoginForm
from .navigation import home_url, places


@never_cache
@csrf_protect
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect("home")
    # 429 while this login is locked for this address: the page still explains it in Russian.
    status = 429 if form.locked_out else 200
    return render(
        request, "tenants/login.html", {"form": form, "next": request.GET.get("next", "")}, status=status
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


@roles.rule_required("home.read")
def home(request):
    """Send the user to their one home page, or let them choose between their places."""
    url = home_url(request.user)
    if url:
        return redirect(url)
    return render(request, "tenants/choose_place.html", {"places": places(request.user)})
