-- Unreported breaches: every breach whose standing decision is not to notify the supervisory authority, with the
-- rationale and evidence recorded for that decision (Art. 33(5)), the system's recommendation, and who decided and
-- signed it off. A later decision on the same breach replaces an earlier one, as in the breach's state.
WITH decisions AS (
  SELECT
    breach_id,
    recorded_at,
    data_json,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest
  FROM breach_events
  WHERE type = 'decision-taken' AND json_extract_scalar(data_json, '$.step.S') = 'decide'
),
recommendations AS (
  SELECT
    breach_id,
    json_extract_scalar(data_json, '$.assessment.M.conclusion.S') AS recommendation,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest
  FROM breach_events
  WHERE type = 'assessment-computed'
)
SELECT
  d.breach_id,
  a.organisation_id,
  a.aware_at,
  d.recorded_at AS decided_at,
  json_extract_scalar(d.data_json, '$.decision.M.decidedBy.M.name.S') AS decided_by,
  json_extract_scalar(d.data_json, '$.decision.M.decidedBy.M.role.S') AS decided_by_role,
  json_extract_scalar(d.data_json, '$.decision.M.signedOffBy.M.name.S') AS signed_off_by,
  r.recommendation,
  json_extract_scalar(d.data_json, '$.decision.M.rationale.S') AS rationale,
  json_extract_scalar(d.data_json, '$.decision.M.evidence.S') AS evidence,
  json_extract_scalar(d.data_json, '$.decision.M.departureReason.S') AS departure_reason
FROM decisions AS d
JOIN breach_awareness AS a ON a.breach_id = d.breach_id
LEFT JOIN recommendations AS r ON r.breach_id = d.breach_id AND r.latest = 1
WHERE d.latest = 1 AND json_extract_scalar(d.data_json, '$.decision.M.conclusion.S') = 'no-notification'
ORDER BY a.aware_at, d.breach_id
