"""What ratings does when other domains' events are recorded, inside their transaction.

A finished service asks for a rating: the request row is written in the same transaction
as the finished ticket (a rollback leaves neither), and its token is what finishing returns
to the window console. Queueing only records ``ServiceFinished``; it knows nothing of ratings.
"""
from __future__ import annotations

from hall.events import domain
from hall.ratings.service import request_rating, void_sent_to_pad

# a revoked rating pad: the tokens it was sent are void
HANDLERS = {domain.ServiceFinished: [request_rating], domain.AccessEnded: [void_sent_to_pad]}
