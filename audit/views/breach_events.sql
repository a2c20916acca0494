-- breach_events: every event of every breach's log, one row each, flattened from a DynamoDB table export.
--
-- Reads `export_items(item, newimage)`: `item` is the `Item` of a full export line, `newimage` the `NewImage` of an
-- incremental export line, each the DynamoDB JSON of one table item. Events are written once and never changed, so
-- an event found in several exports (two full exports, or a full and an incremental one) is the same row: DISTINCT.
--
-- data_json is the event's `data` in DynamoDB JSON, without the outer "M": paths go through the type tags, e.g.
-- '$.decision.M.submittedAt.S', '$.decision.M.count.N', '$.plan.M.subjects.BOOL', '$.clocks.L[0].M.id.S'.
-- `recorded_at` is the event's `at`, renamed because AT is a reserved word in DuckDB, in the one format of every
-- timestamp an auditor reads: ISO 8601 in UTC with milliseconds and Z ('2025-03-07T09:00:00.000Z'), whatever offset it
-- was recorded with. Queries parse such strings with from_iso8601_timestamp when they compute.
SELECT DISTINCT
  json_extract_scalar(image, '$.breachId.S') AS breach_id,
  json_extract_scalar(image, '$.organisationId.S') AS organisation_id,
  CAST(json_extract_scalar(image, '$.seq.N') AS INTEGER) AS seq,
  json_extract_scalar(image, '$.type.S') AS type,
  to_iso8601(at_timezone(from_iso8601_timestamp(json_extract_scalar(image, '$.at.S')), 'UTC')) AS recorded_at,
  json_extract_scalar(image, '$.actor.M.kind.S') AS actor_kind,
  COALESCE(
    json_extract_scalar(image, '$.actor.M.name.S'),
    json_extract_scalar(image, '$.actor.M.component.S'),
    json_extract_scalar(image, '$.actor.M.organisationId.S')
  ) AS actor_name,
  json_extract_scalar(image, '$.actor.M.role.S') AS actor_role,
  json_format(json_extract(image, '$.data.M')) AS data_json,
  json_extract_scalar(image, '$.hash.S') AS hash
FROM (SELECT COALESCE(item, newimage) AS image FROM export_items) AS images
WHERE json_extract_scalar(image, '$.SK.S') LIKE 'EVENT#%'
