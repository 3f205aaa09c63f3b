"""The index pipeline: corpus -> chunker -> embedder -> store, kept in step by `IndexKeeper`.

corpus.py reads article files; chunker.py cuts passages; the store (store.py, manifest.py,
vectors.py for FAISS, bm25.py, checkpoint.py) writes versioned generations atomically;
loaded.py opens one for reading; keeper.py decides when to build.
"""
