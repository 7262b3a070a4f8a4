"""What "my record" and "my data" (issue 19) register with the core: the members app's record
sections and personal-data sources, the "my data" document kind, the notification kinds of
members' requests. The portal's home and its menu link to the two pages themselves; officers
reach the request lists from the notifications and the members pages' tabs."""


def register():
    from unionadmin.notifications import register_kinds

    from . import personal_data_export, record
    from .portal_requests import RequestVerb

    record.register()
    personal_data_export.register()
    register_kinds(RequestVerb)
