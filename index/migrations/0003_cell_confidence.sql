-- The OCR recognition confidence of a cell's source (index/readers/ocr.py); NULL when read from a text layer.
ALTER TABLE cells ADD COLUMN confidence REAL;
