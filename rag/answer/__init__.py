"""The answer pipeline: query -> retriever -> evidence -> gate -> prompt -> generator -> verifier.

`Query` (query.py) is the question parsed once; `Retriever` finds passages; `EvidenceSet`
makes their sentences citable; the gate refuses weak evidence; `select` and `PromptBuilder`
make the prompt; the `Answerer` streams the model's draft through the `Verifier` and falls
back to quoting (extractive.py) or refusing.
"""
