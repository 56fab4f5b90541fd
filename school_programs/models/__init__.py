"""The school's mentoring programme. Every table here lives in the school's own schema."""

from .bases import MenteeRequest, MentorEntry
from .choices import (
    Category,
    Form,
    GroupStatus,
    MeetingKind,
    ParticipantKind,
    QualificationCategory,
    RequestStatus,
    ResultStatus,
    Stage,
)
from .completion import BestPractice, MentorReward
from .matching import (
    CompatibilityResult,
    MatchingRun,
    MatchSuggestion,
    SpeedMeetingPreference,
    UnmatchedMentee,
)
from .meetings import Meeting, MeetingAttendance
from .orders import Order
from .pairs import GroupMentee, MentoringGroup, MentorRelease
from .participants import (
    Consent,
    Guardianship,
    Participant,
    ParticipantCategory,
    SpecialDataAccess,
)
from .plans import DevelopmentPlan, PlanSection, PlanTask, PlanTemplate, PlanTemplateSection, PlanTemplateTask
from .programme import Programme, RoadmapItem, RoleModel, SchoolSettings
from .routes import RouteDiagnosis, RouteItem, RouteLink, TeacherRoute
from .surveys import (
    Answer,
    Construct,
    Distribution,
    Grade,
    GrowthRule,
    Invitation,
    Question,
    Survey,
    SurveyResponse,
    SurveySection,
    SurveyVersion,
)

__all__ = [
    "Answer",
    "BestPractice",
    "Category",
    "CompatibilityResult",
    "Consent",
    "Construct",
    "DevelopmentPlan",
    "Distribution",
    "Form",
    "Grade",
    "GroupMentee",
    "GroupStatus",
    "GrowthRule",
    "Guardianship",
    "Invitation",
    "MatchSuggestion",
    "MatchingRun",
    "Meeting",
    "MeetingAttendance",
    "MeetingKind",
    "MenteeRequest",
    "MentorEntry",
    "MentorRelease",
    "MentorReward",
    "MentoringGroup",
    "Order",
    "Participant",
    "ParticipantCategory",
    "ParticipantKind",
    "PlanSection",
    "PlanTask",
    "PlanTemplate",
    "PlanTemplateSection",
    "PlanTemplateTask",
    "Programme",
    "QualificationCategory",
    "Question",
    "RequestStatus",
    "ResultStatus",
    "RoadmapItem",
    "RoleModel",
    "RouteDiagnosis",
    "RouteItem",
    "RouteLink",
    "SchoolSettings",
    "SpecialDataAccess",
    "SpeedMeetingPreference",
    "Stage",
    "Survey",
    "SurveyResponse",
    "SurveySection",
    "SurveyVersion",
    "TeacherRoute",
    "UnmatchedMentee",
]
