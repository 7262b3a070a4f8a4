"""Bringing a plan in from the text an office already has (a DOCX or pasted text): recognise
its head, outline, numbering and targets (``recognise``), offer the conversions it needs
(``conversions``), let the user correct the outline, then save it as a draft (``service``).
Nothing is saved before the user says so: the recognised plan travels as ``RecognisedPlan``."""
