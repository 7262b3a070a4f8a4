"""Every unique constraint of the project, and what a user who races it is told.

A unique constraint guards a write that two requests can make at the same moment (a double
click, two officers). Each one is listed here with the test that sends two concurrent
requests against it, or with how its write path turns the race into a message, or why no
user's POST can reach it. A new constraint fails this file until it is listed; a test named
here must exist. The words: ``unionadmin.integrity.duplicate_message``."""
import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from unionadmin.integrity import _constraints_of

PROJECT_APPS = {"unionadmin", "members", "welfare", "congress", "competitions", "planning", "assessment"}
ROOT = Path(__file__).resolve().parents[2]

M = "tests/members/test_double_submits.py::"
W = "tests/welfare/test_double_submits.py::"
C = "tests/congress/test_double_submits.py::"
K = "tests/competitions/test_double_submits.py::"
U = "tests/unionadmin/test_double_submits.py::"

# Two concurrent requests (tests/concurrency.py) race the constraint in these tests.
RACED = {
    "eventparticipant_member_once": "tests/competitions/test_portal_events.py::"
                                    "test_a_double_tap_that_passes_the_check_is_stopped_by_the_database_with_the_same_words",
    "improvement_member_title_once_a_day": "tests/competitions/test_portal_proposals.py::"
                                           "test_a_double_tap_on_submit_is_one_proposal",
    "join_application_one_waiting":
        "tests/members/test_joining_double_submits.py::test_a_join_application_sent_twice_at_once_is_one_application",
    "hardship_application_one_in_progress":
        "tests/welfare/test_portal_double_submits.py::test_an_application_started_twice_at_once",
    "welfare.HardshipApplication.file":
        "tests/welfare/test_portal_double_submits.py::test_two_officers_open_a_file_from_one_application_at_once",
    "correction_one_waiting_per_field":
        "tests/members/test_record_double_submits.py::test_a_correction_requested_twice_at_once_is_one_request",
    "data_request_one_waiting_per_kind":
        "tests/members/test_record_double_submits.py::test_a_personal_information_request_sent_twice_at_once_is_one_request",
    "survey_once": "tests/congress/test_surveys_double_submits.py::test_a_survey_created_twice_at_once",
    "surveyparticipation_once": "tests/congress/test_surveys_double_submits.py::test_a_survey_answered_twice_at_once",
    "unionadmin.User.username": U + "test_a_new_account_created_twice_at_once",
    "unionadmin.User.mobile": U + "test_one_mobile_number_given_to_two_new_accounts_at_once",
    "role_assignment_unique": U + "test_a_role_granted_twice_at_once",
    "org_credit_code_unique": U + "test_one_credit_code_given_to_two_organisations_at_once",
    "members.DuesRule.union": M + "test_the_first_dues_rule_saved_twice_at_once",
    "dues_once_per_month": M + "test_dues_collected_twice_at_once_are_recorded_once",
    "funds_once_per_month": M + "test_union_funds_entered_twice_at_once",
    "member_one_active_membership": M + "test_a_member_added_twice_at_once",
    "member_card_unique_per_union": M + "test_one_card_number_given_to_two_members_at_once",
    "honour_once": M + "test_an_honour_entered_twice_at_once",
    "transfer_one_open": M + "test_a_transfer_sent_twice_at_once_is_sent_once",
    "living_standard_one_per_year": W + "test_a_living_line_set_twice_at_once",
    "hardship_one_open_file_per_worker": W + "test_a_hardship_file_applied_for_twice_at_once",
    "programme_name_unique_per_organisation": W + "test_a_programme_created_twice_at_once",
    "budget_one_per_programme_year": W + "test_a_budget_added_twice_at_once",
    "grant_once_a_year_without_reason": W + "test_a_grant_proposed_twice_at_once",
    "must_visit_name_unique_per_union": W + "test_a_must_visit_occasion_added_twice_at_once",
    "contract_report_once_a_year": C + "test_a_contract_report_added_twice_at_once",
    "congress_one_per_union_and_kind": C + "test_a_congress_created_twice_at_once",
    "term_number_unique_per_congress": C + "test_a_term_created_twice_at_once",
    "session_number_unique_per_term": C + "test_a_session_created_twice_at_once",
    "delegation_name_unique_per_term": C + "test_a_delegation_created_twice_at_once",
    "department_name_unique_per_union": C + "test_a_handling_department_created_twice_at_once",
    "cosign_once": C + "test_a_proposal_cosigned_twice_at_once",
    "proposal_number_unique_per_session":
        "tests/congress/test_numbering_concurrency.py::test_many_acceptances_at_once_give_numbers_one_to_n",
    "scoringitem_name_unique": K + "test_a_scoring_item_added_twice_at_once",
    "eventparticipant_name_unique": K + "test_a_participant_added_twice_at_once",
    "recusal_once": K + "test_a_judge_recuses_twice_at_once",
    "score_once": "tests/competitions/test_concurrency.py::test_concurrent_saves_of_the_same_cell_leave_one_score",
    "planacknowledgement_once_per_unit":
        "tests/planning/test_double_submits.py::test_a_plan_acknowledged_twice_at_once",
    "judgeassignment_once_per_competition": K + "test_a_judge_assigned_twice_at_once",
    "delegate_once_per_term": C + "test_a_delegate_added_twice_at_once",
    "welfare.HardshipFile.previous_file": W + "test_an_ended_file_refiled_twice_at_once",
    "committeeterm_number_once_per_union": "tests/congress/test_reelection_race.py::test_a_committee_term_recorded_twice_at_once",
    "nomination_member_once": "tests/competitions/test_honours_double_submits.py::test_a_member_nominated_twice_at_once",
    "honour_quota_once_per_unit": "tests/competitions/test_honours_double_submits.py::test_a_quota_set_twice_at_once",
}

