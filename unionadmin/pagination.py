"""The one paginator the pages use where Django's needs help.

- Told its total: where the page already knows how many rows there are (the member tally, a
  window count its page's rows carried, a table's totals), counting them again would cost a
  second pass over what may be millions of rows.
- Given a page's rows already read (with that total), it hands them out instead of reading
  them again.
- "last" is the last page, as ListView reads it, also for the views that paginate by hand (a
  drill-down, a ranking).
"""
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property


class Paginator(DjangoPaginator):
    def __init__(self, object_list, per_page, *, known_count: int | None = None, page_rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count
        self.page_rows = page_rows  # (number, rows) of one page, read with the total

    @cached_property
    def count(self):
        return DjangoPaginator.count.func(self) if self.known_count is None else self.known_count

    def validate_number(self, number):
        return super().validate_number(self.num_pages if number == "last" else number)

    def page(self, number):
        number = self.validate_number(number)
        if self.page_rows and self.page_rows[0] == number:
            return self._get_page(self.page_rows[1], number, self)
        return super().page(number)
