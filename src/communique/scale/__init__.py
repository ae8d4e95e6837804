"""Scale-out on Dask: the same coding, on many worker processes or machines (docs/SCALING.md)."""

from communique.scale.coder import DaskCoder, dropped_result
from communique.scale.worker import BatchCoder, CoderFactory, code_batch, pipeline_factory

__all__ = [
    "BatchCoder",
    "CoderFactory",
    "DaskCoder",
    "code_batch",
    "dropped_result",
    "pipeline_factory",
]
