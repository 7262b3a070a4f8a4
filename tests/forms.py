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


def page_form(html: str) -> dict:
    """What the page's own form (the POST form with the most fields and no other action)
    would send unchanged: inputs with their values, checked boxes, selected options, text areas.
    Lists for names that repeat."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.forms, self.current, self.select, self.textarea = [], None, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                own = (a.get("method") or "").lower() == "post" and not a.get("action")
                self.current = [] if own else None
                if own:
                    self.forms.append(self.current)
            elif self.current is None:
                return
            elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                self.current.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
            elif tag == "select" and a.get("name"):
                self.select = [a["name"], None, None]  # name, selected, first
            elif tag == "option" and self.select is not None:
                if self.select[2] is None:
                    self.select[2] = a.get("value", "")
                if "selected" in a:
                    self.select[1] = a.get("value", "")
            elif tag == "textarea" and a.get("name"):
                self.textarea = [a["name"], ""]

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "form":
                self.current = None
            elif tag == "select" and self.select is not None:
                name, selected, first = self.select
                if self.current is not None:
                    self.current.append((name, selected if selected is not None else (first or "")))
                self.select = None
            elif tag == "textarea" and self.textarea is not None:
                if self.current is not None:
                    self.current.append((self.textarea[0], self.textarea[1].lstrip("\n")))
                self.textarea = None

    reader = Reader()
    reader.feed(html)
    fields = max(reader.forms, key=len) if reader.forms else []
    data: dict = {}
    for name, value in fields:
        if name in data:
            data[name] = (data[name] if isinstance(data[name], list) else [data[name]]) + [value]
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data
