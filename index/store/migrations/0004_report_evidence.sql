-- Where each report's agency and year were found (index.model.Evidence); NULL for reports stored before.
ALTER TABLE reports ADD COLUMN agency_from TEXT;
ALTER TABLE reports ADD COLUMN year_from TEXT;
