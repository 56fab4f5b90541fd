"""Which rows of a school's schema a user may see or change: the one way to reach a school object.

Roles come from tenants.access (memberships live in the public schema) for the school whose schema is
current, and the role table is school_programs.roles. This module adds the per-object rules inside a
school: staff run the programme, a mentor sees only their own pairs and groups, special categories of
personal data only for curator, director and psychologist.

Every `access_<thing>(user, id)` takes a user, not a request (a task can call it too), and returns
the object or raises the same Http404 for "there is no such object" and "it is not yours", so that
nobody learns whether something they may not see exists. Conditions are one per line, as in Zulip's
`access_stream_by_id`. Pages, the API and the related ids in request bodies (api.base.AccessibleField,
the querysets of page forms) all go through these functions; nothing else loads a school object by id.

Schema: TENANT (runs in the school's schema set by tenants.middleware or by a task).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from tenants import access as tenant_access
from tenants.models import Role

from . import roles as role_table
from .models import (
    BestPractice,
    CompatibilityResult,
    Consent,
    DevelopmentPlan,
    Distribution,
    Grade,
    Invitation,
    MatchingRun,
    MatchSuggestion,
    Meeting,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Order,
    Participant,
    ParticipantKind,
    PlanSection,
    PlanTask,
    PlanTemplate,
    PlanTemplateSection,
    PlanTemplateTask,
    Programme,
    Question,
    RoadmapItem,
    RoleModel,
    RouteItem,
    SpeedMeetingPreference,
    Survey,
    SurveySection,
    TeacherRoute,
)
from .selectors.programmes import current_programme
from .selectors.surveys import distribution_rows

STAFF = role_table.STAFF
READERS = role_table.READERS
SPECIAL_DATA = role_table.SPECIAL_DATA

_PARTICIPANT_CACHE = "_nastavnik_participants"


# --- Roles ---------------------------------------------------------------------------------------


def roles(user) -> frozenset[Role]:
    """The user's roles in the school whose schema is current (empty for everyone else)."""
    schema = connection.schema_name
    return frozenset(
        Role(m.role)
        for m in tenant_access.memberships(user)
        if m.school_id is not None and m.school.schema_name == schema
    )


def has_role(user, allowed) -> bool:
    return bool(roles(user) & frozenset(allowed))


def may(user, rule: str) -> bool:
    """Whether the role table lets the user do `rule` ("programme.write") in this school."""
    return has_role(user, role_table.allowed_roles(rule))


def require(user, allowed) -> None:
    """A member of the school without the needed role gets 403 (they know the school exists)."""
    if not has_role(user, allowed):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def require_rule(user, rule: str) -> None:
    require(user, role_table.allowed_roles(rule))


def rule_required(rule: str, *, write: str | None = None):
    """Page decorator: the view runs only for the roles the table gives `rule`; with `write`, a POST
    (a page that shows on GET and saves on POST) needs that rule instead. The rules are kept on the
    view (`access_rule`, `access_write_rule`) so that the access matrix test knows what to expect."""
    role_table.allowed_roles(rule)  # an unknown rule fails at import, not at the first request
    if write:
        role_table.allowed_roles(write)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            unsafe = request.method not in role_table.SAFE_METHODS
            require_rule(request.user, write if write and unsafe else rule)
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule
        wrapped.access_write_rule = write or rule
        return wrapped

    return decorator


def can_see_special(user) -> bool:
    return has_role(user, SPECIAL_DATA)


def me(user) -> Participant | None:
    """The participant record of the user in this school (mentors, mentees, teachers), read once."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault(_PARTICIPANT_CACHE, {})
    schema = connection.schema_name
    if schema not in cache:
        cache[schema] = Participant.objects.filter(user_id=user.pk).first()
    return cache[schema]


def _one(queryset: QuerySet, pk):
    """The row with this id, or Http404 (also for an id that is not a number)."""
    if pk is None or not str(pk).isdigit():
        raise Http404
    found = queryset.filter(pk=int(pk)).first()
    if found is None:
        raise Http404
    return found


def _readers_only(user) -> None:
    """Objects of the programme's back office: whoever is not a reader does not learn they exist."""
    if not has_role(user, READERS):
        raise Http404


def _staff_only(user) -> None:
    if not has_role(user, STAFF):
        raise Http404


# --- Programme -----------------------------------------------------------------------------------


def access_programme(user, programme_id) -> Programme:
    _readers_only(user)
    return _one(Programme.objects.all(), programme_id)


def chosen_programme(user, programme_id=None) -> Programme | None:
    """The programme a page works on: the one asked for (through access_programme), else the
    latest that is not completed."""
    if programme_id:
        return access_programme(user, programme_id)
    return current_programme()


