"""Sports and culture events: the league table from the matches played."""
from __future__ import annotations

from .. import scoring
from ..models import EventMatch, SportsEvent


def event_standings(event: SportsEvent) -> list[dict]:
    """Rows of the league table (participant, played, won, drawn, lost, for, against, points,
    rank), or an empty list when no match has been recorded."""
    participants = {p.pk: p for p in event.participants.all()}
    matches = [scoring.Match(m.home_id, m.away_id, m.home_score, m.away_score)
               for m in EventMatch.objects.filter(event=event)]
    if not matches:
        return []
    table = scoring.standings(list(participants), matches, win=event.points_win, draw=event.points_draw,
                              loss=event.points_loss)
    return [{"participant": participants[row.participant], "row": row} for row in table]
