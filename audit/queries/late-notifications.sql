-- Late notifications: breaches whose first notice under Art. 33 (to the supervisory authority or, when the
-- organisation acted as processor, to the controller: Art. 33(2)) came after the authority deadline, with how many
-- hours late it was and the reasons given for the delay (Art. 33(1)). Follow-up phases do not count: only the first
-- notice has to meet the deadline.
WITH notices AS (
  SELECT
    breach_id,
    seq,
    json_extract_scalar(data_json, '$.step.S') AS step,
    COALESCE(
      json_extract_scalar(data_json, '$.decision.M.submittedAt.S'),
      json_extract_scalar(data_json, '$.decision.M.notifiedAt.S')
    ) AS notified_at,
    json_extract_scalar(data_json, '$.decision.M.phase.S') AS phase,
    json_extract_scalar(data_json, '$.decision.M.channel.S') AS channel,
    json_extract_scalar(data_json, '$.decision.M.reference.S') AS reference,
    json_extract_scalar(data_json, '$.decision.M.delayReason.S') AS delay_reason,
    json_extract_scalar(data_json, '$.decision.M.decidedBy.M.name.S') AS recorded_by
  FROM breach_events
  WHERE type = 'decision-taken'
    AND json_extract_scalar(data_json, '$.step.S') IN ('notify-authority', 'notify-controller')
),
ranked AS (
  SELECT
    notices.*,
    to_unixtime(from_iso8601_timestamp(notified_at)) AS notified_epoch,
    row_number() OVER (
      PARTITION BY breach_id ORDER BY to_unixtime(from_iso8601_timestamp(notified_at)), seq
    ) AS nth
  FROM notices
)
SELECT
  n.breach_id,
  a.organisation_id,
  CASE n.step WHEN 'notify-authority' THEN 'authority' ELSE 'controller' END AS notified,
  a.aware_at,
  a.authority_hours,
  n.notified_at,
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
ORDER BY hours_late DESC, n.breach_id
