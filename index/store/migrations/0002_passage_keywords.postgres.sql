-- The keyword index of passages (index/store/keywords.py) in PostgreSQL: the same jieba tokens as SQLite's FTS5
-- table, as a tsvector of those tokens verbatim (with their positions), found through a GIN index.
CREATE TABLE passage_keywords (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    tokens TSVECTOR NOT NULL,
    PRIMARY KEY (report_id, ordinal)
);
CREATE INDEX passage_keywords_tokens ON passage_keywords USING GIN (tokens);
CREATE TABLE passage_keywords_pending (report_id INTEGER PRIMARY KEY);
INSERT INTO passage_keywords_pending SELECT id FROM reports;