# The write path catches the violation (or locks first) and says why; no concurrent-request
# test of its own yet. Any violation that still escapes is a message by DuplicateWriteMiddleware.
GUARDED = {
    "member_one_active_per_login": "members.accounts.login_for refuses a login another current member holds "
                                   "(MembersError), under the member's row lock",
    "ecard_one_current_per_member": "members.ecards.card_for issues a card under the member's row lock, revoking "
                                    "a stale one first",
    "members.JoinLink.union": "members.joining.join_link_for / join_links_for: bulk_create(ignore_conflicts=True), "
                              "then read",
    "surveyquestion_position_once": "congress.surveys numbers questions under the survey's row lock",
    "surveyresponse_once_per_named_member": "congress.surveys answer service writes it under the survey's lock, "
                                            "after the participation row",
    "surveyanswer_once_per_question": "congress.surveys answer service writes it under the survey's lock, "
                                      "after the participation row",
    "reply_once_per_department_round": "congress.services.proposals.proposal_reply locks the proposal",
    "rating_once_per_round": "congress.services.proposals.proposal_rate locks the proposal",
    "awardtier_name_unique": "competitions scheme_save: saved_once(CompetitionError), as scoring items",
    "tiebreak_item_once": "competitions scheme_save: saved_once(CompetitionError), as scoring items",
    "tiebreak_criterion_once": "competitions scheme_save: saved_once(CompetitionError), as scoring items",
    "entry_number_unique": "competitions entry_create numbers under the competition's row lock",
    "judgeassignment_once_per_entry": "competitions judge_assign: IntegrityError → CompetitionError",
    "workplan_issued_number_unique": "planning plan_issue: IntegrityError → PlanError",
    "rubric_one_per_federation_year": "assessment rubric_create locks the federation row",
    "unitassessment_one_per_unit": "assessment sheet_open: IntegrityError → the sheet the other request opened",
    "itemscore_one_per_item": "assessment: created with the sheet, under its constraint",
    "assessment.Appeal.score": "assessment appeal: IntegrityError → AssessmentError",
    "rubricversion_number_unique": "assessment: new versions are numbered under the rubric's row lock",
    "rubricversion_one_draft": "assessment: new versions are made under the rubric's row lock",
    "rubricversion_one_in_force": "assessment: publishing runs under the rubric's row lock",
    "peoplerubric_title_unique": "assessment.people rubric_create in the view's saved_once: the form says it",
    "personsheet_one_per_member": "assessment.people sheets_start skips members with a sheet, under the rubric's lock",
    "personscore_one_per_item": "assessment.people sheets_start: created with the sheet, under the rubric's lock",
    "import_value_once_per_union": "members import_set_values locks the job and upserts (update_or_create)",
    "care_round_title_once": "welfare care round form: validate_unique says it; a race, DuplicateWriteMiddleware",
    "care_invitation_once": "welfare round_invite: get_or_create, counting only the new ones",
    "situation_update_once_a_year": "welfare annual update form: validate_unique; a race, DuplicateWriteMiddleware",
    "welfare.CareSettings.organisation": "welfare cut-off form: validate_unique; a race, DuplicateWriteMiddleware",
    "honour_quota_once_per_category": "competitions.honours.quota_set locks the scheme and upserts",
    "nomination_collective_once": "competitions.honours.nomination_create locks the scheme and checks first",
    "unioncongress_number_once_per_union": "congress.elections.congress_create: checks first, saved_once(CongressError)",
    "uniondelegate_once": "congress.elections.delegate_add: checks first, saved_once(CongressError)",
    "candidate_once_per_body": "congress.elections.candidate_add: checks first, saved_once(CongressError)",
    "ballotbox_label_once": "congress.elections.box_create: under the congress's row lock, checks first (per round), saved_once(CongressError)",
    "delegatequota_once_per_unit": "congress.elections.quotas_allocate replaces them under the congress's row lock",
    "boxvote_once": "congress.elections.votes_enter replaces a box's votes under the box's row lock",
    "womenseat_member_once": "congress.women.seat_add checks under the committee's row lock (WomenError)",
    "womenseat_one_director": "congress.women.seat_add checks under the committee's row lock (WomenError)",
    "womenactivity_once": "the activity form validates it; a racing second click: DuplicateWriteMiddleware",
}

