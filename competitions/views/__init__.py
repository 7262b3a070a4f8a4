"""The competitions app's pages, split by sub-domain; every view is on ScopedObjectMixin."""
