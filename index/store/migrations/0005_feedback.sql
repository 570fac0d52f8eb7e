-- What citizens asked and what they thought of the answers (index/store/feedback.py): the question, the answer, its
-- route and when, and nothing about who asked (no address, browser or session). Ids are random text made by the
-- store, so one file serves both dialects.
CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    answer TEXT NOT NULL,
    route TEXT NOT NULL,
    answered INTEGER NOT NULL
);
CREATE INDEX questions_normalized ON questions (normalized);
-- One vote per logged answer (a changed vote replaces it); a vote on an answer the client holds no id for
-- (`answer_id` NULL) carries its question, answer and route itself.
CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    answer_id TEXT UNIQUE REFERENCES questions(id) ON DELETE CASCADE,
    given_at TEXT NOT NULL,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    answer TEXT NOT NULL,
    route TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_normalized ON feedback (normalized);
