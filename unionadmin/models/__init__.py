from .accounts import Role, RoleAssignment, User
from .audit import AuditEvent
from .organisation import Organisation

__all__ = ["AuditEvent", "Organisation", "Role", "RoleAssignment", "User"]
