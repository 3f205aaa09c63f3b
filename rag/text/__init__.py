"""Text helpers every stage shares: sentence segmentation, the lexicon (words, names,
spelling), amounts (figures, sums, counts, times) and the guard against instructions hidden
in questions and documents.

English news prose, rule-based; no model. Each module says its limits.
"""
