"""The models: embedders (sentence-transformers for indexing, a NumPy MiniLM for questions)
and the generator (a GGUF model through llama-cpp-python), built lazily by `Models`."""
