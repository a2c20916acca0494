-- breach_awareness: per breach, what its clocks run from: the awareness time (as last amended, in UTC with Z), the hours the
-- authority clock allowed when the breach was reported, and whether the organisation acted as controller or processor.
--
-- The clocks are recorded with the report as a list; a policy holds each clock id at most once and there are three
-- ids, so the authority clock is one of the first three entries. Reports recorded before clocks were kept fall back
-- to the 72 hours of Art. 33(1).
SELECT
  r.breach_id,
  r.organisation_id,
  to_iso8601(at_timezone(from_iso8601_timestamp(
    COALESCE(amended.aware_at, json_extract_scalar(r.data_json, '$.report.M.awareAt.S'))
  ), 'UTC')) AS aware_at,
  json_extract_scalar(r.data_json, '$.report.M.organisationRole.M.role.S') AS organisation_role,
  json_extract_scalar(r.data_json, '$.policyPreset.S') AS policy_preset,
  COALESCE(
    CASE WHEN json_extract_scalar(r.data_json, '$.clocks.L[0].M.id.S') = 'authority'
      THEN CAST(json_extract_scalar(r.data_json, '$.clocks.L[0].M.hours.N') AS DOUBLE) END,
    CASE WHEN json_extract_scalar(r.data_json, '$.clocks.L[1].M.id.S') = 'authority'
      THEN CAST(json_extract_scalar(r.data_json, '$.clocks.L[1].M.hours.N') AS DOUBLE) END,
    CASE WHEN json_extract_scalar(r.data_json, '$.clocks.L[2].M.id.S') = 'authority'
      THEN CAST(json_extract_scalar(r.data_json, '$.clocks.L[2].M.hours.N') AS DOUBLE) END,
    72.0
  ) AS authority_hours
FROM breach_events AS r
LEFT JOIN (
  SELECT
    breach_id,
    json_extract_scalar(data_json, '$.changes.M.awareAt.S') AS aware_at,
    row_number() OVER (PARTITION BY breach_id ORDER BY seq DESC) AS latest
  FROM breach_events
  WHERE type = 'fact-amended' AND json_extract_scalar(data_json, '$.changes.M.awareAt.S') IS NOT NULL
) AS amended ON amended.breach_id = r.breach_id AND amended.latest = 1
WHERE r.type = 'reported'
