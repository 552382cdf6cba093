-- Free text is limited in Unicode code points (FreeText), and H2 counts VARCHAR lengths in UTF-16
-- units, two for a code point outside the Basic Multilingual Plane (most emoji). Twice the limit
-- holds every text the ledger accepts, so no valid event fails here.
ALTER TABLE entry_view ALTER COLUMN category SET DATA TYPE VARCHAR(128);
ALTER TABLE decline_view ALTER COLUMN category SET DATA TYPE VARCHAR(128);
