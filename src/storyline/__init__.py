"""storyline: many news articles in, one sourced and cross-checked account out.

>>> import storyline
>>> result = storyline.brief(["articles/"])          # doctest: +SKIP
>>> [s["title"] for s in result["stories"]]          # doctest: +SKIP
"""

from storyline.api import brief, cluster

__version__ = "0.1.0"
__all__ = ["brief", "cluster", "__version__"]
