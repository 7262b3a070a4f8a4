"""Celery worker hooks of the PDF pipeline.

* ``worker_init`` (main process, before it consumes anything): a worker that would render
  PDFs refuses to start when WeasyPrint would subset fonts with fontTools. Celery logs and
  swallows exceptions from signal handlers, so the refusal is a SystemExit.
* ``worker_process_init`` (each pool process): warm the renderer (fontconfig, Pango, the CJK
  faces) so the first document a fresh process renders is as fast as the others.
"""
import logging

from celery.signals import worker_init, worker_process_init

from . import rendering

logger = logging.getLogger("unionadmin.documents")

PDF_QUEUE = "pdf"


def _consumes_pdf_queue(worker) -> bool:
    try:
        return PDF_QUEUE in worker.app.amqp.queues.consume_from
    except Exception:  # noqa: BLE001 - unknown: assume it does
        return True


@worker_init.connect(dispatch_uid="unionadmin.documents.refuse_slow_font_subsetting")
def refuse_slow_font_subsetting(sender=None, **kwargs):
    if sender is not None and not _consumes_pdf_queue(sender):
        return
    try:
        rendering.assert_fast_font_subsetting()
    except rendering.FontSubsettingUnavailable as exc:
        logger.critical("refusing to start: %s", exc)
        raise SystemExit(f"unionadmin worker refuses to start: {exc}") from None


@worker_process_init.connect(dispatch_uid="unionadmin.documents.warm_up")
def warm_up_renderer(**kwargs):
    try:
        rendering.warm_up()
    except Exception:  # noqa: BLE001 - a cold first render is better than no worker
        logger.exception("warming up the PDF renderer failed")
