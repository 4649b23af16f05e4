import os
import socket
import sys
import time

host, port = os.environ["DB_HOST"], int(os.environ["DB_PORT"])
print(f"connecting to {host}:{port}...", flush=True)
try:
    socket.create_connection((host, port), timeout=5).close()
except OSError as e:
    print(f"Error: could not connect to {host}:{port}: {e}", file=sys.stderr)
    sys.exit(1)
print("connected", flush=True)
while True:
    time.sleep(60)
