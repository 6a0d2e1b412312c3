"""Worker processes that end with the process that started them."""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.5


def exit_with_parent(parent_pid: int) -> None:
    """Worker initializer: end this worker soon after ``parent_pid`` is gone, even if it was SIGKILLed
    and never shut its workers down (an orphan is re-parented, so its parent id changes)."""

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
