"""Joining online (网上入会): the public join page a union's link and poster lead to, and the
officers' pages — the applications with their decisions, and the union's join link.

The two public pages are function views: they take the link's unguessable code, not a record
of the officer's scope, so the cross-tenant matrix lists them as exempt. Every officer page
takes its object through ScopedObjectMixin.
"""
import segno
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView
from unionadmin.views.personal import RevealFieldView

from .. import joining
from ..joining_forms import JoinApplicationFilter, JoinForm, RefuseApplicationForm
from ..models import JoinApplication, JoinLink
from ..portal_setup import POSTER_KIND

SENT_KEY = "join_sent"  # the session's note of the application just sent (for the "sent" page)


def _open_link(join_code):
    return JoinLink.objects.select_related("union").filter(code=join_code, is_open=True).first()


def _link_not_working(request):
    return render(request, "members/joining/link_not_working.html", status=404)


def join_apply(request, join_code):
    """The public application form (no login)."""
    link = _open_link(join_code)
    if link is None:
        return _link_not_working(request)
    status = 200
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = joining.application_submit(link=link, applicant=form.applicant(),
                                                     address=get_client_ip_address(request))
        except joining.TooManyApplications as error:
            form = JoinForm(initial={k: v for k, v in form.cleaned_data.items() if k not in ("captcha",)})
            messages.error(request, error.message)
            status = 429
        except joining.JoinError as error:
            form = JoinForm(initial={k: v for k, v in form.cleaned_data.items() if k not in ("captcha",)})
            messages.error(request, error.message)
        else:
            request.session[SENT_KEY] = {"code": link.code, "elsewhere": application.member_elsewhere_id is not None}
            return redirect("join:sent", join_code=link.code)
    return render(request, "members/joining/apply.html", {"link": link, "union": link.union, "form": form,
                                                            "retention": _retention(),
                                                            "notice_version": joining.NOTICE_VERSION},
                  status=status)


def _retention():
    return {"decision": joining.RETENTION_YEARS_AFTER_DECISION, "membership": joining.RETENTION_YEARS_AFTER_MEMBERSHIP}


def join_sent(request, join_code):
    """What the worker reads after sending: what happens next (never another union's name)."""
    link = JoinLink.objects.select_related("union").filter(code=join_code).first()
    sent = request.session.get(SENT_KEY)
    if link is None or not sent or sent.get("code") != join_code:
        return redirect("join:apply", join_code=join_code) if link is not None else _link_not_working(request)
    return render(request, "members/joining/sent.html", {"union": link.union, "elsewhere": sent.get("elsewhere")})


# --- the officers' pages ----------------------------------------------------------------------
class JoinApplicationListView(ScopedObjectMixin, ListView):
    model = JoinApplication
    paginate_by = 50
    template_name = "members/joining/application_list.html"

    def optimise(self, queryset):
        return queryset.select_related("union__parent")

    def get_queryset(self):
        unions = organisations_where(self.request.user, JoinApplication, "view").grassroots().order_by("path")
        self.filterset = JoinApplicationFilter(self.request.GET, queryset=super().get_queryset(), unions=unions)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        may_link = organisations_where(self.request.user, JoinLink, "change").grassroots().exists()
        return super().get_context_data(filterset=self.filterset, may_link=may_link, **kwargs)


class JoinApplicationDetailView(ScopedObjectMixin, DetailView):
    model = JoinApplication
    template_name = "members/joining/application_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "decided_by", "member__user", "transfer")

    def get_context_data(self, **kwargs):
        return super().get_context_data(refuse_form=RefuseApplicationForm(), **kwargs)


class JoinApplicationRevealView(RevealFieldView):
    model = JoinApplication


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class JoinApplicationApproveView(ObjectActionView):
    """Approve: the member, card number and login in one transaction; then the text."""

    model = JoinApplication
    scope_action = "decide"
    step = "approve"

    def act(self, application):
        self.approved = joining.application_approve(application_id=application.pk, user=self.request.user)

    def done(self, message):
        # The approval is committed by now: the text goes out after it, and a failed text loses nothing.
        application = self.approved
        member = application.member
        member.refresh_from_db(fields=["card_number"])  # numbered by cards_issue on its own copy of the row
        if joining.application_send_link(application, base_url=_base_url(self.request)):
            messages.success(self.request, _(
                "%(name)s is now a member (card number %(card)s); a text with the link to set a password went to "
                "their mobile.") % {"name": member.name, "card": member.card_number})
        else:
            messages.warning(self.request, _(
                "%(name)s is now a member (card number %(card)s), but the text with the password link could not be "
                "sent; send it again from this page.") % {"name": member.name, "card": member.card_number})
        return HttpResponseRedirect(application.get_absolute_url())


