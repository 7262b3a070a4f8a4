"""The judge's home panel: entries awaiting their scores, per competition being scored."""
from ..models import Competition, Entry, Score
from ..services.results import judges_by_entry


def judge_awaiting(user) -> dict:
    rows = []
    competitions = (Competition.objects.visible_to(user, "score").filter(state=Competition.State.SCORING)
                    .select_related("organiser").order_by("-year", "pk"))
    for competition in competitions[:10]:
        entries = list(Entry.objects.visible_to(user, "score").filter(competition=competition).competing())
        judges = judges_by_entry(competition, entries)
        mine = [e for e in entries if user.pk in judges[e.pk]]
        items = competition.items.count()
        given = {}
        for entry_id in Score.objects.filter(judge=user, entry__in=mine).values_list("entry_id", flat=True):
            given[entry_id] = given.get(entry_id, 0) + 1
        waiting = [e for e in mine if given.get(e.pk, 0) < items]
        rows.append({"competition": competition, "waiting": waiting, "total": len(mine)})
    return {"rows": rows}
