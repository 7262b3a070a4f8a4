from .accounts import Role, RoleAssignment, User
from .audit import AuditEvent
from .documents import DocumentJob
from .organisation import Organisation

__all__ = ["AuditEvent", "DocumentJob", "Organisation", "Role", "RoleAssignment", "User"]
