-- The OCR recognition confidence of a cell's source (index/readers/ocr.py); NULL when read from a text layer.
-- DOUBLE PRECISION: REAL affinity in SQLite, 8 bytes in PostgreSQL (whose REAL has 4).
ALTER TABLE cells ADD COLUMN confidence DOUBLE PRECISION;
