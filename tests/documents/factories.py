"""Factories for the PDF pipeline, and its entry in the cross-tenant matrix."""
import factory
from django.contrib.contenttypes.models import ContentType

from unionadmin.models import DocumentJob, RoleAssignment

from ..factories import GrassrootsFactory, UserFactory


class DocumentJobFactory(factory.django.DjangoModelFactory):
    """A queued profile-sheet job for ``organisation`` (no file; render it to get one)."""

    class Meta:
        model = DocumentJob

    organisation = factory.SubFactory(GrassrootsFactory)
    kind = "organisation_profile"
    content_type = factory.LazyFunction(lambda: ContentType.objects.get(app_label="unionadmin", model="organisation"))
    object_id = factory.LazyAttribute(lambda job: str(job.organisation.pk))
    requested_by = factory.SubFactory(UserFactory)
    language = "zh-hans"
    filename = factory.LazyAttribute(lambda job: f"{job.organisation.name}基本情况表.pdf")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


def _job_in(union):
    """A job about ``union``, asked for by someone holding a role there (so the matrix's own-union
    user reaches it: jobs are visible to the person who asked only)."""
    holder = RoleAssignment.objects.filter(organisation=union).select_related("user").first()
    return DocumentJobFactory(organisation=union, requested_by=holder.user if holder else UserFactory())


CROSS_TENANT = {DocumentJob: _job_in}
