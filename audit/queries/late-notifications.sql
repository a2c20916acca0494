-- Late notifications: breaches whose first notice under Art. 33 (to the supervisory authority or, when the
-- organisation acted as processor, to the controller: Art. 33(2)) came after the authority deadline, with how many
-- hours late it was and the reasons given for the delay (Art. 33(1)); and breaches past that deadline that have not
-- been notified at all (`status` = 'not notified', hours late counted to the time the query runs), unless the standing
-- decision is that no report is due (a controller's 'no-notification', recorded with its reasons). Follow-up phases
-- do not count: only the first notice has to meet the deadline. Timestamps are ISO 8601 in UTC with Z.
WITH notices AS (
  SELECT
    breach_id,
    seq,
    json_extract_scalar(data_json, '$.step.S') AS step,
    COALESCE(
      json_extract_scalar(data_json, '$.decision.M.submittedAt.S'),
      json_extract_scalar(data_json, '$.decision.M.notifiedAt.S')
    ) AS notified_at,
    json_extract_scalar(data_json, '$.decision.M.channel.S') AS channel,
    json_extract_scalar(data_json, '$.decision.M.reference.S') AS reference,
    json_extract_scalar(data_json, '$.decision.M.delayReason.S') AS delay_reason,
    json_extract_scalar(data_json, '$.decision.M.decidedBy.M.name.S') AS recorded_by
  FROM breach_events
  WHERE type = 'decision-taken'
    AND json_extract_scalar(data_json, '$.step.S') IN ('notify-authority', 'notify-controller')
  UNION ALL
  -- The processor's e-mailed notice to the controller is a notice of its own (Art. 33(2)).
  SELECT
    breach_id,
    seq,
    'notify-controller' AS step,
    json_extract_scalar(data_json, '$.at.S') AS notified_at,
    json_extract_scalar(data_json, '$.channel.S') AS channel,
    NULL AS reference,
    NULL AS delay_reason,
    actor_name AS recorded_by
  FROM breach_events
  WHERE type = 'controller-notified'
),
ranked AS (
  SELECT
    notices.*,
    to_unixtime(from_iso8601_timestamp(notified_at)) AS notified_epoch,
    row_number() OVER (
      PARTITION BY breach_id ORDER BY to_unixtime(from_iso8601_timestamp(notified_at)), seq
    ) AS nth
  FROM notices
),
decisions AS (
  SELECT
    breach_id,
    json_extract_scalar(data_json, '$.decision.M.conclusion.S') AS conclusion,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest
  FROM breach_events
  WHERE type = 'decision-taken' AND json_extract_scalar(data_json, '$.step.S') = 'decide'
),
late AS (
  SELECT
    n.breach_id,
    a.organisation_id,
    'notified late' AS status,
    CASE n.step WHEN 'notify-authority' THEN 'authority' ELSE 'controller' END AS notified,
    a.aware_at,
    a.authority_hours,
    to_iso8601(at_timezone(from_iso8601_timestamp(n.notified_at), 'UTC')) AS notified_at,
    round((n.notified_epoch - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0 - a.authority_hours, 1)
      AS hours_late,
    n.delay_reason,
    n.channel,
    n.reference,
    n.recorded_by
  FROM ranked AS n
  JOIN breach_awareness AS a ON a.breach_id = n.breach_id
  WHERE n.nth = 1
    AND n.notified_epoch > to_unixtime(from_iso8601_timestamp(a.aware_at)) + a.authority_hours * 3600.0
),
outstanding AS (
  SELECT
    a.breach_id,
    a.organisation_id,
    'not notified' AS status,
    CASE a.organisation_role WHEN 'processor' THEN 'controller' ELSE 'authority' END AS notified,
    a.aware_at,
    a.authority_hours,
    NULL AS notified_at,
    round(
      (to_unixtime(current_timestamp) - to_unixtime(from_iso8601_timestamp(a.aware_at))) / 3600.0 - a.authority_hours,
      1
    ) AS hours_late,
    NULL AS delay_reason,
    NULL AS channel,
    NULL AS reference,
    NULL AS recorded_by
  FROM breach_awareness AS a
  LEFT JOIN ranked AS n ON n.breach_id = a.breach_id AND n.nth = 1
  LEFT JOIN decisions AS d ON d.breach_id = a.breach_id AND d.latest = 1
  WHERE n.breach_id IS NULL
    AND to_unixtime(current_timestamp) > to_unixtime(from_iso8601_timestamp(a.aware_at)) + a.authority_hours * 3600.0
    AND NOT (a.organisation_role = 'controller' AND COALESCE(d.conclusion, '') = 'no-notification')
)
SELECT * FROM late
UNION ALL
SELECT * FROM outstanding
ORDER BY status DESC, hours_late DESC, breach_id
