-- Subjects told: per breach decided on, whether the decision planned to tell the people affected (Art. 34), how many
-- were told and how, and any Art. 34(3) exemption relied on — recorded when the subjects step was taken or, failing
-- that, with the decision itself. Counts add up over several notices (batches); the method is the latest one's.
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
    CAST(json_extract_scalar(data_json, '$.decision.M.count.N') AS INTEGER) AS told,
    json_extract_scalar(data_json, '$.decision.M.notifiedAt.S') AS notified_at,
    json_extract_scalar(data_json, '$.decision.M.throughRepresentatives.BOOL') AS through_representatives,
    json_extract_scalar(data_json, '$.decision.M.exemption.M.ground.S') AS exemption_ground,
    json_extract_scalar(data_json, '$.decision.M.exemption.M.explanation.S') AS exemption_explanation,
    json_extract_scalar(data_json, '$.decision.M.decidedBy.M.name.S') AS recorded_by,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest,
    count(*) OVER (PARTITION BY breach_id) AS notice_count,
    sum(CAST(json_extract_scalar(data_json, '$.decision.M.count.N') AS INTEGER)) OVER (PARTITION BY breach_id)
      AS total_told
  FROM breach_events
  WHERE type = 'decision-taken' AND json_extract_scalar(data_json, '$.step.S') = 'notify-subjects'
)
SELECT
  d.breach_id,
  d.organisation_id,
  d.conclusion,
  d.subjects_planned,
  n.notice_count AS notices,
  n.total_told AS subjects_told,
  n.method,
  n.notified_at,
  n.through_representatives,
  COALESCE(n.exemption_ground, d.exemption_ground) AS exemption,
  COALESCE(n.exemption_explanation, d.exemption_explanation) AS exemption_explanation,
  n.recorded_by
FROM decided AS d
LEFT JOIN notices AS n ON n.breach_id = d.breach_id AND n.latest = 1
WHERE d.latest = 1
ORDER BY d.breach_id
