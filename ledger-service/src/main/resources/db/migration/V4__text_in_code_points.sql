-- Free text is limited in Unicode code points (FreeText). PostgreSQL counts VARCHAR lengths in
-- characters (code points) already, so its columns hold every text the edge accepts; only H2,
-- which counts UTF-16 units, widens them in its V4. This version keeps the two trees in step.
SELECT 1;
