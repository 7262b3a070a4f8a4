"""Welfare pages, split by sub-domain; every object view is a ScopedObjectMixin view."""
