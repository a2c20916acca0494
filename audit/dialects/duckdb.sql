-- The one place where DuckDB is made to speak the Trino (Athena engine v3) dialect the named queries are written in.
--
-- The queries and views use only functions on the allow-list in audit/common-sql.ts; the Trino names that DuckDB
-- lacks are defined here as macros with Trino's meaning. Differences that a macro cannot paper over are kept out of
-- the queries altogether, and the allow-list test enforces that:
--   * date_diff exists in both but means different things: Trino counts whole units elapsed, DuckDB counts unit
--     boundaries crossed (10:59 -> 11:01 is 0 hours in Trino, 1 in DuckDB). Queries subtract to_unixtime instead.
--   * json_extract_scalar on an object or array is NULL in Trino but JSON text in DuckDB's json_extract_string, so
--     every path the queries extract ends at a DynamoDB scalar tag (.S, .N or .BOOL).
--   * Trino has no `::` casts, `->>` operators, QUALIFY, ILIKE or GROUP BY ALL; the queries use none of them.

-- Trino: json_extract_scalar(json, path) -> varchar, NULL unless the path ends at a scalar.
CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p);

-- Trino: json_format(json) -> varchar, the JSON text of a JSON value.
CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR);

-- Trino: from_iso8601_timestamp(varchar) -> timestamp(3) with time zone; DuckDB's cast reads the same ISO 8601
-- forms with Z or a +hh:mm offset.
CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ);

-- Trino: to_unixtime(timestamp) -> double seconds since the epoch.
CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t);

-- Trino: at_timezone(timestamp with time zone, zone) -> the same instant in that zone. DuckDB's TIMESTAMPTZ is an
-- instant whatever zone it was read in, so it stays as it is; the queries only ever ask for 'UTC', and to_iso8601
-- below writes UTC.
CREATE OR REPLACE MACRO at_timezone(t, z) AS t;

-- Trino: to_iso8601(timestamp(3) with time zone 'UTC') -> '2025-03-07T09:00:00.000Z', the one format every timestamp
-- an auditor reads is given in (as the application writes them: Date.prototype.toISOString).
CREATE OR REPLACE MACRO to_iso8601(t) AS strftime(timezone('UTC', t), '%Y-%m-%dT%H:%M:%S.%gZ');

-- Trino: from_unixtime(double) -> timestamp(3) with time zone, the instant that many seconds after the epoch.
CREATE OR REPLACE MACRO from_unixtime(e) AS to_timestamp(e);