class JoinApplicationRefuseView(ObjectActionView):
    model = JoinApplication
    scope_action = "decide"
    step = "refuse"

    def act(self, application):
        form = RefuseApplicationForm(self.request.POST)
        if not form.is_valid():
            raise joining.JoinError(_("Give the reason for refusing the application."))
        joining.application_refuse(application_id=application.pk, user=self.request.user,
                                   reason=form.cleaned_data["reason"])
        return _("The application was refused.")


class JoinApplicationOfferTransferView(ObjectActionView):
    model = JoinApplication
    scope_action = "decide"
    step = "offer_transfer"

    def act(self, application):
        self.offered = joining.application_offer_transfer(application_id=application.pk, user=self.request.user)
        return _("The transfer of the membership was sent; accept it on this page once the member's union has "
                 "had its say, or at once.")

    def get_success_url(self):
        offered = getattr(self, "offered", None)
        if offered is not None:
            return reverse("members:transfer_detail", args=[offered.transfer_id])
        return super().get_success_url()


class JoinApplicationResendView(ObjectActionView):
    model = JoinApplication
    scope_action = "decide"
    step = "resend_link"

    def act(self, application):
        if joining.application_send_link(application, base_url=_base_url(self.request)):
            return _("The text with the password link was sent again.")
        raise joining.JoinError(_("The text could not be sent; try again later."))


# --- the join links ----------------------------------------------------------------------------
class JoinLinkListView(LoginRequiredMixin, TemplateView):
    """The unions whose link the person may manage, each with its link (made on first need)."""

    template_name = "members/joining/link_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unions = organisations_where(user, JoinLink, "change").grassroots().filter(is_active=True).order_by("path")
        page = Paginator(unions, 50).get_page(self.request.GET.get("page"))
        joining.join_links_for(page.object_list)
        links = {link.union_id: link for link in JoinLink.objects.visible_to(user).filter(
            union__in=[u.pk for u in page.object_list])}
        rows = [(union, links.get(union.pk)) for union in page.object_list]
        return super().get_context_data(page_obj=page, rows=rows, **kwargs)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        rows = context["rows"]
        if len(rows) == 1 and rows[0][1] is not None and context["page_obj"].paginator.count == 1:
            return redirect(rows[0][1].get_officer_url())  # one union: its link at once
        return self.render_to_response(context)


def qr_svg_data_uri(url: str, *, scale: int = 8) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


class JoinLinkDetailView(ScopedObjectMixin, DetailView):
    model = JoinLink
    template_name = "members/joining/link_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(self.object.get_absolute_url())
        may_change = JoinLink.scope.allows(self.request.user, "change", self.object)
        return super().get_context_data(join_url=url, qr=qr_svg_data_uri(url), may_change=may_change,
                                        poster_available=_poster_available(), **kwargs)


def _poster_available() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return POSTER_KIND in registry


class JoinLinkActionView(ObjectActionView):
    model = JoinLink
    scope_action = "change"

    def get_success_url(self):
        return self.object.get_officer_url()


class JoinLinkCloseView(JoinLinkActionView):
    def act(self, link):
        joining.join_link_set_open(link_id=link.pk, user=self.request.user, is_open=False)
        return _("The join link is closed: it takes no applications until you reopen it.")


class JoinLinkReopenView(JoinLinkActionView):
    def act(self, link):
        joining.join_link_set_open(link_id=link.pk, user=self.request.user, is_open=True)
        return _("The join link is open again.")


class JoinLinkNewCodeView(JoinLinkActionView):
    def act(self, link):
        joining.join_link_replace_code(link_id=link.pk, user=self.request.user)
        return _("The join link has a new address: the old link and the posters printed with it no longer work.")


class JoinLinkPosterView(JoinLinkActionView):
    """The A4 QR-code poster, made by the PDF pipeline; the site's address comes from this request."""

    def act(self, link):
        from unionadmin.documents.services import DocumentError, document_request

        try:
            self.job = document_request(user=self.request.user, kind=POSTER_KIND, obj=link,
                                        options={"base": _base_url(self.request)})
        except DocumentError as error:
            raise joining.JoinError(error.message) from None

    def get_success_url(self):
        job = getattr(self, "job", None)
        return reverse("documents:detail", args=[job.pk]) if job else super().get_success_url()

