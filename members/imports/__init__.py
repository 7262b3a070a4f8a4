"""Importing a roster from XLSX, XLS, ODS or CSV: sniff, read, map, check, write.

* ``files``: what kind of file it is (by content), refusals (size, zip bombs, encodings).
* ``reading``: rows out of the file, with python-calamine or the csv module.
* ``columns``: the fields a column can fill, and the header synonyms that find them.
* ``values``: turning what offices type (dates, full-width digits, 男/女) into values.
* ``checking``: every row checked; the bad ones listed, the good ones planned.
* ``writing``: the plan written in one transaction with COPY, history included.
* ``service``: the job's life (``import_upload``, ``import_check``, ``import_apply``).
"""
