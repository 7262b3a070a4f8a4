"""Every reason an import can refuse a file or a row, by code.

Errors are stored on the job as a code and its parameters, and put into words when shown, so
the preview speaks the language of whoever reads it. Messages that repeat a validator's are
word for word the same, so they share its translation.
"""
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # --- the file as a whole ---
    "too_large": _("The file is %(size)s; the limit is %(limit)s. Split the roster into smaller files."),
    "empty_file": _("The file is empty."),
    "unknown_kind": _("This is not a spreadsheet or a CSV file. Save it from Excel or WPS as XLSX, XLS or CSV."),
    "zip_not_spreadsheet": _("This is a ZIP archive but not an XLSX or ODS spreadsheet."),
    "zip_bomb": _("The file would expand to more than %(limit)s when unpacked; it is refused."),
    "zip_broken": _("The file is damaged and cannot be opened."),
    # Never a library's own words (calamine's English) nor the name of an encoding: ours only.
    "unreadable": _("The spreadsheet cannot be read: it is damaged or incomplete, or it is not a workbook Excel or "
                    "WPS wrote. Open it in Excel or WPS, save it again as XLSX and upload that file."),
    "encrypted": _("The spreadsheet is protected by a password. Remove the password and try again."),
    "encoding": _("The text of this CSV file cannot be read: its characters are written in a way this import does "
                  "not know. Open it in Excel or WPS, save it again as XLSX and upload that file."),
    "no_rows": _("The file has no data rows under its header."),
    "too_many_rows": _("The file has %(count)s rows; at most %(limit)s can be imported at once."),
    "no_header": _("No header row was found in the first %(count)s rows. The first row should name the columns."),
    "missing_columns": _("Choose a column for: %(fields)s."),
    "column_twice": _("“%(field)s” is chosen for more than one column."),
    "crashed": _("The import stopped because of an unexpected error; nothing was changed. The error has been logged."),
    "interrupted": _("The import was interrupted before it finished (the server stopped or it took too long); "
                     "nothing was written. Try again."),
    "write_conflict": _("The import could not be saved because the data changed while it ran; nothing was changed. "
                        "Check the file again."),
    # --- one cell or row ---
    "required": _("This is required."),
    "too_long": _("At most %(limit)d characters."),
    "bad_date": _("“%(value)s” is not a date this import understands (e.g. 2011-04-28, 2011/4/28, 2011年4月28日)."),
    "future_date": _("The date is in the future."),
    # The form of the date was understood; one of its parts is impossible.
    "no_such_month": _("There is no month %(month)d (in “%(value)s”)."),
    "no_such_day": _("%(year)d-%(month)02d has no day %(day)d (in “%(value)s”)."),
    "date_too_early": _("The year %(year)d is before 1900 (in “%(value)s”); check the date."),
    "serial_out_of_range": _("%(value)s was read as an Excel date number, but it is outside the dates Excel can "
                             "hold."),
    "bad_choice": _("“%(value)s” is not one of: %(choices)s."),
    # A column with too many choices to list (民族: 58): the values step offers them all.
    "bad_choice_many": _("“%(value)s” is not a value this column knows; choose how to read it under “Values to "
                         "read”."),
    "id_as_number": _("The ID number was stored as a number, which Excel rounds; format the column as text and "
                      "type it again."),
    "id_number_old": _("This is an old 15-digit ID number; enter the 18-character number on the current card."),
    "id_number_length": _("An ID number has 18 characters; this one has %(count)d."),
    "id_number_characters": _("An ID number is 17 digits followed by a digit or X."),
    "id_number_birth": _("The birth date inside this ID number is not a real date."),
    "id_number_check": _("The last character of this ID number does not match the others; please check for a "
                         "typing error."),
    "mobile": _("Enter an 11-digit mainland mobile number starting with 13–19."),
    "gender_mismatch": _("The gender does not match the ID number."),
    "birth_mismatch": _("The birth date does not match the one in the ID number (%(expected)s)."),
    "joined_too_young": _("By the ID number this person was under %(age)d on the joining date."),
    "left_before_joined": _("The leaving date cannot be before the joining date."),
    "left_while_active": _("A current member has no leaving date; change the status or clear the date."),
    "left_missing": _("Give the date the membership ended."),
    "duplicate_id": _("The same ID number is also on row %(row)d."),
    "duplicate_card": _("The same card number is also on row %(row)d."),
    "card_taken": _("Card number %(value)s already belongs to another member of this union."),
    "member_elsewhere": _("This person is a current member of another union (%(union)s). That union must transfer "
                          "them here."),
    "member_elsewhere_hidden": _("This person is a current member of another union. That union must transfer them "
                                 "here."),
    # A warning: the row is imported all the same.
    "division_unknown": _("The first six digits of the ID number (%(code)s) are not an administrative division code "
                          "we know. The national list is not complete, so this does not stop the import: please "
                          "check the number against the ID card."),
    "division_unknown_short": _("Division code %(code)s is not known."),
    "unknown_unit": _("“%(value)s” is not a branch or group of %(union)s."),
}


MAX_LISTED_CHOICES = 12  # 用工性质 (10) is listed; 民族 (58) is not


def describe(code: str, params: dict | None = None) -> str:
    """The message for ``code`` in the active language."""
    message = MESSAGES.get(code)
    if message is None:
        return code
    params = dict(params or {})
    if "choice_field" in params:  # the choices, listed in the reader's language
        from members.models import Member

        field = Member._meta.get_field(params.pop("choice_field"))
        if code == "bad_choice" and len(field.choices) > MAX_LISTED_CHOICES:
            message = MESSAGES["bad_choice_many"]
        else:
            params["choices"] = "、".join(str(label) for value, label in field.choices if value)
    try:
        return str(message) % (params or {}) if params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)
