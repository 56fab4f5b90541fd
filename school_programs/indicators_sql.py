"""The school's regional indicators as one SQL statement: rows (code, numerator, denominator).

Schema: TENANT — the statement names the school app's tables unqualified and runs with the school's
schema first on the search path (analytics.services.recompute switches to it). Every indicator is an
aggregate, so only two counts per indicator come out of the school's schema; no id, name or answer
does. Registered in analytics.registry when the app loads (public apps may not import this one).

The consultation and event indicators count the regional layer's public rows about this school
(found by `current_schema()`), so the region's figures of a school still come from one statement.

The definitions are those of analytics.catalogue. The three monitoring shares follow
school_programs.indicators exactly (tests/analytics/test_school_sql.py proves equal numbers on the
same data):
- a participant's entry/exit change counts in the period containing their last exit response of
  the programme (local date, clamped to the window of the exit wave it answers); scores are the
  mean oriented answer per construct and wave over the programme's entry/exit sendings (a reversed
  item counts as min + max − answer); growth is exit − entry ≥ the school's threshold for the
  construct (0.5 without a rule); someone measured in two programmes counts once, as grown if they
  grew in either;
- a student's marks: per programme, the mentee's current placement (else the latest); entry period
  is the last one (by its end, then by number of marks, then by name) ending on or before they
  joined, exit period the last one after it ending on or before they left (or the group ended);
  means over subjects marked in both, subject and period names compared case-insensitively.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from analytics.registry import register_school_statement

from .models.choices import Form

COMPETENCY_CONSTRUCTS = (
    "competencies",
    "deficit_subject",
    "deficit_methodical",
    "deficit_psychological",
    "deficit_communicative",
)
DEFAULT_THRESHOLD = "0.5"  # school_programs.analysis.DEFAULT_THRESHOLD, as exact text for numeric
TOLERANCE = "0.000000001"  # school_programs.analysis.TOLERANCE
FORMS = tuple(Form.values)

CODES = (
    "competency_growth",
    "self_education_growth",
    "academic_improvement",
    "students_10_18_in_mentoring",
    *(f"coverage_form_{form}" for form in FORMS),
    "pairs_active",
    "pairs_completed",
    "pairs_ended_early",
    "meetings_per_pair_month",
    "plan_tasks_achieved",
    "satisfaction_mentors",
    "satisfaction_mentees",
    "young_specialists_with_mentor",
    "retention_1y_with_mentor",
    "retention_1y_without_mentor",
    "retention_3y_with_mentor",
    "retention_3y_without_mentor",
    "consultation_requests_on_time",
    "consultation_rating",
    "events_per_teacher_low_results",
)

_SQL = """
WITH
thresholds AS (
    SELECT construct, threshold::numeric AS threshold FROM school_programs_growthrule
),
-- Entry/exit monitoring ---------------------------------------------------------------------------
exit_days AS (
    SELECT d.programme_id, r.participant_id,
           max(least(greatest((r.submitted_at AT TIME ZONE %(tz)s)::date, d.opens_on), d.closes_on)) AS day
    FROM school_programs_surveyresponse r
    JOIN school_programs_distribution d ON d.id = r.distribution_id
    WHERE d.wave = 'exit' AND r.participant_id IS NOT NULL
    GROUP BY d.programme_id, r.participant_id
),
measured AS (
    SELECT programme_id, participant_id FROM exit_days WHERE day BETWEEN %(start)s AND %(end)s
),
impact_questions AS (
    SELECT DISTINCT d.programme_id, q.id, q.kind, q.construct, q.direction, q.rows
    FROM school_programs_distribution d
    JOIN school_programs_surveysection s ON s.version_id = d.version_id
    JOIN school_programs_question q ON q.section_id = s.id
    WHERE d.wave IN ('entry', 'exit')
      AND q.kind IN ('scale10', 'likert5', 'matrix')
      AND d.programme_id IN (SELECT programme_id FROM measured)
),
items AS (
    SELECT programme_id, id AS question_id, -1 AS item_row, construct, direction,
           CASE kind WHEN 'scale10' THEN 11 ELSE 6 END AS span
    FROM impact_questions
    WHERE kind <> 'matrix' AND construct <> ''
    UNION ALL
    SELECT q.programme_id, q.id, (e.ordinality - 1)::int,
           coalesce(nullif(e.value ->> 'construct', ''), nullif(q.construct, '')),
           CASE WHEN (CASE WHEN coalesce(nullif(e.value ->> 'direction', '')::int, 0) = 0
                           THEN q.direction ELSE (e.value ->> 'direction')::int END) < 0
                THEN -1 ELSE 1 END,
           6
    FROM impact_questions q
    CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(q.rows) = 'array' THEN q.rows ELSE '[]'::jsonb END
    ) WITH ORDINALITY AS e(value, ordinality)
    WHERE q.kind = 'matrix'
      AND coalesce(nullif(e.value ->> 'construct', ''), nullif(q.construct, '')) IS NOT NULL
),
scores AS (
    SELECT m.programme_id, m.participant_id, it.construct, d.wave,
           avg(CASE WHEN it.direction < 0 THEN it.span - a.number ELSE a.number END::numeric) AS score
    FROM measured m
    JOIN school_programs_distribution d
         ON d.programme_id = m.programme_id AND d.wave IN ('entry', 'exit')
    JOIN school_programs_surveyresponse r
         ON r.distribution_id = d.id AND r.participant_id = m.participant_id
    JOIN school_programs_answer a ON a.response_id = r.id AND a.number IS NOT NULL
    JOIN items it
         ON it.programme_id = m.programme_id AND it.question_id = a.question_id
        AND it.item_row = coalesce(a.row, -1)
    GROUP BY m.programme_id, m.participant_id, it.construct, d.wave
),
changes AS (
    SELECT e.participant_id, e.construct,
           x.score - e.score >= coalesce(t.threshold, %(default_threshold)s::numeric)
                                - %(tolerance)s::numeric AS grew
    FROM scores e
    JOIN scores x ON x.programme_id = e.programme_id AND x.participant_id = e.participant_id
                 AND x.construct = e.construct AND x.wave = 'exit'
    LEFT JOIN thresholds t ON t.construct = e.construct
    WHERE e.wave = 'entry'
),
grown AS (
    SELECT participant_id,
           bool_or(grew) FILTER (WHERE construct = ANY(%(competency)s)) AS competency,
           bool_or(grew) FILTER (WHERE construct = 'self_education') AS self_education
    FROM changes
    GROUP BY participant_id
),
-- Marks before and after ---------------------------------------------------------------------------
placements AS (
    SELECT DISTINCT ON (g.programme_id, mr.participant_id)
           g.programme_id, mr.participant_id, gm.joined_on AS start_day,
           coalesce(gm.left_on, g.completed_on, g.end_date) AS end_day
    FROM school_programs_groupmentee gm
    JOIN school_programs_mentoringgroup g ON g.id = gm.group_id
    JOIN school_programs_menteerequest mr ON mr.id = gm.request_id
    ORDER BY g.programme_id, mr.participant_id, (gm.left_on IS NULL) DESC, gm.joined_on DESC
),
mark_periods AS (
    SELECT participant_id, lower(period) AS period_key, max(period_end) AS period_end, count(*) AS marks
    FROM school_programs_grade
    WHERE participant_id IN (SELECT participant_id FROM placements)
    GROUP BY participant_id, lower(period)
),
entry_periods AS (
    SELECT DISTINCT ON (pl.programme_id, pl.participant_id)
           pl.programme_id, pl.participant_id, pl.end_day, p.period_key, p.period_end
    FROM placements pl
    JOIN mark_periods p ON p.participant_id = pl.participant_id AND p.period_end <= pl.start_day
    ORDER BY pl.programme_id, pl.participant_id,
             p.period_end DESC, p.marks DESC, p.period_key COLLATE "C" DESC
),
exit_periods AS (
    SELECT DISTINCT ON (e.programme_id, e.participant_id)
           e.programme_id, e.participant_id, e.period_key AS entry_key, p.period_key AS exit_key,
           p.period_end AS exit_end
    FROM entry_periods e
    JOIN mark_periods p ON p.participant_id = e.participant_id
                       AND p.period_end > e.period_end AND p.period_end <= e.end_day
    ORDER BY e.programme_id, e.participant_id,
             p.period_end DESC, p.marks DESC, p.period_key COLLATE "C" DESC
),
academic AS (
    SELECT x.participant_id,
           avg(gx.value) - avg(ge.value) >= coalesce(
               (SELECT threshold FROM thresholds WHERE construct = 'academic'),
               %(default_threshold)s::numeric) - %(tolerance)s::numeric AS grew
    FROM exit_periods x
    JOIN school_programs_grade ge
         ON ge.participant_id = x.participant_id AND lower(ge.period) = x.entry_key
    JOIN school_programs_grade gx
         ON gx.participant_id = x.participant_id AND lower(gx.period) = x.exit_key
        AND lower(gx.subject) = lower(ge.subject)
    WHERE x.exit_end BETWEEN %(start)s AND %(end)s
    GROUP BY x.programme_id, x.participant_id
),
academic_people AS (
    SELECT participant_id, bool_or(grew) AS grew FROM academic GROUP BY participant_id
),
-- Pairs and groups of the year ---------------------------------------------------------------------
year_groups AS (
    SELECT g.id, g.form, g.status, g.mentor_id, g.start_date, g.completed_on,
           coalesce(g.completed_on, g.end_date) AS stop
    FROM school_programs_mentoringgroup g
    WHERE g.start_date <= %(upto)s AND coalesce(g.completed_on, g.end_date) >= %(start)s
),
involved AS (
    SELECT mr.participant_id, g.form, 'mentee' AS side
    FROM school_programs_groupmentee gm
    JOIN school_programs_mentoringgroup g ON g.id = gm.group_id
    JOIN school_programs_menteerequest mr ON mr.id = gm.request_id
    WHERE gm.joined_on <= %(upto)s AND coalesce(gm.left_on, g.completed_on, g.end_date) >= %(start)s
    UNION
    SELECT me.participant_id, yg.form, 'mentor'
    FROM year_groups yg
    JOIN school_programs_mentorentry me ON me.id = yg.mentor_id
),
students AS (
    SELECT p.id FROM school_programs_participant p
    WHERE p.kind = 'student' AND p.is_active
      AND CASE WHEN p.birth_date IS NOT NULL
               THEN extract(year FROM age(%(start)s::date, p.birth_date)) BETWEEN 10 AND 18
               ELSE p.grade BETWEEN 5 AND 11 END
),
young AS (
    SELECT p.id FROM school_programs_participant p
    WHERE p.kind = 'teacher' AND p.is_active AND (p.left_on IS NULL OR p.left_on >= %(start)s)
      AND (p.experience_years < 3 OR EXISTS (
               SELECT 1 FROM school_programs_participantcategory c
               WHERE c.participant_id = p.id AND c.category = 'young_specialist'))
),
-- Retention cohorts --------------------------------------------------------------------------------
cohorts AS (
    SELECT k.years, p.left_on, (p.hired_on + make_interval(years => k.years))::date AS due,
           EXISTS (
               SELECT 1 FROM school_programs_groupmentee gm
               JOIN school_programs_menteerequest mr ON mr.id = gm.request_id
               WHERE mr.participant_id = p.id
                 AND gm.joined_on < (p.hired_on + interval '1 year')::date
                 AND coalesce(gm.left_on, gm.joined_on) >= p.hired_on
           ) AS mentored
    FROM school_programs_participant p
    CROSS JOIN (VALUES (1), (3)) AS k(years)
    WHERE p.kind = 'teacher' AND p.hired_on IS NOT NULL
      AND p.hired_on BETWEEN (%(start)s::date - make_interval(years => k.years))::date
                         AND (%(end)s::date - make_interval(years => k.years))::date
      AND (p.hired_on + make_interval(years => k.years))::date <= %(today)s
      AND (p.experience_years - extract(year FROM age(%(today)s::date, p.hired_on)) < 3
           OR EXISTS (SELECT 1 FROM school_programs_participantcategory c
                      WHERE c.participant_id = p.id AND c.category = 'young_specialist'))
),
-- Satisfaction -------------------------------------------------------------------------------------
satisfaction AS (
    SELECT CASE q.kind WHEN 'scale10' THEN a.number ELSE a.number * 2 END AS points,
           EXISTS (SELECT 1 FROM school_programs_mentorentry me
                   JOIN school_programs_mentoringgroup g ON g.mentor_id = me.id
                   WHERE me.programme_id = d.programme_id AND me.participant_id = r.participant_id)
               AS as_mentor,
           EXISTS (SELECT 1 FROM school_programs_menteerequest mr
                   WHERE mr.programme_id = d.programme_id AND mr.participant_id = r.participant_id)
               AS as_mentee
    FROM school_programs_answer a
    JOIN school_programs_question q ON q.id = a.question_id
    JOIN school_programs_surveyresponse r ON r.id = a.response_id
    JOIN school_programs_distribution d ON d.id = r.distribution_id
    JOIN school_programs_surveyversion v ON v.id = d.version_id
    JOIN school_programs_survey s ON s.id = v.survey_id
    WHERE s.purpose = 'satisfaction' AND q.kind IN ('scale10', 'likert5', 'matrix')
      AND a.number IS NOT NULL AND r.participant_id IS NOT NULL
      AND (r.submitted_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
),
-- The regional layer's rows about this school (public tables; counted, nothing selected) -----------
this_school AS (
    SELECT id FROM public.tenants_school WHERE schema_name = current_schema()
),
requests AS (
    SELECT r.id, r.first_assigned_at, r.assign_due_at
    FROM public.consultation_points_consultationrequest r
    WHERE r.school_id = (SELECT id FROM this_school) AND r.status <> 'cancelled'
      AND (r.created_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
)
SELECT 'competency_growth', count(*) FILTER (WHERE competency), count(competency) FROM grown
UNION ALL
SELECT 'self_education_growth', count(*) FILTER (WHERE self_education), count(self_education) FROM grown
UNION ALL
SELECT 'academic_improvement', count(*) FILTER (WHERE grew), count(*) FROM academic_people
UNION ALL
SELECT 'students_10_18_in_mentoring',
       count(*) FILTER (WHERE s.id IN (SELECT participant_id FROM involved)), count(*)
FROM students s
UNION ALL
SELECT 'coverage_form_' || f.form, count(DISTINCT i.participant_id),
       (SELECT count(DISTINCT participant_id) FROM involved)
FROM unnest(%(forms)s::text[]) AS f(form)
LEFT JOIN involved i ON i.form = f.form
GROUP BY f.form
UNION ALL
SELECT 'pairs_active', count(*) FILTER (WHERE completed_on IS NULL OR completed_on > %(end)s
                                          OR status = 'active'), count(*) FROM year_groups
UNION ALL
SELECT 'pairs_completed', count(*) FILTER (WHERE status = 'completed' AND completed_on <= %(end)s),
       count(*) FROM year_groups
UNION ALL
SELECT 'pairs_ended_early', count(*) FILTER (WHERE status = 'terminated' AND completed_on <= %(end)s),
       count(*) FROM year_groups
UNION ALL
SELECT 'meetings_per_pair_month',
       (SELECT count(*) FROM school_programs_meeting m
        WHERE m.group_id IN (SELECT id FROM year_groups) AND m.held_on BETWEEN %(start)s AND %(upto)s),
       coalesce(sum(greatest(least(stop, %(upto)s::date) - greatest(start_date, %(start)s::date) + 1, 0)), 0)
FROM year_groups
UNION ALL
SELECT 'plan_tasks_achieved', count(*) FILTER (WHERE result_status IN ('full', 'exceeded')), count(*)
FROM school_programs_plantask WHERE deadline BETWEEN %(start)s AND %(upto)s
UNION ALL
SELECT 'satisfaction_mentors', coalesce(sum(points) FILTER (WHERE as_mentor), 0),
       count(*) FILTER (WHERE as_mentor) FROM satisfaction
UNION ALL
SELECT 'satisfaction_mentees', coalesce(sum(points) FILTER (WHERE as_mentee AND NOT as_mentor), 0),
       count(*) FILTER (WHERE as_mentee AND NOT as_mentor) FROM satisfaction
UNION ALL
SELECT 'young_specialists_with_mentor',
       count(*) FILTER (WHERE y.id IN (SELECT participant_id FROM involved WHERE side = 'mentee')),
       count(*)
FROM young y
UNION ALL
SELECT 'retention_' || k.years || 'y_' || CASE WHEN k.mentored THEN 'with' ELSE 'without' END || '_mentor',
       count(c.due) FILTER (WHERE c.left_on IS NULL OR c.left_on >= c.due), count(c.due)
FROM (VALUES (1, true), (1, false), (3, true), (3, false)) AS k(years, mentored)
LEFT JOIN cohorts c ON c.years = k.years AND c.mentored = k.mentored
GROUP BY k.years, k.mentored
UNION ALL
SELECT 'consultation_requests_on_time', count(*) FILTER (WHERE first_assigned_at <= assign_due_at),
       count(*) FILTER (WHERE first_assigned_at IS NOT NULL
                           OR (assign_due_at AT TIME ZONE %(tz)s)::date < %(today)s)
FROM requests
UNION ALL
SELECT 'consultation_rating', coalesce(sum(c.rating), 0), count(c.rating)
FROM public.consultation_points_consultation c
WHERE c.request_id IN (SELECT id FROM requests) AND c.rating IS NOT NULL
UNION ALL
SELECT 'events_per_teacher_low_results',
       (SELECT count(*) FROM public.regional_center_eventregistration er
        JOIN public.regional_center_event e ON e.id = er.event_id
        WHERE er.school_id = (SELECT id FROM this_school) AND er.attended
          AND (e.starts_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(upto)s),
       (SELECT count(*) FROM school_programs_participant WHERE kind = 'teacher' AND is_active)
"""


def school_facts_statement(*, start: date, end: date, today: date) -> tuple[str, dict]:
    """The SELECT of all the school's computed indicators for the school year start…end.

    `today` bounds what has happened yet (pair-days, tasks due, retention horizons): facts of the
    current year are interim and grow until its end."""
    return _SQL, {
        "start": start,
        "end": end,
        "today": today,
        "upto": min(end, today),
        "tz": settings.TIME_ZONE,
        "default_threshold": DEFAULT_THRESHOLD,
        "tolerance": TOLERANCE,
        "competency": list(COMPETENCY_CONSTRUCTS),
        "forms": list(FORMS),
    }


register_school_statement("school_programs", CODES, school_facts_statement)
