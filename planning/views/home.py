"""The home page panel: issued plans from above that one of my units has not acknowledged."""
from ..models import WorkPlan
from .plans import acknowledged_by_me_q


def awaiting_acknowledgement(request):
    user = request.user
    plans = (WorkPlan.objects.from_above(user).exclude(acknowledged_by_me_q(user))
             .select_related("issuer").order_by("-issued_at")[:5])
    return {"plans": list(plans)}
