"""Keep the garbage collector's full walks short in a long-lived process (a web worker, the benchmark).

Django's modules, models, URL patterns and settings live as long as the process. Left in the
collector's generations, every full collection walks them again (about 100,000 objects): a pause of
50–70 ms that lands on whichever request crossed the threshold, measured on the yearly summary
(bench/RESULTS.md, issue 16). `gc.freeze()` moves them to a generation no collection visits; what
requests allocate is collected as before. Garbage already made is collected first, not frozen.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> int:
    """Collect, then freeze every object alive now; return how many are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