def access_roadmap_item(user, item_id) -> RoadmapItem:
    _readers_only(user)
    return _one(RoadmapItem.objects.select_related("programme"), item_id)


def access_role_model(user, role_model_id) -> RoleModel:
    """Role models are reference data of the school (no person in them): any member may name one;
    which member may list or change them is the role table's rule "programme"."""
    return _one(RoleModel.objects.all(), role_model_id)


# --- Participants --------------------------------------------------------------------------------


def visible_participants(user) -> QuerySet[Participant]:
    """Readers see everybody; a mentor sees themself and the mentees of their own groups."""
    if has_role(user, READERS):
        return Participant.objects.all()
    person = me(user)
    if person is None:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(pk=person.pk)
        | Q(
            mentee_requests__placements__group__mentor__participant=person,
            mentee_requests__placements__left_on__isnull=True,
        )
    ).distinct()


def access_participant(user, participant_id) -> Participant:
    return _one(visible_participants(user), participant_id)


def access_student(user, participant_id) -> Participant:
    """A student the user may see (grades are kept for students only)."""
    participant = access_participant(user, participant_id)
    if participant.kind != ParticipantKind.STUDENT:
        raise Http404
    return participant


def access_consent(user, participant: Participant, consent_id) -> Consent:
    """A consent of a participant the user already reached; consents are for readers only."""
    _readers_only(user)
    return _one(Consent.objects.filter(participant=participant), consent_id)


def access_grade(user, participant: Participant, grade_id) -> Grade:
    _readers_only(user)
    return _one(Grade.objects.filter(participant=participant), grade_id)


# --- Bases ---------------------------------------------------------------------------------------


def visible_mentee_requests(user) -> QuerySet[MenteeRequest]:
    """Readers see the base; a mentor the requests of the mentees in their own groups; a mentee
    their own requests."""
    requests = MenteeRequest.objects.select_related("participant", "role_model", "programme")
    if has_role(user, READERS):
        return requests
    person = me(user)
    if person is None:
        return requests.none()
    return requests.filter(
        Q(participant=person)
        | Q(placements__group__mentor__participant=person, placements__left_on__isnull=True)
    ).distinct()


def access_mentee_request(user, request_id) -> MenteeRequest:
    return _one(visible_mentee_requests(user), request_id)


def visible_mentor_entries(user) -> QuerySet[MentorEntry]:
    entries = MentorEntry.objects.select_related("participant", "programme")
    if has_role(user, READERS):
        return entries
    person = me(user)
    if person is None:
        return entries.none()
    return entries.filter(participant=person)


def access_mentor_entry(user, entry_id) -> MentorEntry:
    return _one(visible_mentor_entries(user), entry_id)


def access_preference(user, preference_id) -> SpeedMeetingPreference:
    _readers_only(user)
    return _one(SpeedMeetingPreference.objects.select_related("programme"), preference_id)


def access_compatibility(user, result_id) -> CompatibilityResult:
    _readers_only(user)
    return _one(CompatibilityResult.objects.select_related("mentor", "mentee"), result_id)


# --- Matching ------------------------------------------------------------------------------------


def access_matching_run(user, run_id) -> MatchingRun:
    _readers_only(user)
    return _one(MatchingRun.objects.select_related("programme"), run_id)


def access_suggestion(user, suggestion_id) -> MatchSuggestion:
    _readers_only(user)
    return _one(
        MatchSuggestion.objects.select_related(
            "run__programme", "mentor__participant", "mentee__participant"
        ),
        suggestion_id,
    )


# --- Pairs, groups, plans, meetings --------------------------------------------------------------


def visible_groups(user) -> QuerySet[MentoringGroup]:
    groups = MentoringGroup.objects.select_related("mentor__participant", "role_model", "programme")
    if has_role(user, READERS):
        return groups
    person = me(user)
    if person is None:
        return groups.none()
    return groups.filter(
        Q(mentor__participant=person) | Q(mentees__request__participant=person, mentees__left_on__isnull=True)
    ).distinct()


def access_group(user, group_id) -> MentoringGroup:
    return _one(visible_groups(user), group_id)


def can_manage_group(user, group: MentoringGroup) -> bool:
    """Staff, or the group's own mentor: log meetings, fill in the plan, record results."""
    if has_role(user, STAFF):
        return True
    person = me(user)
    return person is not None and group.mentor.participant_id == person.pk


