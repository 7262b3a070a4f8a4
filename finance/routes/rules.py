"""The rules pages' URLs, mounted by finance/urls.py inside the finance namespace. No URL names a
rule by pk: the rule table is the installation's, and a step on a rule is a POST naming it."""
from django.urls import path

from ..views import rules

urlpatterns = [
    path("rules/", rules.RuleListView.as_view(), name="rule_list"),
    path("rules/new/", rules.RuleCreateView.as_view(), name="rule_create"),
    path("rules/end/", rules.RuleEndView.as_view(), name="rule_end"),
    path("rules/delete/", rules.RuleDeleteView.as_view(), name="rule_delete"),
    path("breaches/", rules.BreachListView.as_view(), name="breach_list"),
    path("breaches/xlsx/", rules.BreachExportView.as_view(), name="breach_export"),
    path("grants/post/", rules.GrantPostView.as_view(), name="grant_post"),
]