# No user's POST writes these values.
NOT_A_USERS_WRITE = {
    "members.JoinLink.code": "a random 12-character token (secrets.token_urlsafe), replaced under the link's row lock",
    "unionadmin.Organisation.path": "built from the row's own id when it is created",
    "datastamp_table_shard": "written by database triggers (unionadmin/stamps.py) with ON CONFLICT",
    "household_one_self_per_file": "the worker's own row is made once, by file_create; forms never offer it",
    "welfare.CareInvitation.replaced_by": "set by welfare invitation_record_outcome under the round's row lock",
    "welfare.CareInvitation.archive_entry": "set by welfare invitation_record_outcome under the round's row lock",
    "scoringitem_id_max_unique": "a key for the scores' composite foreign key; the id alone is unique",
    "entryitemresult_once": "frozen results, written by the lock step under the competition's row lock",
    "rubricarea_lineage_unique": "copied by the new-version service, under the rubric's row lock",
    "rubricitem_lineage_unique": "copied by the new-version service, under the rubric's row lock",
    "result_one_per_unit": "written by publishing results, under the rubric's row lock",
    "assessment.Result.assessment": "written by publishing results, under the rubric's row lock",
    "nomination_certificate_number_once": "numbered by competitions.honours.scheme_confer under the scheme's lock",
    "congress.UnionCongress.committee_term": "set once by congress.elections.approve under the congress's row lock",
    "congress.WomenCommitteeMember.cadre_post": "made by congress.women._sync_post for the seat it belongs to",
}


def unique_constraints():
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                found[constraint.name] = (model, constraint)
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                found[f"{model._meta.label}.{field.name}"] = (model, field)
        assert not model._meta.unique_together, f"{model._meta.label}: use a UniqueConstraint and list it here"
    return found


def test_every_unique_constraint_is_listed_once():
    listed = [*RACED, *GUARDED, *NOT_A_USERS_WRITE]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(unique_constraints())


def test_every_racing_test_named_exists():
    for node in RACED.values():
        path, name = node.split("::")
        tree = ast.parse((ROOT / path).read_text())
        assert name in {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}, node


@pytest.mark.django_db
def test_the_database_knows_every_constraint_by_the_name_the_message_looks_up():
    """duplicate_message finds the model and fields of each constraint PostgreSQL reports, and a
    partial constraint (whose fields alone do not say it) has words of its own on its model."""
    words_fit = {"org_credit_code_unique", "tiebreak_item_once", "tiebreak_criterion_once",
                 "judgeassignment_once_per_competition", "judgeassignment_once_per_entry",
                 "workplan_issued_number_unique"}
    for name, (model, rule) in unique_constraints().items():
        known = _constraints_of(model._meta.db_table)
        if isinstance(rule, models.UniqueConstraint):
            assert name in known, name
            if rule.condition is not None and name not in words_fit:
                assert name in getattr(model, "duplicate_messages", {}), f"{name}: add words to duplicate_messages"
        else:
            assert (model, (rule.name,)) in known.values(), name
