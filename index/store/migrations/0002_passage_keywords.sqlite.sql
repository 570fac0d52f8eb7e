-- The keyword index of passages (index/store/keywords.py): jieba tokens joined by spaces, one row per passage.
-- Tokens come from Python, so reports stored before this migration are listed to be indexed on open.
CREATE VIRTUAL TABLE passage_keywords USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE passage_keywords_pending (report_id INTEGER PRIMARY KEY);
INSERT INTO passage_keywords_pending SELECT id FROM reports;
