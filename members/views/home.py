"""The officer's home-page panel: transfers waiting for them, arrears, the roster at a glance."""
from django.utils import timezone

from ..arrears import in_arrears
from ..models import ImportJob, Member, Transfer


def officer_panel(request):
    user = request.user
    today = timezone.localdate()
    members = Member.objects.visible_to(user, "change").active()
    incoming = list(Transfer.objects.visible_to(user, "decide").open()
                    .select_related("member", "from_union__parent", "to_union")[:5])
    return {
        "members": members.count(),
        "incoming": incoming,
        "incoming_count": Transfer.objects.visible_to(user, "decide").open().count() if len(incoming) == 5 else
        len(incoming),
        "outgoing_count": Transfer.objects.visible_to(user, "cancel").open().count(),
        "arrears": in_arrears(members, today).count(),
        "without_card": members.filter(card_number="").count(),
        "last_import": ImportJob.objects.visible_to(user).filter(requested_by=user).first(),
    }
