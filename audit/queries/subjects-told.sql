-- Subjects told: per breach decided on, whether the decision planned to tell the people affected (Art. 34), how many
-- were told, how and when, and any Art. 34(3) exemption relied on — recorded when the subjects step was taken or,
-- failing that, with the decision itself. The people told are those the notify-subjects steps counted (letters,
-- calls) plus the e-mail notices the fan-out sent (`subject-notices-sent`); `notified_at` is when they were told: the
-- time the step records or, for e-mail, when the first notices left. The method is the latest step's. Timestamps are
-- ISO 8601 in UTC with Z.
WITH decided AS (
  SELECT
    breach_id,
    organisation_id,
    json_extract_scalar(data_json, '$.decision.M.conclusion.S') AS conclusion,
    json_extract_scalar(data_json, '$.plan.M.subjects.BOOL') AS subjects_planned,
    json_extract_scalar(data_json, '$.decision.M.subjectExemption.M.ground.S') AS exemption_ground,
    json_extract_scalar(data_json, '$.decision.M.subjectExemption.M.explanation.S') AS exemption_explanation,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest
  FROM breach_events
  WHERE type = 'decision-taken' AND json_extract_scalar(data_json, '$.step.S') = 'decide'
),
notices AS (
  SELECT
    breach_id,
    seq,
    json_extract_scalar(data_json, '$.decision.M.method.S') AS method,
    json_extract_scalar(data_json, '$.decision.M.throughRepresentatives.BOOL') AS through_representatives,
    json_extract_scalar(data_json, '$.decision.M.exemption.M.ground.S') AS exemption_ground,
    json_extract_scalar(data_json, '$.decision.M.exemption.M.explanation.S') AS exemption_explanation,
    json_extract_scalar(data_json, '$.decision.M.decidedBy.M.name.S') AS recorded_by,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest,
    count(*) OVER (PARTITION BY breach_id) AS notice_count,
    sum(CAST(json_extract_scalar(data_json, '$.decision.M.count.N') AS INTEGER)) OVER (PARTITION BY breach_id)
      AS counted,
    min(to_unixtime(from_iso8601_timestamp(json_extract_scalar(data_json, '$.decision.M.notifiedAt.S'))))
      OVER (PARTITION BY breach_id) AS first_told_epoch
  FROM breach_events
  WHERE type = 'decision-taken' AND json_extract_scalar(data_json, '$.step.S') = 'notify-subjects'
),
emailed AS (
  SELECT
    breach_id,
    sum(CAST(json_extract_scalar(data_json, '$.sent.N') AS INTEGER)) AS sent,
    min(CASE WHEN CAST(json_extract_scalar(data_json, '$.sent.N') AS INTEGER) > 0
      THEN to_unixtime(from_iso8601_timestamp(recorded_at)) END) AS first_sent_epoch
  FROM breach_events
  WHERE type = 'subject-notices-sent'
  GROUP BY breach_id
)
SELECT
  d.breach_id,
  d.organisation_id,
  d.conclusion,
  d.subjects_planned,
  n.notice_count AS notices,
  CASE
    WHEN n.counted IS NULL AND e.sent IS NULL THEN NULL
    ELSE COALESCE(n.counted, 0) + COALESCE(e.sent, 0)
  END AS subjects_told,
  n.method,
  to_iso8601(at_timezone(from_unixtime(
    CASE
      WHEN n.first_told_epoch IS NULL THEN e.first_sent_epoch
      WHEN e.first_sent_epoch IS NULL THEN n.first_told_epoch
      WHEN n.first_told_epoch <= e.first_sent_epoch THEN n.first_told_epoch
      ELSE e.first_sent_epoch
    END
  ), 'UTC')) AS notified_at,
  n.through_representatives,
  COALESCE(n.exemption_ground, d.exemption_ground) AS exemption,
  COALESCE(n.exemption_explanation, d.exemption_explanation) AS exemption_explanation,
  n.recorded_by
FROM decided AS d
LEFT JOIN notices AS n ON n.breach_id = d.breach_id AND n.latest = 1
LEFT JOIN emailed AS e ON e.breach_id = d.breach_id
WHERE d.latest = 1
ORDER BY d.breach_id
