from .accounts import Role, RoleAssignment, User
from .audit import AuditEvent
from .documents import DocumentJob
from .notifications import Notification
from .organisation import Organisation
from .stamps import DataStamp

__all__ = ["AuditEvent", "DataStamp", "DocumentJob", "Notification", "Organisation", "Role", "RoleAssignment", "User"]
