"""Views by sub-domain: rubrics (writing, versions, comparing), sheets (the unit's
self-assessment), review, results (ranking, publication, exports) and the index."""
