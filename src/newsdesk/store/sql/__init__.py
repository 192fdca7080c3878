"""The store in SQL that both engines speak, one part per protocol of ``store.base``.

``SQLStore`` combines the parts; ``SQLiteStore`` and ``PostgresStore`` add the connection,
transactions, search and the few statements that differ (see ``core.SQLCore``).
"""

from newsdesk.store.sql.caches import CachesSQL
from newsdesk.store.sql.controls import ControlsSQL
from newsdesk.store.sql.core import LeaseClock, SQLCore
from newsdesk.store.sql.documents import DocumentsSQL
from newsdesk.store.sql.mail import MailSQL
from newsdesk.store.sql.retention import RetentionSQL
from newsdesk.store.sql.runs import RunsSQL
from newsdesk.store.sql.sources import SourcesSQL
from newsdesk.store.sql.stories import StoriesSQL


class SQLStore(
    SourcesSQL, DocumentsSQL, StoriesSQL, ControlsSQL, MailSQL, RunsSQL, CachesSQL, RetentionSQL
):
    """Every Store method that both engines run with the same SQL."""


__all__ = ["LeaseClock", "SQLCore", "SQLStore"]