def require_manage(user, group: MentoringGroup) -> None:
    """Writes on a group: its own mentor or staff (others who see it get 403)."""
    if not can_manage_group(user, group):
        raise PermissionDenied("Это может сделать наставник пары / группы или куратор.")


def access_managed_group(user, group_id) -> MentoringGroup:
    group = access_group(user, group_id)
    require_manage(user, group)
    return group


def access_plan(user, plan_id) -> DevelopmentPlan:
    plans = DevelopmentPlan.objects.select_related(
        "group__mentor__participant", "mentee__participant", "template"
    ).filter(group__in=visible_groups(user))
    return _one(plans, plan_id)


def access_managed_plan(user, plan_id) -> DevelopmentPlan:
    plan = access_plan(user, plan_id)
    require_manage(user, plan.group)
    return plan


def access_plan_section(user, plan: DevelopmentPlan, section_id) -> PlanSection:
    """A section of a plan the user already reached."""
    return _one(PlanSection.objects.filter(plan=plan), section_id)


def access_plan_task(user, plan: DevelopmentPlan, task_id) -> PlanTask:
    return _one(PlanTask.objects.filter(section__plan=plan).select_related("section"), task_id)


def access_meeting(user, group: MentoringGroup, meeting_id) -> Meeting:
    """A meeting of a group the user already reached."""
    return _one(Meeting.objects.filter(group=group), meeting_id)


def access_release(user, release_id) -> MentorRelease:
    _readers_only(user)
    return _one(MentorRelease.objects.select_related("group__mentor__participant"), release_id)


# --- Plan templates ------------------------------------------------------------------------------


def access_plan_template(user, template_id) -> PlanTemplate:
    """Templates are reference data (a mentor draws up a plan from one); the role table's rule
    "plan_templates" says who lists and changes them."""
    return _one(PlanTemplate.objects.select_related("role_model"), template_id)


def access_plan_template_section(user, section_id) -> PlanTemplateSection:
    return _one(PlanTemplateSection.objects.select_related("template"), section_id)


def access_plan_template_task(user, task_id) -> PlanTemplateTask:
    return _one(PlanTemplateTask.objects.select_related("section__template"), task_id)


# --- Orders and completion -----------------------------------------------------------------------


def access_order(user, order_id) -> Order:
    _staff_only(user)
    return _one(Order.objects.select_related("programme"), order_id)


def access_reward(user, reward_id) -> MentorReward:
    _readers_only(user)
    return _one(MentorReward.objects.select_related("mentor__participant"), reward_id)


def access_practice(user, practice_id) -> BestPractice:
    _readers_only(user)
    return _one(BestPractice.objects.select_related("role_model", "programme"), practice_id)


# --- Surveys and monitoring ----------------------------------------------------------------------


def access_survey(user, survey_id) -> Survey:
    _readers_only(user)
    return _one(Survey.objects.all(), survey_id)


def access_survey_section(user, survey: Survey, section_id) -> SurveySection:
    """A section of any version of a survey the user already reached."""
    sections = SurveySection.objects.select_related("version__survey").filter(version__survey=survey)
    return _one(sections, section_id)


def access_question(user, survey: Survey, question_id) -> Question:
    questions = Question.objects.select_related("section__version__survey").filter(
        section__version__survey=survey
    )
    return _one(questions, question_id)


def access_distribution(user, distribution_id) -> Distribution:
    _readers_only(user)
    return _one(distribution_rows(), distribution_id)


def access_invitation(user, invitation_id) -> Invitation:
    """An invitation (a personal link) as the staff who send them see it."""
    _staff_only(user)
    return _one(
        Invitation.objects.select_related("participant", "distribution__version__survey"), invitation_id
    )


def access_my_invitation(user, invitation_id) -> Invitation:
    """The user's own invitation to a survey; anybody else's is a 404 (staff included)."""
    person = me(user)
    if person is None:
        raise Http404
    invitations = Invitation.objects.select_related("distribution__version__survey", "participant")
    return _one(invitations.filter(participant=person), invitation_id)


# --- Teachers' individual educational routes (issue 9 §6) ------------------------------------------


def visible_routes(user) -> QuerySet[TeacherRoute]:
    """Readers see every route of the school; a teacher their own; anyone else none."""
    routes = TeacherRoute.objects.select_related("teacher")
    if has_role(user, READERS):
        return routes
    person = me(user)
    if person is None:
        return routes.none()
    return routes.filter(teacher=person)


def access_route(user, route_id) -> TeacherRoute:
    return _one(visible_routes(user), route_id)


def access_route_item(user, item_id) -> RouteItem:
    return _one(RouteItem.objects.filter(route__in=visible_routes(user)).select_related("route"), item_id)
