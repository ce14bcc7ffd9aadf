"""The durable task queue: enqueueing with the change that caused the work, sealing secrets
in task arguments, waking the worker after commit, and draining the queue in bounded runs."""
