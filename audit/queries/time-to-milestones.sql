-- Time to milestones: per breach, the hours from awareness to containment, the assessment, the decision on
-- notification, the first notice to the authority (or, as processor, to the controller) and closure. Empty where the
-- milestone has not been reached. `authority_reports` counts the phases reported to the authority (initial,
-- follow-up, final).
WITH timed AS (
  SELECT
    breach_id,
    type,
    json_extract_scalar(data_json, '$.step.S') AS step,
    to_unixtime(from_iso8601_timestamp(recorded_at)) AS at_epoch,
    json_extract_scalar(data_json, '$.decision.M.contained.BOOL') AS contained,
    to_unixtime(from_iso8601_timestamp(json_extract_scalar(data_json, '$.decision.M.containedAt.S'))) AS contained_epoch,
    to_unixtime(from_iso8601_timestamp(json_extract_scalar(data_json, '$.decision.M.submittedAt.S'))) AS submitted_epoch,
    to_unixtime(from_iso8601_timestamp(json_extract_scalar(data_json, '$.decision.M.notifiedAt.S'))) AS notified_epoch
  FROM breach_events
),
firsts AS (
  SELECT
    breach_id,
    min(CASE WHEN step = 'contain' AND contained = 'true' THEN COALESCE(contained_epoch, at_epoch) END) AS contained,
    min(CASE WHEN type = 'assessment-computed' THEN at_epoch END) AS assessed,
    min(CASE WHEN type = 'decision-taken' AND step = 'decide' THEN at_epoch END) AS decided,
    min(CASE WHEN type = 'decision-taken' AND step = 'notify-authority' THEN submitted_epoch END) AS authority,
    min(CASE WHEN type = 'decision-taken' AND step = 'notify-controller' THEN notified_epoch END) AS controller,
    count(CASE WHEN type = 'decision-taken' AND step = 'notify-authority' THEN 1 END) AS authority_reports,
    min(CASE WHEN type = 'closed' THEN at_epoch END) AS closed
  FROM timed
  GROUP BY breach_id
)
SELECT
  a.breach_id,
  a.organisation_id,
  a.aware_at,
  round((f.contained - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0, 1) AS hours_to_containment,
  round((f.assessed - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0, 1) AS hours_to_assessment,
  round((f.decided - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0, 1) AS hours_to_decision,
  round((COALESCE(f.authority, f.controller) - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0, 1)
    AS hours_to_authority_notification,
  f.authority_reports,
  round((f.closed - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0, 1) AS hours_to_closure
FROM breach_awareness AS a
JOIN firsts AS f ON f.breach_id = a.breach_id
ORDER BY a.aware_at, a.breach_id
