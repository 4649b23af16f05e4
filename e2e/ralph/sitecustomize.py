# Loaded by every Python process of the LRS that e2e/xapi.test.mjs starts (PYTHONPATH points
# here; `ralph runserver` runs uvicorn with a reloader, so the server is a second process).
#
# ralph-malph 5.1.0's file-system LRS backend (`-b fs`, the one that needs no database) writes
# each POST with the data backend's default operation, CREATE, which refuses to touch a file that
# exists: its first POST is stored, every later one fails with a 500 ("already exists and
# overwrite is not allowed"). APPEND adds to the file instead, which is what an LRS does. The
# databases a school runs ralph on (ClickHouse, Elasticsearch, MongoDB; docs/teachers.md) do not
# have this limit.
try:
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
except ImportError:
    pass
