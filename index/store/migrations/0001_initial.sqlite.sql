-- The first schema: reports, their cells, rule results, blocks and passages.
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cells (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    cell TEXT NOT NULL,
    status TEXT NOT NULL,
    value REAL,
    rule TEXT,
    readings TEXT NOT NULL DEFAULT '[]',
    source_text TEXT,
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (report_id, cell)
);
CREATE TABLE IF NOT EXISTS checks (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (report_id, rule)
);
CREATE TABLE IF NOT EXISTS blocks (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    cells TEXT NOT NULL DEFAULT '[]',
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (report_id, ordinal)
);
CREATE TABLE IF NOT EXISTS passages (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (report_id, ordinal)
);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports (agency, year);
CREATE INDEX IF NOT EXISTS reports_file ON reports (file);
