"""storyline's data-set benchmarks, apart from the product.

Each task loads a public data set in its own format, runs storyline's own pipeline on it
and scores the result. The tasks register in the ``storyline.eval_tasks`` entry-point
group (``benchmarks/pyproject.toml``), so ``storyline eval TASK`` runs them once this
package is installed; ``storyline gate`` comes from here too. The data sets live in the
developers' shared folder (``shared.py``), never in the repository.
"""
