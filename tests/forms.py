"""Form helpers shared by the apps' tests."""
import datetime


def as_rendered(form):
    """The POST a browser sends when the person changes nothing: every enabled field as the
    page shows it (a disabled field is not posted)."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        data[name] = "" if value is None else value.isoformat() if isinstance(value, datetime.date) else value
    return data
