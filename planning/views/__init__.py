"""The work plan's pages: plans (list, detail, editor, states), items and targets (htmx
partials of the editor), tracking and the year-end summary, and the DOCX exports."""
