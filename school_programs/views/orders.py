"""Pages: the director's orders and the printable documents. Mounted under /s/<school>/.

Orders are the staff's (curator drafts, director signs). The agreement and the plan of a pair or group
are printed by staff and by the group's own mentor.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..documents.pdf import PdfConversionFailed, PdfUnavailable, pdf_available
from ..documents.response import document_response
from ..forms_orders import DRAFT_FORMS, OrderEditForm, OrderFilterForm, OrderSignForm, add_service_errors
from ..models import Order
from ..selectors.orders import order_acquaintances, order_appendix, order_list
from ..selectors.programmes import programme_list
from ..services import documents
from ..services.orders import (
    order_cancel,
    order_draft_approve_programme,
    order_draft_fix_groups,
    order_draft_release_mentor,
    order_draft_reward_mentors,
    order_sign,
    order_update,
)


@access.rule_required("orders.read")
def orders(request):
    """The register: every order with its number, date, kind and state; drafts wait for the director."""
    filters = OrderFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    register = order_list(
        kind=chosen.get("kind", ""), status=chosen.get("status", ""), year=chosen.get("year")
    )
    return render(
        request,
        "school_programs/orders/list.html",
        {
            "filters": filters,
            "orders": register,
            "kinds": Order.Kind.choices,
            "is_director": access.may(request.user, "orders.sign"),
        },
    )


def _draft(kind: str, programme, data: dict) -> Order:
    if kind == Order.Kind.APPROVE_PROGRAMME:
        return order_draft_approve_programme(
            programme=programme, curators=data["curators"], date=data["date"]
        )
    if kind == Order.Kind.FIX_GROUPS:
        return order_draft_fix_groups(programme=programme, groups=data["groups"], date=data["date"])
    if kind == Order.Kind.RELEASE_MENTOR:
        return order_draft_release_mentor(releases=data["releases"], date=data["date"])
    return order_draft_reward_mentors(rewards=data["rewards"], date=data["date"])


@access.rule_required("orders.write")
def order_create(request, kind: str):
    """Draft an order of one kind from the programme's data (pairs, releases, rewards not yet ordered)."""
    if kind not in Order.Kind.values:
        raise Http404
    programme = access.chosen_programme(request.user, int_param(request.GET.get("programme")))
    if programme is None:
        messages.error(request, "Сначала создайте программу наставничества: приказы издаются по программе.")
        return redirect("school:orders")
    form_class = DRAFT_FORMS[kind]
    form = form_class(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            order = _draft(kind, programme, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Проект приказа подготовлен. Проверьте текст и передайте директору на подпись."
            )
            return redirect("school:order-detail", order_id=order.pk)
    return render(
        request,
        "school_programs/orders/create.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": Order.Kind(kind).label,
            "programme": programme,
            "programmes": programme_list(),
        },
    )


def _detail(request, order: Order, *, edit_form=None, sign_form=None, status=200):
    is_draft = order.status == Order.Status.DRAFT
    failed = edit_form or sign_form
    # A signed order shows no forms, so what the service refused is shown above the text.
    problems = failed.non_field_errors() if failed is not None and not is_draft else []
    if is_draft and edit_form is None:
        edit_form = OrderEditForm(initial={"title": order.title, "body": order.body, "date": order.date})
    if is_draft and sign_form is None:
        sign_form = OrderSignForm()
    return render(
        request,
        "school_programs/orders/detail.html",
        {
            "order": order,
            "appendix": order_appendix(order),
            "acquaintances": order_acquaintances(order),
            "edit_form": edit_form if is_draft else None,
            "sign_form": sign_form if is_draft else None,
            "problems": problems,
            "is_director": access.may(request.user, "orders.sign"),
            "pdf_available": pdf_available(),
        },
        status=status,
    )


@access.rule_required("orders.read")
def order_detail(request, order_id: int):
    return _detail(request, access.access_order(request.user, order_id))


@require_POST
@access.rule_required("orders.write")
def order_edit(request, order_id: int):
    order = access.access_order(request.user, order_id)
    form = OrderEditForm(request.POST)
    if form.is_valid():
        try:
            order_update(order=order, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Текст приказа сохранён.")
            return redirect("school:order-detail", order_id=order.pk)
    return _detail(request, order, edit_form=form, status=400)


@require_POST
@access.rule_required("orders.sign")
def order_sign_view(request, order_id: int):
    """Only the director signs: the number goes into the register and the order can no longer change."""
    order = access.access_order(request.user, order_id)
    form = OrderSignForm(request.POST)
    if form.is_valid():
        try:
            signed = order_sign(order=order, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Приказ № {signed.number} подписан и внесён в реестр.")
            return redirect("school:order-detail", order_id=order.pk)
    return _detail(request, order, sign_form=form, status=400)


@require_POST
@access.rule_required("orders.write")
def order_cancel_view(request, order_id: int):
    order = access.access_order(request.user, order_id)
    try:
        order_cancel(order=order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("school:order-detail", order_id=order.pk)
    messages.success(request, "Проект приказа отменён; его пары, освобождения и поощрения снова свободны.")
    return redirect("school:orders")


# --- Documents -----------------------------------------------------------------------------------


def _download(request, build, fmt: str):
    """Run a document builder; PDF without LibreOffice is a 404 page that says why."""
    try:
        return document_response(build(fmt))
    except PdfUnavailable as error:
        return render(
            request, "school_programs/orders/pdf_unavailable.html", {"reason": str(error)}, status=404
        )
    except PdfConversionFailed as error:
        return render(
            request, "school_programs/orders/pdf_unavailable.html", {"reason": str(error)}, status=503
        )


@access.rule_required("orders.read")
def order_file(request, order_id: int, fmt: str):
    order = access.access_order(request.user, order_id)
    return _download(
        request, lambda f: documents.order_document(order=order, school=request.school, fmt=f), fmt
    )


@access.rule_required("documents.read")
def group_agreement_file(request, group_id: int, fmt: str):
    group = access.access_managed_group(request.user, group_id)
    return _download(
        request, lambda f: documents.agreement_document(group=group, school=request.school, fmt=f), fmt
    )


@access.rule_required("documents.read")
def plan_file(request, plan_id: int, fmt: str):
    plan = access.access_managed_plan(request.user, plan_id)
    return _download(request, lambda f: documents.plan_document(plan=plan, school=request.school, fmt=f), fmt)


urlpatterns = [
    path("orders/", orders, name="orders"),
    path("orders/new/<str:kind>/", order_create, name="order-create"),
    path("orders/<int:order_id>/", order_detail, name="order-detail"),
    path("orders/<int:order_id>/edit/", order_edit, name="order-update"),
    path("orders/<int:order_id>/sign/", order_sign_view, name="order-sign"),
    path("orders/<int:order_id>/cancel/", order_cancel_view, name="order-cancel"),
    path("orders/<int:order_id>/docx/", order_file, {"fmt": "docx"}, name="order-docx"),
    path("orders/<int:order_id>/pdf/", order_file, {"fmt": "pdf"}, name="order-pdf"),
    path(
        "documents/groups/<int:group_id>/agreement/docx/",
        group_agreement_file,
        {"fmt": "docx"},
        name="group-agreement-docx",
    ),
    path(
        "documents/groups/<int:group_id>/agreement/pdf/",
        group_agreement_file,
        {"fmt": "pdf"},
        name="group-agreement-pdf",
    ),
    path("documents/plans/<int:plan_id>/docx/", plan_file, {"fmt": "docx"}, name="plan-docx"),
    path("documents/plans/<int:plan_id>/pdf/", plan_file, {"fmt": "pdf"}, name="plan-pdf"),
]
