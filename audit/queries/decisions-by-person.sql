-- Decisions by person: every decision a person took on any breach — who, in what role, which step, when, on which
-- breach, and through what (the mailed link or the API). The system recommends; these are the people who decided.
SELECT
  json_extract_scalar(data_json, '$.decision.M.decidedBy.M.name.S') AS decided_by,
  json_extract_scalar(data_json, '$.decision.M.decidedBy.M.role.S') AS role,
  json_extract_scalar(data_json, '$.step.S') AS step,
  recorded_at AS decided_at,
  breach_id,
  organisation_id,
  json_extract_scalar(data_json, '$.via.S') AS via,
  json_extract_scalar(data_json, '$.decision.M.conclusion.S') AS conclusion,
  json_extract_scalar(data_json, '$.decision.M.signedOffBy.M.name.S') AS signed_off_by
FROM breach_events
WHERE type = 'decision-taken'
ORDER BY decided_by, decided_at, breach_id, seq
